"""Upcoming birthdays, including the 29th of February in common years."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coach.model import Contact


@dataclass(frozen=True)
class UpcomingBirthday:
    contact: Contact
    day: date
    days_until: int
    turns: int | None  # the age reached that day, when the year is known


def next_birthday(day: int, month: int, today: date) -> date:
    """The next celebration on or after today; 29 February falls on the 28th in common years."""
    for year in (today.year, today.year + 1):
        actual_day = day
        if month == 2 and day == 29 and not calendar.isleap(year):
            actual_day = 28
        candidate = date(year, month, actual_day)
        if candidate >= today:
            return candidate
    raise AssertionError("a birthday recurs within a year")  # pragma: no cover


def upcoming(contacts: Iterable[Contact], today: date, days: int) -> list[UpcomingBirthday]:
    """Birthdays within ``days`` days from today (today included), soonest first."""
    found = []
    for contact in contacts:
        if contact.birthday_day is None or contact.birthday_month is None:
            continue
        when = next_birthday(contact.birthday_day, contact.birthday_month, today)
        until = (when - today).days
        if until <= days:
            turns = when.year - contact.birthday_year if contact.birthday_year else None
            found.append(UpcomingBirthday(contact, when, until, turns))
    found.sort(key=lambda b: (b.days_until, b.contact.name.casefold()))
    return found
