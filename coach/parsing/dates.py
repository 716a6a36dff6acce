"""Days of past touchpoints and birthdays, as typed in English or German.

The common forms (ISO, ``26.08.``, "gestern", weekday names) are read directly;
forms with a month name go through ``dateparser``, which knows both languages'
month names and spellings. ``dateparser`` reads almost anything as a date
("20m" becomes twenty minutes ago), so it only ever sees phrases that already
look like day + month name.

Vague phrases land on one documented day, never in the future (a table here:
``dateparser`` knows neither "vorletzte Woche" nor "Anfang des Monats", and
reads "letzte Woche" as a week ago at the current clock time):

* "last week", "letzte Woche" is the same weekday a week ago, as "1 week ago"
  is; "the week before last", "vorletzte Woche" two weeks ago; "vor 3 Wochen",
  "3 weeks ago" 21 days ago. The week is what matters for the budget and the
  cadence, and the same weekday keeps every such phrase in the week people mean.
* "Anfang der Woche", "earlier this week" is this week's Monday; "Anfang des
  Monats", "earlier this month" the first of this month ("Anfang letzter Woche",
  "early last month": last week's Monday, last month's first).
* "Ende letzter Woche", "end of last week" is last week's Friday; "Ende letzten
  Monats" the last day of last month.
* "last month", "letzten Monat", "vor 2 Monaten" is the same day of the month
  (or the month's last day, if shorter).
* ``26.08.`` without a year is the most recent 26 August up to today.
* "heute morgen", "this morning", "gestern Abend", "last night" are today or
  yesterday: the part of the day goes with the day, not into the note.
* "tomorrow", "morgen", "übermorgen", "day after tomorrow" are the future and
  refused like a future date; so is any day more than 50 years back, which no
  touchpoint with a contact of today can be.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from coach.commands import Birthday, ParseError
from coach.parsing.durations import FULL_WEEKDAY_NAMES, parse_weekday
from coach.parsing.numbers import ascii_count, refuse_any_other_digits, refuse_other_digits_at

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
# Months and years are counted in calendar months: "vor 2 Monaten" on 31 March is 31 January.
_AGO_MONTH_UNITS: dict[str, int] = {
    **dict.fromkeys(("month", "months", "monat", "monaten", "monate"), 1),
    **dict.fromkeys(("year", "years", "jahr", "jahren", "jahre"), 12),
}
_COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "einem": 1, "einer": 1, "ein": 1, "eine": 1,
    "two": 2, "zwei": 2, "three": 3, "drei": 3, "four": 4, "vier": 4,
    "five": 5, "fünf": 5, "six": 6, "sechs": 6,
}  # fmt: skip

# A touchpoint further back than this cannot be with a contact of today.
MAX_YEARS_BACK = 50

_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DOTTED_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})?")
_DOTTED_BIRTHDAY_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.?([0-9]{4})?")
_DAY_NUMBER_RE = re.compile(r"([0-9]{1,2})(?:\.|st|nd|rd|th)?")
_YEAR_RE = re.compile(r"[0-9]{4}")

# How far back a year-less day may reach: far enough to find the last 29 February.
_YEARS_BACK = 8


def _months_back(today: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, or that month's last day."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise OverflowError(year)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(today.day, last))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _last_day_of_last_month(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


# Refused: a log is about what has happened.
_FUTURE = "future"

_DAY_PARTS_DE = ("morgen", "früh", "vormittag", "mittag", "nachmittag", "abend", "nacht")
_DAY_PARTS_EN = ("morning", "afternoon", "evening", "night")

_PHRASES: dict[tuple[str, ...], Callable[[date], date] | str] = {
    # "heute morgen" is this morning, not tomorrow; the part of the day is read with the day.
    **dict.fromkeys(
        [("heute", part) for part in _DAY_PARTS_DE]
        + [("this", part) for part in _DAY_PARTS_EN] + [("tonight",)],
        lambda today: today,
    ),
    **dict.fromkeys(
        [("gestern", part) for part in _DAY_PARTS_DE]
        + [("yesterday", part) for part in _DAY_PARTS_EN] + [("last", "night")],
        lambda today: today - timedelta(days=1),
    ),
    **dict.fromkeys(
        [("tomorrow",), ("morgen",), ("übermorgen",), ("uebermorgen",),
         ("day", "after", "tomorrow"), ("the", "day", "after", "tomorrow")],
        _FUTURE,
    ),
    **dict.fromkeys(
        [("last", "week"), ("past", "week"), ("letzte", "woche"), ("vergangene", "woche"),
         ("vorige", "woche"), ("in", "der", "letzten", "woche"),
         ("in", "der", "vergangenen", "woche")],
        lambda today: today - timedelta(days=7),
    ),
    **dict.fromkeys(
        [("the", "week", "before", "last"), ("week", "before", "last"),
         ("vorletzte", "woche"), ("in", "der", "vorletzten", "woche")],
        lambda today: today - timedelta(days=14),
    ),
    **dict.fromkeys(
        [("anfang", "der", "woche"), ("anfang", "dieser", "woche"), ("wochenanfang",),
         ("am", "wochenanfang"), ("earlier", "this", "week"), ("early", "this", "week"),
         ("beginning", "of", "the", "week"), ("start", "of", "the", "week"),
         ("beginning", "of", "this", "week"), ("start", "of", "this", "week")],
        _monday,
    ),
    **dict.fromkeys(
        [("anfang", "letzter", "woche"), ("anfang", "der", "letzten", "woche"),
         ("early", "last", "week"), ("beginning", "of", "last", "week"),
         ("start", "of", "last", "week")],
        lambda today: _monday(today) - timedelta(days=7),
    ),
    **dict.fromkeys(
        [("ende", "letzter", "woche"), ("ende", "der", "letzten", "woche"),
         ("late", "last", "week"), ("end", "of", "last", "week")],
        lambda today: _monday(today) - timedelta(days=3),
    ),
    **dict.fromkeys(
        [("anfang", "des", "monats"), ("anfang", "dieses", "monats"),
         ("anfang", "diesen", "monats"), ("monatsanfang",), ("am", "monatsanfang"),
         ("earlier", "this", "month"), ("early", "this", "month"),
         ("beginning", "of", "the", "month"), ("start", "of", "the", "month"),
         ("beginning", "of", "this", "month"), ("start", "of", "this", "month")],
        lambda today: today.replace(day=1),
    ),
    **dict.fromkeys(
        [("anfang", "letzten", "monats"), ("anfang", "des", "letzten", "monats"),
         ("early", "last", "month"), ("beginning", "of", "last", "month"),
         ("start", "of", "last", "month")],
        lambda today: _last_day_of_last_month(today).replace(day=1),
    ),
    **dict.fromkeys(
        [("ende", "letzten", "monats"), ("ende", "des", "letzten", "monats"),
         ("late", "last", "month"), ("end", "of", "last", "month")],
        _last_day_of_last_month,
    ),
    **dict.fromkeys(
        [("last", "month"), ("past", "month"), ("letzten", "monat"), ("vergangenen", "monat"),
         ("vorigen", "monat"), ("im", "letzten", "monat"), ("im", "vergangenen", "monat")],
        lambda today: _months_back(today, 1),
    ),
    **dict.fromkeys(
        [("vorletzten", "monat"), ("im", "vorletzten", "monat"),
         ("the", "month", "before", "last")],
        lambda today: _months_back(today, 2),
    ),
}  # fmt: skip
_LONGEST_PHRASE = max(len(words) for words in _PHRASES)
_PHRASE_STARTS = frozenset(words[0] for words in _PHRASES)


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


def _day_and_month_word(first: str, second: str) -> tuple[int | None, str] | None:
    """ "15. April" or "April 15": the day (None if unreadable) and the month word."""
    if (month_word := _month_word(second)) is not None:
        return _day_number(first), month_word
    if (month_word := _month_word(first)) is not None:
        return _day_number(second), month_word
    return None


def _year_number(token: str) -> int | None:
    cleaned = _norm(token)
    return int(cleaned) if _YEAR_RE.fullmatch(cleaned) else None


def _oldest(today: date) -> date:
    """The earliest day a touchpoint may have: ``MAX_YEARS_BACK`` years before today."""
    year = max(today.year - MAX_YEARS_BACK, 1)
    return _valid(year, today.month, today.day) or date(year, today.month, today.day - 1)


def _checked_past(found: date, today: date, raw: str) -> date:
    if found > today:
        raise ParseError("date_in_future", value=raw)
    if found < _oldest(today):
        raise ParseError("date_too_old", value=raw)
    return found


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
        return _checked_past(found, today, raw)
    if _valid(2000, month, day) is None:
        raise ParseError("bad_date", value=raw)
    for candidate_year in range(today.year, today.year - _YEARS_BACK, -1):
        found = _valid(candidate_year, month, day)
        if found is not None and found <= today:
            return found
    raise ParseError("bad_date", value=raw)  # pragma: no cover - a leap year is always in reach


def _full_year(text: str, today: date) -> int:
    """A two-digit year is the nearest such year: in 2026, "25" is 2025, "99" 1999, "27" 2027."""
    if len(text) != 2:
        return int(text)
    century = today.year - today.year % 100
    candidates = (century - 100 + int(text), century + int(text), century + 100 + int(text))
    return min(candidates, key=lambda year: abs(year - today.year))


def _take_numeric(token: str, today: date) -> date | None:
    cleaned = _norm(token)
    if match := _ISO_RE.fullmatch(cleaned):
        return _past_day(int(match[3]), int(match[2]), int(match[1]), today, token)
    if match := _DOTTED_RE.fullmatch(cleaned):
        year = _full_year(match[3], today) if match[3] else None
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
    count = ascii_count(count_word)
    if count is None:
        count = _COUNT_WORDS.get(count_word)
    if count is None or (unit not in _AGO_UNITS and unit not in _AGO_MONTH_UNITS):
        return None
    raw = " ".join(tokens[i : i + used])
    try:
        if unit in _AGO_MONTH_UNITS:
            found = _months_back(today, count * _AGO_MONTH_UNITS[unit])
        else:
            found = today - timedelta(days=count * _AGO_UNITS[unit])
    except OverflowError:
        raise ParseError("date_too_old", value=raw) from None
    return _checked_past(found, today, raw), used


def _take_phrase(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """A phrase from ``_PHRASES``, such as "letzte Woche" or "earlier this month"."""
    if _norm(tokens[i]).rstrip(".") not in _PHRASE_STARTS:
        return None
    words = tuple(_norm(t).rstrip(".") for t in tokens[i : i + _LONGEST_PHRASE])
    for size in range(len(words), 0, -1):
        meaning = _PHRASES.get(words[:size])
        if meaning is None:
            continue
        raw = " ".join(tokens[i : i + size]).rstrip(",;")
        if isinstance(meaning, str):
            raise ParseError("date_in_future", value=raw)
        try:
            return _checked_past(meaning(today), today, raw), size
        except OverflowError:
            raise ParseError("date_too_old", value=raw) from None
    return None


def _take_month_name(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    """ "15. April", "15 April 2025", "April 15", "April 15, 2025"."""
    window = tokens[i : i + 3]
    if len(window) < 2 or (found := _day_and_month_word(window[0], window[1])) is None:
        return None
    day, month_word = found
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
    """Read a past day (or today) at ``tokens[i]`` from one to five tokens.

    Returns (day, tokens used), or None when the tokens are not a day. A year-less
    day that has not come yet this year means last year's, since logs are about
    the past; a future day ("2027-01-01", "morgen") raises ``date_in_future``, one
    more than 50 years back ``date_too_old``, an impossible one ``bad_date``, and a
    day written with digits other than 0 to 9 ``unicode_digits``.
    """
    if i >= len(tokens):
        return None
    return refuse_other_digits_at(lambda words, at: _take_day(words, at, today), tokens, i)


def _take_day(tokens: list[str], i: int, today: date) -> tuple[date, int] | None:
    if (phrase := _take_phrase(tokens, i, today)) is not None:
        return phrase
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


# The earliest birth year the coach accepts; earlier ones are typos.
MIN_BIRTH_YEAR = 1900


def _birthday(day: int, month: int, year: int | None, text: str, today: date) -> Birthday:
    # Without a year, 29 February is fine: leap-day birthdays exist.
    found = _valid(year if year is not None else 2000, month, day)
    if found is None:
        raise ParseError("bad_birthday", value=text)
    if year is not None and year < MIN_BIRTH_YEAR:
        raise ParseError("birthday_too_early", value=text)
    if year is not None and found > today:
        raise ParseError("birthday_in_future", value=text)
    return Birthday(day=day, month=month, year=year)


def parse_birthday(text: str, today: date) -> Birthday:
    """Read a birthday with or without year: "15.04.", "15. April 1976", "1976-04-15".

    A birthday with a year lies between 1900 and ``today``; any digit other than
    0 to 9 is refused with ``unicode_digits``, since the whole value is a date.
    """
    refuse_any_other_digits(text)
    found = read_calendar_day(text)
    if found is None:
        raise ParseError("bad_birthday", value=text)
    return _birthday(*found, text, today)


def read_calendar_day(text: str) -> tuple[int, int, int | None] | None:
    """Day, month and perhaps year as written: "15.04.", "15.04.1976", "1976-04-15",
    "15. April", "April 15, 1976"; None if unreadable. Numbers are as typed (31.02. comes
    back as it is); a month name's day is checked in a leap year. Shared by birthdays
    and by /snooze's "until"."""
    cleaned = _norm(text.strip())
    if match := _ISO_RE.fullmatch(cleaned):
        return int(match[3]), int(match[2]), int(match[1])
    if match := _DOTTED_BIRTHDAY_RE.fullmatch(cleaned):
        return int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    tokens = text.split()
    if len(tokens) not in (2, 3) or (found := _day_and_month_word(tokens[0], tokens[1])) is None:
        return None
    day, month_word = found
    year = _year_number(tokens[2]) if len(tokens) == 3 else None
    if day is None or (len(tokens) == 3 and year is None):
        return None
    day_month = _month_name_day_month(day, month_word)
    return None if day_month is None else (day_month[0], day_month[1], year)
