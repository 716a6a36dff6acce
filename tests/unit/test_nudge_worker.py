"""The nudge worker over the in-memory ledger: once per user and day, whatever happens."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from adapters.scheduler import NudgeWorker, Unreachable
from coach.model import Circle, Contact, NudgeDays
from coach.replies import Reply
from coach.schedule import refresh_schedule
from storage.nudges import FAILED, SENT
from tests.fakes.memory import (
    FixedClock,
    MemoryDatabase,
    MemoryNudgeLedger,
    MemoryUnitOfWorkFactory,
)

# Thursday 26 November 2026, 08:31 in Berlin.
AFTER_NUDGE = datetime(2026, 11, 26, 7, 31, tzinfo=UTC)


class RecordingSender:
    def __init__(self, *, refuse: set[str] | None = None, fail: set[str] | None = None) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self.refuse = refuse or set()
        self.fail = fail or set()

    async def send(self, identity_platform: str, external_id: str, reply: Reply) -> None:
        if external_id in self.refuse:
            raise Unreachable("blocked")
        if external_id in self.fail:
            raise ConnectionError("dropped")
        self.sent.append((external_id, reply))


def user_with_a_due_contact(database: MemoryDatabase, external_id: str) -> int:
    factory = MemoryUnitOfWorkFactory(database)
    created = datetime(2026, 1, 1, tzinfo=UTC)
    with factory() as uow:
        profile, _ = uow.profiles.get_or_create("telegram", external_id, language="en",
                                                timezone="Europe/Berlin", now=created)
        profile.nudge_time, profile.nudge_days = time(8, 30), NudgeDays.DAILY
        uow.profiles.save(profile)
        contact = Contact(user_id=profile.id, name=f"Anna {external_id}", circle=Circle.ACTIVE,
                          created_at=created)
        uow.contacts.add(refresh_schedule(contact, profile))
        uow.commit()
        return profile.id


def worker(database: MemoryDatabase, ledger: MemoryNudgeLedger, sender: RecordingSender,
           clock: FixedClock, name: str) -> NudgeWorker:
    return NudgeWorker(ledger, MemoryUnitOfWorkFactory(database), {"telegram": sender}, clock,
                       process_id=name)


async def test_two_workers_ticking_twice_nudge_every_user_once() -> None:
    database, clock = MemoryDatabase(), FixedClock(AFTER_NUDGE)
    ledger, sender = MemoryNudgeLedger(database), RecordingSender()
    users = [str(n) for n in range(5)]
    for external_id in users:
        user_with_a_due_contact(database, external_id)
    workers = [worker(database, ledger, sender, clock, f"w{n}") for n in range(2)]

    for _ in range(2):
        for each in workers:
            await each.tick()

    assert sorted(external_id for external_id, _ in sender.sent) == users
    assert "Anna" in sender.sent[0][1].text


async def test_a_blocked_user_is_marked_unreachable_and_not_tried_again() -> None:
    database, clock = MemoryDatabase(), FixedClock(AFTER_NUDGE)
    ledger, sender = MemoryNudgeLedger(database), RecordingSender(refuse={"7"})
    user = user_with_a_due_contact(database, "7")
    nudges = worker(database, ledger, sender, clock, "w")

    first = await nudges.tick()
    clock.now += timedelta(days=1)
    second = await nudges.tick()

    assert (first.unreachable, second.unreachable) == (1, 0)
    assert database.tables.profiles[user].unreachable
    assert sender.sent == []


async def test_a_send_that_may_have_arrived_is_never_repeated() -> None:
    database, clock = MemoryDatabase(), FixedClock(AFTER_NUDGE)
    ledger, sender = MemoryNudgeLedger(database), RecordingSender(fail={"9"})
    user = user_with_a_due_contact(database, "9")
    nudges = worker(database, ledger, sender, clock, "w")

    await nudges.tick()
    sender.fail.clear()
    clock.now += timedelta(minutes=30)
    await nudges.tick()

    assert sender.sent == []
    [delivery] = ledger.deliveries.values()
    assert delivery.status == FAILED
    assert [key[0] for key in ledger.deliveries] == [user]


async def test_the_next_day_brings_the_next_nudge() -> None:
    database, clock = MemoryDatabase(), FixedClock(AFTER_NUDGE)
    ledger, sender = MemoryNudgeLedger(database), RecordingSender()
    user_with_a_due_contact(database, "3")
    nudges = worker(database, ledger, sender, clock, "w")

    await nudges.tick()
    clock.now += timedelta(days=1)
    await nudges.tick()

    assert len(sender.sent) == 2
    assert {d.status for d in ledger.deliveries.values()} == {SENT}
