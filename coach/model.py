"""The coach's vocabulary as plain data: contacts, circles, touchpoints, profiles.

Nothing here knows about storage or chat platforms. The few rules that belong to a
single object (when a contact is due, what its cadence is) live next to its data so
that every caller computes them the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from coach.questions import Pending

# The longest values a contact's fields may hold; storage sizes its columns by them.
FIELD_LIMITS = {"name": 200, "company": 200, "phone": 100, "email": 200, "handle": 200}


class Circle(StrEnum):
    """How close a contact is; each circle has a default cadence."""

    CLOSE = "close"
    ACTIVE = "active"
    WIDER = "wider"
    DORMANT = "dormant"


DEFAULT_CADENCE_DAYS: dict[Circle, int] = {
    Circle.CLOSE: 30,
    Circle.ACTIVE: 90,
    Circle.WIDER: 180,
    Circle.DORMANT: 365,
}

# Closer circles weigh more: a close contact 30 days overdue outranks a dormant one.
CIRCLE_WEIGHT: dict[Circle, float] = {
    Circle.CLOSE: 4.0,
    Circle.ACTIVE: 3.0,
    Circle.WIDER: 2.0,
    Circle.DORMANT: 1.0,
}


class Channel(StrEnum):
    """How a touchpoint happened."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    MESSAGE = "message"
    CARD = "card"
    NEWSLETTER = "newsletter"
    EVENT = "event"
    OTHER = "other"


DEFAULT_MINUTES: dict[Channel, int] = {
    Channel.CALL: 20,
    Channel.MEETING: 60,
    Channel.EMAIL: 10,
    Channel.MESSAGE: 5,
    Channel.CARD: 10,
    Channel.NEWSLETTER: 15,
    Channel.EVENT: 90,
    Channel.OTHER: 15,
}


class Formality(StrEnum):
    """How drafts address a contact: "Sie" or "du" in German, "Dear" or "Hi" in English."""

    FORMAL = "formal"
    INFORMAL = "informal"


class ContactStatus(StrEnum):
    """Whether a contact takes part in suggestions at all."""

    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


class NudgeDays(StrEnum):
    """On which days the daily nudge goes out."""

    WEEKDAYS = "weekdays"
    DAILY = "daily"
    OFF = "off"


class Verdict(StrEnum):
    """What the coach advises for an incoming request."""

    ACCEPT = "accept"
    ASK_CONTEXT = "ask_context"
    DECLINE = "decline"


@dataclass(frozen=True)
class Identity:
    """Who is talking: a platform and that platform's id for the person."""

    platform: str
    external_id: str
    display_name: str | None = None
    language_hint: str | None = None
    timezone_hint: str | None = None


@dataclass
class Profile:
    """One user of the coach and their settings."""

    id: int
    platform: str
    external_id: str
    display_name: str | None = None
    language: str = "en"
    timezone: str = "UTC"
    budget_minutes: int = 120
    positioning: str | None = None
    nudge_time: time = time(8, 30)
    nudge_days: NudgeDays = NudgeDays.WEEKDAYS
    slot_weekday: int | None = None  # 0 = Monday, as in date.weekday()
    slot_time: time | None = None
    cadences: dict[str, int] = field(default_factory=dict)  # circle -> days, overrides only
    onboarded: bool = False
    unreachable: bool = False
    # While true, this user's messages go to their demo network (``/start demo``).
    viewing_demo: bool = False
    pending: Pending | None = None  # the question the coach waits to have answered
    created_at: datetime | None = None

    def cadence_for(self, circle: Circle) -> int:
        """The cadence in days for a circle, with the user's own override if set."""
        return self.cadences.get(circle.value, DEFAULT_CADENCE_DAYS[circle])


@dataclass
class Contact:
    """A person in the user's network.

    ``due_day`` and ``rank_factor`` are derived from the last touchpoint, the circle
    and the cadence; they are stored so that ranking never has to read the history.
    """

    user_id: int
    name: str
    circle: Circle = Circle.ACTIVE
    id: int | None = None
    cadence_days: int | None = None  # the contact's own cadence, overriding the circle's
    company: str | None = None
    birthday_day: int | None = None
    birthday_month: int | None = None
    birthday_year: int | None = None
    how_met: str | None = None
    phone: str | None = None
    email: str | None = None
    handle: str | None = None
    language: str | None = None
    # A Formality value; None follows the circle (close contacts are "du").
    formality: str | None = None
    status: ContactStatus = ContactStatus.ACTIVE
    snoozed_until: date | None = None
    created_at: datetime = field(default_factory=lambda: datetime(1970, 1, 1))
    last_touch_at: datetime | None = None
    last_channel: Channel | None = None
    next_note: str | None = None
    due_day: int = 0  # date.toordinal() of the local day the contact becomes due
    rank_factor: float = 0.0

    def replace(self, **changes: Any) -> Contact:
        return dataclasses.replace(self, **changes)

    def record_touch(self, point: Touchpoint) -> None:
        """Take in a new touchpoint: remember what it changes, so undo can restore it.

        The last contact only moves on when the touchpoint is the newest one; its
        next-time note then replaces the old one (that was the reason for this contact).
        Back-filled history never moves the last contact back.
        """
        point.previous_touch_at = self.last_touch_at
        point.previous_channel = self.last_channel
        point.previous_next_note = self.next_note
        if self.last_touch_at is None or point.at >= self.last_touch_at:
            self.last_touch_at = point.at
            self.last_channel = point.channel
            self.next_note = point.next_note
        elif point.next_note:
            self.next_note = point.next_note
        self.snoozed_until = None

    def undo_touch(self, point: Touchpoint) -> None:
        """Take a touchpoint back: the contact is as it was before it, if it was the last."""
        if self.last_touch_at == point.at:
            self.last_touch_at = point.previous_touch_at
            self.last_channel = point.previous_channel
            self.next_note = point.previous_next_note


@dataclass
class Touchpoint:
    """One logged contact moment. ``contact_id`` is None for networking time alone."""

    user_id: int
    channel: Channel
    at: datetime
    minutes: int
    id: int | None = None
    contact_id: int | None = None
    note: str | None = None
    incoming: bool = False
    # What the contact looked like before this touchpoint, so /undo restores it exactly.
    previous_touch_at: datetime | None = None
    previous_channel: Channel | None = None
    previous_next_note: str | None = None
    next_note: str | None = None
    created_at: datetime | None = None


@dataclass
class RequestRecord:
    """A triaged incoming request and what the user did with it."""

    user_id: int
    text_excerpt: str
    verdict: Verdict
    confidence: float
    language: str
    id: int | None = None
    sender_name: str | None = None
    decision: Verdict | None = None
    contact_id: int | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None
