"""The database tables. Every row but a user's own belongs to exactly one user."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coach.model import FIELD_LIMITS
from coach.names import NAME_KEY_CHARS
from storage.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_users_identity"),
        Index("ix_users_calendar_token", "calendar_token", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    budget_minutes: Mapped[int] = mapped_column(Integer, default=120)
    positioning: Mapped[str | None] = mapped_column(Text)
    nudge_time: Mapped[time] = mapped_column(Time, default=time(8, 30))
    nudge_days: Mapped[str] = mapped_column(String(10), default="weekdays")
    slot_weekday: Mapped[int | None] = mapped_column(Integer)
    slot_time: Mapped[time | None] = mapped_column(Time)
    cadences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    viewing_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Unique: the calendar feed finds its user by this token alone.
    calendar_token: Mapped[str | None] = mapped_column(String(64))


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # Counting the due contacts reads this index alone, never the rows.
        Index("ix_contacts_due", "user_id", "status", "due_day", "snoozed_until"),
        # Within one rank factor the most urgent contact is the one due longest, so the
        # top of each factor's slice is an index range read (see SqlContactRepository.due).
        Index("ix_contacts_rank", "user_id", "status", "rank_factor", "due_day",
              "snoozed_until"),
        # Name matching compares normalised names instead of normalising every
        # contact's name on every /log.
        Index("ix_contacts_name_key", "user_id", "name_key", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(FIELD_LIMITS["name"]))
    # coach.names.name_key(name), kept in step by the repository on every write.
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_CHARS), server_default="")
    circle: Mapped[str] = mapped_column(String(10))
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    company: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["company"]))
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_year: Mapped[int | None] = mapped_column(Integer)
    how_met: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["phone"]))
    email: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["email"]))
    handle: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["handle"]))
    language: Mapped[str | None] = mapped_column(String(5))
    formality: Mapped[str | None] = mapped_column(String(10))
    profile_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default="active")
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_touch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_channel: Mapped[str | None] = mapped_column(String(12))
    next_note: Mapped[str | None] = mapped_column(Text)
    due_day: Mapped[int] = mapped_column(Integer)
    rank_factor: Mapped[float] = mapped_column(Float)


class TouchpointRow(Base):
    __tablename__ = "touchpoints"
    __table_args__ = (
        Index("ix_touchpoints_user_at", "user_id", "at"),
        Index("ix_touchpoints_contact", "user_id", "contact_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    incoming: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_touch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_channel: Mapped[str | None] = mapped_column(String(12))
    previous_next_note: Mapped[str | None] = mapped_column(Text)
    next_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContactWordRow(Base):
    """Each word of a contact's normalised name, so "/log Schmidt" is an index seek.

    Written with the contact and rewritten when its name changes.
    """

    __tablename__ = "contact_words"
    __table_args__ = (Index("ix_contact_words_contact", "contact_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    word: Mapped[str] = mapped_column(String(NAME_KEY_CHARS), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"),
                                            primary_key=True)


class WeekMinutesRow(Base):
    """Minutes per user, budget week (its local Monday) and channel.

    Kept up to date as touchpoints are written and deleted, and rebuilt when the user
    moves to another time zone, so /week reads a few rows per week however long the
    history is.
    """

    __tablename__ = "week_minutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    # The local Monday as a date ordinal, like contacts.due_day: cheap to read and to
    # count weeks with.
    monday_day: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(12), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)


class RequestRow(Base):
    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text_excerpt: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(12))
    confidence: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(5))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str | None] = mapped_column(String(12))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProcessedUpdateRow(Base):
    """A platform update that was handled; its key is unique per platform.

    ``reply`` is the answer (JSON, see :mod:`coach.reply_codec`) until the adapter has
    delivered it; a redelivered update whose reply is still here gets it again.
    """

    __tablename__ = "processed_updates"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reply: Mapped[str | None] = mapped_column(Text)


class NudgeDeliveryRow(Base):
    """One scheduled message for one user's local day; the unique key makes it single.

    A worker inserts the row to claim the message before composing it, so however
    many workers tick, only one of them sends it.
    """

    __tablename__ = "nudge_deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "local_day", "kind", name="uq_nudge_deliveries_user_day_kind"),
        # Health checks and re-claims look for claims left behind by a crashed worker.
        Index("ix_nudge_deliveries_status_claimed", "status", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    claimed_by: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SchedulerHeartbeatRow(Base):
    """The last tick of each worker process, for ``coach status`` and /healthz."""

    __tablename__ = "scheduler_heartbeats"

    process_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_tick_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LinkedIdentityRow(Base):
    """A further platform identity that opens an existing user's network."""

    __tablename__ = "linked_identities"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkCodeRow(Base):
    """A one-time linking code (its SHA-256), valid for a few minutes."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ImportBatchRow(Base):
    """A parsed file waiting for the user's confirmation; at most one per user.

    The parsed records live here rather than in the profile's pending question, so
    that a 30,000-row preview does not ride along with every later message.
    """

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
