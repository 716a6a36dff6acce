"""Cadence and due dates: when a contact should hear from the user again.

Days are counted in the user's own time zone, so "last contact 92 days ago" means
92 local calendar days. The derived ``due_day`` and ``rank_factor`` are stored on
the contact so that ranking reads one indexed row per contact and never the history.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from coach.model import CIRCLE_WEIGHT, Circle, Contact, ContactStatus, Profile

# A contact touched within this share of its cadence is "fresh": never suggested.
FRESH_SHARE = 0.25


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar day ``moment`` falls on in ``timezone``."""
    return moment.astimezone(ZoneInfo(timezone)).date()


class Rhythm(Protocol):
    """What a contact's place in the rhythm depends on: a :class:`Contact`, or the
    smaller record storage reads for a whole network (``coach.ports.ContactRhythm``)."""

    @property
    def circle(self) -> Circle: ...

    @property
    def cadence_days(self) -> int | None: ...

    @property
    def last_touch_at(self) -> datetime | None: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def due_day(self) -> int: ...


def cadence_days(contact: Rhythm, profile: Profile) -> int:
    """The contact's own cadence, else its circle's (with the user's override)."""
    return contact.cadence_days or profile.cadence_for(contact.circle)


def anchor(contact: Rhythm) -> datetime:
    """Where the cadence counts from: the last touchpoint, else when the contact was added."""
    return contact.last_touch_at or contact.created_at


def refresh_schedule(contact: Contact, profile: Profile) -> Contact:
    """Recompute the stored ranking fields after anything they depend on changed."""
    cadence = cadence_days(contact, profile)
    start = local_date(anchor(contact), profile.timezone)
    contact.due_day = (start + timedelta(days=cadence)).toordinal()
    contact.rank_factor = CIRCLE_WEIGHT[contact.circle] / cadence
    return contact


def days_since_contact(contact: Rhythm, today: date, timezone: str) -> int:
    return (today - local_date(anchor(contact), timezone)).days


def due_date(contact: Contact) -> date:
    return date.fromordinal(contact.due_day)


def overdue_score(contact: Contact, today: date) -> float:
    """How far past its cadence a contact is, weighted by circle (higher is more urgent)."""
    return (today.toordinal() - contact.due_day) * contact.rank_factor


def rank_key(contact: Contact, today: date) -> tuple[float, int, str]:
    """Sort key for due contacts: most urgent first, then longest due, then by name."""
    return (-overdue_score(contact, today), contact.due_day, contact.name.casefold())


def is_fresh(contact: Rhythm, profile: Profile, today: date) -> bool:
    """Touched within a quarter of its cadence: too soon to get in touch again."""
    if contact.last_touch_at is None:
        return False
    since = days_since_contact(contact, today, profile.timezone)
    return since < cadence_days(contact, profile) * FRESH_SHARE


def is_suggestible(contact: Contact, today: date) -> bool:
    """Active, not snoozed and due: the contacts /due, /plan and nudges may show."""
    return (
        contact.status is ContactStatus.ACTIVE
        and (contact.snoozed_until is None or contact.snoozed_until <= today)
        and contact.due_day <= today.toordinal()
    )
