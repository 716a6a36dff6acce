"""Until when: the end of ``/snooze Anna bis Montag`` or ``/snooze Anna until 15.12.``.

People name the day a pause ends as often as its length. The day after "until"
("bis", "till") is the first day the contact may be suggested again, and always
lies ahead: a weekday is its next occurrence (today's weekday means a week from
today), a date without a year is its next occurrence, "next week" is next Monday
and "next month" the first of next month.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.commands import ParseError
from coach.parsing.dates import read_calendar_day
from coach.parsing.durations import parse_weekday
from coach.parsing.numbers import refuse_any_other_digits

_UNTIL_WORDS = frozenset({"until", "till", "til", "bis"})
# Filler between "bis" and the day: "bis zum 15.12.", "bis nächsten Montag", "until next Friday".
_FILLER_WORDS = frozenset({"zum", "am", "next", "nächsten", "naechsten", "kommenden",
                           "this", "diesen"})
_NEXT_WEEK = frozenset({"next week", "nächste woche", "naechste woche", "kommende woche"})
_NEXT_MONTH = frozenset({"next month", "nächsten monat", "naechsten monat",
                         "kommenden monat"})


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
    written = read_calendar_day(" ".join(tokens))
    if written is None:
        return None
    day, month, year = written
    for candidate_year in (year,) if year is not None else (today.year, today.year + 1):
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue  # 29 February in a common year: the next year may have it
        if found > today:
            return found
    return None
