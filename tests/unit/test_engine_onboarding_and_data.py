"""/start, /help, /export, /forget, and bad input that must never break anything."""

from __future__ import annotations

import json

import pytest

from coach.model import NudgeDays
from coach.questions import Onboarding
from coach.replies import ButtonStyle

# --- /start ----------------------------------------------------------------------------


def test_start_welcomes_and_asks_the_first_of_six_steps(chat):
    answer = chat.say("/start")

    assert answer.startswith("Welcome to your networking coach.")
    assert "/start demo opens an example network" in answer
    assert "coach chat" not in answer
    assert "Step 1 of 6" in answer
    assert "Which language should I use?" in answer


def test_onboarding_walks_through_all_steps_and_applies_the_answers(chat):
    chat.say("/start")

    assert "Which name should I sign your drafts with? Now: Daniel." in chat.say("en")
    assert "Step 3 of 6" in chat.say("Daniel Bauer")
    assert "Step 4 of 6" in chat.say("Hamburg")
    assert "Step 5 of 6" in chat.say("07:45")
    assert "Step 6 of 6" in chat.say("1h30m")
    finished = chat.say("I develop residential projects in Munich.")

    assert "All set." in finished
    profile = chat.profile()
    assert profile.onboarded
    assert profile.pending is None
    assert (profile.language, profile.timezone, profile.budget_minutes) == (
        "en", "Europe/Berlin", 90)
    assert profile.nudge_time.isoformat(timespec="minutes") == "07:45"
    assert profile.positioning == "I develop residential projects in Munich."
    assert profile.display_name == "Daniel Bauer"


def test_every_onboarding_step_can_be_skipped(chat):
    chat.say("/start")
    for _ in range(5):
        assert "Step" in chat.say("skip")
    assert "All set." in chat.say("skip")

    profile = chat.profile()
    assert profile.onboarded
    assert (profile.language, profile.timezone, profile.budget_minutes) == (
        "en", "Europe/Berlin", 120)
    assert profile.nudge_days is NudgeDays.WEEKDAYS


def test_a_bad_onboarding_answer_repeats_nothing_and_keeps_the_step(chat):
    chat.say("/start")
    chat.say("en")
    chat.say("skip")

    answer = chat.say("Qwxyz")

    assert answer.startswith("I don't know the time zone or city “Qwxyz”.")
    pending = chat.profile().pending
    assert pending is not None
    assert pending.question == Onboarding("timezone")
    assert "Step 4 of 6" in chat.say("Tokyo")
    assert chat.profile().timezone == "Asia/Tokyo"


def test_answering_off_to_the_nudge_step_switches_nudges_off(chat):
    chat.say("/start")
    chat.say("skip")
    chat.say("skip")
    chat.say("skip")

    chat.say("off")

    assert chat.profile().nudge_days is NudgeDays.OFF


def test_a_command_during_onboarding_leaves_it_and_says_so(chat):
    chat.say("/start")

    answer = chat.say("/contacts")

    assert answer.startswith("(I closed the open question: the set-up.)")
    assert "You have no contacts yet." in answer
    assert chat.profile().pending is None


def test_onboarding_language_de_stores_german(chat):
    chat.say("/start")

    chat.say("Deutsch")

    assert chat.profile().language == "de"


# --- /help -----------------------------------------------------------------------------


def test_help_lists_commands_with_examples(chat):
    answer = chat.say("/help")

    assert answer.startswith("Every day:")
    for example in ("/log Anna call 20m", "/add Anna Schmidt close", "/due", "/plan",
                    "/week", "/settings", "/export", "/forget"):
        assert example in answer


def test_help_is_in_the_users_language(chat):
    english = chat.say("/help")

    german = chat.say("/hilfe", user="greta", language="de")

    assert german != english
    assert "/eintragen Anna" in german


def test_the_german_alias_runs_the_same_command(chat):
    assert chat.say("/hilfe") == chat.say("/help")


# --- /export ---------------------------------------------------------------------------


def _export(chat, user="daniel"):
    reply = chat.send("/export", user=user)
    [attachment] = reply.files
    assert attachment.mime_type == "application/json"
    return reply.text, json.loads(attachment.content.decode("utf-8"))


def test_export_contains_the_users_contacts_and_touchpoints(chat):
    chat.say("/add Anna Schmidt company Acme")
    chat.say("/add Peter Lang close")
    chat.say("/archive Peter")
    chat.say("/log Anna call 25m about the tender")
    chat.say("/log event 90m Expo Real")

    text, document = _export(chat)

    assert text == "Here is all your data: 2 contacts, 2 touchpoints, 0 requests."
    assert sorted(c["name"] for c in document["contacts"]) == ["Anna Schmidt", "Peter Lang"]
    assert {c["name"]: c["status"] for c in document["contacts"]}["Peter Lang"] == "archived"
    assert sorted((t["channel"], t["minutes"], t["note"]) for t in document["touchpoints"]) == [
        ("call", 25, "about the tender"), ("event", 90, "Expo Real")]
    assert document["profile"]["timezone"] == "Europe/Berlin"


def test_export_contains_nothing_of_another_user(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call secret deal with Acme")
    chat.say("/add Quirin Xylander", user="olga")
    chat.say("/log Quirin meeting confidential merger", user="olga")

    _, document = _export(chat)

    raw = json.dumps(document)
    assert "Quirin" not in raw
    assert "merger" not in raw
    assert "olga" not in raw
    assert [c["name"] for c in document["contacts"]] == ["Anna Schmidt"]


# --- /forget ---------------------------------------------------------------------------


def test_forget_asks_for_explicit_confirmation(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call")

    answer = chat.say("/forget")

    assert "1 contact, 1 touchpoint," in answer
    assert "“yes, delete”" in answer
    assert chat.names() == ["Anna Schmidt"]


def test_forget_confirmed_deletes_everything(chat, database):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call")
    chat.say("/add Olgas Kontakt", user="olga")
    chat.say("/forget")

    answer = chat.say("yes, delete")

    assert answer == "All your data is deleted. If you write again, I start afresh."
    assert database.profile("test", "daniel") is None
    assert chat.names(user="olga") == ["Olgas Kontakt"]
    assert chat.say("/contacts").startswith("You have no contacts yet.")


def test_forget_confirmed_by_button_deletes_everything(chat, database):
    chat.say("/add Anna Schmidt")
    [delete, _keep] = chat.send("/forget").buttons

    assert delete.style is ButtonStyle.DANGER
    assert delete.confirm is not None
    chat.tap(delete.action)

    assert database.profile("test", "daniel") is None


@pytest.mark.parametrize("answer", ["yes", "no", "ok", "delete", "maybe", "ja"])
def test_anything_but_the_exact_confirmation_keeps_the_data(chat, answer):
    chat.say("/add Anna Schmidt")
    chat.say("/forget")

    assert chat.say(answer) == "Nothing was deleted."
    assert chat.names() == ["Anna Schmidt"]
    assert chat.profile().pending is None


def test_a_command_after_forget_keeps_the_data(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/forget")

    chat.say("/due")
    chat.say("yes, delete")

    assert chat.names() == ["Anna Schmidt"]


# --- bad input -------------------------------------------------------------------------

LONG = "x" * 50_000

BAD_INPUT = [
    "", "   ", "/", "/ ", "/@bot", "hello", "/foo", "/foo bar baz",
    "/log", "/log   ", "/add", "/edit", "/edit Anna", "/edit Anna circle",
    "/edit Xaver circle close",
    "/contact", "/contact Xaver", "/snooze", "/snooze Xaver", "/archive", "/pause", "/resume",
    "/pause Xaver", "/log Anna call 0m", "/log Anna call 99999m", "/log Anna 2026-02-30",
    "/log Anna 2030-01-01", "/log Anna vor 99999999 Tagen", "/log Anna 99999999 days ago",
    "/add Anna Schmidt every", "/add Bo every 0 days", "/add Bo every 100000 years",
    "/edit Anna birthday 31.02.", "/add Bo birthday 32.13.", "/edit Anna language klingon",
    "/snooze Anna 99999999 years", "/snooze Anna 100000 weeks",
    "/log Anna call " + "9" * 5000 + "m", "/snooze Anna " + "9" * 5000 + " days",
    "/add Bo every " + "9" * 5000 + " days", "/settings cadence close " + "9" * 5000 + " days",
    "/log Anna " + "9" * 5000 + "h5m",
    LONG, "/" + LONG, "/add " + LONG, "/log " + LONG, "/log Anna call " + LONG[:1000],
    "/contacts " + LONG, "/contact " + LONG, "/edit Anna company " + LONG,
    "/edit Anna name " + "n" * 300, "/add Bo company " + "c" * 300, "/settings " + LONG,
    "/add \u200b", "/add 🙂", "/add \x00", "/add \u202e\u202e", "/log \x00", "/add \x00\x00",
    "/contact 🙂", "/log 🙂 call", "\u0000\u0001\u0002", "/ádd Anna", "/LOG",
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=lambda text: repr(text[:30]))
def test_bad_input_gets_a_friendly_answer_and_changes_nothing(chat, database, text):
    chat.say("/add Anna Schmidt")
    chat.say("/add Anna Berger")
    before = database.snapshot()

    answer = chat.say(text)

    assert answer.strip()
    after = database.snapshot()
    # A bare command opens a question; the network itself stays as it was.
    for profile in after.profiles.values():
        profile.pending = None
    assert after == before


@pytest.mark.parametrize(("bare", "question"), [
    ("/log", "Whom did you talk to?"), ("/add", "Whom should I add?"),
    ("/snooze", "Whom should I snooze?"), ("/contact", "Whose card should I show?")])
def test_a_bare_command_asks_and_takes_a_plain_answer(chat, bare, question):
    chat.say("/add Anna Schmidt")

    assert chat.say(bare).startswith(question)
    answer = chat.say("Anna call 15m" if bare == "/log" else "Anna")

    assert "Anna" in answer
    assert chat.profile().pending is None


def test_the_answer_goes_to_the_newest_question(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log")
    chat.say("/add")

    chat.say("Max Mustermann")

    assert chat.names() == ["Anna Schmidt", "Max Mustermann"]
    assert chat.touchpoints() == []


def test_cancel_drops_the_open_question_and_says_which(chat):
    chat.say("/add")

    assert chat.say("/cancel") == "Cancelled: whom to add."
    assert chat.say("/abbrechen") == "There is no open question to cancel."
    assert chat.say("Max Mustermann").startswith("I understand commands")
    assert chat.names() == []


def test_a_contact_without_letters_does_not_break_finding_others(chat):
    """A name made only of emoji cannot be added; lookups keep working."""
    chat.say("/add Anna Schmidt")

    assert chat.say("/add 🙂") == (
        "A name needs at least one letter. For example: /add Anna Schmidt")
    assert chat.say("/contact Nobody").startswith("I don't know")


def test_a_redelivered_update_is_handled_once(chat):
    from tests.unit.conftest import identity

    first = chat.coach.handle(identity(), "/add Anna Schmidt", update_key="42")
    # Redelivered before the adapter reported the answer delivered: the same answer,
    # and the command is not run again (it would ask whether to add a second Anna).
    again = chat.coach.handle(identity(), "/add Anna Schmidt", update_key="42")
    chat.coach.delivered("test", "42")
    once_more = chat.coach.handle(identity(), "/add Anna Schmidt", update_key="42")

    assert first.text.startswith("Added Anna Schmidt")
    assert again == first
    assert once_more.text == ""
    assert chat.names() == ["Anna Schmidt"]
