"""Until when: the end of ``/snooze Anna bis Montag`` or ``/snooze Anna until 15.12.``.

People name the day a pause ends as often as its length. The day after "until"
("bis", "till") is the first day the contact may be suggested again, and always
lies ahead: a weekday is its next occurrence (today's weekday means a week from
today), a date without a year is its next occurrence, "next week" is next Monday
and "next month" the first of next month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.commands import ParseError
from coach.parsing.durations import parse_weekday
from coach.parsing.numbers import refuse_any_other_digits

_UNTIL_WORDS = frozenset({"until", "till", "til", "bis"})
# Filler between "bis" and the day: "bis zum 15.12.", "bis nächsten Montag", "until next Friday".
_FILLER_WORDS = frozenset({"zum", "am", "next", "nächsten", "naechsten", "kommenden",
                           "this", "diesen"})
_NEXT_WEEK = frozenset({"next week", "nächste woche", "naechste woche", "kommende woche"})
_NEXT_MONTH = frozenset({"next month", "nächsten monat", "naechsten monat",
                         "kommenden monat"})

_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DOTTED_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.?([0-9]{4})?")
_MONTHS: dict[str, int] = {
    **dict.fromkeys(("january", "jan", "januar", "jänner", "jaenner"), 1),
    **dict.fromkeys(("february", "feb", "februar"), 2),
    **dict.fromkeys(("march", "mar", "märz", "maerz", "mär", "mrz"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("june", "jun", "juni"), 6),
    **dict.fromkeys(("july", "jul", "juli"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("october", "oct", "oktober", "okt"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec", "dezember", "dez"), 12),
}


def split_trailing_until(words: list[str], today: date) -> tuple[date | None, str]:
    """ "Anna Schmidt bis Montag" → (next Monday, "Anna Schmidt"); no "until" → (None, all).

    An "until" whose day cannot be read raises ``bad_until_day``, since "Anna bis
    irgendwann" is no name either.
    """
    for i in range(len(words) - 1, 0, -1):
        if words[i].casefold() in _UNTIL_WORDS:
            rest = words[i + 1:]
            day = read_day_ahead(" ".join(rest), today)
            if day is None:
                raise ParseError("bad_until_day", value=" ".join(rest) or words[i])
            return day, " ".join(words[:i])
    return None, " ".join(words)


def read_day_ahead(text: str, today: date) -> date | None:
    """A day after ``today`` as written after "until"; None if unreadable or impossible."""
    refuse_any_other_digits(text)
    folded = " ".join(text.casefold().replace(",", " ").split())
    if folded in _NEXT_WEEK:
        return today + timedelta(days=7 - today.weekday())
    if folded in _NEXT_MONTH:
        return date(today.year + today.month // 12, today.month % 12 + 1, 1)
    tokens = folded.split()
    while tokens and tokens[0] in _FILLER_WORDS:
        tokens = tokens[1:]
    if not tokens:
        return None
    if len(tokens) == 1 and (weekday := parse_weekday(tokens[0])) is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    day, month, year = _day_month_year(tokens)
    if day is None or month is None:
        return None
    if year is not None:
        found = _valid(year, month, day)
        return found if found is not None and found > today else None
    for candidate_year in (today.year, today.year + 1):
        found = _valid(candidate_year, month, day)
        if found is not None and found > today:
            return found
    return None


def _day_month_year(tokens: list[str]) -> tuple[int | None, int | None, int | None]:
    joined = " ".join(tokens)
    if match := _ISO_RE.fullmatch(joined):
        return int(match[3]), int(match[2]), int(match[1])
    if match := _DOTTED_RE.fullmatch(joined):
        return int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    if len(tokens) not in (2, 3):
        return None, None, None
    first, second = tokens[0].rstrip("."), tokens[1].rstrip(".")
    if first in _MONTHS and second.isdigit():  # "December 15"
        day, month = int(second), _MONTHS[first]
    elif second in _MONTHS and first.isdigit():  # "15. Dezember", "15 December"
        day, month = int(first), _MONTHS[second]
    else:
        return None, None, None
    if len(tokens) == 3:
        if not (len(tokens[2]) == 4 and tokens[2].isdigit()):
            return None, None, None
        return day, month, int(tokens[2])
    return day, month, None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
