"""Nudges as DMs from the app, through the real nudge worker and its claims."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from adapters.bootstrap import Application as CoachApp
from adapters.scheduler import NudgeWorker, Unreachable
from adapters.slack.sender import SlackSender
from adapters.slack.workspaces import single_workspace
from coach.replies import reply
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.adapters.slack_fixtures import slack_settings
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.integration.conftest import add_user

NUDGE_MINUTE = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)  # 08:30 in Berlin


def sender(api: FakeSlackAPI) -> SlackSender:
    return SlackSender(single_workspace(slack_settings(api)))


def workers(app: CoachApp, api: FakeSlackAPI, clock: FixedClock, count: int) -> list[NudgeWorker]:
    return [NudgeWorker(NudgeStore(app.sessions), lambda: SqlUnitOfWork(app.sessions),
                        {"slack": sender(api)}, clock, process_id=f"slack-{n}")
            for n in range(count)]


async def test_every_slack_user_gets_one_dm_however_many_workers_tick(
        slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    clock = FixedClock(NUDGE_MINUTE)
    for user in ("U01", "U02", "U03"):
        add_user(slack_coach, f"T0001:{user}", platform="slack")
    pool = workers(slack_coach, slack_api, clock, 3)
    for worker in pool:
        await worker.tick()
    clock.advance(minutes=1)
    for worker in pool:
        await worker.tick()
    opened = [c.params["users"] for c in slack_api.calls_to("conversations.open")]
    assert Counter(opened) == Counter({"U01": 1, "U02": 1, "U03": 1})
    posted = slack_api.calls_to("chat.postMessage")
    assert Counter(c.params["channel"] for c in posted) == Counter(
        {"D01": 1, "D02": 1, "D03": 1})
    assert all("Person0" in str(c.params.get("text")) for c in posted)


async def test_a_rate_limited_nudge_is_waited_out_and_arrives_once(
        slack_api: FakeSlackAPI) -> None:
    slack_api.rate_limit("chat.postMessage", retry_after=1, times=2)
    await sender(slack_api).send("slack", "T0001:U0AAA", reply("Call Anna"))
    attempts = slack_api.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 429, 200]
    assert sum(1 for c in attempts if c.ok) == 1


@pytest.mark.parametrize("error", ["account_inactive", "user_not_found", "cannot_dm_bot"])
async def test_a_user_slack_will_not_let_us_reach_is_unreachable(
        slack_api: FakeSlackAPI, error: str) -> None:
    slack_api.fail("conversations.open", error)
    with pytest.raises(Unreachable):
        await sender(slack_api).send("slack", "T0001:U0AAA", reply("Call Anna"))


async def test_the_worker_marks_a_deactivated_slack_user_unreachable(
        slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    clock = FixedClock(NUDGE_MINUTE)
    user_id = add_user(slack_coach, "T0001:UGONE", platform="slack")
    slack_api.fail("chat.postMessage", "account_inactive")
    result = await workers(slack_coach, slack_api, clock, 1)[0].tick()
    assert result.unreachable == 1
    with SqlUnitOfWork(slack_coach.sessions) as uow:
        profile = uow.profiles.get(user_id)
        assert profile is not None
        assert profile.unreachable
