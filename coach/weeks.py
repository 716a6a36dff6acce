"""Budget weeks: Monday to Sunday in the user's time zone, and the minutes logged in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from coach.model import Channel
from coach.ports import TouchpointRepository


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


def monday_of(moment: datetime, timezone: str) -> date:
    """The Monday of the budget week a moment counts in: its local day's week."""
    day = moment.astimezone(ZoneInfo(timezone)).date()
    return day - timedelta(days=day.weekday())


def current_week(now: datetime, timezone: str) -> Week:
    return week_of(now.astimezone(ZoneInfo(timezone)).date(), timezone)


def days_left(now: datetime, timezone: str) -> int:
    """Days left in the week including today (7 on Monday, 1 on Sunday)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return 7 - today.weekday()


def streak(minutes_by_monday: Mapping[date, int], this_monday: date, budget: int,
           oldest: date | None = None) -> int:
    """Consecutive weeks on budget, counting back from last week (to ``oldest`` at most).

    The running week joins the streak once it has reached the budget, but an
    unfinished week never breaks it.
    """
    count = 1 if minutes_by_monday.get(this_monday, 0) >= budget else 0
    monday = this_monday - timedelta(days=7)
    while minutes_by_monday.get(monday, 0) >= budget and (oldest is None or monday >= oldest):
        count += 1
        monday -= timedelta(days=7)
    return count


def budget_streak(touchpoints: TouchpointRepository, user_id: int, this_monday: date,
                  budget: int, weeks: int, this_week_minutes: int) -> int:
    """:func:`streak` over the last ``weeks`` weeks, counted by storage in one query.

    Only a number comes back, so a two-year streak costs as little as none. The
    running week counts once it reached the budget, as in :func:`streak`.
    """
    if budget <= 0:  # every week reaches a budget of nothing
        return weeks + 1
    oldest = this_monday - timedelta(weeks=weeks)
    before = touchpoints.weeks_on_budget_in_a_row(
        user_id, oldest, this_monday - timedelta(weeks=1), budget)
    return (1 if this_week_minutes >= budget else 0) + before


@dataclass(frozen=True)
class LoggedMinutes:
    """Minutes per budget week and channel over a span of weeks, read in one query."""

    weeks: Mapping[date, Mapping[Channel, int]]

    def total(self, monday: date) -> int:
        return sum(self.weeks.get(monday, {}).values())

    def by_channel(self, monday: date) -> Mapping[Channel, int]:
        return self.weeks.get(monday, MappingProxyType({}))

    def totals(self) -> dict[date, int]:
        return {monday: sum(channels.values()) for monday, channels in self.weeks.items()}


def logged_minutes(touchpoints: TouchpointRepository, user_id: int, last_monday: date,
                   weeks: int = 1) -> LoggedMinutes:
    """The minutes of ``weeks`` budget weeks up to the one starting ``last_monday``.

    Every figure about time spent (/week, /plan, /log's footer, nudges) comes from
    here. Storage keeps these sums as touchpoints are written, so reading them costs
    the same for a hundred touchpoints as for thirty thousand.
    """
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    table: dict[date, dict[Channel, int]] = {}
    for row in touchpoints.minutes_by_week(user_id, first_monday, last_monday):
        if row.minutes:
            channels = table.setdefault(row.monday, {})
            channels[row.channel] = channels.get(row.channel, 0) + row.minutes
    return LoggedMinutes(table)
