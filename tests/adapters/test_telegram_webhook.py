"""The webhook: secret checked, update handled completely before Telegram gets its 200."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Application as CoachApp
from adapters.health import health
from adapters.telegram.app import build_telegram_app
from adapters.telegram.context import CoachApplication
from adapters.telegram.webhook import (
    SECRET_HEADER,
    InvalidWebhookSecret,
    check_secret,
    webhook_app,
    webhook_server,
)
from storage.nudges import NudgeStore
from tests.adapters.conftest import settings_for
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import message_update

SECRET = "s3cret-token_for-tests"


@pytest.fixture
async def client(telegram_app: CoachApplication) -> AsyncIterator[httpx.AsyncClient]:
    app = webhook_app(telegram_app, SECRET, manage_lifecycle=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


def update(text: str, update_id: int) -> dict[str, Any]:
    return message_update(text, user_id=4711, language_code="en", update_id=update_id)


async def test_a_wrong_secret_is_refused_with_403_and_nothing_is_handled(
    client: httpx.AsyncClient, api: FakeTelegramAPI,
) -> None:
    wrong = await client.post("/telegram", json=update("/help", 1),
                              headers={SECRET_HEADER: "guess"})
    missing = await client.post("/telegram", json=update("/help", 2))

    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert api.calls_to("sendMessage") == []


async def test_the_right_secret_gets_200_only_after_the_reply_was_sent(
    client: httpx.AsyncClient, api: FakeTelegramAPI,
) -> None:
    response = await client.post("/telegram", json=update("/help", 3),
                                 headers={SECRET_HEADER: SECRET})

    assert response.status_code == 200
    assert [m["chat_id"] for m in api.sent_messages()] == [4711]


async def test_a_body_that_is_no_update_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await client.post("/telegram", content=b"not json",
                                 headers={SECRET_HEADER: SECRET})

    assert response.status_code == 400


async def test_healthz_answers_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200


def test_a_missing_or_malformed_secret_is_a_clear_error() -> None:
    with pytest.raises(InvalidWebhookSecret, match="TELEGRAM_WEBHOOK_SECRET"):
        check_secret(None)
    with pytest.raises(InvalidWebhookSecret):
        check_secret("spaces are not allowed")
    assert check_secret(SECRET) == SECRET


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_server_registers_the_webhook_and_menu_then_serves_updates(
    api: FakeTelegramAPI, coach_app: CoachApp,
) -> None:
    application = build_telegram_app(coach_app.coach, settings_for(api))
    port = free_port()
    server = webhook_server(application, SECRET, port=port, host="127.0.0.1",
                            webhook_url="https://coach.example/telegram")
    serving = asyncio.create_task(server.serve())
    try:
        await api.wait_until(lambda: server.started, what="the server to start")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            health = await http.get("/healthz")
            handled = await http.post("/telegram", json=update("/start", 10),
                                      headers={SECRET_HEADER: SECRET})
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)

    assert (health.status_code, handled.status_code) == (200, 200)
    assert api.webhook_url == "https://coach.example/telegram"
    assert api.webhook_secret_token == SECRET
    assert set(api.my_commands) == {"", "de", "en"}
    assert api.sent_messages(4711)


async def test_healthz_fails_with_503_until_a_nudge_worker_has_ticked(
    telegram_app: CoachApplication, coach_app: CoachApp,
) -> None:
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    app = webhook_app(telegram_app, SECRET, manage_lifecycle=False,
                      health_check=lambda: health(coach_app.sessions, now))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        silent = await http.get("/healthz")
        NudgeStore(coach_app.sessions).beat("worker-1", "host", 1, now - timedelta(minutes=1))
        ticking = await http.get("/healthz")
        NudgeStore(coach_app.sessions).beat("worker-1", "host", 1, now - timedelta(minutes=10))
        stopped = await http.get("/healthz")

    assert silent.status_code == 503
    assert ticking.status_code == 200
    assert ticking.json()["last_tick_at"].startswith("2026-11-26T09:59")
    assert stopped.status_code == 503
