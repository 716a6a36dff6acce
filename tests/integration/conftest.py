"""Databases for integration tests: SQLite in a temporary file, PostgreSQL when available.

PostgreSQL comes from ``DATABASE_URL_TEST`` (``make test`` starts a throwaway cluster);
each test gets a database of its own. Without the variable those tests are skipped,
unless ``REQUIRE_POSTGRES=1`` says a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.bootstrap import Application, build
from coach.model import Circle, Contact, NudgeDays
from coach.schedule import refresh_schedule
from storage.database import normalise_url
from storage.unit_of_work import SqlUnitOfWork


@dataclass
class ControlledClock:
    """The time the code under test sees; tests move it by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 26, 6, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def postgres_base_url() -> str | None:
    url = os.environ.get("DATABASE_URL_TEST", "").strip()
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but DATABASE_URL_TEST is not set")
        return None
    return normalise_url(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    base = postgres_base_url()
    if base is None:
        pytest.skip("DATABASE_URL_TEST is not set")
    name = f"nudge_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """Each test using this runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/coach.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock()


@pytest.fixture
def app(database_url: str, clock: ControlledClock) -> Iterator[Application]:
    application = build(database_url, clock)
    yield application
    application.close()


@pytest.fixture
def two_apps(database_url: str, clock: ControlledClock) -> Iterator[tuple[Application, ...]]:
    """Two applications on one database, as two bot processes would have."""
    apps = (build(database_url, clock), build(database_url, clock))
    yield apps
    for app in apps:
        app.close()


def add_user(app: Application, external_id: str, *, timezone: str = "Europe/Berlin",
             nudge_time: time = time(8, 30), nudge_days: NudgeDays = NudgeDays.DAILY,
             due_contacts: int = 1, platform: str = "telegram",
             created: datetime = datetime(2026, 1, 1, tzinfo=UTC),
             slot: tuple[int, time] | None = None) -> int:
    """A user with ``due_contacts`` contacts overdue since long before the tests' dates."""
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(platform, external_id, language="en",
                                                timezone=timezone, now=created)
        profile.nudge_time = nudge_time
        profile.nudge_days = nudge_days
        profile.onboarded = True
        if slot is not None:
            profile.slot_weekday, profile.slot_time = slot
        uow.profiles.save(profile)
        for number in range(due_contacts):
            contact = Contact(user_id=profile.id, name=f"Person{number} Example{external_id}",
                              circle=Circle.ACTIVE, created_at=created)
            uow.contacts.add(refresh_schedule(contact, profile))
        uow.commit()
        return profile.id
