"""The Slack App Home follows changes made on a linked platform (a /log in Telegram).

Both platforms run for real against their fakes: python-telegram-bot against the fake
Bot API, the Bolt app and the Home refresh against the fake Slack Web API, one engine
and one database behind them, wired by the composition root as ``coach serve`` wires
them.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator

import pytest

from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import follow_changes
from adapters.slack.app import build_slack_app
from adapters.telegram.context import CoachApplication
from tests.adapters.conftest import TelegramChat
from tests.adapters.slack_fixtures import PRIYA, slack_settings
from tests.fakes.slack_api import Call, FakeSlackAPI
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser, texts
from tests.fakes.telegram_api import FakeTelegramAPI

CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")


@pytest.fixture
def shared_slack(slack_api: FakeSlackAPI, coach_app: CoachApp) -> Iterator[SlackWorkspaceUser]:
    """Priya in Slack, on the same engine and database as the Telegram bot."""
    settings = slack_settings(slack_api)
    stop = follow_changes(coach_app, settings)
    app = build_slack_app(coach_app.coach, settings, database=coach_app.engine)
    with SlackServer(app) as server:
        yield SlackWorkspaceUser(server, slack_api, user_id=PRIYA.user_id,
                                 team_id=PRIYA.team_id)
    stop()


@pytest.fixture
def telegram_priya(api: FakeTelegramAPI, telegram_app: CoachApplication,
                   coach_app: CoachApp) -> TelegramChat:
    return TelegramChat(api, telegram_app, coach_app, user_id=777001, first_name="Priya",
                        language="en")


async def _link(slack: SlackWorkspaceUser, telegram: TelegramChat) -> None:
    slack.ask("add Zora Quell close")
    code = CODE.search(texts(slack.ask("link")[0]))
    assert code
    answer = await telegram.say(f"/link {code.group(1)}")
    assert "Slack" in answer[-1]["text"]


def _home_for(api: FakeSlackAPI, user_id: str, needle: str) -> Call:
    return api.wait_for("views.publish", where=lambda c: c.params["user_id"] == user_id
                        and needle in texts(c.params))[-1]


def _wait_for_log(caplog: pytest.LogCaptureFixture, needle: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(needle in r.getMessage() for r in caplog.records):
            return
        time.sleep(0.05)


async def test_a_log_in_telegram_redraws_the_linked_slack_home(
        shared_slack: SlackWorkspaceUser, telegram_priya: TelegramChat,
        slack_api: FakeSlackAPI) -> None:
    await _link(shared_slack, telegram_priya)
    assert not slack_api.calls_to("views.publish") or all(
        "20 of 120 minutes" not in texts(c.params) for c in slack_api.calls_to("views.publish"))
    sent = await telegram_priya.say("/log Zora call 20m")
    assert "Zora Quell" in sent[-1]["text"]
    published = _home_for(slack_api, PRIYA.user_id, "20 of 120 minutes")
    assert published.params["view"]["type"] == "home"
    assert published.token == slack_api.workspaces[0].bot_token


async def test_telegram_answers_while_slack_hangs_and_survives_slack_errors(
        shared_slack: SlackWorkspaceUser, telegram_priya: TelegramChat,
        slack_api: FakeSlackAPI, caplog: pytest.LogCaptureFixture) -> None:
    await _link(shared_slack, telegram_priya)
    gate = slack_api.hold("views.publish")
    try:
        started = time.monotonic()
        sent = await telegram_priya.say("/log Zora call 20m")
        # The Telegram answer came while Slack still holds the Home refresh.
        assert time.monotonic() - started < 5
        assert "Zora Quell" in sent[-1]["text"]
        assert telegram_priya.touchpoint_count() == 1
    finally:
        gate.set()
    _home_for(slack_api, PRIYA.user_id, "20 of 120 minutes")
    slack_api.fail("views.publish", "internal_error")
    sent = await telegram_priya.say("/log Zora meeting 40m")
    assert "Zora Quell" in sent[-1]["text"]
    await asyncio.to_thread(_wait_for_log, caplog, "SlackApiError")
    failures = [r.getMessage() for r in caplog.records if "app home" in r.getMessage()]
    # Logged by type only: no name, no text of the view.
    assert failures == ["refreshing a slack app home failed: SlackApiError"]
    # Slack is back: the next change shows again.
    await telegram_priya.say("/log Zora call 15m")
    _home_for(slack_api, PRIYA.user_id, "75 of 120 minutes")


async def test_an_unlinked_telegram_user_changes_no_slack_home(
        shared_slack: SlackWorkspaceUser, telegram_priya: TelegramChat,
        slack_api: FakeSlackAPI) -> None:
    await _link(shared_slack, telegram_priya)
    await telegram_priya.say("/unlink")
    before = len(slack_api.calls_to("views.publish"))
    await telegram_priya.say("/add Max Muster close")
    await telegram_priya.say("/log Max call 20m")
    await asyncio.sleep(0.5)
    after = slack_api.calls_to("views.publish")[before:]
    assert all("Max Muster" not in texts(c.params) for c in after)
