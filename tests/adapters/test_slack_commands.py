"""/coach commands, signed for real and posted over HTTP into the Bolt app."""

from __future__ import annotations

import time

from adapters.bootstrap import Application as CoachApp
from storage.unit_of_work import SqlUnitOfWork
from tests.adapters.conftest import NOW
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackWorkspaceUser, buttons, texts


def test_a_command_is_acked_at_once_and_answered_privately(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    response, name = priya.command("add Anna Schmidt close")
    assert response.status_code == 200
    answer = priya.responses(name)[0]
    assert answer["response_type"] == "ephemeral"
    assert "Anna Schmidt" in texts(answer)
    # Nothing was posted into a channel.
    assert not [c for c in slack_api.calls_to("chat.postMessage")
                if not str(c.params.get("channel", "")).startswith("D")]


def test_a_log_through_the_slash_command_is_stored_and_confirmed(
        priya: SlackWorkspaceUser) -> None:
    priya.ask("add Anna Schmidt")
    answer = priya.ask("log Anna call 20m")[0]
    assert "Anna Schmidt" in texts(answer)
    assert "20" in texts(answer)


def test_the_profile_takes_language_and_time_zone_from_slack(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    slack_api.users.clear()
    from tests.fakes.slack_api import SlackUser

    slack_api.add_user(SlackUser("T0001", "U0AAA", "Priya Raman", tz="America/New_York",
                                 locale="de-DE"))
    answer = priya.ask("settings")[0]
    shown = texts(answer)
    assert "America/New_York" in shown
    assert "Deutsch" in shown or "Sprache" in shown


def test_an_empty_command_shows_help(priya: SlackWorkspaceUser) -> None:
    answer = priya.ask("")[0]
    assert "/coach log" in texts(answer)


def test_due_contacts_come_with_buttons_that_carry_engine_actions(
        priya: SlackWorkspaceUser, slack_clock: FixedClock) -> None:
    priya.ask("add Anna Schmidt close")
    slack_clock.advance(days=40)
    answer = priya.ask("due")[0]
    assert "Anna Schmidt" in texts(answer)
    values = [b["value"] for b in buttons(answer)]
    assert values
    assert all(v for v in values)


def test_the_home_is_published_after_a_command(priya: SlackWorkspaceUser,
                                               slack_api: FakeSlackAPI) -> None:
    priya.ask("add Anna Schmidt close")
    published = slack_api.wait_for("views.publish")[-1]
    assert published.params["user_id"] == "U0AAA"
    assert published.params["view"]["type"] == "home"


def test_slack_gets_its_ack_before_the_slow_work_is_done(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    gate = slack_api.hold("response/")
    try:
        response, name = priya.command("reply Hi, I'd love to connect with you.")
        # The HTTP answer came while the reply to the user is still held back.
        assert response.status_code == 200
        assert not slack_api.calls_to(f"response/{name}")
    finally:
        gate.set()
    assert priya.responses(name)


def test_charts_and_the_export_are_uploaded_into_the_dm(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    priya.ask("add Zora Quell close")
    priya.ask("week")
    priya.ask("export")
    completed = slack_api.wait_for("files.completeUploadExternal", 2)
    assert {c.params["channel_id"] for c in completed} == {"D0AAA"}
    uploads = list(slack_api.uploads.values())
    assert sum(1 for u in uploads if u.startswith(b"\x89PNG")) == 1
    assert sum(1 for u in uploads if b"Zora Quell" in u) == 1


def test_a_rate_limited_home_update_is_waited_out(priya: SlackWorkspaceUser,
                                                  slack_api: FakeSlackAPI) -> None:
    slack_api.rate_limit("views.publish", retry_after=1)
    priya.ask("add Zora Quell close")
    published = slack_api.wait_for("views.publish")
    assert [c.status for c in slack_api.calls_to("views.publish")] == [429, 200]
    assert published[0].params["user_id"] == "U0AAA"


def test_a_closed_dm_marks_the_user_unreachable(priya: SlackWorkspaceUser,
                                                slack_api: FakeSlackAPI,
                                                slack_coach: CoachApp) -> None:
    slack_api.fail("conversations.open", "cannot_dm_bot")
    priya.ask("export")

    def unreachable() -> bool:
        with SqlUnitOfWork(slack_coach.sessions) as uow:
            profile, _ = uow.profiles.get_or_create("slack", "T0001:U0AAA", language="en",
                                                    timezone="UTC", now=NOW)
            return profile.unreachable

    deadline = time.monotonic() + 30
    while not unreachable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert unreachable()
    assert not slack_api.calls_to("files.completeUploadExternal")


EVERY_COMMAND = {
    "start": "start", "help": "help", "add": "add Max Mustermann wider",
    "contacts": "contacts", "contact": "contact Zora", "edit": "edit Zora every 6 weeks",
    "archive": "archive Max", "pause": "pause Zora", "resume": "resume Zora",
    "snooze": "snooze Zora 2 weeks", "log": "log Zora call 20m", "undo": "undo",
    "due": "due", "plan": "plan", "week": "week", "birthdays": "birthdays",
    "network": "network", "settings": "settings budget 90", "export": "export",
    "reply": "reply Hi, I'd love to connect with you.", "requests": "requests",
    "forget": "forget", "nudge": "nudge", "sort": "sort", "import": "import",
    "calendar": "calendar",
}


def test_every_engine_command_is_answered_privately_in_slack_syntax(
        priya: SlackWorkspaceUser) -> None:
    from coach.engine import COMMANDS

    assert set(COMMANDS) - {"link", "unlink"} == set(EVERY_COMMAND)  # linking: its own test
    priya.ask("add Zora Quell close")
    for name, text in EVERY_COMMAND.items():
        answer = priya.ask(text)[0]
        shown = texts(answer)
        assert answer["response_type"] == "ephemeral", name
        assert shown.strip(), name
        assert "Sorry, something went wrong" not in shown, name
        # Commands are named the way Slack users type them.
        assert " /log " not in f" {shown} ", name


def test_forget_asks_with_a_danger_button_and_a_confirmation_dialog(
        priya: SlackWorkspaceUser) -> None:
    answer = priya.ask("forget")[0]
    dangerous = [b for b in buttons(answer) if b.get("style") == "danger"]
    assert dangerous
    assert dangerous[0]["confirm"]["title"]["text"]


def test_a_question_is_answered_with_the_next_slash_command(
        priya: SlackWorkspaceUser, slack_coach: CoachApp) -> None:
    priya.ask("add Zora Quell close")
    question = texts(priya.ask("log")[0])
    assert "Whom did you talk to?" in question
    logged = texts(priya.ask("Zora call 15m")[0])
    assert "Zora Quell" in logged
    assert "15" in logged
    dropped = texts(priya.ask("cancel")[0])
    assert dropped


def test_a_question_is_answered_in_the_dm_too(priya: SlackWorkspaceUser,
                                              slack_api: FakeSlackAPI) -> None:
    priya.ask("add Zora Quell close")
    priya.direct_message("log")
    slack_api.wait_for("chat.postMessage", where=lambda c: "Whom" in texts(c.params))
    priya.direct_message("Zora call 15m")
    slack_api.wait_for("chat.postMessage", where=lambda c: "Zora Quell" in texts(c.params))
