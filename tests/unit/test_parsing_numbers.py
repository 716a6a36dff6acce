"""Numbers are read in the digits 0 to 9; any other digit gets a clear refusal, never a crash."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.commands import ParseError
from coach.parsing import (
    ascii_int,
    parse_add,
    parse_birthday,
    parse_clock,
    parse_edit,
    parse_log,
    parse_minutes,
    parse_nudge,
    parse_period_days,
    split_trailing_period,
)
from coach.parsing.numbers import has_other_digits, with_ascii_digits
from coach.render import PARSE_ERRORS

TODAY = date(2026, 11, 26)

# Every character Unicode gives a digit value: superscripts, Arabic-Indic, fullwidth, …
OTHER_DIGITS = "".join(
    char for char in map(chr, range(sys.maxunicode + 1))
    if not char.isascii() and unicodedata.digit(char, None) is not None
)


def test_the_digits_that_python_would_misread_are_all_covered() -> None:
    for char in "²³¹٣３₂①߃":
        assert char in OTHER_DIGITS
    assert not set("0123456789") & set(OTHER_DIGITS)


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("42", 42), ("007", 7)])
def test_ascii_int_reads_plain_digits(text: str, number: int) -> None:
    assert ascii_int(text) == number


@pytest.mark.parametrize("text", ["²", "٣", "３", "1²", "", "-1", "1.5", " 1", "1234567890"])
def test_ascii_int_refuses_anything_else(text: str) -> None:
    assert ascii_int(text) is None


def test_other_digits_are_mapped_to_their_ascii_value_for_the_refusal_check() -> None:
    assert with_ascii_digits("vor ² Tagen") == "vor 2 Tagen"
    assert with_ascii_digits("٣ days ago") == "3 days ago"
    assert with_ascii_digits("no digits 42") is None
    assert has_other_digits("CO₂")


# A number in one of the slots below, with at least one digit other than 0-9.
other_numbers = st.text(
    alphabet=st.sampled_from(OTHER_DIGITS + "0123456789"), min_size=1, max_size=12
).filter(has_other_digits)
short_other_numbers = other_numbers.filter(lambda text: len(text) <= 2)

# Every slot where users type a number, as a parser call.
SLOTS: dict[str, Callable[[str], object]] = {
    "log duration": lambda n: parse_log(f"Anna call {n}m", TODAY),
    "log duration with unit": lambda n: parse_log(f"Anna call {n} Min.", TODAY),
    "log hours": lambda n: parse_log(f"Anna call 1h{n}", TODAY),
    "log days ago": lambda n: parse_log(f"Anna call vor {n} Tagen", TODAY),
    "log weeks ago": lambda n: parse_log(f"Anna call {n} weeks ago", TODAY),
    "log name then duration": lambda n: parse_log(f"Anna {n}m", TODAY),
    "snooze": lambda n: split_trailing_period(["Anna", n, "weeks"]),
    "snooze days": lambda n: split_trailing_period(["Anna", n]),
    "cadence": lambda n: parse_period_days(f"alle {n} Wochen"),
    "add cadence": lambda n: parse_add(f"Anna every {n} weeks", TODAY),
    "add birthday": lambda n: parse_add(f"Anna birthday {n}.04.", TODAY),
    "edit birthday": lambda n: parse_edit(f"Anna Geburtstag 15.{n}.1980", TODAY),
    "birthday": lambda n: parse_birthday(f"{n}. April", TODAY),
    "budget": parse_minutes,
    "nudge": lambda n: parse_nudge(f"{n} Uhr werktags"),
    "clock": lambda n: parse_clock(f"{n}:30"),
    "half past": lambda n: parse_clock(f"halb {n}"),
}


def _outcome(slot: str, number: str) -> ParseError | object:
    try:
        return SLOTS[slot](number)
    except ParseError as error:
        return error


@pytest.mark.parametrize("slot", sorted(SLOTS))
@settings(max_examples=60, deadline=None)
@given(number=short_other_numbers)
def test_a_short_number_in_other_digits_is_refused_in_every_slot(slot: str, number: str) -> None:
    outcome = _outcome(slot, number)
    assert isinstance(outcome, ParseError), f"{slot}: {number!r} gave {outcome!r}"
    assert outcome.key == "unicode_digits"
    assert number in outcome.params["value"]


@pytest.mark.parametrize("slot", sorted(SLOTS))
@settings(max_examples=60, deadline=None)
@given(number=other_numbers)
def test_any_number_in_other_digits_never_crashes(slot: str, number: str) -> None:
    outcome = _outcome(slot, number)  # any exception but ParseError fails the test here
    if isinstance(outcome, ParseError):
        assert outcome.key in PARSE_ERRORS


# Slots where the whole text is the number: any other digit in it is refused, at any length.
# (Inside /log a long digit string is no duration or day even in 0-9, so it stays in the note.)
WHOLE_VALUE_SLOTS = ("budget", "cadence", "clock", "half past", "nudge", "birthday",
                     "add cadence", "add birthday", "edit birthday", "snooze", "snooze days")


@pytest.mark.parametrize("slot", WHOLE_VALUE_SLOTS)
@settings(max_examples=60, deadline=None)
@given(number=other_numbers)
def test_a_whole_value_in_other_digits_is_refused_at_any_length(slot: str, number: str) -> None:
    outcome = _outcome(slot, number)
    assert isinstance(outcome, ParseError), f"{slot}: {number!r} gave {outcome!r}"
    assert outcome.key == "unicode_digits"


@pytest.mark.parametrize(
    "text",
    ["Anna call ²m", "Anna call vor ² Tagen", "Anna call ٣ days ago", "Anna call ３m",
     "Anna call 1h³", "Anna call ¹⁵.⁰⁴.", "Anna ²⁰ Min. gestern"],
)
def test_the_reported_examples_are_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(text, TODAY)
    assert caught.value.key == "unicode_digits"


def test_other_digits_inside_a_note_are_kept() -> None:
    command = parse_log("Anna call 20m CO₂ targets for ²⁰²⁷", TODAY)
    assert command.minutes == 20
    assert command.note == "CO₂ targets for ²⁰²⁷"
