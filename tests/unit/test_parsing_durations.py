"""Durations, periods, clock times and weekdays in English and German."""

from datetime import time

import pytest

from coach.commands import ParseError
from coach.parsing import (
    parse_clock,
    parse_minutes,
    parse_period_days,
    parse_weekday,
    split_trailing_period,
    take_minutes,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("20m", 20),
        ("20 min", 20),
        ("90min", 90),
        ("1h", 60),
        ("1 h", 60),
        ("1h30m", 90),
        ("1h30", 90),
        ("1,5h", 90),
        ("1.5 h", 90),
        ("2 hours", 120),
        ("45", 45),
        ("90", 90),
    ],
)
def test_english_and_compact_durations_are_read_as_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("15 Min.", 15), ("15 Minuten", 15), ("2 Std", 120), ("2 Stunden", 120), ("1,5 Std.", 90)],
)
def test_german_duration_with_abbreviation_is_read_as_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["lunch", "", "h", "min", "2026-08-26", "1.5", "20x", "Expo"])
def test_text_that_is_no_duration_gives_none(text: str) -> None:
    assert parse_minutes(text) is None


@pytest.mark.parametrize("text", ["0m", "0", "25h", "1441", "1441 min"])
def test_zero_or_more_than_a_day_is_out_of_range(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_minutes(text)
    assert caught.value.key == "duration_out_of_range"
    assert caught.value.params == {"value": text}


def test_a_full_day_is_still_in_range() -> None:
    assert parse_minutes("24h") == 1440


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["20m", "lunch"], (20, 1)),
        (["15", "Min.", "gestern"], (15, 2)),
        (["1", "h"], (60, 2)),
        (["2", "Stunden"], (120, 2)),
        (["1,5", "h"], (90, 2)),
        (["90min,", "note"], (90, 1)),
    ],
)
def test_take_minutes_reads_one_or_two_tokens(tokens: list[str], expected: tuple[int, int]) -> None:
    assert take_minutes(tokens, 0) == expected


@pytest.mark.parametrize(
    "tokens", [["2026"], ["3", "people"], ["3"], ["lunch"], ["Expo", "Real"], []]
)
def test_take_minutes_ignores_bare_numbers_without_a_unit(tokens: list[str]) -> None:
    assert take_minutes(tokens, 0) is None


def test_take_minutes_starts_at_the_given_index() -> None:
    assert take_minutes(["Anna", "call", "20", "min"], 2) == (20, 2)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("6 weeks", 42),
        ("every 6 weeks", 42),
        ("alle 6 Wochen", 42),
        ("2 months", 60),
        ("2 Monate", 60),
        ("3 weeks", 21),
        ("1 week", 7),
        ("eine Woche", 7),
        ("a month", 30),
        ("10 days", 10),
        ("10 Tage", 10),
        ("1 year", 365),
        ("1 Jahr", 365),
        ("quarterly", 90),
        ("vierteljährlich", 90),
        ("monthly", 30),
        ("monatlich", 30),
        ("weekly", 7),
        ("wöchentlich", 7),
        ("yearly", 365),
        ("jährlich", 365),
        ("45", 45),
        ("every month", 30),
        ("alle zwei Wochen", 14),
    ],
)
def test_periods_in_english_and_german_are_read_as_days(text: str, days: int) -> None:
    assert parse_period_days(text) == days


@pytest.mark.parametrize("text", ["", "soon", "every", "ein Freund", "3 people here"])
def test_text_that_is_no_period_gives_none(text: str) -> None:
    assert parse_period_days(text) is None


@pytest.mark.parametrize("text", ["0", "0 weeks", "alle 0 Tage"])
def test_a_period_of_zero_is_out_of_range(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_period_days(text)
    assert caught.value.key == "period_out_of_range"
    assert caught.value.params == {"value": text}


def test_a_period_too_long_to_read_is_still_a_number_for_the_range_check() -> None:
    days = parse_period_days("99999999999999 weeks")
    assert days is not None
    assert days > 3650


@pytest.mark.parametrize(
    ("text", "unit"),
    [("3 fortnights", "fortnights"), ("6 apples", "apples"), ("2 Stunden", "Stunden"),
     ("alle 3 Quartale", "Quartale"), ("3fortnights", "3fortnights")],
)
def test_a_number_with_an_unknown_unit_names_the_unit(text: str, unit: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_period_days(text)
    assert caught.value.key == "unknown_unit"
    assert caught.value.params == {"value": unit}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Anna Schmidt 2 weeks", (14, "Anna Schmidt")),
        ("Anna 3 Wochen", (21, "Anna")),
        ("Anna alle 2 Monate", (60, "Anna")),
        ("Anna Schmidt", (None, "Anna Schmidt")),
        ("Anna 10", (10, "Anna")),
        ("Anna", (None, "Anna")),
    ],
)
def test_snooze_splits_a_trailing_period_from_the_name(
    words: str, expected: tuple[int | None, str]
) -> None:
    assert split_trailing_period(words.split()) == expected


@pytest.mark.parametrize("words", ["Anna 3 fortnights", "Anna Schmidt 2 Jahrzehnte"])
def test_snooze_with_an_unknown_unit_does_not_read_it_as_a_name(words: str) -> None:
    with pytest.raises(ParseError) as caught:
        split_trailing_period(words.split())
    assert caught.value.key == "unknown_unit"


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("08:30", time(8, 30)),
        ("8:30", time(8, 30)),
        ("8.30", time(8, 30)),
        ("8 Uhr", time(8, 0)),
        ("8am", time(8, 0)),
        ("2pm", time(14, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("14:00", time(14, 0)),
        ("14 Uhr 30", time(14, 30)),
    ],
)
def test_clock_times_are_read_in_both_conventions(text: str, clock: time) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize("text", ["25:00", "8:75", "13pm", "noonish", "", "24"])
def test_impossible_or_unclear_clock_times_give_none(text: str) -> None:
    assert parse_clock(text) is None


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("Friday", 4),
        ("fri", 4),
        ("Freitag", 4),
        ("Fr", 4),
        ("Fr.", 4),
        ("MONDAY", 0),
        ("Mo", 0),
        ("Dienstag", 1),
        ("wed", 2),
        ("Do", 3),
        ("Samstag", 5),
        ("Sonnabend", 5),
        ("So.", 6),
        ("sunday", 6),
    ],
)
def test_weekday_names_and_abbreviations_are_read_case_insensitively(
    text: str, weekday: int
) -> None:
    assert parse_weekday(text) == weekday


def test_unknown_weekday_gives_none() -> None:
    assert parse_weekday("Feiertag") is None


@pytest.mark.parametrize(("text", "days"), [("2 Wo.", 14), ("3 Mon.", 90), ("2 weeks.", 14)])
def test_abbreviated_units_with_a_dot_are_understood(text: str, days: int) -> None:
    assert parse_period_days(text) == days
