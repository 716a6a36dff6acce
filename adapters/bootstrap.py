"""The composition root: builds the engine, its storage and the nudge worker.

Every process (terminal, bot, worker, web server, benchmarks) gets what it needs from
:class:`Application`; nothing else opens an engine, a session factory or a unit of
work of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.health import health
from adapters.scheduler import NudgeWorker, Sender
from coach.engine import Coach
from coach.ports import Clock
from storage.database import open_engine, session_factory
from storage.migrate import upgrade
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Application:
    """What a process needs: the coach, the database behind it, and the clock."""

    coach: Coach
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock = system_clock

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def nudge_store(self) -> NudgeStore:
        return NudgeStore(self.sessions)

    def nudge_worker(self, senders: Mapping[str, Sender]) -> NudgeWorker:
        """A worker that sends to every platform in ``senders`` (platform name → sender)."""
        return NudgeWorker(self.nudge_store(), self.unit_of_work, senders, self.clock)

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether a nudge worker ticked recently, for /healthz and ``coach status``."""
        return health(self.sessions, self.clock())

    def close(self) -> None:
        self.engine.dispose()


def build(database_url: str, clock: Clock = system_clock, *, migrate: bool = True,
          public_base_url: str | None = None) -> Application:
    """Open the database, bring its schema up to date, and wire the coach to it.

    ``public_base_url`` is where the web process serves calendar feeds (/calendar).
    """
    engine = open_engine(database_url)
    if migrate:
        upgrade(engine)
    sessions = session_factory(engine)
    coach = Coach(lambda: SqlUnitOfWork(sessions), clock, public_base_url=public_base_url)
    return Application(coach=coach, engine=engine, sessions=sessions, clock=clock)
