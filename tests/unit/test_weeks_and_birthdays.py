"""Budget weeks in local time (DST, year ends, zones either side of UTC) and birthdays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.birthdays import next_birthday, upcoming
from coach.model import Contact
from coach.weeks import current_week, days_left, streak, week_of


def test_a_week_runs_from_monday_midnight_to_monday_midnight_local():
    week = week_of(date(2026, 11, 26), "Europe/Berlin")

    assert (week.monday, week.sunday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week.start == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    assert week.end == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)


def test_the_week_of_the_spring_clock_change_is_an_hour_shorter():
    week = week_of(date(2026, 3, 29), "Europe/Berlin")

    assert week.monday == date(2026, 3, 23)
    assert week.start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)  # CET
    assert week.end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # CEST
    assert week.end - week.start == timedelta(hours=167)


def test_the_week_of_the_autumn_clock_change_is_an_hour_longer():
    week = week_of(date(2026, 10, 25), "Europe/Berlin")

    assert week.start == datetime(2026, 10, 18, 22, 0, tzinfo=UTC)
    assert week.end == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    assert week.end - week.start == timedelta(hours=169)


@pytest.mark.parametrize("day", [date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 3)])
def test_the_week_of_new_year_spans_into_the_next_year(day):
    week = week_of(day, "Europe/Berlin")

    assert (week.monday, week.sunday) == (date(2026, 12, 28), date(2027, 1, 3))


@pytest.mark.parametrize(("timezone", "monday"), [
    ("Pacific/Auckland", date(2026, 11, 30)),  # Monday 12:30 already
    ("Europe/Berlin", date(2026, 11, 30)),  # Monday 00:30
    ("UTC", date(2026, 11, 23)),
    ("America/Los_Angeles", date(2026, 11, 23)),  # Sunday 15:30
])
def test_which_week_it_is_depends_on_the_zone(timezone, monday):
    now = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)

    assert current_week(now, timezone).monday == monday


def test_the_bounds_of_a_week_are_the_local_midnights_in_utc():
    west = week_of(date(2026, 11, 26), "America/Los_Angeles")
    east = week_of(date(2026, 11, 26), "Asia/Tokyo")

    assert west.start == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert east.start == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(("now", "left"), [
    (datetime(2026, 11, 23, 6, 0, tzinfo=UTC), 7),  # Monday
    (datetime(2026, 11, 26, 10, 0, tzinfo=UTC), 4),  # Thursday
    (datetime(2026, 11, 29, 22, 0, tzinfo=UTC), 1),  # Sunday 23:00 in Berlin
    (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), 7),  # Monday 00:30 in Berlin
])
def test_days_left_count_today(now, left):
    assert days_left(now, "Europe/Berlin") == left


MONDAY = date(2026, 11, 23)


def weeks_back(n):
    return MONDAY - timedelta(weeks=n)


def test_the_streak_counts_back_from_last_week():
    minutes = {weeks_back(1): 120, weeks_back(2): 150, weeks_back(3): 60, weeks_back(4): 200}

    assert streak(minutes, MONDAY, 120) == 2


def test_the_running_week_joins_the_streak_once_on_budget():
    assert streak({MONDAY: 120, weeks_back(1): 130}, MONDAY, 120) == 2


def test_an_unfinished_week_does_not_break_the_streak():
    assert streak({MONDAY: 10, weeks_back(1): 130}, MONDAY, 120) == 1


def test_a_missed_week_breaks_the_streak():
    assert streak({weeks_back(2): 300}, MONDAY, 120) == 0


def test_the_streak_runs_across_the_year_end():
    this_monday = date(2027, 1, 4)
    minutes = {date(2026, 12, 28): 120, date(2026, 12, 21): 120}

    assert streak(minutes, this_monday, 120) == 2


# --- birthdays -------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "expected"), [
    (date(2027, 2, 1), date(2027, 2, 28)),
    (date(2027, 2, 28), date(2027, 2, 28)),
    (date(2027, 3, 1), date(2028, 2, 29)),
    (date(2028, 2, 1), date(2028, 2, 29)),
    (date(2026, 12, 31), date(2027, 2, 28)),
])
def test_29_february_falls_on_the_28th_in_common_years(today, expected):
    assert next_birthday(29, 2, today) == expected


def test_a_birthday_that_has_passed_comes_next_year():
    assert next_birthday(5, 1, date(2026, 12, 20)) == date(2027, 1, 5)
    assert next_birthday(20, 12, date(2026, 12, 20)) == date(2026, 12, 20)


def person(name, day, month, year=None):
    return Contact(user_id=1, name=name, birthday_day=day, birthday_month=month,
                   birthday_year=year)


def test_upcoming_covers_thirty_days_from_today_across_the_year_end():
    today = date(2026, 12, 20)
    people = [person("Bea", 5, 1, 1980), person("Ed", 20, 12), person("Cid", 19, 1),
              person("Dan", 20, 1), person("Gil", 19, 12), Contact(user_id=1, name="Nobody")]

    found = upcoming(people, today, 30)

    assert [(b.contact.name, b.day, b.days_until, b.turns) for b in found] == [
        ("Ed", date(2026, 12, 20), 0, None),
        ("Bea", date(2027, 1, 5), 16, 47),
        ("Cid", date(2027, 1, 19), 30, None),
    ]


def test_upcoming_sorts_same_day_birthdays_by_name():
    found = upcoming([person("zoe", 1, 12), person("Adam", 1, 12)], date(2026, 11, 26), 30)

    assert [b.contact.name for b in found] == ["Adam", "zoe"]


def test_upcoming_includes_29_february_in_a_common_year():
    found = upcoming([person("Lea", 29, 2, 1992)], date(2027, 2, 20), 30)

    assert [(b.day, b.turns) for b in found] == [(date(2027, 2, 28), 35)]
