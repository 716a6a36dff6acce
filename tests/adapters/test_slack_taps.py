"""Buttons and the message shortcut: taps in messages and in the App Home, triage."""

from __future__ import annotations

from adapters.bootstrap import Application as CoachApp
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.memory import FixedClock
from tests.fakes.slack_api import FakeSlackAPI, SlackUser
from tests.fakes.slack_requests import SlackWorkspaceUser, buttons, texts


def touchpoints(app: CoachApp) -> int:
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("slack", "T0001:U0AAA", language="en",
                                                timezone="UTC", now=app.coach._clock())
        return uow.touchpoints.count(profile.id)


def due_home(priya: SlackWorkspaceUser, api: FakeSlackAPI,
             clock: FixedClock) -> dict[str, object]:
    priya.ask("add Zora Quell close")
    clock.advance(days=40)
    assert priya.open_home().status_code == 200
    return api.wait_for("views.publish", where=lambda c: "Zora" in texts(c.params))[0].params


def test_the_home_shows_due_contacts_with_their_buttons_and_the_budget(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_clock: FixedClock) -> None:
    home = due_home(priya, slack_api, slack_clock)
    shown = texts(home)
    assert "Zora Quell" in shown
    assert "0 of 120 minutes" in shown
    labels = [b["text"]["text"] for b in buttons(home)]
    assert {"Log a touchpoint", "Add a contact", "Settings"} <= set(labels)


def test_done_in_the_home_asks_in_the_dm_and_one_tap_logs_once(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_clock: FixedClock,
        slack_coach: CoachApp) -> None:
    home = due_home(priya, slack_api, slack_clock)
    done = next(b for b in buttons(home) if b["text"]["text"].startswith("✓"))
    assert done.get("style") == "primary"
    response, _ = priya.tap(done["value"], action_id=done["action_id"], in_home=True)
    assert response.status_code == 200
    question = slack_api.wait_for("chat.postMessage")[0].params
    assert "How did it go with Zora Quell?" in texts(question)
    quick = buttons(question)[0]
    _, name = priya.tap(quick["value"], action_id=quick["action_id"])
    logged = priya.responses(name)[0]
    assert logged["replace_original"] is True
    assert "Zora Quell" in texts(logged)
    slack_api.wait_for("views.publish", where=lambda c: "Nobody is due" in texts(c.params))
    _, again = priya.tap(quick["value"], action_id=quick["action_id"])
    repeated = priya.responses(again)[0]
    assert "Already logged" in texts(repeated)
    assert touchpoints(slack_coach) == 1


def test_snooze_in_the_home_redraws_the_home_with_a_notice(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_clock: FixedClock) -> None:
    home = due_home(priya, slack_api, slack_clock)
    snooze = next(b for b in buttons(home) if "Snooze" in b["text"]["text"])
    priya.tap(snooze["value"], action_id=snooze["action_id"], in_home=True)
    redrawn = slack_api.wait_for("views.publish", where=lambda c: "Snoozed" in texts(c.params))
    view = redrawn[0].params["view"]
    assert "Nobody is due" in texts(redrawn[0].params)
    assert view["blocks"][1]["type"] == "context"  # the tap's notice, under the title
    assert not slack_api.calls_to("chat.postMessage")


def test_a_tap_on_a_message_answers_privately_in_place(
        priya: SlackWorkspaceUser, slack_clock: FixedClock) -> None:
    priya.ask("add Zora Quell close")
    slack_clock.advance(days=40)
    due = priya.ask("due")[0]
    snooze = next(b for b in buttons(due) if "Snooze" in b["text"]["text"])
    _, name = priya.tap(snooze["value"], action_id=snooze["action_id"])
    answer = priya.responses(name)[0]
    assert answer["response_type"] == "ephemeral"
    assert "Zora Quell" in texts(answer)


def test_a_forged_button_value_changes_nothing(priya: SlackWorkspaceUser,
                                               slack_coach: CoachApp) -> None:
    _, name = priya.tap("done:99999")
    answer = priya.responses(name)[0]
    assert texts(answer)
    assert touchpoints(slack_coach) == 0


def test_suggest_a_reply_judges_a_message_with_its_author_as_sender(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    slack_api.add_user(SlackUser("T0001", "U0TOM", "Tom Becker"))
    response, name = priya.shortcut(
        "We help agencies get 50 leads a week, guaranteed. Free trial: bit.ly/x", "U0TOM")
    assert response.status_code == 200
    answers = priya.responses(name, 2)
    first, drafts = answers
    assert first["response_type"] == "ephemeral"
    assert "Tom Becker" in texts(first)
    assert len(buttons(first)) == 3
    assert "Tom" in texts(drafts)
    assert "Reply" in texts(drafts)
    assert "Short form" in texts(drafts)
