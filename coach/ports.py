"""What the engine needs from the outside world, as protocols.

Storage implements these with SQLAlchemy (``storage/``); the tests implement them in
memory. Every repository method takes the owning user's id: there is no way to ask
for a contact without saying whose it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from coach.model import Channel, Contact, Profile, RequestRecord, Touchpoint


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


@dataclass(frozen=True)
class ChannelMinutes:
    channel: Channel
    minutes: int


class ProfileRepository(Protocol):
    def get_or_create(self, platform: str, external_id: str, *, language: str,
                      timezone: str, now: datetime) -> tuple[Profile, bool]:
        """The profile for this identity; the flag says whether it was just created."""

    def get(self, user_id: int) -> Profile | None: ...

    def save(self, profile: Profile) -> None: ...

    def delete(self, user_id: int) -> None:
        """Delete the user and everything they own."""

    def by_calendar_token(self, token: str) -> Profile | None:
        """The profile whose private calendar feed ``token`` opens, if any."""


class ContactRepository(Protocol):
    def add(self, contact: Contact) -> Contact: ...

    def add_many(self, contacts: Sequence[Contact]) -> Sequence[Contact]:
        """Add many contacts of one user at once (imports); ids are set on them."""

    def get(self, user_id: int, contact_id: int) -> Contact | None: ...

    def save(self, contact: Contact) -> None: ...

    def names(self, user_id: int) -> Sequence[ContactName]: ...

    def list(self, user_id: int, *, include_archived: bool = False) -> Sequence[Contact]: ...

    def due(self, user_id: int, today: date, limit: int) -> Sequence[Contact]:
        """Active, unsnoozed contacts due on or before ``today``, best ranked first."""

    def count_due(self, user_id: int, today: date) -> int:
        """How many contacts :meth:`due` would rank, counting at most DUE_COUNT_CAP.

        Beyond the cap the exact number helps nobody, and counting it would make every
        /due slower the larger the network grows.
        """

    def with_birthdays(self, user_id: int) -> Sequence[Contact]: ...

    def count(self, user_id: int) -> int: ...

    def unsorted(self, user_id: int, limit: int) -> Sequence[Contact]:
        """Imported contacts not yet put into a circle, in the order they were added."""

    def count_unsorted(self, user_id: int) -> int: ...


class TouchpointRepository(Protocol):
    def add(self, touchpoint: Touchpoint) -> Touchpoint: ...

    def latest(self, user_id: int) -> Touchpoint | None:
        """The most recently logged touchpoint (by logging order), for /undo."""

    def delete(self, user_id: int, touchpoint_id: int) -> None: ...

    def recent_for_contact(self, user_id: int, contact_id: int,
                           limit: int) -> Sequence[Touchpoint]: ...

    def minutes_by_channel(self, user_id: int, start: datetime,
                           end: datetime) -> Sequence[ChannelMinutes]: ...

    def since(self, user_id: int, start: datetime) -> Sequence[Touchpoint]: ...

    def all(self, user_id: int) -> Sequence[Touchpoint]: ...

    def count(self, user_id: int) -> int: ...


class RequestRepository(Protocol):
    def add(self, record: RequestRecord) -> RequestRecord: ...

    def get(self, user_id: int, request_id: int) -> RequestRecord | None: ...

    def save(self, record: RequestRecord) -> None: ...

    def recent(self, user_id: int, limit: int) -> Sequence[RequestRecord]: ...

    def all(self, user_id: int) -> Sequence[RequestRecord]: ...


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
    """Platform updates already handled, so a redelivered one is not handled twice."""

    def claim(self, platform: str, key: str, now: datetime) -> bool:
        """Record ``key`` as handled in this transaction; False if it already was."""


class UnitOfWork(Protocol):
    """One transaction; rolls back on exit unless :meth:`commit` was called."""

    updates: UpdateLog
    profiles: ProfileRepository
    contacts: ContactRepository
    touchpoints: TouchpointRepository
    requests: RequestRepository
    imports: ImportRepository

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
