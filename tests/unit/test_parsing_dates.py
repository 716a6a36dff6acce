"""Past days for /log and birthdays for contacts, in English and German."""

from datetime import date, timedelta

import pytest

from coach.commands import Birthday, ParseError
from coach.parsing import parse_birthday, take_day
from coach.parsing.dates import _MONTH_WORDS

TODAY = date(2026, 11, 26)  # a Thursday


def _day(text: str, today: date = TODAY) -> tuple[date, int] | None:
    return take_day(text.split(), 0, today)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("heute", TODAY),
        ("yesterday", date(2026, 11, 25)),
        ("gestern", date(2026, 11, 25)),
        ("Gestern,", date(2026, 11, 25)),
        ("vorgestern", date(2026, 11, 24)),
        ("2026-08-26", date(2026, 8, 26)),
        ("26.08.2026", date(2026, 8, 26)),
        ("26.08.26", date(2026, 8, 26)),
        ("26.08.", date(2026, 8, 26)),
        ("26.8.", date(2026, 8, 26)),
        ("26.11.", TODAY),
    ],
)
def test_single_token_days_are_read_on_the_fast_path(text: str, day: date) -> None:
    assert _day(text) == (day, 1)


@pytest.mark.parametrize(
    ("text", "day", "used"),
    [
        ("monday", date(2026, 11, 23), 1),
        ("Montag", date(2026, 11, 23), 1),
        ("Thursday", TODAY, 1),
        ("Freitag", date(2026, 11, 20), 1),
        ("last friday", date(2026, 11, 20), 2),
        ("letzten Freitag", date(2026, 11, 20), 2),
        ("last thursday", date(2026, 11, 19), 2),
        ("am Dienstag", date(2026, 11, 24), 2),
        ("on sunday", date(2026, 11, 22), 2),
    ],
)
def test_weekday_names_mean_the_most_recent_such_day(text: str, day: date, used: int) -> None:
    assert _day(text) == (day, used)


@pytest.mark.parametrize(
    ("text", "day", "used"),
    [
        ("3 days ago", date(2026, 11, 23), 3),
        ("vor 3 Tagen", date(2026, 11, 23), 3),
        ("a week ago", date(2026, 11, 19), 3),
        ("vor einer Woche", date(2026, 11, 19), 3),
        ("day before yesterday", date(2026, 11, 24), 3),
    ],
)
def test_relative_phrases_count_back_from_today(text: str, day: date, used: int) -> None:
    assert _day(text) == (day, used)


@pytest.mark.parametrize(
    ("text", "day", "used"),
    [
        ("April 15", date(2026, 4, 15), 2),
        ("15. April", date(2026, 4, 15), 2),
        ("15 April 2025", date(2025, 4, 15), 3),
        ("April 15, 2025", date(2025, 4, 15), 3),
        ("15. März", date(2026, 3, 15), 2),
        ("15 Mrz lunch", date(2026, 3, 15), 2),
        ("3rd Nov", date(2026, 11, 3), 2),
    ],
)
def test_month_name_days_are_read_in_english_and_german(text: str, day: date, used: int) -> None:
    assert _day(text) == (day, used)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("24.12.", date(2025, 12, 24)),
        ("Dezember 24", date(2025, 12, 24)),
        ("27. November", date(2025, 11, 27)),
        ("29.02.", date(2024, 2, 29)),
    ],
)
def test_a_future_day_without_year_means_the_last_one_that_happened(text: str, day: date) -> None:
    result = _day(text)
    assert result is not None
    assert result[0] == day


@pytest.mark.parametrize("text", ["2026-12-01", "01.12.2026", "1 December 2026", "2027-01-01"])
def test_an_explicit_future_date_is_rejected(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        _day(text)
    assert caught.value.key == "date_in_future"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("text", ["31.02.", "2026-02-30", "32.01.2026", "31. April", "29.02.2025"])
def test_an_impossible_date_is_rejected(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        _day(text)
    assert caught.value.key == "bad_date"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize(
    "text",
    [
        "lunch",
        "at",
        "Expo",
        "Expo Real",
        "20m",
        "call",
        "2026",
        "3",
        "8.30",
        "1.5",
        "May",
        "Jan Müller",
        "April Jones",
        "next week",
        "last call",
        "on site",
        "am Stand",
        "vor Ort",
        "3 people ago",
        "so nice",
        "do it",
        "",
    ],
)
def test_words_that_are_not_days_give_none(text: str) -> None:
    assert _day(text) is None


def test_take_day_starts_at_the_given_index() -> None:
    tokens = ["Anna", "call", "gestern", "lunch"]
    assert take_day(tokens, 2, TODAY) == (date(2026, 11, 25), 1)


@pytest.mark.parametrize("word", sorted(_MONTH_WORDS))
def test_every_accepted_month_word_is_understood(word: str) -> None:
    result = _day(f"1 {word} 2020")
    assert result is not None
    assert result[0].year == 2020
    assert result[0].day == 1


@pytest.mark.parametrize(
    ("text", "birthday"),
    [
        ("15.04.", Birthday(15, 4)),
        ("15.04.1976", Birthday(15, 4, 1976)),
        ("15.4.", Birthday(15, 4)),
        ("15.4", Birthday(15, 4)),
        ("April 15", Birthday(15, 4)),
        ("15. April", Birthday(15, 4)),
        ("15 April 1976", Birthday(15, 4, 1976)),
        ("1976-04-15", Birthday(15, 4, 1976)),
        ("29.02.", Birthday(29, 2)),
        ("29.02.1976", Birthday(29, 2, 1976)),
        ("3. Oktober", Birthday(3, 10)),
    ],
)
def test_birthdays_are_read_with_or_without_year(text: str, birthday: Birthday) -> None:
    assert parse_birthday(text, TODAY) == birthday


@pytest.mark.parametrize(
    "text",
    [
        "31.04.",
        "29.02.1975",
        "32.1.",
        "15.13.",
        "April",
        "someday",
        "",
        "15 April next",
    ],
)
def test_impossible_or_unreadable_birthdays_are_rejected(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_birthday(text, TODAY)
    assert caught.value.key == "bad_birthday"
    assert caught.value.params == {"value": text}


# --- the future, vague phrases and implausible days -----------------------------------


@pytest.mark.parametrize(
    "text",
    ["morgen", "Morgen", "tomorrow", "übermorgen", "uebermorgen", "day after tomorrow",
     "the day after tomorrow"],
)
def test_tomorrow_and_the_day_after_are_refused_as_the_future(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        _day(text)
    assert caught.value.key == "date_in_future"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # A week back on the same weekday, as "1 week ago": Thursday a week earlier.
        ("letzte Woche", date(2026, 11, 19)),
        ("last week", date(2026, 11, 19)),
        ("vergangene Woche", date(2026, 11, 19)),
        ("in der letzten Woche", date(2026, 11, 19)),
        ("vorletzte Woche", date(2026, 11, 12)),
        ("the week before last", date(2026, 11, 12)),
        ("week before last", date(2026, 11, 12)),
        ("vor 3 Wochen", date(2026, 11, 5)),
        ("3 weeks ago", date(2026, 11, 5)),
        ("vor zwei Wochen", date(2026, 11, 12)),
        # The beginning of this week is its Monday, of this month its first.
        ("Anfang der Woche", date(2026, 11, 23)),
        ("Anfang dieser Woche", date(2026, 11, 23)),
        ("earlier this week", date(2026, 11, 23)),
        ("Anfang des Monats", date(2026, 11, 1)),
        ("Monatsanfang", date(2026, 11, 1)),
        ("earlier this month", date(2026, 11, 1)),
        ("beginning of the month", date(2026, 11, 1)),
        ("Anfang letzter Woche", date(2026, 11, 16)),
        ("early last week", date(2026, 11, 16)),
        ("Ende letzter Woche", date(2026, 11, 20)),
        ("end of last week", date(2026, 11, 20)),
        ("Anfang letzten Monats", date(2026, 10, 1)),
        ("Ende letzten Monats", date(2026, 10, 31)),
        ("letzten Monat", date(2026, 10, 26)),
        ("last month", date(2026, 10, 26)),
        ("vor 2 Monaten", date(2026, 9, 26)),
        ("a month ago", date(2026, 10, 26)),
        ("vor einem Jahr", date(2025, 11, 26)),
    ],
)
def test_vague_phrases_land_on_the_documented_day(text: str, day: date) -> None:
    assert _day(text) == (day, len(text.split()))


def test_a_phrase_is_read_as_a_whole_before_the_words_after_it() -> None:
    assert _day("letzte Woche beim Kaffee") == (date(2026, 11, 19), 2)


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 23), date(2026, 11, 1), date(2026, 3, 31), date(2024, 2, 29),
     date(2026, 1, 1), date(2026, 11, 29)],
)
@pytest.mark.parametrize(
    "text",
    ["letzte Woche", "last week", "vorletzte Woche", "Anfang der Woche", "earlier this week",
     "Anfang des Monats", "earlier this month", "Ende letzter Woche", "Anfang letzten Monats",
     "Ende letzten Monats", "letzten Monat", "vor 2 Monaten", "vor einem Jahr"],
)
def test_vague_phrases_are_never_in_the_future_on_any_day(text: str, today: date) -> None:
    result = _day(text, today)
    assert result is not None
    assert result[0] <= today
    assert result[0] >= date(today.year - 1, today.month, 1)


def test_last_week_lies_in_the_previous_calendar_week() -> None:
    for offset in range(7):
        today = date(2026, 11, 23) + timedelta(days=offset)
        result = _day("letzte Woche", today)
        assert result is not None
        assert result[0].isocalendar().week == today.isocalendar().week - 1


@pytest.mark.parametrize(
    ("text", "today", "day"),
    [
        ("24.12.", date(2026, 11, 26), date(2025, 12, 24)),
        ("26.11.", date(2026, 11, 26), date(2026, 11, 26)),
        ("27.11.", date(2026, 11, 26), date(2025, 11, 27)),
        ("01.01.", date(2027, 1, 1), date(2027, 1, 1)),
        ("31.12.", date(2027, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_day_without_year_is_the_most_recent_past_such_day(
    text: str, today: date, day: date
) -> None:
    assert _day(text, today) == (day, 1)


@pytest.mark.parametrize(
    "text", ["1900-01-01", "0001-01-01", "01.01.1970", "vor 999999 Wochen", "vor 51 Jahren",
             "1 January 1950"],
)
def test_a_touchpoint_more_than_fifty_years_back_is_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        _day(text)
    assert caught.value.key == "date_too_old"
    assert caught.value.params == {"value": text}


def test_fifty_years_back_is_still_accepted() -> None:
    assert _day("26.11.1976") == (date(1976, 11, 26), 1)
    assert _day("vor 50 Jahren") == (date(1976, 11, 26), 3)


@pytest.mark.parametrize("text", ["2030-01-01", "27.11.2026", "1. Dezember 2026"])
def test_a_birthday_in_the_future_is_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_birthday(text, TODAY)
    assert caught.value.key == "birthday_in_future"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("text", ["1.1.1066", "1899-12-31", "15. April 1850"])
def test_a_birthday_before_1900_is_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_birthday(text, TODAY)
    assert caught.value.key == "birthday_too_early"
    assert caught.value.params == {"value": text}


def test_a_birthday_today_or_in_1900_is_fine() -> None:
    assert parse_birthday("26.11.2026", TODAY) == Birthday(26, 11, 2026)
    assert parse_birthday("1900-01-01", TODAY) == Birthday(1, 1, 1900)
    # Without a year, any real day is fine, whatever today is.
    assert parse_birthday("24.12.", TODAY) == Birthday(24, 12)


@pytest.mark.parametrize(
    ("text", "day"),
    [("05.03.25", date(2025, 3, 5)), ("01.01.99", date(1999, 1, 1)),
     ("26.11.26", date(2026, 11, 26))],
)
def test_a_two_digit_year_is_the_nearest_such_year(text: str, day: date) -> None:
    assert _day(text) == (day, 1)


def test_a_two_digit_year_just_ahead_is_the_future_not_a_century_ago() -> None:
    with pytest.raises(ParseError) as caught:
        _day("01.01.27")
    assert caught.value.key == "date_in_future"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("heute morgen", TODAY),
        ("heute Abend", TODAY),
        ("this morning", TODAY),
        ("tonight", TODAY),
        ("gestern Abend", date(2026, 11, 25)),
        ("gestern morgen", date(2026, 11, 25)),
        ("yesterday afternoon", date(2026, 11, 25)),
        ("last night", date(2026, 11, 25)),
    ],
)
def test_a_part_of_the_day_goes_with_the_day_and_heute_morgen_is_not_tomorrow(
    text: str, day: date
) -> None:
    assert _day(text) == (day, len(text.split()))
