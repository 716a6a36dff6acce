"""The composition root: builds the engine from a database URL and a clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from coach.engine import Coach
from coach.ports import Clock
from storage.database import open_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Application:
    """What a process needs: the coach and the database behind it."""

    coach: Coach
    engine: Engine
    sessions: sessionmaker[Session]

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
    return Application(coach=coach, engine=engine, sessions=sessions)
