"""Linking a Slack account with a Telegram account: /coach link, the code, one network."""

from __future__ import annotations

import re

from adapters.bootstrap import Application as CoachApp
from coach.model import Identity
from tests.fakes.slack_requests import SlackWorkspaceUser, texts

TELEGRAM = Identity("telegram", "4242", language_hint="en")


def test_a_slack_code_typed_in_telegram_shows_one_network_until_unlinked(
        priya: SlackWorkspaceUser, slack_coach: CoachApp) -> None:
    coach = slack_coach.coach
    priya.ask("add Zora Quell close")
    shown = texts(priya.ask("link")[0])
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", shown)
    assert code, shown
    linked = coach.handle(TELEGRAM, f"/link {code.group(1)}")
    assert "Slack" in linked.text
    assert "Zora Quell" in coach.handle(TELEGRAM, "/contacts").text
    coach.handle(TELEGRAM, "/log Zora call 20m")
    assert "20" in texts(priya.ask("week")[0])
    texts(priya.ask("unlink")[0])
    assert "Zora Quell" not in coach.handle(TELEGRAM, "/contacts").text
    assert "Zora Quell" in texts(priya.ask("contacts")[0])
