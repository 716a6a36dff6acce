"""How /due scales with the size of a network and the length of its history.

Run with ``python -m bench.due``. It seeds users with 100, 1,000 and 10,000 contacts
(30 touchpoints each, spread over the past two years) into a temporary SQLite file,
and into PostgreSQL too when ``DATABASE_URL_BENCH`` points at a server whose
database may be filled, then times ``/due`` through the engine and prints median and
99th percentile per size. Every run starts from an empty database: a new temporary
SQLite file, and a new PostgreSQL database created on that server and dropped
afterwards, so running it twice measures the same thing twice. Two ratios come from the same run:

* 10,000 against 100 contacts: the goal is under 3x, since /due reads the due slice
  through an index and sorts only that;
* 50 against 1 touchpoint per contact at 1,000 contacts: the goal is under 1.2x,
  since ranking never reads the history.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select

from adapters.bootstrap import Application, build
from bench.seeding import backends, fresh_database, vacuum
from coach.model import Channel, Circle, Contact, ContactStatus, Identity
from coach.names import name_key
from coach.schedule import local_date, refresh_schedule
from storage.tables import ContactRow, TouchpointRow
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
HISTORY_DAYS = 730
SIZES = (100, 1_000, 10_000)
TOUCHPOINTS = 30
RATIO_CONTACTS = 1_000
RATIO_TOUCHPOINTS = (1, 50)
RUNS = 200
WARM_UP = 10
BATCH = 5_000


@dataclass(frozen=True)
class Case:
    label: str
    contacts: int
    touchpoints: int


@dataclass(frozen=True)
class Timing:
    case: Case
    median_ms: float
    p99_ms: float
    due: int


def clock() -> datetime:
    return NOW


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def history(number: int, count: int, rng: random.Random) -> list[datetime]:
    """``count`` moments over the past two years, oldest first.

    The last one depends only on the contact's number, so the same contact is due in
    every case and the touchpoint ratio compares equal due slices.
    """
    span = HISTORY_DAYS * 24 * 60
    last = random.Random(number).randrange(span)
    earlier = [rng.randrange(last, span) for _ in range(count - 1)]
    return sorted(NOW - timedelta(minutes=m) for m in [last, *earlier])


def seed(app: Application, case: Case, rng: random.Random) -> Identity:
    """One user with ``case.contacts`` contacts and their history, inserted in bulk."""
    identity = Identity("bench", case.label, language_hint="en",
                        timezone_hint="Europe/Berlin")
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(
            identity.platform, identity.external_id, language="en",
            timezone="Europe/Berlin", now=NOW - timedelta(days=HISTORY_DAYS))
        uow.commit()
    circles = list(Circle)
    with app.engine.begin() as connection:
        first_id = (connection.scalar(select(func.max(ContactRow.id))) or 0) + 1
        contacts: list[dict[str, Any]] = []
        touchpoints: list[dict[str, Any]] = []
        for number in range(case.contacts):
            contact_id = first_id + number
            moments = history(number, case.touchpoints, rng)
            status = rng.choices(
                [ContactStatus.ACTIVE, ContactStatus.PAUSED, ContactStatus.ARCHIVED],
                weights=[90, 5, 5])[0]
            contact = Contact(
                user_id=profile.id, id=contact_id, name=f"Person{number:05d} Example",
                circle=rng.choice(circles), status=status,
                created_at=NOW - timedelta(days=HISTORY_DAYS),
                last_touch_at=moments[-1] if moments else None,
                last_channel=Channel.CALL if moments else None,
                snoozed_until=(local_date(NOW, "Europe/Berlin") + timedelta(days=7)
                               if rng.random() < 0.05 else None),
            )
            refresh_schedule(contact, profile)
            contacts.append({
                "id": contact_id, "user_id": profile.id, "name": contact.name,
                "name_key": name_key(contact.name),
                "circle": contact.circle.value, "status": contact.status.value,
                "created_at": contact.created_at, "last_touch_at": contact.last_touch_at,
                "last_channel": Channel.CALL.value if moments else None,
                "snoozed_until": contact.snoozed_until, "due_day": contact.due_day,
                "rank_factor": contact.rank_factor,
            })
            touchpoints.extend({
                "user_id": profile.id, "contact_id": contact_id, "channel": Channel.CALL.value,
                "at": moment, "minutes": 20, "incoming": False, "created_at": moment,
            } for moment in moments)
        for chunk in _chunks(contacts):
            connection.execute(insert(ContactRow), chunk)
        for chunk in _chunks(touchpoints):
            connection.execute(insert(TouchpointRow), chunk)
    return identity


def measure(app: Application, identity: Identity, case: Case) -> Timing:
    for _ in range(WARM_UP):
        app.coach.handle(identity, "/due")
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        app.coach.handle(identity, "/due")
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(identity.platform, identity.external_id,
                                                language="en", timezone="UTC", now=NOW)
        # The exact size of the due slice (the engine's count stops at its cap).
        today = local_date(NOW, profile.timezone)
        due = int(uow.session.scalar(
            select(func.count()).select_from(ContactRow).where(
                ContactRow.user_id == profile.id, ContactRow.status == "active",
                ContactRow.due_day <= today.toordinal(),
                or_(ContactRow.snoozed_until.is_(None), ContactRow.snoozed_until <= today),
            )) or 0)
    p99 = samples[min(len(samples) - 1, round(0.99 * len(samples)))]
    return Timing(case, statistics.median(samples), p99, due)


def cases() -> list[Case]:
    sized = [Case(f"c{size}", size, TOUCHPOINTS) for size in SIZES]
    history = [Case(f"t{count}", RATIO_CONTACTS, count) for count in RATIO_TOUCHPOINTS]
    return sized + history


def run(backend: str) -> dict[str, Timing]:
    rng = random.Random(20260310)
    with fresh_database(backend) as url:
        app = build(url, clock)
        try:
            started = time.perf_counter()
            identities = {case.label: seed(app, case, rng) for case in cases()}
            vacuum(app)
            print(f"{backend}: seeded in {time.perf_counter() - started:.1f} s")
            return {case.label: measure(app, identities[case.label], case)
                    for case in cases()}
        finally:
            app.close()


def report(backend: str, timings: dict[str, Timing]) -> None:
    print(f"\n/due on {backend} ({RUNS} runs each)")
    print(f"{'contacts':>9} {'touchpoints':>12} {'due':>6} {'median ms':>10} {'p99 ms':>8}")
    for timing in timings.values():
        case = timing.case
        print(f"{case.contacts:>9,} {case.contacts * case.touchpoints:>12,} {timing.due:>6,} "
              f"{timing.median_ms:>10.2f} {timing.p99_ms:>8.2f}")
    size_ratio = timings[f"c{SIZES[-1]}"].median_ms / timings[f"c{SIZES[0]}"].median_ms
    history_ratio = (timings[f"t{RATIO_TOUCHPOINTS[1]}"].median_ms
                     / timings[f"t{RATIO_TOUCHPOINTS[0]}"].median_ms)
    print(f"{SIZES[-1]:,} vs {SIZES[0]:,} contacts: {size_ratio:.2f}x (goal < 3x) "
          f"{'ok' if size_ratio < 3 else 'MISSED'}")
    print(f"{RATIO_TOUCHPOINTS[1]} vs {RATIO_TOUCHPOINTS[0]} touchpoints per contact at "
          f"{RATIO_CONTACTS:,} contacts: {history_ratio:.2f}x (goal < 1.2x) "
          f"{'ok' if history_ratio < 1.2 else 'MISSED'}")


def main() -> None:
    for backend in backends():
        report(backend, run(backend))


if __name__ == "__main__":
    main()
