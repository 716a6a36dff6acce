"""In-memory stand-ins for the engine's ports (``coach.ports``) and a settable clock.

They behave like the SQL implementation in ``storage/repositories.py``: every query
filters on the owning user, objects handed out are copies (changing one without
``save`` changes nothing), ``due()`` orders by :func:`coach.schedule.rank_key`, and a
unit of work rolls back on exit unless it was committed. Like the database they
refuse naive datetimes and strings longer than their columns.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

from coach.model import Circle, Contact, ContactStatus, Profile, RequestRecord, Touchpoint
from coach.names import name_key, normalise
from coach.nudges import DAILY, is_nudge_due, is_slot_due
from coach.ports import (
    DUE_COUNT_CAP,
    ContactName,
    ContactRhythm,
    StagedImport,
    StorageUnavailable,
    WeekMinutes,
)
from coach.schedule import is_suggestible, rank_key
from coach.weeks import monday_of
from storage.nudges import CLAIMED, SENDING, STALE_CLAIM_AFTER, Claim, DueNudge

# The VARCHAR limits of storage/tables.py; longer values fail on PostgreSQL.
_LIMITS: dict[type, dict[str, int]] = {
    Profile: {"platform": 20, "external_id": 100, "display_name": 200, "language": 5,
              "timezone": 64, "calendar_token": 64},
    Contact: {"name": 200, "company": 200, "phone": 100, "email": 200, "handle": 200,
              "language": 5, "formality": 10, "profile_url": 500},
    Touchpoint: {},
    RequestRecord: {"language": 5},
}


T = TypeVar("T")


class StorageError(Exception):
    """What the database would raise for a value it cannot store."""


def _checked(item: T) -> T:
    """A deep copy of ``item`` in UTC; naive datetimes, NULs and overlong strings fail."""
    item = copy.deepcopy(item)
    limits = _LIMITS.get(type(item), {})
    for f in fields(item):  # type: ignore[arg-type]
        value = getattr(item, f.name)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise StorageError(f"naive datetime in {type(item).__name__}.{f.name}")
            setattr(item, f.name, value.astimezone(UTC))
        elif isinstance(value, str):
            if "\x00" in value:
                raise StorageError(f"NUL character in {type(item).__name__}.{f.name}")
            if len(value) > limits.get(f.name, len(value)):
                raise StorageError(f"{type(item).__name__}.{f.name} longer than "
                                   f"{limits[f.name]} characters")
    return item


class FixedClock:
    """A clock that stands still until a test sets or advances it; always aware UTC."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        if value.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = value.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move time on, e.g. ``clock.advance(days=3)``; returns the new now."""
        self._now += (delta or timedelta()) + timedelta(**parts)
        return self._now


@dataclass
class _Tables:
    """Everything stored; a unit of work works on its own copy of these."""

    profiles: dict[int, Profile] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)
    touchpoints: dict[int, Touchpoint] = field(default_factory=dict)
    requests: dict[int, RequestRecord] = field(default_factory=dict)
    updates: dict[tuple[str, str], str | None] = field(default_factory=dict)
    update_times: dict[tuple[str, str], datetime] = field(default_factory=dict)
    # (platform, external id) -> (user id, linked at); code hash -> (user id, expires at)
    links: dict[tuple[str, str], tuple[int, datetime]] = field(default_factory=dict)
    link_codes: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    imports: dict[int, tuple[int, StagedImport]] = field(default_factory=dict)  # id: (user, …)


class MemoryDatabase:
    """The committed state shared by all units of work of one test."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self._ids: dict[str, int] = {}
        # Injected outages, as SQL storage reports them: (reason, where) per failure.
        self.outages: list[tuple[str, str]] = []

    def fail(self, reason: str = StorageUnavailable.UNAVAILABLE, *, times: int = 1,
             at: str = "begin") -> None:
        """The next ``times`` units of work fail at ``begin`` (first read), ``commit``, or
        ``keep_reply`` (storing an update's answer)."""
        self.outages.extend([(reason, at)] * times)

    def check(self, where: str) -> None:
        if self.outages and self.outages[0][1] == where:
            reason, _ = self.outages.pop(0)
            raise StorageUnavailable(reason, maybe_committed=where == "commit")

    def next_id(self, table: str) -> int:
        # Like database sequences, ids are never handed out twice, even after a rollback.
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    # Read-only views for assertions in tests.

    def contacts_of(self, user_id: int) -> list[Contact]:
        return [copy.deepcopy(c) for c in self.tables.contacts.values() if c.user_id == user_id]

    def touchpoints_of(self, user_id: int) -> list[Touchpoint]:
        return [copy.deepcopy(p) for p in self.tables.touchpoints.values()
                if p.user_id == user_id]

    def profile(self, platform: str, external_id: str) -> Profile | None:
        for profile in self.tables.profiles.values():
            if (profile.platform, profile.external_id) == (platform, external_id):
                return copy.deepcopy(profile)
        return None

    def snapshot(self) -> _Tables:
        """A deep copy of everything, to compare before and after a command."""
        return copy.deepcopy(self.tables)


class _Repository:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    @property
    def _tables(self) -> _Tables:
        return self._uow.working

    @property
    def _db(self) -> MemoryDatabase:
        return self._uow.database


class MemoryProfileRepository(_Repository):
    def get_or_create(self, platform: str, external_id: str, *, language: str,
                      timezone: str, now: datetime) -> tuple[Profile, bool]:
        linked = self._tables.links.get((platform, external_id))
        if linked is not None and linked[0] in self._tables.profiles:
            return copy.deepcopy(self._tables.profiles[linked[0]]), False
        for profile in self._tables.profiles.values():
            if (profile.platform, profile.external_id) == (platform, external_id):
                return copy.deepcopy(profile), False
        profile = Profile(id=self._db.next_id("users"), platform=platform,
                          external_id=external_id, language=language, timezone=timezone,
                          created_at=now)
        self._tables.profiles[profile.id] = _checked(profile)
        return copy.deepcopy(profile), True

    def get(self, user_id: int) -> Profile | None:
        profile = self._tables.profiles.get(user_id)
        return copy.deepcopy(profile) if profile else None

    def save(self, profile: Profile) -> None:
        stored = self._tables.profiles.get(profile.id)
        if stored is None:
            return
        saved = _checked(profile)
        # Identity and creation time are not updated by the SQL repository either.
        saved.platform, saved.external_id = stored.platform, stored.external_id
        saved.created_at = stored.created_at
        if saved.calendar_token is not None and any(
                other.calendar_token == saved.calendar_token
                for key, other in self._tables.profiles.items() if key != profile.id):
            raise StorageError("calendar token already taken")
        self._tables.profiles[profile.id] = saved

    def mark_unreachable(self, user_id: int) -> None:
        stored = self._tables.profiles.get(user_id)
        if stored is not None:
            stored.unreachable = True

    def delete(self, user_id: int) -> None:
        tables = self._tables
        for table in (tables.requests, tables.touchpoints, tables.contacts):
            for key in [k for k, row in table.items() if row.user_id == user_id]:
                del table[key]
        for links in (tables.links, tables.link_codes):
            for link_key in [k for k, (owner, _) in links.items() if owner == user_id]:
                del links[link_key]  # type: ignore[arg-type]
        for key in [k for k, (owner, _) in tables.imports.items() if owner == user_id]:
            del tables.imports[key]
        tables.profiles.pop(user_id, None)

    def by_calendar_token(self, token: str) -> Profile | None:
        for profile in self._tables.profiles.values():
            if profile.calendar_token is not None and profile.calendar_token == token:
                return copy.deepcopy(profile)
        return None

    def all_ids(self) -> Sequence[int]:
        return sorted(self._tables.profiles)


class MemoryContactRepository(_Repository):
    def add(self, contact: Contact) -> Contact:
        if contact.user_id not in self._tables.profiles:
            raise StorageError("contact for a user that does not exist")
        contact.id = self._db.next_id("contacts")
        self._tables.contacts[contact.id] = _checked(contact)
        return contact

    def add_many(self, contacts: Sequence[Contact]) -> Sequence[Contact]:
        for contact in contacts:
            self.add(contact)
        return contacts

    def _row(self, user_id: int, contact_id: int) -> Contact | None:
        row = self._tables.contacts.get(contact_id)
        return row if row is not None and row.user_id == user_id else None

    def get(self, user_id: int, contact_id: int) -> Contact | None:
        row = self._row(user_id, contact_id)
        return copy.deepcopy(row) if row else None

    def save(self, contact: Contact) -> None:
        assert contact.id is not None
        row = self._row(contact.user_id, contact.id)
        if row is not None:
            self._tables.contacts[contact.id] = _checked(contact)

    def _of(self, user_id: int) -> list[Contact]:
        return sorted((c for c in self._tables.contacts.values() if c.user_id == user_id),
                      key=lambda c: c.id or 0)

    def names(self, user_id: int) -> Sequence[ContactName]:
        return [ContactName(id=c.id, name=c.name, status=c.status.value, key=name_key(c.name))
                for c in self._of(user_id) if c.id is not None]

    def names_with_word(self, user_id: int, word: str) -> Sequence[ContactName]:
        def has(key: str) -> bool:
            words = key.split()
            if len(word) == 1:
                return any(w.startswith(word) for w in words)
            return word in words
        return [n for n in self.names(user_id) if word and has(n.key)]

    def listing(self, user_id: int, query: str) -> Sequence[ContactName]:
        return [ContactName(id=c.id, name=c.name, status=c.status.value, key=name_key(c.name))
                for c in self._of(user_id)
                if c.id is not None and c.status is not ContactStatus.ARCHIVED
                and query in normalise(" ".join(filter(None, (c.name, c.company))))]

    def get_many(self, user_id: int, contact_ids: Sequence[int]) -> Sequence[Contact]:
        mine = {c.id: c for c in self._of(user_id)}
        return [copy.deepcopy(mine[i]) for i in contact_ids if i in mine]

    def names_with_any_word(self, user_id: int,
                            words: Collection[str]) -> Sequence[ContactName]:
        wanted = set(words)
        return [n for n in self.names(user_id) if wanted & set(n.key.split())]

    def list(self, user_id: int, *, include_archived: bool = False) -> Sequence[Contact]:
        return [copy.deepcopy(c) for c in self._of(user_id)
                if include_archived or c.status is not ContactStatus.ARCHIVED]

    def each(self, user_id: int, *, include_archived: bool = False) -> Iterator[Contact]:
        yield from self.list(user_id, include_archived=include_archived)

    def _due(self, user_id: int, today: date) -> list[Contact]:
        # The engine's own rule; storage/repositories.py states it in SQL, and
        # tests/integration/test_storage.py holds the two to the same answer.
        return [c for c in self._of(user_id) if is_suggestible(c, today)]

    def due(self, user_id: int, today: date, limit: int) -> Sequence[Contact]:
        ranked = sorted(self._due(user_id, today), key=lambda c: rank_key(c, today))
        return [copy.deepcopy(c) for c in ranked[:limit]]

    def count_due(self, user_id: int, today: date) -> int:
        return min(len(self._due(user_id, today)), DUE_COUNT_CAP)

    def network_counts(self, user_id: int, today: date,
                       cadences: Mapping[Circle, int]) -> Mapping[tuple[Circle, str], int]:
        # The engine's own rule; storage states it in SQL, held to the same answer by
        # tests/integration/test_storage.py.
        from coach.handlers.reports import contact_state

        profile = Profile(id=user_id, platform="", external_id="",
                          cadences={c.value: days for c, days in cadences.items()})
        return dict(Counter(
            (c.circle, contact_state(ContactRhythm(c.circle, c.cadence_days,
                                                   c.last_touch_at is not None, c.due_day),
                                     profile, today))
            for c in self._of(user_id) if c.status is ContactStatus.ACTIVE))

    def with_birthdays(self, user_id: int) -> Sequence[Contact]:
        return [copy.deepcopy(c) for c in self._of(user_id) if c.birthday_month is not None]

    def count(self, user_id: int) -> int:
        return len(self._of(user_id))

    def unsorted(self, user_id: int, limit: int) -> Sequence[Contact]:
        return [copy.deepcopy(c) for c in self._of(user_id)
                if c.status is ContactStatus.UNSORTED][:limit]

    def count_unsorted(self, user_id: int) -> int:
        return sum(1 for c in self._of(user_id) if c.status is ContactStatus.UNSORTED)


class MemoryTouchpointRepository(_Repository):
    def add(self, touchpoint: Touchpoint) -> Touchpoint:
        if touchpoint.user_id not in self._tables.profiles:
            raise StorageError("touchpoint for a user that does not exist")
        if touchpoint.contact_id is not None and (
                self._tables.contacts.get(touchpoint.contact_id) is None
                or self._tables.contacts[touchpoint.contact_id].user_id != touchpoint.user_id):
            raise StorageError("touchpoint for a contact of another user")
        touchpoint.id = self._db.next_id("touchpoints")
        self._tables.touchpoints[touchpoint.id] = _checked(touchpoint)
        return touchpoint

    def _of(self, user_id: int) -> list[Touchpoint]:
        return [p for p in self._tables.touchpoints.values() if p.user_id == user_id]

    @staticmethod
    def _by_time(points: list[Touchpoint], *, newest_first: bool = False) -> list[Touchpoint]:
        ordered = sorted(points, key=lambda p: (p.at, p.id or 0), reverse=newest_first)
        return [copy.deepcopy(p) for p in ordered]

    def latest(self, user_id: int, contact_id: int | None = None) -> Touchpoint | None:
        points = sorted((p for p in self._of(user_id)
                         if contact_id is None or p.contact_id == contact_id),
                        key=lambda p: p.id or 0)
        return copy.deepcopy(points[-1]) if points else None

    def get(self, user_id: int, touchpoint_id: int) -> Touchpoint | None:
        row = self._tables.touchpoints.get(touchpoint_id)
        return copy.deepcopy(row) if row is not None and row.user_id == user_id else None

    def delete(self, user_id: int, touchpoint_id: int) -> bool:
        row = self._tables.touchpoints.get(touchpoint_id)
        if row is None or row.user_id != user_id:
            return False
        del self._tables.touchpoints[touchpoint_id]
        return True

    def recent_for_contact(self, user_id: int, contact_id: int,
                           limit: int) -> Sequence[Touchpoint]:
        points = [p for p in self._of(user_id) if p.contact_id == contact_id]
        return self._by_time(points, newest_first=True)[:limit]

    def minutes_by_week(self, user_id: int, first_monday: date,
                        last_monday: date) -> Sequence[WeekMinutes]:
        # Counted from the touchpoints in the user's current time zone: what the SQL
        # repository's sums hold, kept on writes and rebuilt on a time-zone change.
        profile = self._tables.profiles.get(user_id)
        timezone = profile.timezone if profile else "UTC"
        totals: dict[tuple[date, Any], int] = {}
        for point in self._of(user_id):
            monday = monday_of(point.at, timezone)
            if first_monday <= monday <= last_monday:
                key = (monday, point.channel)
                totals[key] = totals.get(key, 0) + point.minutes
        return [WeekMinutes(monday, channel, minutes)
                for (monday, channel), minutes in sorted(totals.items(), key=lambda i: i[0][0])
                if minutes]

    def weeks_on_budget_in_a_row(self, user_id: int, first_monday: date, last_monday: date,
                                 budget: int) -> int:
        totals: dict[date, int] = {}
        for row in self.minutes_by_week(user_id, first_monday, last_monday):
            totals[row.monday] = totals.get(row.monday, 0) + row.minutes
        count, monday = 0, last_monday
        while monday >= first_monday and totals.get(monday, 0) >= budget:
            count += 1
            monday -= timedelta(weeks=1)
        return count

    def all(self, user_id: int) -> Sequence[Touchpoint]:
        return self._by_time(self._of(user_id))

    def each(self, user_id: int) -> Iterator[Touchpoint]:
        yield from self.all(user_id)

    def count(self, user_id: int) -> int:
        return len(self._of(user_id))


class MemoryRequestRepository(_Repository):
    def add(self, record: RequestRecord) -> RequestRecord:
        if record.user_id not in self._tables.profiles:
            raise StorageError("request for a user that does not exist")
        record.id = self._db.next_id("requests")
        self._tables.requests[record.id] = _checked(record)
        return record

    def _row(self, user_id: int, request_id: int) -> RequestRecord | None:
        row = self._tables.requests.get(request_id)
        return row if row is not None and row.user_id == user_id else None

    def get(self, user_id: int, request_id: int) -> RequestRecord | None:
        row = self._row(user_id, request_id)
        return copy.deepcopy(row) if row else None

    def save(self, record: RequestRecord) -> None:
        assert record.id is not None
        row = self._row(record.user_id, record.id)
        if row is None:
            return
        # Only the decision can change, as in the SQL repository.
        checked = _checked(record)
        row.decision = checked.decision
        row.contact_id = checked.contact_id
        row.decided_at = checked.decided_at

    def recent(self, user_id: int, limit: int) -> Sequence[RequestRecord]:
        rows = [r for r in self._tables.requests.values() if r.user_id == user_id]
        rows.sort(key=lambda r: (r.created_at or datetime.min.replace(tzinfo=UTC), r.id or 0),
                  reverse=True)
        return [copy.deepcopy(r) for r in rows[:limit]]

    def all(self, user_id: int) -> Sequence[RequestRecord]:
        rows = sorted((r for r in self._tables.requests.values() if r.user_id == user_id),
                      key=lambda r: r.id or 0)
        return [copy.deepcopy(r) for r in rows]

    def each(self, user_id: int) -> Iterator[RequestRecord]:
        yield from self.all(user_id)

    def count(self, user_id: int) -> int:
        return sum(1 for r in self._tables.requests.values() if r.user_id == user_id)


class MemoryImportRepository(_Repository):
    def stage(self, user_id: int, filename: str, payload: dict[str, Any],
              now: datetime) -> int:
        if user_id not in self._tables.profiles:
            raise StorageError("import for a user that does not exist")
        if now.tzinfo is None:
            raise StorageError("naive datetime in an import")
        self.discard(user_id)
        batch_id = self._db.next_id("import_batches")
        self._tables.imports[batch_id] = (user_id, StagedImport(
            id=batch_id, filename=filename[:200], payload=copy.deepcopy(payload),
            created_at=now))
        return batch_id

    def get(self, user_id: int, batch_id: int) -> StagedImport | None:
        owner, staged = self._tables.imports.get(batch_id, (None, None))
        return copy.deepcopy(staged) if owner == user_id else None

    def discard(self, user_id: int) -> None:
        for key in [k for k, (owner, _) in self._tables.imports.items() if owner == user_id]:
            del self._tables.imports[key]


class MemoryUpdateLog(_Repository):
    def claim(self, platform: str, key: str, now: datetime) -> bool:
        if (platform, key) in self._tables.updates:
            return False
        self._tables.updates[(platform, key)] = None
        self._tables.update_times[(platform, key)] = now
        return True

    def keep_reply(self, platform: str, key: str, reply: str) -> None:
        self._db.check("keep_reply")
        if (platform, key) in self._tables.updates:
            self._tables.updates[(platform, key)] = reply

    def kept_reply(self, platform: str, key: str) -> str | None:
        return self._tables.updates.get((platform, key))

    def delivered(self, platform: str, key: str) -> None:
        if (platform, key) in self._tables.updates:
            self._tables.updates[(platform, key)] = None

    def prune(self, before: datetime) -> int:
        old = [k for k, at in self._tables.update_times.items() if at < before]
        for k in old:
            del self._tables.updates[k]
            del self._tables.update_times[k]
        return len(old)


class MemoryLinkRepository(_Repository):
    def issue_code(self, user_id: int, code_hash: str, now: datetime,
                   expires_at: datetime) -> None:
        codes = self._tables.link_codes
        for key in [k for k, (owner, _) in codes.items() if owner == user_id]:
            del codes[key]
        codes[code_hash] = (user_id, expires_at)

    def redeem_code(self, code_hash: str, now: datetime) -> int | None:
        found = self._tables.link_codes.pop(code_hash, None)
        if found is None:
            return None
        owner, expires_at = found
        return owner if expires_at > now else None

    def link(self, platform: str, external_id: str, user_id: int, now: datetime) -> None:
        if len(platform) > 20 or len(external_id) > 100:
            raise StorageError("identity longer than its columns")
        self._tables.links[(platform, external_id)] = (user_id, now)

    def linked(self, user_id: int) -> Sequence[tuple[str, str]]:
        rows = sorted(((at, key) for key, (owner, at) in self._tables.links.items()
                       if owner == user_id))
        return [key for _, key in rows]

    def unlink_all(self, user_id: int) -> int:
        keys = [k for k, (owner, _) in self._tables.links.items() if owner == user_id]
        for key in keys:
            del self._tables.links[key]
        return len(keys)


class MemoryUnitOfWork:
    """One transaction: works on a copy of the database, written back only on commit."""

    def __init__(self, database: MemoryDatabase) -> None:
        self.database = database
        self.working = _Tables()
        self.commits = 0
        self.profiles = MemoryProfileRepository(self)
        self.contacts = MemoryContactRepository(self)
        self.touchpoints = MemoryTouchpointRepository(self)
        self.requests = MemoryRequestRepository(self)
        self.updates = MemoryUpdateLog(self)
        self.links = MemoryLinkRepository(self)
        self.imports = MemoryImportRepository(self)

    def __enter__(self) -> Self:
        self.database.check("begin")
        self.working = self.database.snapshot()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.rollback()

    def commit(self) -> None:
        self.database.check("commit")
        self.database.tables = copy.deepcopy(self.working)
        self.commits += 1

    def rollback(self) -> None:
        self.working = self.database.snapshot()


class MemoryUnitOfWorkFactory:
    """Hands out units of work over one shared :class:`MemoryDatabase`."""

    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database or MemoryDatabase()

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)


@dataclass
class _Delivery:
    status: str
    claimed_by: str
    claimed_at: datetime


class MemoryNudgeLedger:
    """The nudge ledger in memory, with the database's claim rules.

    One delivery per (user, local day, kind); a claim still "claimed" after
    ``STALE_CLAIM_AFTER`` may be taken over; "sending" and "sent" are never claimed
    again; only the holder may finish a claim.
    """

    def __init__(self, database: MemoryDatabase) -> None:
        self._db = database
        self.deliveries: dict[tuple[int, date, str], _Delivery] = {}
        self.beats: dict[str, datetime] = {}
        self.hosts: dict[str, tuple[str, int]] = {}

    def due(self, now: datetime, kind: str,
            platforms: Collection[str] | None = None) -> list[DueNudge]:
        found = []
        for profile in self._db.tables.profiles.values():
            if platforms is not None and profile.platform not in platforms:
                continue
            day = is_nudge_due(profile, now) if kind == DAILY else is_slot_due(profile, now)
            if day is None:
                continue
            held = self.deliveries.get((profile.id, day, kind))
            if held is None or self._stale(held, now):
                found.append(DueNudge(profile.id, day, kind))
        return found

    @staticmethod
    def _stale(delivery: _Delivery, now: datetime) -> bool:
        return delivery.status == CLAIMED and delivery.claimed_at < now - STALE_CLAIM_AFTER

    def claim(self, item: DueNudge, worker: str, now: datetime) -> Claim | None:
        profile = self._db.tables.profiles.get(item.user_id)
        key = (item.user_id, item.local_day, item.kind)
        held = self.deliveries.get(key)
        if profile is None or (held is not None and not self._stale(held, now)):
            return None
        self.deliveries[key] = _Delivery(CLAIMED, worker, now)
        return Claim(item.user_id, item.local_day, item.kind, profile.platform,
                     profile.external_id, worker)

    def _held(self, claim: Claim, statuses: tuple[str, ...]) -> _Delivery | None:
        held = self.deliveries.get((claim.user_id, claim.local_day, claim.kind))
        if held is None or held.claimed_by != claim.worker or held.status not in statuses:
            return None
        return held

    def start_sending(self, claim: Claim, now: datetime) -> bool:
        held = self._held(claim, (CLAIMED,))
        if held is not None:
            held.status = SENDING
        return held is not None

    def finish(self, claim: Claim, status: str, now: datetime) -> bool:
        held = self._held(claim, (CLAIMED, SENDING))
        if held is not None:
            held.status = status
        return held is not None

    def release(self, claim: Claim) -> bool:
        key = (claim.user_id, claim.local_day, claim.kind)
        if self._held(claim, (CLAIMED,)) is None:
            return False
        del self.deliveries[key]
        return True

    def mark_unreachable(self, user_id: int) -> None:
        profile = self._db.tables.profiles.get(user_id)
        if profile is not None:
            profile.unreachable = True

    def beat(self, process_id: str, host: str, pid: int, now: datetime, *,
             nudged_at: datetime | None = None) -> None:
        self.beats[process_id] = now
        self.hosts[process_id] = (host, pid)

    def workers_on(self, host: str) -> list[tuple[str, int]]:
        return [(worker, pid) for worker, (seen, pid) in self.hosts.items() if seen == host]

    def release_claims_of(self, workers: Collection[str]) -> int:
        gone = [key for key, held in self.deliveries.items()
                if held.claimed_by in workers and held.status == CLAIMED]
        for key in gone:
            del self.deliveries[key]
        return len(gone)
