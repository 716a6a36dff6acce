"""When the daily nudge and the weekly plan are due, on the user's own wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from coach.model import NudgeDays, Profile
from coach.nudges import fire_at, is_nudge_due, is_slot_due


def profile(timezone: str, at: time = time(8, 30), days: NudgeDays = NudgeDays.DAILY,
            **extra: object) -> Profile:
    return Profile(id=1, platform="test", external_id="1", timezone=timezone, nudge_time=at,
                   nudge_days=days, **extra)  # type: ignore[arg-type]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("timezone", "fires", "local_day"),
    [
        ("Europe/Berlin", utc(2026, 11, 26, 7, 30), date(2026, 11, 26)),
        ("America/New_York", utc(2026, 11, 26, 13, 30), date(2026, 11, 26)),
        ("Asia/Tokyo", utc(2026, 11, 25, 23, 30), date(2026, 11, 26)),
        ("Pacific/Auckland", utc(2026, 11, 25, 19, 30), date(2026, 11, 26)),
    ],
)
def test_the_nudge_is_due_from_the_local_nudge_time_on_either_side_of_utc(
        timezone: str, fires: datetime, local_day: date) -> None:
    user = profile(timezone)
    assert is_nudge_due(user, fires.replace(minute=29)) is None
    assert is_nudge_due(user, fires) == local_day
    assert is_nudge_due(user, fires + timedelta(hours=3)) == local_day


def test_the_nudge_stays_due_for_the_rest_of_the_local_day_and_not_beyond() -> None:
    user = profile("Europe/Berlin")
    assert is_nudge_due(user, utc(2026, 11, 26, 22, 59)) == date(2026, 11, 26)
    # 00:00 in Berlin on the 27th: a new day whose nudge time has not come yet.
    assert is_nudge_due(user, utc(2026, 11, 26, 23, 0)) is None


def test_berlin_keeps_the_wall_clock_time_in_summer_and_winter() -> None:
    user = profile("Europe/Berlin")
    assert fire_at(date(2026, 7, 1), time(8, 30), "Europe/Berlin") == utc(2026, 7, 1, 6, 30)
    assert fire_at(date(2026, 12, 1), time(8, 30), "Europe/Berlin") == utc(2026, 12, 1, 7, 30)
    assert is_nudge_due(user, utc(2026, 7, 1, 6, 29)) is None
    assert is_nudge_due(user, utc(2026, 7, 1, 6, 30)) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("timezone", "day", "first_valid"),
    [
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),  # 03:00 CEST
        ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),  # 03:00 EDT
    ],
)
def test_a_nudge_time_skipped_by_spring_forward_fires_at_the_first_valid_minute_after(
        timezone: str, day: date, first_valid: datetime) -> None:
    user = profile(timezone, time(2, 30))
    assert fire_at(day, time(2, 30), timezone) == first_valid
    assert is_nudge_due(user, first_valid.replace(minute=59, hour=first_valid.hour - 1)) is None
    assert is_nudge_due(user, first_valid) == day


@pytest.mark.parametrize(
    ("timezone", "day", "at", "first", "second"),
    [
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30),
         utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)),
        ("America/New_York", date(2026, 11, 1), time(1, 30),
         utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)),
    ],
)
def test_a_nudge_time_repeated_by_fall_back_is_due_from_its_first_occurrence_for_one_day(
        timezone: str, day: date, at: time, first: datetime, second: datetime) -> None:
    user = profile(timezone, at)
    assert fire_at(day, at, timezone) == first
    assert is_nudge_due(user, first.replace(minute=29)) is None
    # Both occurrences name the same local day, so the one claim per day covers both.
    assert is_nudge_due(user, first) == day
    assert is_nudge_due(user, second) == day


def test_weekday_settings_skip_saturday_and_sunday() -> None:
    user = profile("Europe/Berlin", days=NudgeDays.WEEKDAYS)
    assert is_nudge_due(user, utc(2026, 11, 27, 9, 0)) == date(2026, 11, 27)  # Friday
    assert is_nudge_due(user, utc(2026, 11, 28, 9, 0)) is None  # Saturday
    assert is_nudge_due(user, utc(2026, 11, 29, 9, 0)) is None  # Sunday
    assert is_nudge_due(user, utc(2026, 11, 30, 9, 0)) == date(2026, 11, 30)  # Monday


def test_the_weekday_is_the_local_one_not_the_utc_one() -> None:
    # Monday 08:30 in Auckland is still Sunday in UTC.
    user = profile("Pacific/Auckland", days=NudgeDays.WEEKDAYS)
    assert is_nudge_due(user, utc(2026, 11, 29, 19, 30)) == date(2026, 11, 30)
    # Saturday 08:30 in Auckland is Friday in UTC.
    assert is_nudge_due(user, utc(2026, 11, 27, 19, 30)) is None


def test_no_nudge_when_switched_off_or_unreachable() -> None:
    assert is_nudge_due(profile("UTC", days=NudgeDays.OFF), utc(2026, 11, 26, 12)) is None
    assert is_nudge_due(profile("UTC", unreachable=True), utc(2026, 11, 26, 12)) is None


def test_the_weekly_plan_is_due_on_the_slot_day_from_the_slot_time() -> None:
    user = profile("America/New_York", slot_weekday=4, slot_time=time(14, 0))
    assert is_slot_due(user, utc(2026, 11, 27, 18, 59)) is None  # Friday 13:59 EST
    assert is_slot_due(user, utc(2026, 11, 27, 19, 0)) == date(2026, 11, 27)
    assert is_slot_due(user, utc(2026, 11, 26, 19, 0)) is None  # Thursday


def test_the_weekly_plan_ignores_the_daily_switch_but_not_unreachable() -> None:
    slot = {"slot_weekday": 3, "slot_time": time(9, 0)}
    at = utc(2026, 11, 26, 9, 0)
    assert is_slot_due(profile("UTC", days=NudgeDays.OFF, **slot), at) == date(2026, 11, 26)
    assert is_slot_due(profile("UTC", unreachable=True, **slot), at) is None
    assert is_slot_due(profile("UTC"), at) is None


def test_an_unknown_time_zone_counts_as_utc() -> None:
    assert is_nudge_due(profile("Mars/Olympus"), utc(2026, 11, 26, 8, 30)) == date(2026, 11, 26)
