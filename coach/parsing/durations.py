"""Durations, periods, clock times and weekdays as users type them, in English and German.

Each parser returns None for text that is not of its kind, so callers can try
several readings of the same token; only text that clearly is a duration but an
unusable one raises :class:`~coach.commands.ParseError`: out of range, an unknown
unit ("3 fortnights"), or digits other than 0 to 9 ("²m"). Clock times live in
:mod:`coach.parsing.clock`.
"""

from __future__ import annotations

import re

from coach.commands import ParseError
from coach.parsing.numbers import (
    ascii_count,
    refuse_any_other_digits,
    refuse_other_digits,
    refuse_other_digits_at,
)

MAX_MINUTES = 24 * 60

MINUTE_UNITS = frozenset({"m", "min", "min.", "mins", "minute", "minutes", "minuten", "mn"})
HOUR_UNITS = frozenset(
    {"h", "hr", "hrs", "hour", "hours", "std", "std.", "stunde", "stunden", "stdn", "stdn."}
)

_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_UNIT = "|".join(sorted((re.escape(u) for u in MINUTE_UNITS | HOUR_UNITS), key=len, reverse=True))
_AMOUNT_RE = re.compile(rf"({_NUMBER})\s*({_UNIT})?")
_HOURS_MINUTES_RE = re.compile(r"([0-9]+)\s*h\s*([0-9]{1,2})\s*(?:m|min\.?)?")
_BARE_NUMBER_RE = re.compile(_NUMBER)

# Trailing separators belong to the sentence, not to the value.
_TRAILING = ",;"


def _clean(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(_TRAILING).strip()


def _checked(minutes: float, text: str) -> int:
    if not 0 < minutes <= MAX_MINUTES:  # also inf, which round() cannot take
        raise ParseError("duration_out_of_range", value=text)
    whole = round(minutes)
    if whole <= 0 or whole > MAX_MINUTES:
        raise ParseError("duration_out_of_range", value=text)
    return whole


def parse_minutes(text: str) -> int | None:
    """Read a duration such as "20m", "1,5h" or "2 Stunden" as whole minutes.

    A bare number counts as minutes, because settings like ``/settings budget 90``
    give one. Zero or more than a day is a duration the coach cannot use, so it
    raises ``duration_out_of_range`` rather than passing as "not a duration".
    """
    refuse_any_other_digits(text)
    return _parse_minutes(text)


def _parse_minutes(text: str) -> int | None:
    cleaned = _clean(text)
    if match := _HOURS_MINUTES_RE.fullmatch(cleaned):
        if len(match[1]) > 4:
            raise ParseError("duration_out_of_range", value=text)
        return _checked(int(match[1]) * 60 + int(match[2]), text)
    match = _AMOUNT_RE.fullmatch(cleaned)
    if match is None:
        return None
    amount = float(match[1].replace(",", "."))
    unit = match[2]
    if unit is None or unit in MINUTE_UNITS:
        if unit is None and not amount.is_integer():
            return None
        return _checked(amount, text)
    return _checked(amount * 60, text)


def is_duration_unit(token: str) -> bool:
    """Whether a token is a minute or hour unit on its own, like "Min." or "Stunden"."""
    unit = _clean(token)
    return unit in MINUTE_UNITS or unit in HOUR_UNITS


def take_minutes(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read a duration at ``tokens[i]`` from one or two tokens: (minutes, tokens used).

    A bare number only counts when a unit token follows, so that a year or a count
    inside a note is never mistaken for a duration.
    """
    if i >= len(tokens):
        return None
    return refuse_other_digits_at(_take_minutes, tokens, i)


def _take_minutes(tokens: list[str], i: int) -> tuple[int, int] | None:
    token = tokens[i]
    if _BARE_NUMBER_RE.fullmatch(_clean(token)):
        if i + 1 < len(tokens) and is_duration_unit(tokens[i + 1]):
            minutes = _parse_minutes(f"{token} {tokens[i + 1]}")
            return None if minutes is None else (minutes, 2)
        return None
    minutes = _parse_minutes(token)
    return None if minutes is None else (minutes, 1)


_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1,
    "two": 2, "zwei": 2, "three": 3, "drei": 3, "four": 4, "vier": 4, "five": 5,
    "fünf": 5, "six": 6, "sechs": 6, "seven": 7, "sieben": 7, "eight": 8, "acht": 8,
    "nine": 9, "neun": 9, "ten": 10, "zehn": 10, "eleven": 11, "elf": 11,
    "twelve": 12, "zwölf": 12,
}  # fmt: skip

_PERIOD_UNITS: dict[str, int] = {
    **dict.fromkeys(("d", "day", "days", "tag", "tage", "tagen"), 1),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "wo", "woche", "wochen"), 7),
    **dict.fromkeys(("mo", "mon", "month", "months", "monat", "monate", "monaten"), 30),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years", "jahr", "jahre", "jahren"), 365),
}

_PERIOD_ADVERBS: dict[str, int] = {
    **dict.fromkeys(("daily", "täglich"), 1),
    **dict.fromkeys(("weekly", "wöchentlich"), 7),
    **dict.fromkeys(("biweekly", "fortnightly", "zweiwöchentlich"), 14),
    **dict.fromkeys(("monthly", "monatlich"), 30),
    **dict.fromkeys(("quarterly", "vierteljährlich", "quartalsweise"), 90),
    **dict.fromkeys(("yearly", "annually", "jährlich"), 365),
}

_PERIOD_PREFIXES = frozenset({"every", "each", "alle", "jede", "jeden", "jedes", "all"})
_COMPACT_PERIOD_RE = re.compile(r"([0-9]+)([a-zäöü]+)")


def parse_period_days(text: str) -> int | None:
    """Read a recurring period such as "alle 6 Wochen" or "quarterly" as days.

    Months count as 30 days and years as 365: cadences are rough on purpose.
    A bare number means days. A number with a word that is no unit ("3
    fortnights", "2 Stunden") raises ``unknown_unit``, so that the caller can say
    which units exist instead of reading the words as something else; a period of
    zero raises ``period_out_of_range``.
    """
    refuse_any_other_digits(text)
    return _parse_period_days(text)


def _parse_period_days(text: str) -> int | None:
    words = _clean(text).split()
    if words and words[0] in _PERIOD_PREFIXES:
        words = words[1:]
    if len(words) == 1 and words[0] in _PERIOD_ADVERBS:
        return _PERIOD_ADVERBS[words[0]]
    if len(words) == 1 and (match := _COMPACT_PERIOD_RE.fullmatch(words[0])):
        words = [match[1], match[2]]
    if len(words) == 1 and words[0] in _PERIOD_UNITS:
        words = ["1", words[0]]
    if len(words) == 1:
        count = ascii_count(words[0])
        if count == 0:
            raise ParseError("period_out_of_range", value=text.strip())
        return count
    if len(words) != 2:
        return None
    count_word, unit = words[0], words[1].rstrip(".")
    count = ascii_count(count_word)
    if unit not in _PERIOD_UNITS:
        # Only after digits: "Anna ein Freund" may well be a name, "Anna 3 Freunde" is not.
        if count is not None and unit.isalpha():
            typed = text.split()[-1] if text.split() else unit
            raise ParseError("unknown_unit", value=typed.rstrip(_TRAILING))
        return None
    if count is None:
        count = _NUMBER_WORDS.get(count_word)
    if count is None:
        return None
    if count == 0:
        raise ParseError("period_out_of_range", value=text.strip())
    return count * _PERIOD_UNITS[unit]


def split_trailing_period(words: list[str]) -> tuple[int | None, str]:
    """"Anna Schmidt 2 weeks" → (14, "Anna Schmidt"); no period → (None, all words).

    Used by /snooze, whose name comes first and whose period is optional. A
    trailing number with an unknown unit ("Anna 3 fortnights") raises
    ``unknown_unit`` rather than becoming part of the name.
    """
    for size in (3, 2, 1):
        if len(words) > size:
            # The words may end a name ("Studio²"): only a number in them is refused.
            days = refuse_other_digits(_parse_period_days, " ".join(words[-size:]))
            if days is not None:
                return days, " ".join(words[:-size])
    return None, " ".join(words)


_WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("monday", "mon", "mo", "montag"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "di", "dienstag"), 1),
    **dict.fromkeys(("wednesday", "wed", "mi", "mittwoch"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs", "do", "donnerstag"), 3),
    **dict.fromkeys(("friday", "fri", "fr", "freitag"), 4),
    **dict.fromkeys(("saturday", "sat", "sa", "samstag", "sonnabend"), 5),
    **dict.fromkeys(("sunday", "sun", "so", "sonntag"), 6),
}

# Weekday names that are never ordinary words, safe to spot inside free text.
FULL_WEEKDAY_NAMES: frozenset[str] = frozenset(
    name for name in _WEEKDAYS if len(name) > 4 or name in {"fri", "wed", "thu", "tue", "sat"}
)


def parse_weekday(text: str) -> int | None:
    """Read a weekday name or abbreviation in English or German; 0 is Monday."""
    return _WEEKDAYS.get(_clean(text).rstrip("."))
