"""/log and /undo: recording contact moments the way people type them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coach.actions import AskHow, Run
from coach.model import Channel


@pytest.fixture
def network(chat):
    """Anna Schmidt, Peter Lang and Jörg Meier, added three months ago."""
    for command in ("/add Anna Schmidt", "/add Peter Lang close", "/add Jörg Meier"):
        chat.say_days_ago(91, command)
    return chat


def berlin_noon(year, month, day):
    """A day logged without a time is stored at noon in Berlin (UTC+1 in winter)."""
    offset = 2 if 4 <= month <= 10 else 1
    return datetime(year, month, day, 12 - offset, tzinfo=UTC)


NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("command", "name", "channel", "minutes", "at", "note"),
    [
        ("/log Anna call 20m", "Anna Schmidt", Channel.CALL, 20, NOW, None),
        ("/log Anna Schmidt meeting 1h 2026-08-26 lunch at the fair", "Anna Schmidt",
         Channel.MEETING, 60, berlin_noon(2026, 8, 26), "lunch at the fair"),
        ("/log anna email yesterday", "Anna Schmidt", Channel.EMAIL, 10,
         berlin_noon(2026, 11, 25), None),
        ("/log Schmidt Anruf 15 Min. gestern", "Anna Schmidt", Channel.CALL, 15,
         berlin_noon(2026, 11, 25), None),
        ("/log Peter card", "Peter Lang", Channel.CARD, 10, NOW, None),
    ],
)
def test_every_log_example_records_a_touchpoint(network, command, name, channel, minutes,
                                                at, note):
    answer = network.say(command)

    assert answer.startswith(f"Logged: {channel.value} with {name}")
    [point] = network.touchpoints()
    contact = network.contact(name)
    assert (point.contact_id, point.channel, point.minutes, point.at, point.note) == (
        contact.id, channel, minutes, at, note)
    assert contact.last_touch_at == at


def test_log_reply_names_the_next_due_date_and_the_week_so_far(network):
    answer = network.say("/log Anna call 20m")

    assert answer == ("Logged: call with Anna Schmidt, 20 min, on Nov 26, 2026. "
                      "Next due on Feb 24, 2027.\nThis week: 20 min of 2 h.")


def test_networking_time_without_a_contact_counts_in_the_week(network):
    answer = network.say("/log event 90m Expo Real")

    assert answer == ("Logged 1 h 30 min of networking (event) on Nov 26, 2026.\n"
                      "This week: 1 h 30 min of 2 h.")
    [point] = network.touchpoints()
    assert (point.contact_id, point.note) == (None, "Expo Real")
    week = network.say("/week")
    assert "1 h 30 min of 2 h" in week
    assert "• Event: 1 h 30 min" in week


@pytest.mark.parametrize("ref", ["anna schmidt", "ANNA", "schmidt", "Ana Schmitd", "anna s"])
def test_names_are_found_despite_case_typos_and_partial_names(network, ref):
    assert "with Anna Schmidt" in network.say(f"/log {ref} call")


@pytest.mark.parametrize("ref", ["Jorg", "jörg meier", "Joerg Meier", "Meier"])
def test_names_are_found_with_or_without_accents(network, ref):
    assert "with Jörg Meier" in network.say(f"/log {ref} call")


def test_an_ambiguous_name_asks_which_one_and_writes_nothing(network, database):
    network.say("/add Anna Berger")
    before = database.snapshot()

    reply = network.send("/log Anna call 20m")

    assert reply.text == ("“Anna” fits several contacts. Which one do you mean?\n"
                          "• Anna Berger\n• Anna Schmidt\n"
                          "Tap the name, or send the command again with the full name.")
    assert database.snapshot() == before
    assert [b.action for b in reply.buttons] == [Run("/log Anna Berger call 20m"),
                                                Run("/log Anna Schmidt call 20m")]


def test_pressing_a_candidate_button_logs_for_that_contact_in_place_of_the_question(network):
    network.say("/add Anna Berger")

    answer = network.tap(Run("/log Anna Berger call 20m"))

    assert answer.text.startswith("Logged: call with Anna Berger, 20 min, on Nov 26, 2026.")
    assert answer.replace


def test_an_unknown_name_gets_a_friendly_answer_and_writes_nothing(network, database):
    before = database.snapshot()

    answer = network.send("/log Xaver call")

    assert answer.text == "I don't know “Xaver” yet. Add them with /add Xaver."
    assert database.snapshot() == before
    assert [b.action for b in answer.buttons] == [Run("/add Xaver")]


def test_a_missing_duration_takes_the_channels_default(network):
    network.say("/log Anna meeting")
    network.say("/log Peter message")
    network.say("/log Jörg")

    minutes = {p.channel: p.minutes for p in network.touchpoints()}
    assert minutes == {Channel.MEETING: 60, Channel.MESSAGE: 5, Channel.CALL: 20}


def test_logging_someone_still_fresh_gets_a_gentle_remark(network):
    network.say("/log Anna call 2026-11-20")

    answer = network.say("/log Anna email")

    assert ("You were already in touch 6 days ago. Regularly, but not too often: "
            "for Anna Schmidt, every 90 days is plenty.") in answer
    assert len(network.touchpoints()) == 2


def test_logging_someone_who_is_due_gets_no_remark(network):
    answer = network.say("/log Anna call")

    assert "not too often" not in answer


def test_a_future_date_is_refused_and_nothing_is_written(network, database):
    before = database.snapshot()

    answer = network.say("/log Anna call 2030-01-01")

    assert answer == "“2030-01-01” lies in the future; I can only log what has happened."
    assert database.snapshot() == before


def test_undo_takes_back_the_last_log_and_restores_the_due_date(network):
    network.say("/log Anna call 2026-09-01 next: ask about the tender")
    due_before = network.contact("Anna Schmidt").due_day

    network.say("/log Anna meeting 45m")
    answer = network.say("/undo")

    assert answer == "Taken back: meeting with Anna Schmidt on Nov 26, 2026 (45 min)."
    anna = network.contact("Anna Schmidt")
    assert anna.due_day == due_before
    assert anna.last_touch_at == berlin_noon(2026, 9, 1)
    assert anna.last_channel is Channel.CALL
    assert anna.next_note == "ask about the tender"
    assert [p.minutes for p in network.touchpoints()] == [20]
    assert "Next time: ask about the tender" in network.say("/contact Anna")


def test_undo_of_networking_time_takes_it_out_of_the_week(network):
    network.say("/log event 90m Expo Real")

    assert network.say("/undo") == "Taken back: event on Nov 26, 2026 (1 h 30 min)."
    assert "0 min of 2 h" in network.say("/week")


def test_undo_with_nothing_to_undo_is_friendly(network):
    assert network.say("/undo") == "There is nothing to undo."


def test_undo_of_the_only_log_makes_the_contact_never_contacted_again(network):
    network.say("/log Anna call")

    network.say("/undo")

    assert network.contact("Anna Schmidt").last_touch_at is None
    assert "Call Anna Schmidt: added 91 days ago, no contact yet" in network.say("/due")


def test_a_next_note_shows_in_due_plan_and_contact(network, clock):
    network.say("/log Anna call 2026-08-01 next: send the deck")

    for command in ("/due", "/plan", "/contact Anna"):
        assert "Next time: send the deck" in network.say(command)


def test_the_next_touchpoint_replaces_the_next_note(network):
    network.say("/log Anna call 2026-08-01 next: send the deck")

    answer = network.say("/log Anna email")

    assert "Your reason for this one was: send the deck" in answer
    assert network.contact("Anna Schmidt").next_note is None
    assert "send the deck" not in network.say("/contact Anna")


def test_done_asks_how_it_went_with_the_usual_channel_first(network):
    anna = network.contact("Anna Schmidt")

    question = network.tap(AskHow(anna.id))

    assert question.text.startswith("How did it go with Anna Schmidt?")
    first = question.buttons[0]
    assert (first.label, first.action.channel, first.action.minutes) == (
        "Call 20 min", Channel.CALL, 20)
    assert network.touchpoints() == [], "asking writes nothing"


def test_german_quick_log_buttons_spell_e_mail_as_german_does(network):
    network.say("/log Anna email")
    network.say("/settings language de")
    anna = network.contact("Anna Schmidt")

    labels = [b.label for b in network.tap(AskHow(anna.id)).buttons]

    assert labels[0] == "E-Mail 10 Min."
    assert "Anruf 15 Min." in labels


def test_a_quick_log_tap_logs_once_and_replaces_the_question_with_an_undo(network):
    anna = network.contact("Anna Schmidt")
    tap = network.tap(AskHow(anna.id)).buttons[1].action

    first = network.tap(tap)
    second = network.tap(tap)

    assert first.replace
    assert first.popup == "Logged"
    assert first.text.startswith("Logged: call with Anna Schmidt, 15 min, on Nov 26, 2026.")
    assert [b.label for b in first.buttons] == ["Undo"]
    assert second.popup == "Already logged for Anna Schmidt; nothing added."
    assert not second.messages
    assert len(network.touchpoints()) == 1


def test_the_question_after_done_takes_a_typed_answer(network):
    anna = network.contact("Anna Schmidt")
    network.tap(AskHow(anna.id))

    answer = network.say("meeting 45m yesterday lunch at the fair")

    assert answer.startswith("Logged: meeting with Anna Schmidt, 45 min, on Nov 25, 2026.")
    [point] = network.touchpoints()
    assert point.note == "lunch at the fair"


def test_the_undo_button_takes_back_exactly_that_log_once(network):
    anna = network.contact("Anna Schmidt")
    logged = network.send("/log Anna call 20m")
    network.say("/log event 30m")
    [undo] = logged.buttons

    first = network.tap(undo.action)
    second = network.tap(undo.action)

    assert first.replace
    assert first.text.startswith("Taken back: call with Anna Schmidt")
    assert second.popup == "That was already taken back."
    assert [p.channel for p in network.touchpoints()] == [Channel.EVENT]
    assert network.contact("Anna Schmidt").last_touch_at == anna.last_touch_at


def test_undo_with_a_name_takes_back_that_contacts_newest_log(network):
    network.say("/log Anna call 2026-09-01")
    network.say("/log Anna meeting 45m")
    network.say("/log Peter card")

    answer = network.say("/undo Anna")

    assert answer == "Taken back: meeting with Anna Schmidt on Nov 26, 2026 (45 min)."
    assert sorted(p.channel.value for p in network.touchpoints()) == ["call", "card"]
    assert network.contact("Anna Schmidt").last_touch_at == berlin_noon(2026, 9, 1)
    assert network.contact("Peter Lang").last_channel is Channel.CARD


def test_undo_with_a_name_that_has_no_log_changes_nothing(network, database):
    network.say("/log Peter card")
    before = database.snapshot()

    assert network.say("/undo Jörg") == "There is no log with Jörg Meier to undo."
    assert database.snapshot() == before


def test_undo_with_an_unknown_name_asks_and_changes_nothing(network, database):
    network.say("/log Peter card")
    before = database.snapshot()

    answer = network.say("/undo Zacharias")

    assert "Zacharias" in answer
    assert "I don't know" in answer
    assert database.snapshot() == before


@pytest.mark.parametrize("day", ["0001-01-01", "01.01.0001", "0001-01-02", "1899-12-31"])
@pytest.mark.parametrize("zone", ["Pacific/Tongatapu", "Pacific/Kiritimati", "UTC",
                                  "America/Adak"])
def test_a_day_from_antiquity_is_refused_in_every_zone(chat, database, day, zone):
    chat.say("/add Anna Schmidt", tz=zone)
    before = database.snapshot()

    answer = chat.say(f"/log Anna call {day}", tz=zone)

    assert answer.endswith("is more than 50 years ago. Please check the date.")
    assert database.snapshot() == before
