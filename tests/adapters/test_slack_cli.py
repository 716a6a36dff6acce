"""coach slack and coach serve: clear refusals, and one web app for every endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from adapters.bootstrap import Application as CoachApp
from adapters.calendar_feed import calendar_routes
from adapters.cli import main
from adapters.slack.app import build_slack_app
from adapters.slack.sender import SlackSender, slack_sender
from adapters.slack.server import web_app
from adapters.telegram.app import build_telegram_app
from adapters.telegram.webhook import SECRET_HEADER, webhook_app
from tests.adapters.conftest import settings_for
from tests.adapters.slack_fixtures import slack_settings
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import DEFAULT_USER_ID, message_update

SECRET = "s3cret-token_for-serve"

CLEAN_ENV = {"SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": "", "SLACK_SIGNING_SECRET": "",
             "SLACK_CLIENT_ID": "", "SLACK_CLIENT_SECRET": "", "TELEGRAM_BOT_TOKEN": ""}


@pytest.mark.parametrize(("args", "missing"), [
    (["slack"], "SLACK_APP_TOKEN"),
    (["slack", "--http"], "SLACK_SIGNING_SECRET"),
    (["serve"], "Nothing to serve"),
])
def test_missing_settings_are_named_before_anything_starts(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, args: list[str], missing: str) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the working copy
    result = CliRunner().invoke(main, [*args, "--db", f"sqlite:///{tmp_path}/c.db"],
                                env=CLEAN_ENV)
    assert result.exit_code != 0
    assert missing in result.output


@pytest.fixture
def web(slack_api: FakeSlackAPI, slack_coach: CoachApp) -> Iterator[SlackServer]:
    app = build_slack_app(slack_coach.coach, slack_settings(slack_api),
                          database=slack_coach.engine)
    health = (False, {"last_tick_at": None})
    with SlackServer.serving(web_app(slack=app, health_check=lambda: health)) as server:
        yield server


def test_the_web_app_serves_slack_and_reports_worker_health(
        web: SlackServer, slack_api: FakeSlackAPI) -> None:
    assert httpx.get(web.url + "/healthz", timeout=30).status_code == 503
    user = SlackWorkspaceUser(web, slack_api)
    assert "/coach log" in str(user.ask("help")[0])


def test_the_worker_gets_a_slack_sender_only_when_slack_is_configured(
        slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    assert isinstance(slack_sender(slack_settings(slack_api), slack_coach.engine), SlackSender)
    assert slack_sender(slack_settings(slack_api, slack_bot_token=None),
                        slack_coach.engine) is None


def test_on_a_function_host_commands_are_answered_too(
        slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    """process_before_response (FaaS): the ack still comes first, the work follows."""
    app = build_slack_app(slack_coach.coach, slack_settings(slack_api),
                          database=slack_coach.engine, process_before_response=True)
    with SlackServer(app) as server:
        user = SlackWorkspaceUser(server, slack_api)
        gate = slack_api.hold("response/")
        try:
            response, name = user.command("help")
            assert response.status_code == 200
        finally:
            gate.set()
        assert "/coach log" in str(user.responses(name)[0])


async def test_one_web_app_serves_telegram_slack_and_health(
        api: FakeTelegramAPI, slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    """What ``coach serve`` runs: the Telegram webhook mounted behind Slack's routes,
    its start-up (getMe, the command menu) run by the combined app."""
    telegram = webhook_app(build_telegram_app(slack_coach.coach, settings_for(api)), SECRET)
    slack = build_slack_app(slack_coach.coach, slack_settings(slack_api),
                            database=slack_coach.engine)
    served = SlackServer.serving(web_app(slack=slack, others=telegram,
                                         health_check=lambda: (True, {}),
                                         routes=calendar_routes(slack_coach.coach)))
    # The fake Bot API answers on this event loop, so the server starts off it.
    await asyncio.to_thread(served.__enter__)
    try:
        async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.get("/calendar/unknown-token.ics")).status_code == 404
            update = message_update("/help", update_id=4711)
            posted = await client.post("/telegram", json=update,
                                       headers={SECRET_HEADER: SECRET})
            assert posted.status_code == 200
        assert api.sent_messages(chat_id=DEFAULT_USER_ID)
        user = SlackWorkspaceUser(served, slack_api)
        response, name = await asyncio.to_thread(user.command, "help")
        assert response.status_code == 200
        answer = await asyncio.to_thread(user.responses, name)
        assert "/coach log" in str(answer[0])
    finally:
        await asyncio.to_thread(served.__exit__, None, None, None)
