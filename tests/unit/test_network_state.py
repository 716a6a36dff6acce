"""/network tells fresh, fine, due and overdue from the stored due day alone, exactly as
the last touchpoint's date would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach.handlers.reports import contact_state
from coach.model import Circle, Contact, Profile
from coach.ports import ContactRhythm
from coach.schedule import cadence_days, is_fresh, local_date, refresh_schedule

START = datetime(2024, 1, 1, tzinfo=UTC)
ZONES = ("UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata")


def by_last_touch(contact: Contact, profile: Profile, today: date) -> str:
    """The state as the engine first defined it, from the last touchpoint's local day."""
    if is_fresh(contact, profile, today):
        return "fresh"
    past = today.toordinal() - contact.due_day
    if past < 0:
        return "fine"
    return "overdue" if past >= cadence_days(contact, profile) / 4 else "due"


@given(
    circle=st.sampled_from(list(Circle)),
    own_cadence=st.one_of(st.none(), st.integers(1, 400)),
    override=st.one_of(st.none(), st.integers(1, 400)),
    zone=st.sampled_from(ZONES),
    added_minutes=st.integers(0, 60 * 24 * 700),
    touched_minutes=st.one_of(st.none(), st.integers(0, 60 * 24 * 700)),
    days_later=st.integers(0, 800),
)
def test_the_state_from_the_due_day_is_the_state_from_the_last_touch(
        circle: Circle, own_cadence: int | None, override: int | None, zone: str,
        added_minutes: int, touched_minutes: int | None, days_later: int) -> None:
    profile = Profile(id=1, platform="telegram", external_id="1", timezone=zone,
                      cadences={circle.value: override} if override else {})
    created = START + timedelta(minutes=added_minutes)
    last = None if touched_minutes is None else created + timedelta(minutes=touched_minutes)
    contact = refresh_schedule(Contact(user_id=1, name="Anna", circle=circle,
                                       cadence_days=own_cadence, created_at=created,
                                       last_touch_at=last), profile)
    today = local_date(last or created, zone) + timedelta(days=days_later)
    rhythm = ContactRhythm(circle, own_cadence, last is not None, contact.due_day)

    assert contact_state(rhythm, profile, today) == by_last_touch(contact, profile, today)
