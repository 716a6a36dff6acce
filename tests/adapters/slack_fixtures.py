"""Fixtures for the Slack adapter: fake Web API, the Bolt app over HTTP, one user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import build
from adapters.config import Settings
from adapters.slack.app import build_slack_app
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI, SlackUser
from tests.fakes.slack_requests import SIGNING_SECRET, SlackServer, SlackWorkspaceUser

# What conftest.py takes over: the fixtures only.
__all__ = ["priya", "slack_api", "slack_clock", "slack_coach", "slack_server"]

PRIYA = SlackUser("T0001", "U0AAA", "Priya Raman", tz="Europe/Berlin", locale="en-US")


def slack_settings(api: FakeSlackAPI, **overrides: Any) -> Settings:
    options: dict[str, Any] = {"slack_bot_token": api.workspaces[0].bot_token,
                               "slack_signing_secret": SIGNING_SECRET,
                               "slack_api_url": api.base_url}
    options.update(overrides)
    return Settings(**options)


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as api:
        api.add_user(PRIYA)
        yield api


@pytest.fixture
def slack_clock() -> FixedClock:
    from tests.adapters.conftest import NOW

    return FixedClock(NOW)


@pytest.fixture
def slack_coach(tmp_path: Any, slack_clock: FixedClock) -> Iterator[CoachApp]:
    app = build(f"sqlite:///{tmp_path}/slack.db", clock=slack_clock)
    yield app
    app.close()


@pytest.fixture
def slack_server(slack_api: FakeSlackAPI, slack_coach: CoachApp) -> Iterator[SlackServer]:
    app = build_slack_app(slack_coach.coach, slack_settings(slack_api),
                          database=slack_coach.engine)
    with SlackServer(app) as server:
        yield server


@pytest.fixture
def priya(slack_server: SlackServer, slack_api: FakeSlackAPI) -> SlackWorkspaceUser:
    return SlackWorkspaceUser(slack_server, slack_api)
