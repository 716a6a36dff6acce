"""Repositories: the engine's ports implemented with SQLAlchemy sessions.

Rows are converted to the engine's plain dataclasses on the way out and back on the
way in, so no session state leaks into the engine. Every query filters on the
owning user.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from coach import questions
from coach.model import (
    Channel,
    Circle,
    Contact,
    ContactStatus,
    NudgeDays,
    Profile,
    RequestRecord,
    Touchpoint,
    Verdict,
)
from coach.ports import DUE_COUNT_CAP, ChannelMinutes, ContactName
from coach.schedule import rank_key
from storage.tables import (
    ContactRow,
    LinkCodeRow,
    LinkedIdentityRow,
    ProcessedUpdateRow,
    RequestRow,
    TouchpointRow,
    UserRow,
)

DEFAULT_NUDGE_TIME = time(8, 30)
_PROFILE_FIELDS = ("display_name", "language", "timezone", "budget_minutes", "positioning",
                   "nudge_time", "slot_weekday", "slot_time", "onboarded", "unreachable",
                   "viewing_demo")
_CONTACT_FIELDS = ("name", "cadence_days", "company", "birthday_day", "birthday_month",
                   "birthday_year", "how_met", "phone", "email", "handle", "language",
                   "formality", "snoozed_until", "created_at", "last_touch_at", "next_note",
                   "due_day", "rank_factor")


def _read(session: Session) -> Connection:
    """The session's connection for a prebuilt Core read, after flushing pending writes.

    Executing on the connection skips the ORM's per-statement machinery, which cost
    more than the small indexed queries themselves; the flush keeps the read
    consistent with changes made earlier in the same unit of work.
    """
    session.flush()
    return session.connection()


_PROFILE_BY_ID = select(UserRow.__table__).where(UserRow.id == bindparam("user_id"))


def _profile(row: Any) -> Profile:
    """A profile from an ORM row or a plain result row with the same columns."""
    return Profile(
        id=row.id,
        platform=row.platform,
        external_id=row.external_id,
        nudge_days=NudgeDays(row.nudge_days),
        cadences=dict(row.cadences or {}),
        pending=questions.from_json(row.pending),
        created_at=row.created_at,
        **{name: getattr(row, name) for name in _PROFILE_FIELDS},
    )


class SqlProfileRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(self, platform: str, external_id: str, *, language: str,
                      timezone: str, now: datetime) -> tuple[Profile, bool]:
        linked = self._session.scalar(
            select(LinkedIdentityRow.user_id).where(LinkedIdentityRow.platform == platform,
                                                    LinkedIdentityRow.external_id == external_id))
        if linked is not None:
            owner = self._session.get(UserRow, linked)
            if owner is not None:
                return _profile(owner), False
        row = self._session.scalar(
            select(UserRow).where(UserRow.platform == platform,
                                  UserRow.external_id == external_id))
        if row is not None:
            return _profile(row), False
        row = UserRow(platform=platform, external_id=external_id, language=language,
                      timezone=timezone, created_at=now, cadences={}, budget_minutes=120,
                      nudge_days=NudgeDays.WEEKDAYS.value, onboarded=False, unreachable=False,
                      viewing_demo=False,
                      nudge_time=DEFAULT_NUDGE_TIME)
        self._session.add(row)
        self._session.flush()
        return _profile(row), True

    def get(self, user_id: int) -> Profile | None:
        row = _read(self._session).execute(_PROFILE_BY_ID, {"user_id": user_id}).first()
        return _profile(row) if row else None

    def save(self, profile: Profile) -> None:
        row = self._session.get(UserRow, profile.id)
        if row is None:
            return
        for name in _PROFILE_FIELDS:
            setattr(row, name, getattr(profile, name))
        row.nudge_days = profile.nudge_days.value
        row.cadences = dict(profile.cadences)
        row.pending = questions.to_json(profile.pending) if profile.pending else None

    def delete(self, user_id: int) -> None:
        for table in (RequestRow, TouchpointRow, ContactRow, LinkedIdentityRow, LinkCodeRow):
            self._session.execute(delete(table).where(table.user_id == user_id))
        self._session.execute(delete(UserRow).where(UserRow.id == user_id))

    def mark_unreachable(self, user_id: int) -> None:
        self._session.execute(update(UserRow).where(UserRow.id == user_id)
                              .values(unreachable=True))

    def all_ids(self) -> Sequence[int]:
        return list(self._session.scalars(select(UserRow.id).order_by(UserRow.id)))


def _contact(row: Any) -> Contact:
    """A domain contact from an ORM row or a plain result row with the same columns."""
    return Contact(
        id=row.id,
        user_id=row.user_id,
        circle=Circle(row.circle),
        status=ContactStatus(row.status),
        last_channel=Channel(row.last_channel) if row.last_channel else None,
        **{name: getattr(row, name) for name in _CONTACT_FIELDS},
    )


def _fill_contact(row: ContactRow, contact: Contact) -> None:
    for name in _CONTACT_FIELDS:
        setattr(row, name, getattr(contact, name))
    row.circle = contact.circle.value
    row.status = contact.status.value
    row.last_channel = contact.last_channel.value if contact.last_channel else None


# The distinct rank factors of a user's active contacts, one index seek each (a
# "skip scan"), so finding the handful of factors does not read every contact.
_RANK_FACTORS = text("""
    WITH RECURSIVE factors(value) AS (
        SELECT MIN(rank_factor) FROM contacts WHERE user_id = :user_id AND status = :status
        UNION ALL
        SELECT (SELECT MIN(rank_factor) FROM contacts
                WHERE user_id = :user_id AND status = :status AND rank_factor > factors.value)
        FROM factors WHERE factors.value IS NOT NULL
    )
    SELECT value FROM factors WHERE value IS NOT NULL
""")

# The hot queries below are built once with bound parameters: building SQLAlchemy
# expressions per call cost more than running them (measured while composing nudges).
_DUE_WHERE = and_(
    ContactRow.user_id == bindparam("user_id"),
    ContactRow.status == bindparam("status"),
    ContactRow.due_day <= bindparam("today_ordinal"),
    or_(ContactRow.snoozed_until.is_(None), ContactRow.snoozed_until <= bindparam("today")),
)

# The top of one factor's due slice: an index range read on ix_contacts_rank.
_DUE_HEAD = (
    select(ContactRow.__table__)
    .where(_DUE_WHERE, ContactRow.rank_factor == bindparam("factor"))
    .order_by(ContactRow.due_day, func.lower(ContactRow.name))
    .limit(bindparam("limit"))
)

# Counts at most DUE_COUNT_CAP rows, so counting costs the same for any network size.
_COUNT_DUE = select(func.count()).select_from(
    select(ContactRow.id).where(_DUE_WHERE).limit(DUE_COUNT_CAP).subquery())

# A small due slice is cheapest to rank in one statement.
_DUE_SORTED = (
    select(ContactRow.__table__)
    .where(_DUE_WHERE)
    .order_by(((bindparam("today_ordinal") - ContactRow.due_day)
               * ContactRow.rank_factor).desc(),
              ContactRow.due_day, func.lower(ContactRow.name))
    .limit(bindparam("limit"))
)
# Below the count's cap, one statement ranks the whole due slice cheaply; at the cap,
# reading each rank factor's head beats sorting every due contact.
SMALL_DUE_SLICE = DUE_COUNT_CAP - 1

_WITH_BIRTHDAYS = select(ContactRow.__table__).where(ContactRow.user_id == bindparam("user_id"),
                                           ContactRow.birthday_month.is_not(None))

_MINUTES_BY_CHANNEL = (
    select(TouchpointRow.channel, func.sum(TouchpointRow.minutes))
    .where(TouchpointRow.user_id == bindparam("user_id"),
           TouchpointRow.at >= bindparam("start"), TouchpointRow.at < bindparam("end"))
    .group_by(TouchpointRow.channel)
)


class SqlContactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        # /due and nudges ask for the count right next to the list; remembered until
        # the next write in this unit of work.
        self._due_counts: dict[tuple[int, date], int] = {}

    def add(self, contact: Contact) -> Contact:
        self._due_counts.clear()
        row = ContactRow(user_id=contact.user_id)
        _fill_contact(row, contact)
        self._session.add(row)
        self._session.flush()
        contact.id = row.id
        return contact

    def _row(self, user_id: int, contact_id: int) -> ContactRow | None:
        return self._session.scalar(
            select(ContactRow).where(ContactRow.user_id == user_id,
                                     ContactRow.id == contact_id))

    def get(self, user_id: int, contact_id: int) -> Contact | None:
        row = self._row(user_id, contact_id)
        return _contact(row) if row else None

    def save(self, contact: Contact) -> None:
        assert contact.id is not None
        self._due_counts.clear()
        row = self._row(contact.user_id, contact.id)
        if row is not None:
            _fill_contact(row, contact)

    def names(self, user_id: int) -> Sequence[ContactName]:
        rows = self._session.execute(
            select(ContactRow.id, ContactRow.name, ContactRow.status)
            .where(ContactRow.user_id == user_id))
        return [ContactName(id=r.id, name=r.name, status=r.status) for r in rows]

    def list(self, user_id: int, *, include_archived: bool = False) -> Sequence[Contact]:
        query = select(ContactRow).where(ContactRow.user_id == user_id)
        if not include_archived:
            query = query.where(ContactRow.status != ContactStatus.ARCHIVED.value)
        return [_contact(r) for r in self._session.scalars(query.order_by(ContactRow.id))]

    @staticmethod
    def _due_params(user_id: int, today: date) -> dict[str, Any]:
        return {"user_id": user_id, "status": ContactStatus.ACTIVE.value,
                "today_ordinal": today.toordinal(), "today": today}

    def due(self, user_id: int, today: date, limit: int) -> Sequence[Contact]:
        """The ``limit`` best ranked due contacts, in :func:`coach.schedule.rank_key` order.

        The score is (days past due) x rank factor, and a user has only a handful of
        distinct rank factors (one per circle, plus contacts with their own cadence).
        Within one factor the ranking is simply "due longest first", so the top
        ``limit`` of each factor is an index range read; merging those few short lists
        costs the same for 100 contacts as for 10,000.
        """
        params = {**self._due_params(user_id, today), "limit": limit}
        if self.count_due(user_id, today) <= SMALL_DUE_SLICE:
            return [_contact(row) for row in _read(self._session).execute(_DUE_SORTED, params)]
        connection = _read(self._session)
        factors = connection.scalars(_RANK_FACTORS, params).all()
        candidates = [_contact(row) for factor in factors
                      for row in connection.execute(_DUE_HEAD, {**params, "factor": factor})]
        return sorted(candidates, key=lambda c: rank_key(c, today))[:limit]

    def count_due(self, user_id: int, today: date) -> int:
        key = (user_id, today)
        if key not in self._due_counts:
            self._due_counts[key] = int(
                _read(self._session).scalar(_COUNT_DUE, self._due_params(user_id, today)) or 0)
        return self._due_counts[key]

    def with_birthdays(self, user_id: int) -> Sequence[Contact]:
        return [_contact(r)
                for r in _read(self._session).execute(_WITH_BIRTHDAYS, {"user_id": user_id})]

    def count(self, user_id: int) -> int:
        query = select(func.count()).select_from(ContactRow).where(
            ContactRow.user_id == user_id)
        return int(self._session.scalar(query) or 0)


_TOUCH_FIELDS = ("id", "user_id", "contact_id", "at", "minutes", "note", "incoming",
                 "previous_touch_at", "previous_next_note", "next_note", "created_at")


def _touchpoint(row: TouchpointRow) -> Touchpoint:
    return Touchpoint(
        channel=Channel(row.channel),
        previous_channel=Channel(row.previous_channel) if row.previous_channel else None,
        **{name: getattr(row, name) for name in _TOUCH_FIELDS},
    )


class SqlTouchpointRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, touchpoint: Touchpoint) -> Touchpoint:
        row = TouchpointRow(
            channel=touchpoint.channel.value,
            previous_channel=(touchpoint.previous_channel.value
                              if touchpoint.previous_channel else None),
            **{name: getattr(touchpoint, name) for name in _TOUCH_FIELDS if name != "id"},
        )
        self._session.add(row)
        self._session.flush()
        touchpoint.id = row.id
        return touchpoint

    def latest(self, user_id: int) -> Touchpoint | None:
        row = self._session.scalar(
            select(TouchpointRow).where(TouchpointRow.user_id == user_id)
            .order_by(TouchpointRow.id.desc()).limit(1))
        return _touchpoint(row) if row else None

    def get(self, user_id: int, touchpoint_id: int) -> Touchpoint | None:
        row = self._session.scalar(select(TouchpointRow).where(
            TouchpointRow.user_id == user_id, TouchpointRow.id == touchpoint_id))
        return _touchpoint(row) if row else None

    def delete(self, user_id: int, touchpoint_id: int) -> None:
        self._session.execute(delete(TouchpointRow).where(
            TouchpointRow.user_id == user_id, TouchpointRow.id == touchpoint_id))

    def recent_for_contact(self, user_id: int, contact_id: int,
                           limit: int) -> Sequence[Touchpoint]:
        query = (select(TouchpointRow)
                 .where(TouchpointRow.user_id == user_id,
                        TouchpointRow.contact_id == contact_id)
                 .order_by(TouchpointRow.at.desc()).limit(limit))
        return [_touchpoint(r) for r in self._session.scalars(query)]

    def minutes_by_channel(self, user_id: int, start: datetime,
                           end: datetime) -> Sequence[ChannelMinutes]:
        rows = _read(self._session).execute(
            _MINUTES_BY_CHANNEL, {"user_id": user_id, "start": start, "end": end})
        return [ChannelMinutes(Channel(channel), int(total or 0)) for channel, total in rows]

    def since(self, user_id: int, start: datetime) -> Sequence[Touchpoint]:
        query = (select(TouchpointRow)
                 .where(TouchpointRow.user_id == user_id, TouchpointRow.at >= start)
                 .order_by(TouchpointRow.at))
        return [_touchpoint(r) for r in self._session.scalars(query)]

    def all(self, user_id: int) -> Sequence[Touchpoint]:
        query = (select(TouchpointRow).where(TouchpointRow.user_id == user_id)
                 .order_by(TouchpointRow.at))
        return [_touchpoint(r) for r in self._session.scalars(query)]

    def count(self, user_id: int) -> int:
        query = select(func.count()).select_from(TouchpointRow).where(
            TouchpointRow.user_id == user_id)
        return int(self._session.scalar(query) or 0)


_REQUEST_FIELDS = ("id", "user_id", "text_excerpt", "confidence", "language", "sender_name",
                   "contact_id", "created_at", "decided_at")


def _request(row: RequestRow) -> RequestRecord:
    return RequestRecord(
        verdict=Verdict(row.verdict),
        decision=Verdict(row.decision) if row.decision else None,
        **{name: getattr(row, name) for name in _REQUEST_FIELDS},
    )


class SqlRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, record: RequestRecord) -> RequestRecord:
        row = RequestRow(
            verdict=record.verdict.value,
            decision=record.decision.value if record.decision else None,
            **{name: getattr(record, name) for name in _REQUEST_FIELDS if name != "id"},
        )
        self._session.add(row)
        self._session.flush()
        record.id = row.id
        return record

    def _row(self, user_id: int, request_id: int) -> RequestRow | None:
        return self._session.scalar(select(RequestRow).where(
            RequestRow.user_id == user_id, RequestRow.id == request_id))

    def get(self, user_id: int, request_id: int) -> RequestRecord | None:
        row = self._row(user_id, request_id)
        return _request(row) if row else None

    def save(self, record: RequestRecord) -> None:
        assert record.id is not None
        row = self._row(record.user_id, record.id)
        if row is None:
            return
        row.decision = record.decision.value if record.decision else None
        row.contact_id = record.contact_id
        row.decided_at = record.decided_at

    def recent(self, user_id: int, limit: int) -> Sequence[RequestRecord]:
        query = (select(RequestRow).where(RequestRow.user_id == user_id)
                 .order_by(RequestRow.created_at.desc(), RequestRow.id.desc()).limit(limit))
        return [_request(r) for r in self._session.scalars(query)]

    def all(self, user_id: int) -> Sequence[RequestRecord]:
        query = select(RequestRow).where(RequestRow.user_id == user_id).order_by(RequestRow.id)
        return [_request(r) for r in self._session.scalars(query)]


class SqlUpdateLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, platform: str, key: str, now: datetime) -> bool:
        # ON CONFLICT DO NOTHING keeps the surrounding transaction usable when the key
        # exists, and a concurrent claim of the same key waits until the other one
        # commits. (A savepoint would not do: pysqlite does not open a transaction
        # for SAVEPOINT, so releasing it committed the claim on its own.)
        insert = (sqlite_insert if self._session.get_bind().dialect.name == "sqlite"
                  else postgresql_insert)
        statement = (insert(ProcessedUpdateRow)
                     .values(platform=platform, key=key, processed_at=now)
                     .on_conflict_do_nothing()
                     .returning(ProcessedUpdateRow.key))
        return self._session.execute(statement).first() is not None


class SqlLinkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def issue_code(self, user_id: int, code_hash: str, now: datetime,
                   expires_at: datetime) -> None:
        self._session.execute(delete(LinkCodeRow).where(LinkCodeRow.user_id == user_id))
        self._session.add(LinkCodeRow(code_hash=code_hash, user_id=user_id, created_at=now,
                                      expires_at=expires_at))
        self._session.flush()

    def redeem_code(self, code_hash: str, now: datetime) -> int | None:
        row = self._session.get(LinkCodeRow, code_hash)
        if row is None:
            return None
        owner = row.user_id
        valid = row.expires_at > now
        self._session.delete(row)
        self._session.flush()
        return owner if valid else None

    def link(self, platform: str, external_id: str, user_id: int, now: datetime) -> None:
        row = self._session.get(LinkedIdentityRow, (platform, external_id))
        if row is None:
            self._session.add(LinkedIdentityRow(platform=platform, external_id=external_id,
                                                user_id=user_id, linked_at=now))
        else:
            row.user_id, row.linked_at = user_id, now
        self._session.flush()

    def linked(self, user_id: int) -> Sequence[tuple[str, str]]:
        rows = self._session.execute(
            select(LinkedIdentityRow.platform, LinkedIdentityRow.external_id)
            .where(LinkedIdentityRow.user_id == user_id)
            .order_by(LinkedIdentityRow.linked_at))
        return [(row.platform, row.external_id) for row in rows]

    def unlink_all(self, user_id: int) -> int:
        found = len(self.linked(user_id))
        self._session.execute(delete(LinkedIdentityRow)
                              .where(LinkedIdentityRow.user_id == user_id))
        return found
