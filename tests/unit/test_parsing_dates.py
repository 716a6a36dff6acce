"""Past days for /log and birthdays for contacts, in English and German."""

from datetime import date

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
        "1.1.1066",
    ],
)
def test_impossible_or_unreadable_birthdays_are_rejected(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_birthday(text, TODAY)
    assert caught.value.key == "bad_birthday"
    assert caught.value.params == {"value": text}
