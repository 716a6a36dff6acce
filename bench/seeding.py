"""Databases and networks for the benchmarks: fresh every run, filled in bulk.

Every benchmark starts from an empty database (a temporary SQLite file, or a new
PostgreSQL database created next to ``DATABASE_URL_BENCH`` and dropped afterwards), so
running one twice measures the same thing twice. Networks are inserted with bulk
statements and then given what the repositories keep beside the rows (normalised
names, weekly minute sums), exactly as if every contact and touchpoint had been
written through the engine.
"""

from __future__ import annotations

import os
import random
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.engine import make_url

from adapters.bootstrap import Application
from coach.model import Channel, Circle, Contact, ContactStatus, Identity
from coach.names import name_key, name_words
from coach.schedule import refresh_schedule
from storage.database import normalise_url
from storage.repositories import rebuild_week_minutes
from storage.tables import ContactRow, ContactWordRow, TouchpointRow
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # a Thursday
HISTORY_DAYS = 730
BATCH = 5_000
TIMEZONE = "Europe/Berlin"

FIRST_NAMES = (
    "Anna", "Peter", "Jörg", "Claudia", "Maria", "Thomas", "Sabine", "Markus", "Julia", "Stefan",
    "Lena", "David", "Eva", "Nina", "Paul", "Olga", "Bernd", "Karin", "Tobias", "Ute", "Jan",
    "Frank", "Heike", "Lukas", "Sven", "Miriam", "Felix", "Petra", "Ralf", "Sophie", "Tim",
    "Andrea", "Kai", "Birgit", "Moritz", "Ingrid", "Oliver", "Carla", "Dieter", "Franziska",
    "Georg", "Hanna", "Ilse", "Jonas", "Katrin", "Leon", "Monika", "Niklas", "Doris", "Emil",
)
LAST_NAMES = (
    "Schmidt", "Lang", "Meier", "Hoffmann", "Lopez", "Becker", "Wolf", "Braun", "Neumann",
    "Koch", "Fischer", "Weber", "Roth", "Graf", "Vogel", "Berger", "Keller", "Hahn", "Schulz",
    "Krüger", "Zimmermann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
    "Maier", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weiß", "Jung", "Frank",
    "Schwarz", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig",
    "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger",
    "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf",
    "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann",
    "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Ernst", "Brinkmann", "Lindner",
    "Barth", "Kolb", "Petersen", "Walther", "Busse", "Ebert", "Nagel", "Riedel", "Wenzel",
    "Kurz", "Hauser", "Dittrich", "Marx", "Fiedler", "Sander", "Kramer", "Böttcher", "Thiel",
    "Adler", "Wirth", "Winkler", "Schubert", "Friedrich", "Günther", "Stark", "Beyer", "Wagner",
    "Berg", "Ritter", "Popp", "Seifert", "Brand", "Geiger", "Ulrich", "Schütz", "Reuter",
    "Menzel", "Schade", "Rother", "Dorn", "Engelhardt", "Fritz", "Gerber", "Hess", "Imhof",
    "Jansen", "Kirchner", "Lenz", "Mayer", "Noack", "Oswald", "Pauli", "Quast", "Reiter",
    "Stahl", "Tiedemann", "Uhl", "Vollmer", "Wendt", "Xander", "Yilmaz", "Zander", "Acker",
    "Bauer", "Conrad", "Decker", "Eichhorn", "Feld", "Gabriel", "Hering", "Illing", "Jakob",
    "Klein", "Lutz", "Mohr", "Nowak", "Opitz", "Prinz", "Rausch", "Sturm", "Timm", "Urban",
    "Veit", "Wild", "Zeller", "Altmann", "Brenner", "Christ", "Dahl", "Eggert", "Falk", "Gold",
)


def network_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct realistic names; first and last names recur as in life."""
    pairs = [f"{first} {last}" for last in dict.fromkeys(LAST_NAMES) for first in FIRST_NAMES]
    rng.shuffle(pairs)
    names = pairs[:count]
    for extra in range(len(names), count):  # beyond 9,000 names, add a middle initial
        first, last = pairs[extra % len(pairs)].split(" ", 1)
        names.append(f"{first} {chr(65 + extra // len(pairs) % 26)}. {last}")
    return names


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """An empty database for one run: a temporary SQLite file, or a new PostgreSQL one."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    base = normalise_url(os.environ["DATABASE_URL_BENCH"])
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def backends() -> list[str]:
    """SQLite always; PostgreSQL when DATABASE_URL_BENCH names a server to create DBs on."""
    return ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL_BENCH", "").strip()
                         else [])


def vacuum(app: Application) -> None:
    """What autovacuum does to a live PostgreSQL table: statistics and a visibility map."""
    if app.engine.dialect.name == "postgresql":
        with app.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


@dataclass(frozen=True)
class Seeded:
    identity: Identity
    user_id: int
    names: list[str]
    active: list[str]  # names of contacts that are neither paused nor archived
    active_ids: list[int]  # their ids, in the same order


def seed_user(app: Application, identity: Identity, *, contacts: int, touchpoints: int,
              rng: random.Random, language: str = "en", now: datetime = NOW,
              history_days: int = HISTORY_DAYS) -> Seeded:
    """One onboarded user with ``contacts`` contacts and ``touchpoints`` moments over the
    last ``history_days`` (two years by default), spread over the contacts, inserted in
    bulk."""
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(
            identity.platform, identity.external_id, language=language, timezone=TIMEZONE,
            now=now - timedelta(days=HISTORY_DAYS))
        profile.onboarded = True
        uow.profiles.save(profile)
        uow.commit()
    names = network_names(contacts, rng)
    circles = list(Circle)
    channels = [Channel.CALL, Channel.MEETING, Channel.EMAIL, Channel.MESSAGE, Channel.EVENT]
    span = history_days * 24 * 60
    moments: list[list[datetime]] = [[] for _ in range(contacts)]
    for _ in range(touchpoints):
        moments[rng.randrange(contacts)].append(now - timedelta(minutes=rng.randrange(1, span)))
    with app.engine.begin() as connection:
        first_id = (connection.scalar(select(func.max(ContactRow.id))) or 0) + 1
        contact_rows: list[dict[str, Any]] = []
        touch_rows: list[dict[str, Any]] = []
        active: list[str] = []
        active_ids: list[int] = []
        for number, name in enumerate(names):
            history = sorted(moments[number])
            contact = Contact(
                user_id=profile.id, id=first_id + number, name=name,
                circle=rng.choice(circles),
                status=rng.choices([ContactStatus.ACTIVE, ContactStatus.PAUSED,
                                    ContactStatus.ARCHIVED], weights=[90, 5, 5])[0],
                created_at=now - timedelta(days=HISTORY_DAYS),
                last_touch_at=history[-1] if history else None,
                last_channel=Channel.CALL if history else None)
            refresh_schedule(contact, profile)
            if contact.status is ContactStatus.ACTIVE:
                active.append(name)
                active_ids.append(first_id + number)
            contact_rows.append({
                "id": contact.id, "user_id": profile.id, "name": name,
                "name_key": name_key(name), "circle": contact.circle.value,
                "status": contact.status.value, "created_at": contact.created_at,
                "last_touch_at": contact.last_touch_at,
                "last_channel": contact.last_channel.value if contact.last_channel else None,
                "due_day": contact.due_day, "rank_factor": contact.rank_factor,
            })
            touch_rows.extend({
                "user_id": profile.id, "contact_id": contact.id,
                "channel": rng.choice(channels).value, "at": moment,
                "minutes": rng.choice((15, 20, 30, 45, 60)), "incoming": False,
                "created_at": moment,
            } for moment in history)
        for start in range(0, len(contact_rows), BATCH):
            connection.execute(insert(ContactRow), contact_rows[start:start + BATCH])
        word_rows = [{"user_id": profile.id, "word": word, "contact_id": row["id"]}
                     for row in contact_rows for word in name_words(row["name"])]
        for start in range(0, len(word_rows), BATCH):
            connection.execute(insert(ContactWordRow), word_rows[start:start + BATCH])
        for start in range(0, len(touch_rows), BATCH):
            connection.execute(insert(TouchpointRow), touch_rows[start:start + BATCH])
        if connection.dialect.name == "postgresql":
            # Ids were given explicitly; the sequence must move past them.
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('contacts', 'id'), "
                "(SELECT max(id) FROM contacts))")
    with app.sessions() as session:
        rebuild_week_minutes(session, profile.id, TIMEZONE)
        session.commit()
    return Seeded(identity, profile.id, names, active, active_ids)
