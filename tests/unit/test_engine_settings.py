"""/settings: each setting changes what the user notices; bad values change nothing."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from coach.model import NudgeDays


def test_settings_without_arguments_shows_the_defaults(chat):
    shown = chat.say("/settings")

    for line in ("Language: English", "Time zone: Europe/Berlin", "Weekly budget: 2 h",
                 "Daily nudge: 08:30, weekdays", "Networking slot: not set",
                 "Positioning: –"):
        assert line in shown


def test_language_de_is_stored(chat):
    chat.say("/settings language de")

    assert chat.profile().language == "de"
    assert "Deutsch" in chat.say("/settings")


def test_language_de_switches_the_reply_language(chat):
    english = chat.say("/help")

    chat.say("/settings language deutsch")

    assert chat.say("/help") != english
    assert chat.say("/settings sprache en") == "From now on I write in English."


@pytest.mark.parametrize(("value", "zone"), [
    ("Europe/Berlin", "Europe/Berlin"), ("america/new_york", "America/New_York"),
    ("München", "Europe/Berlin"), ("Munich", "Europe/Berlin"), ("Tokyo", "Asia/Tokyo"),
])
def test_timezone_by_iana_name_or_city(chat, value, zone):
    assert chat.say(f"/settings timezone {value}") == f"Time zone set to {zone}."
    assert chat.profile().timezone == zone


def test_timezone_decides_which_day_it_is(chat, clock):
    clock.now = clock.now.replace(hour=23, minute=30)  # Fri 00:30 in Berlin, Thu in New York
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call yesterday")
    assert chat.contact("Anna Schmidt").last_touch_at.day == 26

    chat.say("/undo")
    chat.say("/settings timezone New York")
    chat.say("/log Anna call yesterday")
    assert chat.contact("Anna Schmidt").last_touch_at.day == 25


def test_naming_the_current_zone_keeps_due_days_and_a_new_zone_moves_them(chat, clock):
    clock.now = clock.now.replace(hour=23, minute=30)  # Friday in Berlin, Thursday in New York
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call")
    in_berlin = chat.contact("Anna Schmidt").due_day

    assert chat.say("/settings timezone München") == "Time zone set to Europe/Berlin."
    assert chat.contact("Anna Schmidt").due_day == in_berlin

    chat.say("/settings timezone New York")
    assert chat.contact("Anna Schmidt").due_day == in_berlin - 1


@pytest.mark.parametrize("value", ["90", "1h30m", "1,5h", "90 min"])
def test_budget_in_minutes_or_hours(chat, value):
    chat.say("/add Anna Schmidt")
    assert chat.say(f"/settings budget {value}") == "Weekly budget set to 1 h 30 min."
    assert chat.profile().budget_minutes == 90
    assert "0 min of 1 h 30 min" in chat.say("/week")


@pytest.mark.parametrize(("value", "at", "days", "answer"), [
    ("08:30 weekdays", time(8, 30), NudgeDays.WEEKDAYS,
     "Daily nudge at 08:30, weekdays (Europe/Berlin)."),
    ("7:15 daily", time(7, 15), NudgeDays.DAILY, "Daily nudge at 07:15, daily (Europe/Berlin)."),
    ("off", time(8, 30), NudgeDays.OFF, "Daily nudge switched off."),
])
def test_nudge_time_and_days(chat, value, at, days, answer):
    assert chat.say(f"/settings nudge {value}") == answer
    profile = chat.profile()
    assert (profile.nudge_time, profile.nudge_days) == (at, days)


def test_a_nudge_time_switches_an_off_nudge_back_on(chat):
    chat.say("/settings nudge off")

    chat.say("/settings nudge 09:00")

    assert chat.profile().nudge_days is NudgeDays.WEEKDAYS


def test_slot_is_stored_and_shown(chat):
    answer = chat.say("/settings slot Friday 14:00")

    assert answer.startswith("Your weekly networking slot: Friday 14:00.")
    profile = chat.profile()
    assert (profile.slot_weekday, profile.slot_time) == (4, time(14, 0))
    assert "Networking slot: Friday 14:00" in chat.say("/settings")
    chat.say("/settings slot off")
    assert chat.profile().slot_weekday is None


def test_positioning_is_stored(chat):
    chat.say("/settings positioning I develop residential projects in Munich.")

    assert chat.profile().positioning == "I develop residential projects in Munich."
    assert "Positioning: I develop residential projects in Munich." in chat.say("/settings")


def test_cadence_of_a_circle_moves_due_dates_of_that_circle_only(chat):
    chat.say("/add Clara Nah close")
    chat.say("/add Carl Eigen close every 8 weeks")
    chat.say("/add Anna Schmidt")
    for name in ("Clara", "Carl", "Anna"):
        chat.say(f"/log {name} call {(chat.clock.now.date() - timedelta(days=25)).isoformat()}")
    assert chat.say("/due").startswith("Nobody is due yet. With 3 contacts")

    assert chat.say("/settings cadence close 3 weeks") == "Circle close now every 3 weeks."

    assert chat.say("/due") == (
        "1 contact is due:\n1. Call Clara Nah: last contact 25 days ago (every 3 weeks)")
    assert "Circle: close, every 3 weeks" in chat.say("/contact Clara")
    assert "Circle: close, every 8 weeks" in chat.say("/contact Carl")


@pytest.mark.parametrize("command", [
    "/settings language fr",
    "/settings language",
    "/settings timezone Qwxyz",
    "/settings timezone",
    "/settings budget -5",
    "/settings budget 0",
    "/settings budget abc",
    "/settings budget 99999",
    "/settings nudge 25:99",
    "/settings nudge",
    "/settings nudge sometimes",
    "/settings slot",
    "/settings slot Friday",
    "/settings slot Someday 14:00",
    "/settings positioning",
    "/settings positioning " + "long " * 100,
    "/settings cadence",
    "/settings cadence close",
    "/settings cadence cosy 3 weeks",
    "/settings cadence close 0 weeks",
    "/settings cadence close 100 years",
    "/settings colour blue",
])
def test_bad_values_get_a_friendly_message_and_change_nothing(chat, database, command):
    chat.say("/add Anna Schmidt close")
    before = database.snapshot()

    answer = chat.say(command)

    assert answer
    assert "Traceback" not in answer
    assert database.snapshot() == before
