"""What the engine needs from the outside world, as protocols.

Storage implements these with SQLAlchemy (``storage/``); the tests implement them in
memory. Every repository method takes the owning user's id: there is no way to ask
for a contact without saying whose it is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from coach.model import Channel, Circle, Contact, Profile, RequestRecord, Touchpoint


class StorageUnavailable(Exception):
    """The database cannot serve this unit of work; nothing of it was saved.

    Storage raises it for outages (server down, connection dropped, file locked too
    long), for a full disk and for a read-only database, so the engine can answer
    "try again in a moment" instead of a generic apology, and never a traceback.
    ``maybe_committed`` is set when the failure hit the commit itself, the one case in
    which the work may have been saved after all and must not simply be repeated.
    """

    UNAVAILABLE = "unavailable"
    FULL = "full"
    READ_ONLY = "read_only"

    def __init__(self, reason: str = UNAVAILABLE, *, maybe_committed: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.maybe_committed = maybe_committed

    @property
    def lasting(self) -> bool:
        """A full disk or a read-only file needs the operator; retrying cannot help."""
        return self.reason in (self.FULL, self.READ_ONLY)


class Clock(Protocol):
    """The current time, always timezone-aware UTC."""

    def __call__(self) -> datetime: ...


DUE_COUNT_CAP = 1_000


@dataclass(frozen=True)
class ContactName:
    """The little that name matching needs about a contact."""

    id: int
    name: str
    status: str
    # coach.names.name_key(name) as stored; empty when the source did not keep one.
    key: str = ""


@dataclass(frozen=True)
class ContactRhythm:
    """What decides a contact's state in /network: four small numbers.

    ``touched`` says whether there was any touchpoint. The day of the last one is not
    needed: the stored ``due_day`` is that day plus the cadence (see
    :func:`coach.schedule.refresh_schedule`).
    """

    circle: Circle
    cadence_days: int | None
    touched: bool
    due_day: int


@dataclass(frozen=True)
class WeekMinutes:
    """Minutes logged in one budget week (named by its local Monday) on one channel."""

    monday: date
    channel: Channel
    minutes: int


class ProfileRepository(Protocol):
    def get_or_create(self, platform: str, external_id: str, *, language: str,
                      timezone: str, now: datetime) -> tuple[Profile, bool]:
        """The profile for this identity; the flag says whether it was just created.

        An identity linked to another user's network (see :class:`LinkRepository`)
        opens that user's profile.
        """

    def get(self, user_id: int) -> Profile | None: ...

    def save(self, profile: Profile) -> None: ...

    def delete(self, user_id: int) -> None:
        """Delete the user and everything they own."""

    def mark_unreachable(self, user_id: int) -> None:
        """The platform refuses messages to this user: no nudges until they write again."""

    def by_calendar_token(self, token: str) -> Profile | None:
        """The profile whose private calendar feed ``token`` opens, if any."""


class ContactRepository(Protocol):
    def add(self, contact: Contact) -> Contact: ...

    def add_many(self, contacts: Sequence[Contact]) -> Sequence[Contact]:
        """Add many contacts of one user at once (imports); ids are set on them."""

    def get(self, user_id: int, contact_id: int) -> Contact | None: ...

    def save(self, contact: Contact) -> None: ...

    def names(self, user_id: int) -> Sequence[ContactName]: ...

    def names_with_word(self, user_id: int, word: str) -> Sequence[ContactName]:
        """Contacts whose name has ``word`` (normalised) as a whole word.

        A single letter matches as a word's initial, as in "anna s". This is the
        indexed first step of name matching (see :func:`coach.names.search_word`).
        """

    def names_with_any_word(self, user_id: int,
                            words: Collection[str]) -> Sequence[ContactName]:
        """Contacts whose name has at least one of ``words`` (normalised) as a whole word.

        Recognising a request's sender and the people it names needs only these
        (see :func:`coach.names.lookup_words`), not the whole network.
        """

    def list(self, user_id: int, *, include_archived: bool = False) -> Sequence[Contact]: ...

    def each(self, user_id: int, *, include_archived: bool = False) -> Iterator[Contact]:
        """The same contacts as :meth:`list`, in the same order, read a few at a time.

        For exports: the whole network never sits in memory at once. Read it to its
        end (or close it) before asking the unit of work for anything else.
        """

    def listing(self, user_id: int, query: str) -> Sequence[ContactName]:
        """Contacts not archived whose ``normalise(name + " " + company)`` contains
        ``query`` (normalised; empty for all), by id: the few columns /contacts sorts
        and counts, so only the page it shows is read whole (:meth:`get_many`)."""

    def get_many(self, user_id: int, contact_ids: Sequence[int]) -> Sequence[Contact]:
        """These contacts of the user, in the order of ``contact_ids``."""

    def due(self, user_id: int, today: date, limit: int) -> Sequence[Contact]:
        """Active, unsnoozed contacts due on or before ``today``, best ranked first."""

    def count_due(self, user_id: int, today: date) -> int:
        """How many contacts :meth:`due` would rank, counting at most DUE_COUNT_CAP.

        Beyond the cap the exact number helps nobody, and counting it would make every
        /due slower the larger the network grows.
        """

    def with_birthdays(self, user_id: int) -> Sequence[Contact]: ...

    def network_counts(self, user_id: int, today: date,
                       cadences: Mapping[Circle, int]) -> Mapping[tuple[Circle, str], int]:
        """How many active contacts each circle has in each state on ``today``.

        The state is :func:`coach.handlers.reports.contact_state` of the contact's
        :class:`ContactRhythm`, ``cadences`` being the user's cadence of each circle;
        storage counts in one grouped query, so /network reads a dozen numbers,
        not a row per contact.
        """

    def count(self, user_id: int) -> int: ...

    def unsorted(self, user_id: int, limit: int) -> Sequence[Contact]:
        """Imported contacts not yet put into a circle, in the order they were added."""

    def count_unsorted(self, user_id: int) -> int: ...


class TouchpointRepository(Protocol):
    def add(self, touchpoint: Touchpoint) -> Touchpoint: ...

    def latest(self, user_id: int, contact_id: int | None = None) -> Touchpoint | None:
        """The most recently logged touchpoint (by logging order), for /undo; with
        ``contact_id`` the most recent one with that contact."""

    def get(self, user_id: int, touchpoint_id: int) -> Touchpoint | None: ...

    def delete(self, user_id: int, touchpoint_id: int) -> bool:
        """Delete one touchpoint; False when it was not there (taken back already)."""

    def recent_for_contact(self, user_id: int, contact_id: int,
                           limit: int) -> Sequence[Touchpoint]: ...

    def minutes_by_week(self, user_id: int, first_monday: date,
                        last_monday: date) -> Sequence[WeekMinutes]:
        """Minutes per budget week and channel, for the weeks from first to last Monday.

        A touchpoint counts in the week of its local day in the user's time zone
        (:func:`coach.weeks.monday_of`); weeks without minutes are left out.
        """

    def weeks_on_budget_in_a_row(self, user_id: int, first_monday: date, last_monday: date,
                                 budget: int) -> int:
        """How many weeks in a row, from the one starting ``last_monday`` back to
        ``first_monday`` at most, have at least ``budget`` minutes (budget above 0)."""

    def all(self, user_id: int) -> Sequence[Touchpoint]: ...

    def each(self, user_id: int) -> Iterator[Touchpoint]:
        """The same touchpoints as :meth:`all`, in the same order, read a few at a time
        (see :meth:`ContactRepository.each`)."""

    def count(self, user_id: int) -> int: ...


class RequestRepository(Protocol):
    def add(self, record: RequestRecord) -> RequestRecord: ...

    def get(self, user_id: int, request_id: int) -> RequestRecord | None: ...

    def save(self, record: RequestRecord) -> None: ...

    def recent(self, user_id: int, limit: int) -> Sequence[RequestRecord]: ...

    def all(self, user_id: int) -> Sequence[RequestRecord]: ...

    def each(self, user_id: int) -> Iterator[RequestRecord]:
        """The same requests as :meth:`all`, in the same order, read a few at a time
        (see :meth:`ContactRepository.each`)."""

    def count(self, user_id: int) -> int: ...


@dataclass(frozen=True)
class StagedImport:
    """A parsed file waiting for the user's yes (see ``coach.handlers.imports``)."""

    id: int
    filename: str
    payload: dict[str, Any]
    created_at: datetime


class ImportRepository(Protocol):
    def stage(self, user_id: int, filename: str, payload: dict[str, Any],
              now: datetime) -> int:
        """Keep a parsed file until confirmed, replacing any earlier one; its id."""

    def get(self, user_id: int, batch_id: int) -> StagedImport | None: ...

    def discard(self, user_id: int) -> None:
        """Forget the user's staged import, if any."""


class UpdateLog(Protocol):
    """Platform updates already handled, so a redelivered one is not handled twice.

    A claimed update also keeps its reply (JSON) until the adapter has delivered it,
    so a redelivery after a crash between commit and send is answered, not ignored.
    """

    def claim(self, platform: str, key: str, now: datetime) -> bool:
        """Record ``key`` as handled in this transaction; False if it already was."""

    def keep_reply(self, platform: str, key: str, reply: str) -> None:
        """Store the reply to a claimed update, in the claim's transaction."""

    def kept_reply(self, platform: str, key: str) -> str | None:
        """The reply of a claimed update not yet delivered; None when there is none."""

    def delivered(self, platform: str, key: str) -> None:
        """The platform has the reply: forget it."""

    def prune(self, before: datetime) -> int:
        """Forget updates handled before ``before`` (no platform redelivers them any
        more); returns how many."""


class LinkRepository(Protocol):
    """Extra platform identities that share one user's network (account linking).

    A one-time code is the only thing looked up without a user id: whoever holds it
    may join its owner's network, which is the point of the code. Codes are stored as
    hashes and expire.
    """

    def issue_code(self, user_id: int, code_hash: str, now: datetime,
                   expires_at: datetime) -> None:
        """Store a new code for ``user_id``, replacing any older one of theirs."""

    def redeem_code(self, code_hash: str, now: datetime) -> int | None:
        """The owner of an unexpired code, which is used up; None for unknown or old."""

    def link(self, platform: str, external_id: str, user_id: int, now: datetime) -> None:
        """From now on this identity opens ``user_id``'s profile."""

    def linked(self, user_id: int) -> Sequence[tuple[str, str]]:
        """The (platform, external id) pairs linked to ``user_id``."""

    def unlink_all(self, user_id: int) -> int:
        """Remove every identity linked to ``user_id``; how many there were."""


class UnitOfWork(Protocol):
    """One transaction; rolls back on exit unless :meth:`commit` was called."""

    # Read-only, so a unit of work may hold its own repository classes.
    @property
    def updates(self) -> UpdateLog: ...

    @property
    def links(self) -> LinkRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def contacts(self) -> ContactRepository: ...

    @property
    def touchpoints(self) -> TouchpointRepository: ...

    @property
    def requests(self) -> RequestRepository: ...

    @property
    def imports(self) -> ImportRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
