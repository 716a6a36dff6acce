"""Budget weeks: Monday to Sunday in the user's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Week:
    """One budget week; ``start`` and ``end`` are the UTC instants of its local bounds."""

    monday: date
    start: datetime
    end: datetime

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def week_of(day: date, timezone: str) -> Week:
    """The budget week containing the local ``day``; correct across DST changes."""
    zone = ZoneInfo(timezone)
    monday = day - timedelta(days=day.weekday())
    next_monday = monday + timedelta(days=7)
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(next_monday, time(0), tzinfo=zone)
    utc = ZoneInfo("UTC")
    return Week(monday=monday, start=start.astimezone(utc), end=end.astimezone(utc))


def current_week(now: datetime, timezone: str) -> Week:
    return week_of(now.astimezone(ZoneInfo(timezone)).date(), timezone)


def days_left(now: datetime, timezone: str) -> int:
    """Days left in the week including today (7 on Monday, 1 on Sunday)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return 7 - today.weekday()


def streak(minutes_by_monday: dict[date, int], this_monday: date, budget: int) -> int:
    """Consecutive weeks on budget, counting back from last week.

    The running week joins the streak once it has reached the budget, but an
    unfinished week never breaks it.
    """
    count = 1 if minutes_by_monday.get(this_monday, 0) >= budget else 0
    monday = this_monday - timedelta(days=7)
    while minutes_by_monday.get(monday, 0) >= budget:
        count += 1
        monday -= timedelta(days=7)
    return count
