"""Days of past touchpoints and birthdays, as typed in English or German.

The common forms (ISO, ``26.08.``, "gestern", weekday names) are read directly;
forms with a month name go through ``dateparser``, which knows both languages'
month names and spellings. ``dateparser`` reads almost anything as a date
("20m" becomes twenty minutes ago), so it only ever sees phrases that already
look like day + month name.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from coach.commands import Birthday, ParseError
from coach.parsing.durations import FULL_WEEKDAY_NAMES, parse_weekday

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_MONTH_NAMES = (
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may",
    "june", "jun", "july", "jul", "august", "aug", "september", "sep", "sept",
    "october", "oct", "november", "nov", "december", "dec",
    "januar", "jänner", "februar", "märz", "mär", "mrz", "mai", "juni", "juli",
    "oktober", "okt", "dezember", "dez",
)  # fmt: skip
# Every month word the month-name path accepts, mapped to what dateparser understands.
_MONTH_WORDS: dict[str, str] = {word: word for word in _MONTH_NAMES} | {
    "maerz": "märz",
    "jaenner": "jänner",
}

_RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "heute": 0, "yesterday": 1, "gestern": 1, "vorgestern": 2,
}  # fmt: skip

_LAST_WORDS = frozenset(
    {"last", "past", "letzten", "letzte", "letzter", "letztem", "vergangenen", "vergangene"}
)
_ON_WORDS = frozenset({"on", "am"})

_AGO_UNITS: dict[str, int] = {
    **dict.fromkeys(("day", "days", "tag", "tagen", "tage"), 1),
    **dict.fromkeys(("week", "weeks", "woche", "wochen"), 7),
}
_COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "einem": 1, "einer": 1, "ein": 1, "eine": 1,
    "two": 2, "zwei": 2, "three": 3, "drei": 3, "four": 4, "vier": 4,
    "five": 5, "fünf": 5, "six": 6, "sechs": 6,
}  # fmt: skip

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
_DAY_NUMBER_RE = re.compile(r"(\d{1,2})(?:\.|st|nd|rd|th)?")
_YEAR_RE = re.compile(r"\d{4}")

# How far back a year-less day may reach: far enough to find the last 29 February.
_YEARS_BACK = 8


@cache
def _month_name_parser() -> DateDataParser:
    """One dateparser instance, built on first use: loading its languages is slow."""
    from dateparser.date import DateDataParser

    # The year is always part of the phrase, so no relative base (and no clock) is used.
    return DateDataParser(
        languages=["en", "de"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
    )


def _norm(token: str) -> str:
    return token.casefold().rstrip(",;")


def _month_word(token: str) -> str | None:
    return _MONTH_WORDS.get(_norm(token).rstrip("."))


def _day_number(token: str) -> int | None:
    match = _DAY_NUMBER_RE.fullmatch(_norm(token))
    return int(match[1]) if match else None


def _year_number(token: str) -> int | None:
    cleaned = _norm(token)
    return int(cleaned) if _YEAR_RE.fullmatch(cleaned) else None


def _month_name_day_month(day: int, month_word: str) -> tuple[int, int] | None:
    """Day and month for "15 März"-like input, checked in a leap year; None if impossible."""
    data = _month_name_parser().get_date_data(f"{day} {month_word} 2000")
    if data.date_obj is None:
        return None
    return data.date_obj.day, data.date_obj.month


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _past_day(day: int, month: int, year: int | None, today: date, raw: str) -> date:
    """The day itself if the year is given, else its most recent occurrence up to today."""
    if year is not None:
        found = _valid(year, month, day)
        if found is None:
            raise ParseError("bad_date", value=raw)
        if found > today:
            raise ParseError("date_in_future", value=raw)
        return found
    if _valid(2000, month, day) is None:
        raise ParseError("bad_date", value=raw)
    for candidate_year in range(today.year, today.year - _YEARS_BACK, -1):
        found = _valid(candidate_year, month, day)
        if found is not None and found <= today:
            return found
    raise ParseError("bad_date", value=raw)  # pragma: no cover - a leap year is always in reach


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _take_numeric(token: str, today: date) -> date | None:
    cleaned = _norm(token)
    if match := _ISO_RE.fullmatch(cleaned):
        return _past_day(int(match[3]), int(match[2]), int(match[1]), today, token)
    if match := _DOTTED_RE.fullmatch(cleaned):
        year = _full_year(match[3]) if match[3] else None
        return _past_day(int(match[1]), int(match[2]), year, today, token)
    return None


def _take_weekday(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """ "Freitag", "last friday", "am Montag": the most recent such day.

    With "last"/"letzten" the day is strictly before today: said on a Thursday,
    "last Thursday" means a week ago.
    """
    words = [_norm(t).rstrip(".") for t in tokens[i : i + 2]]
    strictly_before = False
    used = 0
    if len(words) == 2 and (words[0] in _LAST_WORDS or words[0] in _ON_WORDS):
        strictly_before = words[0] in _LAST_WORDS
        used = 1
    if used >= len(words) or words[used] not in FULL_WEEKDAY_NAMES:
        return None
    weekday = parse_weekday(words[used])
    if weekday is None:  # pragma: no cover - every full name is a weekday
        return None
    back = (today.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return today - timedelta(days=back), used + 1


def _take_ago(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """ "3 days ago", "a week ago", "vor 3 Tagen", "vor einer Woche"."""
    words = [_norm(t) for t in tokens[i : i + 3]]
    if len(words) < 3:
        return None
    if words[0] == "vor":
        count_word, unit, used = words[1], words[2], 3
    elif words[2] == "ago":
        count_word, unit, used = words[0], words[1], 3
    else:
        return None
    count = (int(count_word) if count_word.isdigit() and len(count_word) <= 6
             else _COUNT_WORDS.get(count_word))
    if count is None or unit not in _AGO_UNITS:
        return None
    try:
        return today - timedelta(days=count * _AGO_UNITS[unit]), used
    except OverflowError:
        return None


def _take_month_name(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """ "15. April", "15 April 2025", "April 15", "April 15, 2025"."""
    window = tokens[i : i + 3]
    if len(window) < 2:
        return None
    if (month_word := _month_word(window[1])) is not None:
        day = _day_number(window[0])
    elif (month_word := _month_word(window[0])) is not None:
        day = _day_number(window[1])
    else:
        return None
    if day is None:
        return None
    year = _year_number(window[2]) if len(window) == 3 else None
    used = 3 if year is not None else 2
    raw = " ".join(window[:used])
    day_month = _month_name_day_month(day, month_word)
    if day_month is None:
        raise ParseError("bad_date", value=raw)
    return _past_day(day_month[0], day_month[1], year, today, raw), used


def take_day(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """Read a past day (or today) at ``tokens[i]`` from one to three tokens.

    Returns (day, tokens used), or None when the tokens are not a day. A year-less
    day that has not come yet this year means last year's, since logs are about
    the past; an explicit future date raises ``date_in_future`` and an impossible
    one ``bad_date``.
    """
    if i >= len(tokens):
        return None
    first = _norm(tokens[i])
    if first in _RELATIVE_DAYS:
        return today - timedelta(days=_RELATIVE_DAYS[first]), 1
    if [_norm(t) for t in tokens[i : i + 3]] == ["day", "before", "yesterday"]:
        return today - timedelta(days=2), 3
    if (numeric := _take_numeric(tokens[i], today)) is not None:
        return numeric, 1
    return (
        _take_weekday(tokens, i, today)
        or _take_ago(tokens, i, today)
        or _take_month_name(tokens, i, today)
    )


def _birthday(day: int, month: int, year: int | None, text: str) -> Birthday:
    # Without a year, 29 February is fine: leap-day birthdays exist.
    if _valid(year if year is not None else 2000, month, day) is None:
        raise ParseError("bad_birthday", value=text)
    if year is not None and year < 1900:
        raise ParseError("bad_birthday", value=text)
    return Birthday(day=day, month=month, year=year)


def parse_birthday(text: str) -> Birthday:
    """Read a birthday with or without year: "15.04.", "15. April 1976", "1976-04-15"."""
    cleaned = _norm(text.strip())
    if match := _ISO_RE.fullmatch(cleaned):
        return _birthday(int(match[3]), int(match[2]), int(match[1]), text)
    if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.?(\d{4})?", cleaned):
        year = int(match[3]) if match[3] else None
        return _birthday(int(match[1]), int(match[2]), year, text)
    tokens = text.split()
    if len(tokens) in (2, 3):
        if (month_word := _month_word(tokens[1])) is not None:
            day = _day_number(tokens[0])
        elif (month_word := _month_word(tokens[0])) is not None:
            day = _day_number(tokens[1])
        else:
            raise ParseError("bad_birthday", value=text)
        year = _year_number(tokens[2]) if len(tokens) == 3 else None
        if day is None or (len(tokens) == 3 and year is None):
            raise ParseError("bad_birthday", value=text)
        day_month = _month_name_day_month(day, month_word)
        if day_month is None:
            raise ParseError("bad_birthday", value=text)
        return _birthday(day_month[0], day_month[1], year, text)
    raise ParseError("bad_birthday", value=text)
