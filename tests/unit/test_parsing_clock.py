"""Times of day as people say them, shared by /settings nudge, /settings slot and onboarding."""

from datetime import time

import pytest

from coach.commands import ParseError
from coach.model import NudgeDays
from coach.parsing import NudgeChoice, parse_clock, parse_nudge


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("8", time(8, 0)),
        ("8 Uhr", time(8, 0)),
        ("um 8 Uhr", time(8, 0)),
        ("acht Uhr", time(8, 0)),
        ("8 Uhr morgens", time(8, 0)),
        ("8 Uhr abends", time(20, 0)),
        ("halb neun", time(8, 30)),
        ("Halb Neun", time(8, 30)),
        ("halb 9", time(8, 30)),
        ("halb neun abends", time(20, 30)),
        ("viertel nach acht", time(8, 15)),
        ("Viertel nach 8", time(8, 15)),
        ("viertel vor neun", time(8, 45)),
        ("dreiviertel neun", time(8, 45)),
        ("halb eins", time(12, 30)),
        ("viertel nach zwölf", time(12, 15)),
        ("zwölf Uhr", time(12, 0)),
        ("halb 21", time(20, 30)),
        ("20:15", time(20, 15)),
        ("20.15", time(20, 15)),
        ("20:15 Uhr", time(20, 15)),
        ("8:30 abends", time(20, 30)),
        ("mittags", time(12, 0)),
    ],
)
def test_german_times_of_day_are_understood(text: str, clock: time) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("8", time(8, 0)),
        ("8am", time(8, 0)),
        ("8 am", time(8, 0)),
        ("8 pm", time(20, 0)),
        ("8 p.m.", time(20, 0)),
        ("8:30pm", time(20, 30)),
        ("at 8", time(8, 0)),
        ("eight o'clock", time(8, 0)),
        ("8 in the evening", time(20, 0)),
        ("half past eight", time(8, 30)),
        ("quarter past eight", time(8, 15)),
        ("quarter to nine", time(8, 45)),
        ("half nine", time(9, 30)),
        ("noon", time(12, 0)),
        ("20:15", time(20, 15)),
    ],
)
def test_english_times_of_day_are_understood(text: str, clock: time) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize(
    "text",
    ["halb", "viertel nach", "24", "halb neun morgens abends", "13 Uhr abends", "acht neun",
     "soon", "halb 8:30", "quarter to", "99"],
)
def test_unclear_times_give_none(text: str) -> None:
    assert parse_clock(text) is None


@pytest.mark.parametrize("text", ["²", "８ Uhr", "halb ٩", "8:３0", "²pm"])
def test_other_digits_in_a_time_are_refused_as_numbers(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_clock(text)
    assert caught.value.key == "unicode_digits"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("08:30 weekdays", NudgeChoice(time(8, 30), NudgeDays.WEEKDAYS)),
        ("halb neun werktags", NudgeChoice(time(8, 30), NudgeDays.WEEKDAYS)),
        ("täglich viertel vor neun", NudgeChoice(time(8, 45), NudgeDays.DAILY)),
        ("8 Uhr", NudgeChoice(time(8, 0))),
        ("8 pm daily", NudgeChoice(time(20, 0), NudgeDays.DAILY)),
        ("off", NudgeChoice(days=NudgeDays.OFF)),
        ("aus", NudgeChoice(days=NudgeDays.OFF)),
        ("07:45 Mo-Fr", NudgeChoice(time(7, 45), NudgeDays.WEEKDAYS)),
        ("7:45 mo.–fr.", NudgeChoice(time(7, 45), NudgeDays.WEEKDAYS)),
        ("montags bis freitags 8 Uhr", NudgeChoice(time(8, 0), NudgeDays.WEEKDAYS)),
        ("9am Monday to Friday", NudgeChoice(time(9, 0), NudgeDays.WEEKDAYS)),
        ("9am every weekday", NudgeChoice(time(9, 0), NudgeDays.WEEKDAYS)),
        ("an Werktagen halb acht", NudgeChoice(time(7, 30), NudgeDays.WEEKDAYS)),
        ("jeden Tag 7 Uhr", NudgeChoice(time(7, 0), NudgeDays.DAILY)),
        ("every day at 8", NudgeChoice(time(8, 0), NudgeDays.DAILY)),
        ("8:15 every day", NudgeChoice(time(8, 15), NudgeDays.DAILY)),
    ],
)
def test_the_nudge_setting_reads_a_time_and_days_in_any_order(
    text: str, choice: NudgeChoice
) -> None:
    assert parse_nudge(text) == choice


@pytest.mark.parametrize("text", ["", "sometimes", "halb", "8 Uhr irgendwann"])
def test_an_unreadable_nudge_setting_gives_none(text: str) -> None:
    assert parse_nudge(text) is None


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("halb drei", time(14, 30)),
        ("viertel nach fünf", time(17, 15)),
        ("drei Uhr", time(15, 0)),
        ("halb sieben", time(6, 30)),
        ("elf Uhr", time(11, 0)),
        ("halb drei morgens", time(2, 30)),
        ("three o'clock", time(15, 0)),
        ("3", time(3, 0)),
        ("um 3", time(3, 0)),
        ("3 Uhr", time(3, 0)),
        ("3pm", time(15, 0)),
    ],
)
def test_spoken_hours_mean_the_working_day_and_digits_the_24_hour_clock(
    text: str, clock: time
) -> None:
    assert parse_clock(text) == clock
