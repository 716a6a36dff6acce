"""Exports are written row by row into a private temporary file, byte for byte as
the previous in-memory writers wrote them, on SQLite and PostgreSQL.

The network is larger than one fetch of the streaming reads (storage's STREAM_ROWS),
so records that cross a fetch boundary are compared too.
"""

from __future__ import annotations

import os
import random
import stat
from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.bootstrap import Application
from coach.model import (
    Channel,
    Circle,
    Contact,
    ContactStatus,
    Identity,
    RequestRecord,
    Touchpoint,
    Verdict,
)
from coach.schedule import refresh_schedule
from storage.repositories import STREAM_ROWS
from storage.unit_of_work import SqlUnitOfWork
from tests import previous_exports as previous
from tests.integration.conftest import ControlledClock

DANIEL = Identity("test", "daniel", language_hint="de", timezone_hint="Europe/Berlin")
ERIKA = Identity("test", "erika", language_hint="en", timezone_hint="America/New_York")
CONTACTS = STREAM_ROWS + 120
TOUCHPOINTS = 2 * STREAM_ROWS + 70
NAMES = ("Anna Schmidt", "Jörg Meier", "Zoë O'Brien", "李 小龙", "Tom \"TJ\" Becker",
         "Ana-María López", "Émile Zola")
NOTES = (None, "", "lunch at Käfer, ask about the Giesing permit", "line one\nline two",
         "=HYPERLINK(\"x\")", "comma, semicolon; tab\tend", "emoji 🎉 and ß")


def seed(app: Application, identity: Identity, rng: random.Random, contacts: int,
         touchpoints: int, requests: int) -> int:
    """A network with every kind of value an export writes: odd names, empty and
    multi-line fields, archived and paused contacts, yearless birthdays, decisions."""
    app.coach.handle(identity, "/settings slot Friday 14:00")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create(identity.platform, identity.external_id,
                                                language="en", timezone="UTC", now=start)
        assert profile.id is not None
        people = []
        for number in range(contacts):
            birthday = rng.random() < 0.4
            people.append(refresh_schedule(Contact(
                user_id=profile.id,
                name=f"{rng.choice(NAMES)} {number}",
                circle=rng.choice(list(Circle)),
                status=rng.choice(list(ContactStatus)),
                cadence_days=rng.choice((None, 14, 90)),
                company=rng.choice((None, "Schmidt & Partner", "-minus GmbH", "@handle AG")),
                birthday_day=rng.randint(1, 28) if birthday else None,
                birthday_month=rng.randint(1, 12) if birthday else None,
                birthday_year=rng.choice((None, 1976)) if birthday else None,
                how_met=rng.choice(NOTES), phone=rng.choice((None, "+49 170 1234567")),
                email=rng.choice((None, f"p{number}@example.org")),
                handle=rng.choice((None, "@someone")), language=rng.choice((None, "de")),
                profile_url=rng.choice((None, f"https://www.linkedin.com/in/p{number}")),
                next_note=rng.choice(NOTES),
                snoozed_until=rng.choice((None, date(2026, 12, 24))),
                created_at=start + timedelta(minutes=number),
                last_touch_at=rng.choice((None, start + timedelta(days=number % 300))),
                last_channel=rng.choice((None, Channel.CALL))), profile))
        uow.contacts.add_many(people)
        for number in range(touchpoints):
            uow.touchpoints.add(Touchpoint(
                user_id=profile.id, channel=rng.choice(list(Channel)),
                at=start + timedelta(hours=7 * number), minutes=rng.choice((0, 15, 90)),
                contact_id=rng.choice((None, *(c.id for c in people[:50]))),
                note=rng.choice(NOTES), incoming=rng.random() < 0.3,
                next_note=rng.choice(NOTES), created_at=start + timedelta(hours=7 * number)))
        for number in range(requests):
            uow.requests.add(RequestRecord(
                user_id=profile.id, text_excerpt=f"Hi, {rng.choice(NOTES)} {number}",
                verdict=rng.choice(list(Verdict)), confidence=rng.random(),
                language=rng.choice(("en", "de")), sender_name=rng.choice((None, "Tom")),
                decision=rng.choice((None, *Verdict)), contact_id=people[number].id,
                created_at=start + timedelta(days=number),
                decided_at=rng.choice((None, start + timedelta(days=number + 1)))))
        uow.commit()
        return profile.id


def previous_files(app: Application, user_id: int, now: datetime) -> dict[str, bytes]:
    """What the in-memory writers made of the same data, read as lists."""
    with SqlUnitOfWork(app.sessions) as uow:
        profile = uow.profiles.get(user_id)
        assert profile is not None
        document = previous.export_document(
            profile, uow.contacts.list(user_id, include_archived=True),
            uow.touchpoints.all(user_id), uow.requests.all(user_id), now)
        active = uow.contacts.list(user_id)
        return {"json": previous.readable_json(document).encode("utf-8"),
                "csv": previous.contacts_csv(active, profile.timezone),
                "vcf": previous.contacts_vcf(active)}


@pytest.mark.parametrize("fmt", ["json", "csv", "vcf"])
def test_a_streamed_export_is_byte_identical_to_the_in_memory_one(
        app: Application, clock: ControlledClock, fmt: str) -> None:
    daniel = seed(app, DANIEL, random.Random(14), CONTACTS, TOUCHPOINTS, 40)
    seed(app, ERIKA, random.Random(15), 30, 60, 5)  # must not leak into Daniel's file

    streamed = app.coach.export_file(DANIEL, fmt)

    expected = previous_files(app, daniel, clock())[fmt]
    assert streamed.content == expected
    assert streamed.size == len(expected)
    assert b"erika" not in streamed.content.lower()


def test_an_empty_history_exports_empty_lists_as_before(app: Application,
                                                        clock: ControlledClock) -> None:
    daniel = seed(app, DANIEL, random.Random(1), 0, 0, 0)

    for fmt, expected in previous_files(app, daniel, clock()).items():
        assert app.coach.export_file(DANIEL, fmt).content == expected, fmt


def test_the_export_waits_in_an_owner_only_file_without_a_name(app: Application) -> None:
    seed(app, DANIEL, random.Random(2), 5, 5, 1)

    attachment = app.coach.handle(DANIEL, "/export").files[0]

    status = os.fstat(attachment.open().fileno())
    assert stat.S_IMODE(status.st_mode) == 0o600
    assert status.st_nlink == 0  # nothing left on disk for anyone to find
    assert b"".join(attachment.chunks()) == attachment.content
