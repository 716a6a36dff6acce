"""The webhook: secret checked, update handled completely before Telegram gets its 200."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from adapters.bootstrap import Application as CoachApp
from adapters.health import health
from adapters.telegram.app import build_telegram_app
from adapters.telegram.context import CoachApplication
from adapters.telegram.webhook import (
    MAX_BODY_BYTES,
    SECRET_HEADER,
    InvalidWebhookSecret,
    check_secret,
    webhook_app,
    webhook_server,
)
from coach.model import Identity
from storage.nudges import NudgeStore
from storage.tables import ProcessedUpdateRow
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


async def test_a_redelivered_update_whose_answer_was_lost_is_answered_once(
    client: httpx.AsyncClient, api: FakeTelegramAPI, coach_app: CoachApp,
) -> None:
    identity = Identity("telegram", "4711", language_hint="en")
    coach_app.coach.handle(identity, "/add Anna Schmidt", update_key="7")
    # Killed after the commit and before the answer; Telegram never got its 200.
    coach_app.coach.handle(identity, "/log Anna call 20m", update_key="8")

    first = await client.post("/telegram", json=update("/log Anna call 20m", 8),
                              headers={SECRET_HEADER: SECRET})
    second = await client.post("/telegram", json=update("/log Anna call 20m", 8),
                               headers={SECRET_HEADER: SECRET})

    assert (first.status_code, second.status_code) == (200, 200)
    answers = api.sent_messages()
    assert len(answers) == 1
    assert "Anna Schmidt" in (answers[0]["text"] or "")


async def test_a_delivered_reply_is_recorded_in_the_database_soon_after_without_a_next_update(
    client: httpx.AsyncClient, api: FakeTelegramAPI, coach_app: CoachApp,
) -> None:
    def kept_replies() -> int:
        with coach_app.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(ProcessedUpdateRow)
                                      .where(ProcessedUpdateRow.reply.is_not(None))) or 0)

    response = await client.post("/telegram", json=update("/help", 9),
                                 headers={SECRET_HEADER: SECRET})
    assert response.status_code == 200
    assert len(api.sent_messages()) == 1

    for _ in range(50):  # the write is due half a second after the reply
        if await asyncio.to_thread(kept_replies) == 0:
            break
        await asyncio.sleep(0.1)

    # Written although no next update came to carry it, and the bot still runs.
    assert await asyncio.to_thread(kept_replies) == 0


async def test_a_body_that_is_no_update_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await client.post("/telegram", content=b"not json",
                                 headers={SECRET_HEADER: SECRET})

    assert response.status_code == 400


@pytest.mark.parametrize("body", [b"[]", b"42", b"null", b"{}", b'"text"', b"{\"update_id\": -1}",
                                  b"{\"update_id\": \"7\"}", b"\xff\xfe", b"[" * 100_000,
                                  b"{\"update_id\": true}"])
async def test_json_that_is_no_update_is_a_bad_request_and_is_not_logged(
    client: httpx.AsyncClient, api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = await client.post("/telegram", content=body,
                                     headers={SECRET_HEADER: SECRET})

    assert response.status_code == 400
    assert api.calls_to("sendMessage") == []
    assert not any(body[:20].decode("latin-1") in r.getMessage() for r in caplog.records
                   if len(body) > 4)


async def test_a_body_over_one_megabyte_is_refused_with_413(
    client: httpx.AsyncClient, api: FakeTelegramAPI,
) -> None:
    big = update("/log Anna call 20m " + "x" * MAX_BODY_BYTES, 20)
    declared = await client.post("/telegram", json=big, headers={SECRET_HEADER: SECRET})

    async def stream() -> AsyncIterator[bytes]:
        # Chunked, without Content-Length: the cap must hold while reading.
        yield b'{"update_id": 21, "message": {"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536
        yield b'"}}'

    streamed = await client.post("/telegram", content=stream(),
                                 headers={SECRET_HEADER: SECRET})
    lying = await client.post("/telegram", content=b"x" * (MAX_BODY_BYTES + 10),
                              headers={SECRET_HEADER: SECRET, "content-length": "5"})

    assert (declared.status_code, streamed.status_code) == (413, 413)
    assert lying.status_code in (400, 413)
    assert api.calls_to("sendMessage") == []


async def test_an_update_whose_fields_do_not_parse_is_confirmed_and_skipped(
    client: httpx.AsyncClient, api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture,
) -> None:
    poison = update("/add Mallory Secret", 30)
    poison["message"]["date"] = "yesterday"
    with caplog.at_level(logging.DEBUG):
        response = await client.post("/telegram", json=poison, headers={SECRET_HEADER: SECRET})
        after = await client.post("/telegram", json=update("/help", 31),
                                  headers={SECRET_HEADER: SECRET})

    assert (response.status_code, after.status_code) == (200, 200)
    assert [m["chat_id"] for m in api.sent_messages()] == [4711]
    assert "skipped telegram update 30: its fields do not parse" in caplog.messages
    assert not any("Mallory" in m for m in caplog.messages)


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
