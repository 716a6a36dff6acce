"""One transaction over all repositories; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import (
    SqlContactRepository,
    SqlImportRepository,
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
        self.imports = SqlImportRepository(self.session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
