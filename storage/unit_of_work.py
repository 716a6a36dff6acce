"""One transaction over all repositories; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from coach.ports import StorageUnavailable
from storage.repositories import (
    SqlContactRepository,
    SqlLinkRepository,
    SqlProfileRepository,
    SqlRequestRepository,
    SqlTouchpointRepository,
    SqlUpdateLog,
)


class SqlUnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.profiles = SqlProfileRepository(self.session)
        self.contacts = SqlContactRepository(self.session)
        self.touchpoints = SqlTouchpointRepository(self.session)
        self.requests = SqlRequestRepository(self.session)
        self.updates = SqlUpdateLog(self.session)
        self.links = SqlLinkRepository(self.session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
            self.session.close()
        except StorageUnavailable:
            # The connection is gone, and with it the transaction; the error that got
            # here first is the one worth reporting.
            if exc is None:
                raise

    def commit(self) -> None:
        try:
            self.session.commit()
        except StorageUnavailable as error:
            raise StorageUnavailable(error.reason, maybe_committed=True) from error

    def rollback(self) -> None:
        self.session.rollback()
