"""The day after "until" in /snooze: always ahead, in English and German."""

from __future__ import annotations

from datetime import date

import pytest

from coach.commands import ParseError
from coach.parsing.until import read_day_ahead, split_trailing_until

THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", date(2026, 11, 30)),
        ("Montag", date(2026, 11, 30)),
        ("Thursday", date(2026, 12, 3)),  # today's weekday means a week ahead
        ("Fr.", date(2026, 11, 27)),
        ("nächsten Freitag", date(2026, 11, 27)),
        ("15.12.", date(2026, 12, 15)),
        ("3.1.", date(2027, 1, 3)),  # already past this year: next year's
        ("26.11.", date(2027, 11, 26)),  # today is not ahead
        ("2027-02-01", date(2027, 2, 1)),
        ("15. Dezember", date(2026, 12, 15)),
        ("December 15", date(2026, 12, 15)),
        ("15 March 2027", date(2027, 3, 15)),
        ("zum 1.12.2026", date(2026, 12, 1)),
        ("next week", date(2026, 11, 30)),
        ("nächste Woche", date(2026, 11, 30)),
        ("next month", date(2026, 12, 1)),
    ],
)
def test_a_day_ahead(text: str, expected: date) -> None:
    assert read_day_ahead(text, THURSDAY) == expected


def test_next_month_in_december_is_january() -> None:
    assert read_day_ahead("next month", date(2026, 12, 10)) == date(2027, 1, 1)


@pytest.mark.parametrize("text", ["", "someday", "30.02.", "1.1.2020", "31 June", "13.13."])
def test_no_day_ahead(text: str) -> None:
    assert read_day_ahead(text, THURSDAY) is None


def test_other_digits_are_refused_with_their_own_message() -> None:
    with pytest.raises(ParseError) as error:
        read_day_ahead("1².12.", THURSDAY)
    assert error.value.key == "unicode_digits"


def test_the_name_is_what_comes_before_until() -> None:
    assert split_trailing_until(["Anna", "Schmidt", "bis", "Montag"], THURSDAY) == (
        date(2026, 11, 30), "Anna Schmidt")
    assert split_trailing_until(["Anna", "Schmidt", "2", "weeks"], THURSDAY) == (
        None, "Anna Schmidt 2 weeks")
    with pytest.raises(ParseError) as error:
        split_trailing_until(["Anna", "until"], THURSDAY)
    assert error.value.key == "bad_until_day"
