"""Repositories: the engine's ports implemented with SQLAlchemy sessions.

Rows are converted to the engine's plain dataclasses on the way out and back on the
way in, so no session state leaks into the engine. Every query filters on the
owning user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    true,
    update,
)
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
from coach.names import NAME_KEY_CHARS, name_key, name_words, normalise
from coach.ports import DUE_COUNT_CAP, ContactName, StagedImport, WeekMinutes
from coach.schedule import rank_key
from coach.weeks import monday_of
from storage.tables import (
    ContactRow,
    ContactWordRow,
    ImportBatchRow,
    LinkCodeRow,
    LinkedIdentityRow,
    ProcessedUpdateRow,
    RequestRow,
    TouchpointRow,
    UserRow,
    WeekMinutesRow,
)

DEFAULT_NUDGE_TIME = time(8, 30)
_PROFILE_FIELDS = ("display_name", "language", "timezone", "budget_minutes", "positioning",
                   "nudge_time", "slot_weekday", "slot_time", "onboarded", "unreachable",
                   "viewing_demo", "calendar_token")
_CONTACT_FIELDS = ("name", "cadence_days", "company", "birthday_day", "birthday_month",
                   "birthday_year", "how_met", "phone", "email", "handle", "language",
                   "formality", "profile_url", "snoozed_until", "created_at", "last_touch_at",
                   "next_note",
                   "due_day", "rank_factor")


def _read(session: Session) -> Connection:
    """The session's connection for a prebuilt Core read, after flushing pending writes.

    Executing on the connection skips the ORM's per-statement machinery, which cost
    more than the small indexed queries themselves; the flush keeps the read
    consistent with changes made earlier in the same unit of work.
    """
    session.flush()
    return session.connection()


_Record = TypeVar("_Record")
# Rows fetched per round trip when a whole network or history is streamed: a server-side
# cursor on PostgreSQL, SQLite's own stepping through the result elsewhere.
STREAM_ROWS = 500
_STREAM_OPTIONS = {"yield_per": STREAM_ROWS}


def _each(session: Session, statement: Any, params: dict[str, Any],
          convert: Callable[[Any], _Record]) -> Iterator[_Record]:
    """``statement``'s rows as domain records, fetched a few hundred at a time.

    Nothing runs until the first record is asked for; the cursor is closed when the
    records are used up or the iterator is closed.
    """
    result = _read(session).execute(statement, params, execution_options=_STREAM_OPTIONS)
    try:
        for row in result:
            yield convert(row)
    finally:
        result.close()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# PostgreSQL advisory locks are keyed by two int4; the first says "a coach user".
USER_LOCK_NAMESPACE = 0x636F6163
_LOCK_USER = func.pg_advisory_xact_lock(literal_column(str(USER_LOCK_NAMESPACE)),
                                       bindparam("key", type_=Integer))
_USER_LOCK = select(_LOCK_USER)

def user_lock_key(platform: str, external_id: str) -> int:
    """A stable int4 for an identity; two users sharing one only wait for each other."""
    digest = hashlib.blake2b(f"{platform}:{external_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


# A write that changes nothing: in SQLite it still takes the database's write lock.
_SQLITE_WRITE_LOCK = text("UPDATE users SET id = id WHERE 0")
_PROFILE_BY_ID = select(UserRow.__table__).where(UserRow.id == bindparam("user_id"))
# Every update starts with these three; built once, as building them per call cost
# more than running them.
_LINK_OF_IDENTITY = and_(LinkedIdentityRow.platform == bindparam("platform"),
                         LinkedIdentityRow.external_id == bindparam("external_id"))
_LINKED_OWNER = select(LinkedIdentityRow.user_id).where(_LINK_OF_IDENTITY)
# PostgreSQL: the asking identity's lock, and the profile it is linked to (if any).
_LOCKED = select(_LOCK_USER.label("locked")).subquery("locked")
_LOCKED_LINKED_OWNER = select(LinkedIdentityRow.user_id).select_from(
    _LOCKED.outerjoin(LinkedIdentityRow.__table__, _LINK_OF_IDENTITY))
_USER_BY_IDENTITY = select(UserRow).where(UserRow.platform == bindparam("platform"),
                                          UserRow.external_id == bindparam("external_id"))


def _insert_user(dialect_insert: Any) -> Any:
    users = UserRow.__table__
    return (dialect_insert(users).values(
        platform=bindparam("platform"), external_id=bindparam("external_id"),
        language=bindparam("language"), timezone=bindparam("timezone"),
        created_at=bindparam("created_at", type_=users.c.created_at.type), cadences={},
        budget_minutes=120, nudge_days=NudgeDays.WEEKDAYS.value, onboarded=False,
        unreachable=False, nudge_time=DEFAULT_NUDGE_TIME, viewing_demo=False)
        .on_conflict_do_nothing(index_elements=["platform", "external_id"])
        .returning(users.c.id))


_INSERT_USER = {"sqlite": _insert_user(sqlite_insert),
                "postgresql": _insert_user(postgresql_insert)}


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
        """The profile, with the user locked for the rest of the unit of work.

        Every engine call starts here, so locking the user serialises one user's
        writers: two concurrent /undo cannot take back the same touchpoint, and two
        concurrent /add of one name see each other and ask the duplicate question.
        PostgreSQL takes a transaction-scoped advisory lock on the identity (and on
        the identity it is linked to, if any) before the profile is read (unlike
        ``FOR UPDATE`` it writes nothing, so a read-only command stays a read-only
        transaction); other users are not held up. SQLite
        has no such locks, so the insert-if-missing comes first and takes the
        database's write lock, as ``BEGIN IMMEDIATE`` would; SQLite writers queue anyway.
        """
        sqlite = _dialect(self._session) == "sqlite"
        asked = {"platform": platform, "external_id": external_id}
        if sqlite:
            # Take SQLite's write lock before reading anything, as BEGIN IMMEDIATE would.
            self._session.execute(_SQLITE_WRITE_LOCK)
            owner = self._session.scalar(_LINKED_OWNER, asked)
        else:
            # The identity's own lock and its link in one round trip; a linked identity
            # then also takes its owner's lock (below), always in that order.
            owner = self._session.execute(_LOCKED_LINKED_OWNER, {
                **asked, "key": user_lock_key(platform, external_id)}).scalar()
        # A linked identity (Slack beside Telegram) speaks for the profile it was linked
        # to, and locks that profile's own identity.
        linked = False
        if owner is not None and (owner_row := self._session.get(UserRow, owner)) is not None:
            platform, external_id = owner_row.platform, owner_row.external_id
            linked = True
        if sqlite:
            created = self._insert_if_missing(platform, external_id, language, timezone, now)
            row = self._session.scalar(_USER_BY_IDENTITY, {"platform": platform,
                                                           "external_id": external_id})
        else:
            if linked:
                self._session.execute(_USER_LOCK,
                                      {"key": user_lock_key(platform, external_id)})
            identity = {"platform": platform, "external_id": external_id}
            row = self._session.scalar(_USER_BY_IDENTITY, identity)
            created = False
            if row is None:
                created = self._insert_if_missing(platform, external_id, language, timezone,
                                                  now)
                row = self._session.scalar(_USER_BY_IDENTITY, identity)
        assert row is not None
        return _profile(row), created

    def _insert_if_missing(self, platform: str, external_id: str, language: str,
                           timezone: str, now: datetime) -> bool:
        statement = _INSERT_USER[_dialect(self._session)]
        return self._session.execute(statement, {
            "platform": platform, "external_id": external_id, "language": language,
            "timezone": timezone, "created_at": now}).first() is not None

    def get(self, user_id: int) -> Profile | None:
        row = _read(self._session).execute(_PROFILE_BY_ID, {"user_id": user_id}).first()
        return _profile(row) if row else None

    def save(self, profile: Profile) -> None:
        row = self._session.get(UserRow, profile.id)
        if row is None:
            return
        if row.timezone != profile.timezone:
            rebuild_week_minutes(self._session, profile.id, profile.timezone)
        for name in _PROFILE_FIELDS:
            setattr(row, name, getattr(profile, name))
        row.nudge_days = profile.nudge_days.value
        row.cadences = dict(profile.cadences)
        row.pending = questions.to_json(profile.pending) if profile.pending else None

    def delete(self, user_id: int) -> None:
        for table in (WeekMinutesRow, ContactWordRow, ImportBatchRow, RequestRow,
                      TouchpointRow, ContactRow, LinkedIdentityRow, LinkCodeRow):
            self._session.execute(delete(table).where(table.user_id == user_id))
        self._session.execute(delete(UserRow).where(UserRow.id == user_id))

    def mark_unreachable(self, user_id: int) -> None:
        self._session.execute(update(UserRow).where(UserRow.id == user_id)
                              .values(unreachable=True))

    def by_calendar_token(self, token: str) -> Profile | None:
        row = self._session.scalar(select(UserRow).where(UserRow.calendar_token == token))
        return _profile(row) if row is not None else None

    def all_ids(self) -> Sequence[int]:
        return list(self._session.scalars(select(UserRow.id).order_by(UserRow.id)))


# Enum members by stored value: a dict lookup costs a fraction of calling the enum,
# which adds up when a whole network or history is read.
_CIRCLES = {member.value: member for member in Circle}
_STATUSES = {member.value: member for member in ContactStatus}
_CHANNELS: dict[str | None, Channel | None] = {member.value: member for member in Channel}
_CHANNELS[None] = None


def _contact(row: Any) -> Contact:
    """A domain contact from an ORM row or a plain result row with the same columns."""
    return Contact(
        id=row.id,
        user_id=row.user_id,
        circle=_CIRCLES[row.circle],
        status=_STATUSES[row.status],
        last_channel=_CHANNELS[row.last_channel or None],
        **{name: getattr(row, name) for name in _CONTACT_FIELDS},
    )


# The column names of whole-table rows, in the order ``select(table)`` returns them.
_CONTACT_COLUMNS = tuple(ContactRow.__table__.columns.keys())
_TOUCHPOINT_COLUMNS = tuple(TouchpointRow.__table__.columns.keys())


def _contact_from_result(row: Any) -> Contact:
    """A domain contact from a Core result row of the whole contacts table.

    Reading the row as one dict is much cheaper than an attribute lookup per column,
    which counted when a thousand contacts are read for /network or /contacts; zipping
    it with the table's column names is cheaper again than ``row._asdict()``.
    """
    values = dict(zip(_CONTACT_COLUMNS, row, strict=True))
    del values["name_key"]
    values["circle"] = _CIRCLES[values["circle"]]
    values["status"] = _STATUSES[values["status"]]
    values["last_channel"] = _CHANNELS[values["last_channel"] or None]
    return Contact(**values)


def _fill_contact(row: ContactRow, contact: Contact) -> None:
    for name in _CONTACT_FIELDS:
        setattr(row, name, getattr(contact, name))
    row.name_key = name_key(contact.name)
    row.circle = contact.circle.value
    row.status = contact.status.value
    row.last_channel = contact.last_channel.value if contact.last_channel else None


# The hot queries below are built once with bound parameters: building SQLAlchemy
# expressions per call cost more than running them (measured while composing nudges).
_DUE_WHERE = and_(
    ContactRow.user_id == bindparam("user_id"),
    ContactRow.status == bindparam("status"),
    ContactRow.due_day <= bindparam("today_ordinal"),
    or_(ContactRow.snoozed_until.is_(None), ContactRow.snoozed_until <= bindparam("today")),
)

# The distinct rank factors of a user's active contacts, one index seek each (a
# "skip scan"), so finding the handful of factors does not read every contact.
_FACTORS = select(func.min(ContactRow.rank_factor).label("value")).where(
    ContactRow.user_id == bindparam("user_id"),
    ContactRow.status == bindparam("status")).cte("factors", recursive=True)
_LATER = ContactRow.__table__.alias("later")
_FACTORS = _FACTORS.union_all(
    select(select(func.min(_LATER.c.rank_factor))
           .where(_LATER.c.user_id == bindparam("user_id"),
                  _LATER.c.status == bindparam("status"),
                  _LATER.c.rank_factor > _FACTORS.c.value)
           .scalar_subquery())
    .where(_FACTORS.c.value.is_not(None)))
_RANK_FACTORS = select(_FACTORS.c.value).where(_FACTORS.c.value.is_not(None))


def _due_head(factor: Any) -> Any:
    """The top of one factor's due slice: an index range read on ix_contacts_rank."""
    return (select(ContactRow.__table__)
            .where(_DUE_WHERE, ContactRow.rank_factor == factor)
            .order_by(ContactRow.due_day, func.lower(ContactRow.name))
            .limit(bindparam("limit")))


_DUE_HEAD = _due_head(bindparam("factor"))
# PostgreSQL: the rank factors and the head of each factor's due slice in one
# statement (a lateral join), one round trip instead of one per factor. SQLite has no
# lateral joins, and no round trips to save.
_HEAD = _due_head(_FACTORS.c.value).lateral("head")
_DUE_HEADS = (select(_HEAD).select_from(_FACTORS).join(_HEAD, true())
              .where(_FACTORS.c.value.is_not(None)))

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

_MAX_CONTACT_ID = select(func.max(ContactRow.id)).where(
    ContactRow.user_id == bindparam("user_id"))
_CONTACT_IDS_AFTER = (select(ContactRow.id)
                      .where(ContactRow.user_id == bindparam("user_id"),
                             ContactRow.id > bindparam("after"))
                      .order_by(ContactRow.id))

_WITH_BIRTHDAYS = select(ContactRow.__table__).where(ContactRow.user_id == bindparam("user_id"),
                                           ContactRow.birthday_month.is_not(None))

# Whole networks (/network, /contacts, /export) as plain rows: loading a thousand ORM
# objects cost several times more than the query.
_ALL_CONTACTS = (select(ContactRow.__table__).where(ContactRow.user_id == bindparam("user_id"))
                 .order_by(ContactRow.id))
_CONTACTS_NOT_ARCHIVED = _ALL_CONTACTS.where(ContactRow.status != bindparam("archived"))

# /contacts: the names and companies of the contacts not archived, by id; a search
# reads only those whose name has the text, or that have a company to look at.
_LISTING = (select(ContactRow.id, ContactRow.name, ContactRow.status, ContactRow.name_key,
                   ContactRow.company)
            .where(ContactRow.user_id == bindparam("user_id"),
                   ContactRow.status != bindparam("archived"))
            .order_by(ContactRow.id))
_LISTING_SEARCH = _LISTING.where(or_(
    ContactRow.name_key.like(bindparam("pattern"), escape="\\"),
    ContactRow.name_key.is_(None),
    func.length(ContactRow.name_key) >= NAME_KEY_CHARS,
    and_(ContactRow.company.is_not(None), ContactRow.company != "")))
_CONTACTS_BY_ID = select(ContactRow.__table__).where(
    ContactRow.user_id == bindparam("user_id"),
    ContactRow.id.in_(bindparam("ids", expanding=True)))

# /network: active contacts counted by circle and state in one grouped query. The
# state is coach.handlers.reports.contact_state, in whole numbers: fresh when touched
# and fewer days since the last touchpoint (the due day less the cadence) than a
# quarter of the cadence, fine before the due day, overdue a quarter cadence after it.
_CADENCE = func.coalesce(ContactRow.cadence_days, case(
    {circle.value: bindparam(f"cadence_{circle.value}", type_=Integer) for circle in Circle},
    value=ContactRow.circle))
_PAST = bindparam("today", type_=Integer) - ContactRow.due_day
_STATES = (select(ContactRow.circle, case(
    (and_(ContactRow.last_touch_at.is_not(None), 4 * (_PAST + _CADENCE) < _CADENCE),
     literal_column("'fresh'")),
    (_PAST < 0, literal_column("'fine'")),
    (4 * _PAST >= _CADENCE, literal_column("'overdue'")),
    else_=literal_column("'due'")).label("state"))
    .where(ContactRow.user_id == bindparam("user_id"),
           ContactRow.status == bindparam("status"))
    .subquery())
_NETWORK_COUNTS = select(_STATES.c.circle, _STATES.c.state, func.count()).group_by(
    _STATES.c.circle, _STATES.c.state)

_NAMES = select(ContactRow.id, ContactRow.name, ContactRow.status, ContactRow.name_key).where(
    ContactRow.user_id == bindparam("user_id"))

_NAMES_BY_WORD = (
    select(ContactRow.id, ContactRow.name, ContactRow.status, ContactRow.name_key)
    .join(ContactWordRow, ContactWordRow.contact_id == ContactRow.id)
    .where(ContactWordRow.user_id == bindparam("user_id"),
           ContactRow.user_id == bindparam("user_id"))
)
# Contacts with this word: one seek in the primary key of contact_words.
_NAMES_WITH_WORD = _NAMES_BY_WORD.where(ContactWordRow.word == bindparam("word"))
# Contacts with any of these words, each once.
_NAMES_WITH_ANY_WORD = _NAMES_BY_WORD.where(
    ContactWordRow.word.in_(bindparam("words", expanding=True))).distinct()
# Words per statement: far below every database's limit on bound parameters.
_WORDS_PER_LOOKUP = 500
# Contacts with a word starting with this letter (a typed initial), each once.
_NAMES_WITH_INITIAL = _NAMES_BY_WORD.where(
    ContactWordRow.word >= bindparam("low"), ContactWordRow.word < bindparam("high")).distinct()


def _lists(row: Any, query: str) -> bool:
    """Whether /contacts ``query`` finds this row: in the name, the company, or across."""
    key = row.name_key
    if key and len(key) < NAME_KEY_CHARS and query in key:
        return True
    return query in normalise(" ".join(filter(None, (row.name, row.company))))


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
        self._index_words(contact.user_id, row.id, contact.name)
        return contact

    def _index_words(self, user_id: int, contact_id: int, name: str) -> None:
        words = name_words(name)
        if words:
            self._session.execute(insert(ContactWordRow), [
                {"user_id": user_id, "word": word, "contact_id": contact_id} for word in words])

    def add_many(self, contacts: Sequence[Contact]) -> Sequence[Contact]:
        """One executemany INSERT, then the new ids read back in insertion order.

        A flush per contact, or INSERT … RETURNING through the ORM's bulk path, cost
        seconds per thousand rows; a plain executemany costs milliseconds. Ids are
        assigned in insertion order within the statement, so the user's ids above
        the previous maximum are exactly the new rows, in order.
        """
        if not contacts:
            return contacts
        self._due_counts.clear()
        user_ids = {contact.user_id for contact in contacts}
        if len(user_ids) != 1:
            raise ValueError("add_many takes the contacts of one user")
        user_id = user_ids.pop()
        rows = []
        for contact in contacts:
            values = {name: getattr(contact, name) for name in _CONTACT_FIELDS}
            values.update(user_id=user_id, circle=contact.circle.value,
                          name_key=name_key(contact.name), status=contact.status.value,
                          last_channel=contact.last_channel.value if contact.last_channel
                          else None)
            rows.append(values)
        connection = _read(self._session)
        before = connection.scalar(_MAX_CONTACT_ID, {"user_id": user_id}) or 0
        connection.execute(insert(ContactRow), rows)
        ids = connection.scalars(_CONTACT_IDS_AFTER,
                                 {"user_id": user_id, "after": before}).all()
        if len(ids) != len(contacts):
            raise RuntimeError("contacts were added concurrently; the import is rolled back")
        words: list[dict[str, object]] = []
        for contact, contact_id in zip(contacts, ids, strict=True):
            contact.id = contact_id
            words.extend({"user_id": user_id, "word": word, "contact_id": contact_id}
                         for word in name_words(contact.name))
        if words:
            connection.execute(insert(ContactWordRow), words)
        return contacts

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
            renamed = row.name != contact.name
            _fill_contact(row, contact)
            if renamed:
                self._session.execute(delete(ContactWordRow).where(
                    ContactWordRow.user_id == contact.user_id,
                    ContactWordRow.contact_id == contact.id))
                self._index_words(contact.user_id, contact.id, contact.name)

    def names(self, user_id: int) -> Sequence[ContactName]:
        rows = _read(self._session).execute(_NAMES, {"user_id": user_id})
        return [ContactName(id=r.id, name=r.name, status=r.status, key=r.name_key)
                for r in rows]

    def names_with_word(self, user_id: int, word: str) -> Sequence[ContactName]:
        if not word:
            return []
        if len(word) == 1:
            statement = _NAMES_WITH_INITIAL
            params = {"user_id": user_id, "low": word, "high": chr(ord(word) + 1)}
        else:
            statement = _NAMES_WITH_WORD
            params = {"user_id": user_id, "word": word}
        rows = _read(self._session).execute(statement, params)
        return [ContactName(id=r.id, name=r.name, status=r.status, key=r.name_key)
                for r in rows]

    def names_with_any_word(self, user_id: int,
                            words: Collection[str]) -> Sequence[ContactName]:
        wanted = sorted({word for word in words if word})
        found: dict[int, ContactName] = {}
        connection = _read(self._session)
        for start in range(0, len(wanted), _WORDS_PER_LOOKUP):
            rows = connection.execute(_NAMES_WITH_ANY_WORD, {
                "user_id": user_id, "words": wanted[start:start + _WORDS_PER_LOOKUP]})
            for r in rows:
                found.setdefault(r.id, ContactName(id=r.id, name=r.name, status=r.status,
                                                   key=r.name_key))
        return [found[contact_id] for contact_id in sorted(found)]

    def list(self, user_id: int, *, include_archived: bool = False) -> Sequence[Contact]:
        statement = _ALL_CONTACTS if include_archived else _CONTACTS_NOT_ARCHIVED
        rows = _read(self._session).execute(
            statement, {"user_id": user_id, "archived": ContactStatus.ARCHIVED.value})
        return [_contact_from_result(row) for row in rows]

    def each(self, user_id: int, *, include_archived: bool = False) -> Iterator[Contact]:
        statement = _ALL_CONTACTS if include_archived else _CONTACTS_NOT_ARCHIVED
        return _each(self._session, statement,
                     {"user_id": user_id, "archived": ContactStatus.ARCHIVED.value},
                     _contact_from_result)

    def listing(self, user_id: int, query: str) -> Sequence[ContactName]:
        params: dict[str, Any] = {"user_id": user_id, "archived": ContactStatus.ARCHIVED.value}
        if query:
            escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params["pattern"] = f"%{escaped}%"
        rows = _read(self._session).execute(_LISTING_SEARCH if query else _LISTING, params)
        return [ContactName(id=r.id, name=r.name, status=r.status, key=r.name_key or "")
                for r in rows if not query or _lists(r, query)]

    def get_many(self, user_id: int, contact_ids: Sequence[int]) -> Sequence[Contact]:
        if not contact_ids:
            return []
        rows = _read(self._session).execute(_CONTACTS_BY_ID,
                                            {"user_id": user_id, "ids": list(contact_ids)})
        by_id = {row.id: _contact_from_result(row) for row in rows}
        return [by_id[contact_id] for contact_id in contact_ids if contact_id in by_id]

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
            return [_contact_from_result(row)
                    for row in _read(self._session).execute(_DUE_SORTED, params)]
        connection = _read(self._session)
        if _dialect(self._session) == "postgresql":
            candidates = [_contact_from_result(row)
                          for row in connection.execute(_DUE_HEADS, params)]
        else:
            factors = connection.scalars(_RANK_FACTORS, params).all()
            candidates = [_contact_from_result(row) for factor in factors
                          for row in connection.execute(_DUE_HEAD,
                                                        {**params, "factor": factor})]
        return sorted(candidates, key=lambda c: rank_key(c, today))[:limit]

    def count_due(self, user_id: int, today: date) -> int:
        key = (user_id, today)
        if key not in self._due_counts:
            self._due_counts[key] = int(
                _read(self._session).scalar(_COUNT_DUE, self._due_params(user_id, today)) or 0)
        return self._due_counts[key]

    def network_counts(self, user_id: int, today: date,
                       cadences: Mapping[Circle, int]) -> Mapping[tuple[Circle, str], int]:
        params: dict[str, Any] = {f"cadence_{circle.value}": cadences[circle]
                                  for circle in Circle}
        params.update(user_id=user_id, status=ContactStatus.ACTIVE.value,
                      today=today.toordinal())
        rows = _read(self._session).execute(_NETWORK_COUNTS, params)
        return {(_CIRCLES[circle], state): int(count) for circle, state, count in rows}

    def with_birthdays(self, user_id: int) -> Sequence[Contact]:
        return [_contact_from_result(r)
                for r in _read(self._session).execute(_WITH_BIRTHDAYS, {"user_id": user_id})]

    def count(self, user_id: int) -> int:
        query = select(func.count()).select_from(ContactRow).where(
            ContactRow.user_id == user_id)
        return int(self._session.scalar(query) or 0)

    def unsorted(self, user_id: int, limit: int) -> Sequence[Contact]:
        query = (select(ContactRow)
                 .where(ContactRow.user_id == user_id,
                        ContactRow.status == ContactStatus.UNSORTED.value)
                 .order_by(ContactRow.id).limit(limit))
        return [_contact(r) for r in self._session.scalars(query)]

    def count_unsorted(self, user_id: int) -> int:
        query = select(func.count()).select_from(ContactRow).where(
            ContactRow.user_id == user_id, ContactRow.status == ContactStatus.UNSORTED.value)
        return int(self._session.scalar(query) or 0)


_TOUCH_FIELDS = ("id", "user_id", "contact_id", "at", "minutes", "note", "incoming",
                 "previous_touch_at", "previous_next_note", "next_note", "created_at")


def _touchpoint(row: Any) -> Touchpoint:
    return Touchpoint(
        channel=_CHANNELS[row.channel] or Channel.OTHER,
        previous_channel=_CHANNELS[row.previous_channel or None],
        **{name: getattr(row, name) for name in _TOUCH_FIELDS},
    )


def _touchpoint_from_result(row: Any) -> Touchpoint:
    """A touchpoint from a Core result row of the whole touchpoints table (read as
    :func:`_contact_from_result` reads contacts)."""
    values = dict(zip(_TOUCHPOINT_COLUMNS, row, strict=True))
    values["channel"] = _CHANNELS[values["channel"]] or Channel.OTHER
    values["previous_channel"] = _CHANNELS[values["previous_channel"] or None]
    return Touchpoint(**values)


_ALL_TOUCHPOINTS = (select(TouchpointRow.__table__)
                    .where(TouchpointRow.user_id == bindparam("user_id"))
                    .order_by(TouchpointRow.at, TouchpointRow.id))

_TIMEZONE = select(UserRow.timezone).where(UserRow.id == bindparam("user_id"))

_WEEK_RANGE = and_(WeekMinutesRow.user_id == bindparam("user_id"),
                   WeekMinutesRow.monday_day >= bindparam("first"),
                   WeekMinutesRow.monday_day <= bindparam("last"))
_MINUTES_BY_WEEK = (
    select(WeekMinutesRow.monday_day, WeekMinutesRow.channel, WeekMinutesRow.minutes)
    .where(_WEEK_RANGE, WeekMinutesRow.minutes != 0)
    .order_by(WeekMinutesRow.monday_day)
)
# The run of weeks on budget ending at "last": numbered newest first, a week belongs
# to the run while it lies exactly that many weeks back. One row comes back however
# long the run is.
_WEEKS_ON_BUDGET_IN_A_ROW = text("""
    SELECT COUNT(*) FROM (
        SELECT monday_day, ROW_NUMBER() OVER (ORDER BY monday_day DESC) AS position
        FROM week_minutes
        WHERE user_id = :user_id AND monday_day >= :first AND monday_day <= :last
        GROUP BY monday_day
        HAVING SUM(minutes) >= :budget
    ) reached
    WHERE monday_day = :last - 7 * (position - 1)
""")


def _upsert(session: Session) -> Any:
    return (sqlite_insert if session.get_bind().dialect.name == "sqlite"
            else postgresql_insert)


@cache
def _add_minutes_statement(dialect: str) -> Any:
    """The upsert adding to a week's sum, built once per dialect (building it per call
    cost more than running it)."""
    upsert = (sqlite_insert if dialect == "sqlite" else postgresql_insert)(WeekMinutesRow)
    return upsert.on_conflict_do_update(
        index_elements=[WeekMinutesRow.user_id, WeekMinutesRow.monday_day,
                        WeekMinutesRow.channel],
        set_={"minutes": WeekMinutesRow.minutes + upsert.excluded.minutes})


def add_week_minutes(session: Session, user_id: int, rows: dict[tuple[date, str], int]) -> None:
    """Add minutes to the weekly sums, creating a week's row on its first minute.

    ``INSERT ... ON CONFLICT DO UPDATE`` adds in one atomic statement, so two
    transactions logging into the same week at once both count.
    """
    if not rows:
        return
    connection = _read(session)
    connection.execute(_add_minutes_statement(connection.dialect.name), [
        {"user_id": user_id, "monday_day": monday.toordinal(), "channel": channel,
         "minutes": minutes}
        for (monday, channel), minutes in rows.items()])


def rebuild_week_minutes(session: Session, user_id: int, timezone: str) -> None:
    """Recount a user's weekly sums from the touchpoints, for weeks in ``timezone``.

    Needed when the user moves to another time zone, since week boundaries move with
    it; it reads the whole history once, which a time-zone change may afford.
    """
    connection = _read(session)
    connection.execute(delete(WeekMinutesRow).where(WeekMinutesRow.user_id == user_id))
    sums: dict[tuple[date, str], int] = {}
    for at, channel, minutes in connection.execute(
            select(TouchpointRow.at, TouchpointRow.channel, TouchpointRow.minutes)
            .where(TouchpointRow.user_id == user_id)):
        key = (monday_of(at, timezone), channel)
        sums[key] = sums.get(key, 0) + minutes
    add_week_minutes(session, user_id, sums)


class SqlTouchpointRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _week(self, touchpoint: Touchpoint | TouchpointRow) -> tuple[date, str]:
        timezone = _read(self._session).scalar(_TIMEZONE, {"user_id": touchpoint.user_id})
        channel = touchpoint.channel
        return (monday_of(touchpoint.at, timezone or "UTC"),
                channel.value if isinstance(channel, Channel) else channel)

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
        add_week_minutes(self._session, touchpoint.user_id,
                         {self._week(touchpoint): touchpoint.minutes})
        return touchpoint

    def latest(self, user_id: int, contact_id: int | None = None) -> Touchpoint | None:
        query = select(TouchpointRow).where(TouchpointRow.user_id == user_id)
        if contact_id is not None:
            query = query.where(TouchpointRow.contact_id == contact_id)
        row = self._session.scalar(query.order_by(TouchpointRow.id.desc()).limit(1))
        return _touchpoint(row) if row else None

    def get(self, user_id: int, touchpoint_id: int) -> Touchpoint | None:
        row = self._session.scalar(select(TouchpointRow).where(
            TouchpointRow.user_id == user_id, TouchpointRow.id == touchpoint_id))
        return _touchpoint(row) if row else None

    def delete(self, user_id: int, touchpoint_id: int) -> bool:
        """Delete one touchpoint and its minutes from the week's totals; False when it
        was gone already (taken back by another message)."""
        row = self._session.scalar(select(TouchpointRow).where(
            TouchpointRow.user_id == user_id, TouchpointRow.id == touchpoint_id))
        if row is None:
            return False
        result = self._session.execute(delete(TouchpointRow).where(
            TouchpointRow.user_id == user_id, TouchpointRow.id == touchpoint_id))
        if not getattr(result, "rowcount", 0):
            return False
        add_week_minutes(self._session, user_id, {self._week(row): -row.minutes})
        return True

    def recent_for_contact(self, user_id: int, contact_id: int,
                           limit: int) -> Sequence[Touchpoint]:
        query = (select(TouchpointRow)
                 .where(TouchpointRow.user_id == user_id,
                        TouchpointRow.contact_id == contact_id)
                 .order_by(TouchpointRow.at.desc()).limit(limit))
        return [_touchpoint(r) for r in self._session.scalars(query)]

    def minutes_by_week(self, user_id: int, first_monday: date,
                        last_monday: date) -> Sequence[WeekMinutes]:
        rows = _read(self._session).execute(_MINUTES_BY_WEEK, {
            "user_id": user_id, "first": first_monday.toordinal(),
            "last": last_monday.toordinal()})
        return [WeekMinutes(date.fromordinal(day), _CHANNELS[channel] or Channel.OTHER,
                            int(minutes))
                for day, channel, minutes in rows]

    def weeks_on_budget_in_a_row(self, user_id: int, first_monday: date, last_monday: date,
                                 budget: int) -> int:
        return int(_read(self._session).scalar(_WEEKS_ON_BUDGET_IN_A_ROW, {
            "user_id": user_id, "first": first_monday.toordinal(),
            "last": last_monday.toordinal(), "budget": budget}) or 0)

    def all(self, user_id: int) -> Sequence[Touchpoint]:
        rows = _read(self._session).execute(_ALL_TOUCHPOINTS, {"user_id": user_id})
        return [_touchpoint_from_result(row) for row in rows]

    def each(self, user_id: int) -> Iterator[Touchpoint]:
        return _each(self._session, _ALL_TOUCHPOINTS, {"user_id": user_id},
                     _touchpoint_from_result)

    def count(self, user_id: int) -> int:
        query = select(func.count()).select_from(TouchpointRow).where(
            TouchpointRow.user_id == user_id)
        return int(self._session.scalar(query) or 0)


_REQUEST_FIELDS = ("id", "user_id", "text_excerpt", "confidence", "language", "sender_name",
                   "contact_id", "created_at", "decided_at")


_ALL_REQUESTS = (select(RequestRow.__table__).where(RequestRow.user_id == bindparam("user_id"))
                 .order_by(RequestRow.id))
# Every request triage reads the user's last 200 as its history: plain rows, not ORM
# objects, which had cost more than the query.
_RECENT_REQUESTS = (select(RequestRow.__table__)
                    .where(RequestRow.user_id == bindparam("user_id"))
                    .order_by(RequestRow.created_at.desc(), RequestRow.id.desc())
                    .limit(bindparam("limit")))


def _request(row: Any) -> RequestRecord:
    """A request from an ORM row or a plain result row with the same columns."""
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
        rows = _read(self._session).execute(_RECENT_REQUESTS,
                                            {"user_id": user_id, "limit": limit})
        return [_request(row) for row in rows]

    def all(self, user_id: int) -> Sequence[RequestRecord]:
        query = select(RequestRow).where(RequestRow.user_id == user_id).order_by(RequestRow.id)
        return [_request(r) for r in self._session.scalars(query)]

    def each(self, user_id: int) -> Iterator[RequestRecord]:
        return _each(self._session, _ALL_REQUESTS, {"user_id": user_id}, _request)

    def count(self, user_id: int) -> int:
        query = select(func.count()).select_from(RequestRow).where(
            RequestRow.user_id == user_id)
        return int(self._session.scalar(query) or 0)


class SqlUpdateLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, platform: str, key: str, now: datetime) -> bool:
        # ON CONFLICT DO NOTHING keeps the surrounding transaction usable when the key
        # exists, and a concurrent claim of the same key waits until the other one
        # commits. (A savepoint would not do: pysqlite does not open a transaction
        # for SAVEPOINT, so releasing it committed the claim on its own.)
        statement = (_upsert(self._session)(ProcessedUpdateRow)
                     .values(platform=platform, key=key, processed_at=now)
                     .on_conflict_do_nothing()
                     .returning(ProcessedUpdateRow.key))
        return self._session.execute(statement).first() is not None

    def keep_reply(self, platform: str, key: str, reply: str) -> None:
        self._session.execute(update(ProcessedUpdateRow)
                              .where(ProcessedUpdateRow.platform == platform,
                                     ProcessedUpdateRow.key == key)
                              .values(reply=reply))

    def kept_reply(self, platform: str, key: str) -> str | None:
        return self._session.scalar(select(ProcessedUpdateRow.reply).where(
            ProcessedUpdateRow.platform == platform, ProcessedUpdateRow.key == key))

    def delivered(self, platform: str, key: str) -> None:
        # Only a row that still holds a reply is written: most updates have none left.
        self._session.execute(update(ProcessedUpdateRow)
                              .where(ProcessedUpdateRow.platform == platform,
                                     ProcessedUpdateRow.key == key,
                                     ProcessedUpdateRow.reply.is_not(None))
                              .values(reply=None))

    def prune(self, before: datetime) -> int:
        result = self._session.execute(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.processed_at < before))
        return int(getattr(result, "rowcount", 0) or 0)


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


class SqlImportRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def stage(self, user_id: int, filename: str, payload: dict[str, Any],
              now: datetime) -> int:
        self.discard(user_id)
        row = ImportBatchRow(user_id=user_id, filename=filename[:200], payload=payload,
                             created_at=now)
        self._session.add(row)
        self._session.flush()
        return row.id

    def get(self, user_id: int, batch_id: int) -> StagedImport | None:
        row = self._session.scalar(select(ImportBatchRow).where(
            ImportBatchRow.user_id == user_id, ImportBatchRow.id == batch_id))
        if row is None:
            return None
        return StagedImport(id=row.id, filename=row.filename, payload=dict(row.payload),
                            created_at=row.created_at)

    def discard(self, user_id: int) -> None:
        self._session.execute(delete(ImportBatchRow).where(ImportBatchRow.user_id == user_id))
