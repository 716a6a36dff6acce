"""Claims and the worker's tick: every due message goes out once, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from adapters.bootstrap import Application
from adapters.scheduler import NudgeWorker, Sender, Unreachable
from coach.nudges import DAILY, WEEKLY_PLAN
from coach.replies import Reply
from storage.nudges import CLAIMED, FAILED, SENDING, SENT, SKIPPED, DueNudge, NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock, add_user

# Thursday 26 November 2026, 08:30 in Berlin.
NUDGE_MINUTE = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
DAY = date(2026, 11, 26)


class RecordingSender:
    """Collects what would be sent; chats listed in ``blocked`` answer like a 403."""

    def __init__(self, blocked: set[str] | None = None) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self.blocked = blocked or set()

    async def send(self, identity_platform: str, external_id: str, reply: Reply) -> None:
        if external_id in self.blocked:
            raise Unreachable("blocked")
        self.sent.append((external_id, reply))


def worker(app: Application, clock: ControlledClock, sender: Sender,
           name: str = "w1") -> NudgeWorker:
    return NudgeWorker(NudgeStore(app.sessions), lambda: SqlUnitOfWork(app.sessions),
                       {"telegram": sender}, clock, process_id=name)


def test_a_second_claim_of_the_same_message_is_refused(
        app: Application, clock: ControlledClock) -> None:
    user = add_user(app, "1")
    store = NudgeStore(app.sessions)
    item = DueNudge(user, DAY, DAILY)
    assert store.claim(item, "a", NUDGE_MINUTE) is not None
    assert store.claim(item, "b", NUDGE_MINUTE) is None
    assert store.due(NUDGE_MINUTE, DAILY) == []


def test_a_stale_claim_is_taken_over_once_but_a_sent_one_never(
        app: Application, clock: ControlledClock) -> None:
    user = add_user(app, "1")
    store = NudgeStore(app.sessions)
    item = DueNudge(user, DAY, DAILY)
    crashed = store.claim(item, "crashed", NUDGE_MINUTE)
    assert crashed is not None
    later = NUDGE_MINUTE.replace(minute=34)
    assert store.claim(item, "b", later) is None  # four minutes: still the crashed one's
    later = NUDGE_MINUTE.replace(minute=36)
    assert store.due(later, DAILY) == [item]
    taken = store.claim(item, "b", later)
    assert taken is not None
    assert store.claim(item, "c", later) is None
    assert not store.finish(crashed, SENT, later)  # the presumed-dead worker lost it
    assert store.finish(taken, SENT, later)
    assert store.claim(item, "d", NUDGE_MINUTE.replace(hour=20)) is None
    assert store.deliveries(user) == [(DAY, DAILY, SENT)]


async def test_every_due_user_is_nudged_once_however_often_the_workers_tick(
        app: Application, clock: ControlledClock) -> None:
    for number in range(5):
        add_user(app, str(number))
    sender = RecordingSender()
    first, second = worker(app, clock, sender, "a"), worker(app, clock, sender, "b")
    clock.set(NUDGE_MINUTE.replace(minute=29))
    assert (await first.tick()).sent == 0
    clock.set(NUDGE_MINUTE)
    await first.tick()
    await second.tick()
    clock.advance(minutes=1)
    await second.tick()
    assert sorted(chat for chat, _ in sender.sent) == ["0", "1", "2", "3", "4"]
    assert "Person0" in sender.sent[0][1].text


async def test_a_restart_after_the_nudge_minute_still_sends_that_days_nudge_once(
        app: Application, clock: ControlledClock) -> None:
    add_user(app, "1")
    sender = RecordingSender()
    clock.set(NUDGE_MINUTE.replace(minute=29))  # stopped before the minute
    await worker(app, clock, sender, "before").tick()
    clock.set(NUDGE_MINUTE.replace(hour=8, minute=10))  # 09:10 local, a new process
    await worker(app, clock, sender, "after").tick()
    clock.advance(minutes=1)
    await worker(app, clock, sender, "again").tick()
    assert [chat for chat, _ in sender.sent] == ["1"]


async def test_a_worker_killed_mid_fan_out_leaves_claims_that_are_sent_once_later(
        app: Application, clock: ControlledClock) -> None:
    users = [add_user(app, str(number)) for number in range(6)]
    store = NudgeStore(app.sessions)
    clock.set(NUDGE_MINUTE)
    # The dead worker claimed three users and sent nothing.
    for item in store.due(clock(), DAILY)[:3]:
        assert store.claim(item, "dead", clock()) is not None
    sender = RecordingSender()
    survivor = worker(app, clock, sender, "survivor")
    await survivor.tick()
    assert len(sender.sent) == 3
    clock.advance(minutes=6)
    await survivor.tick()
    clock.advance(minutes=1)
    await survivor.tick()
    assert sorted(chat for chat, _ in sender.sent) == ["0", "1", "2", "3", "4", "5"]
    assert all(store.deliveries(u) == [(DAY, DAILY, SENT)] for u in users)


async def test_a_worker_killed_while_sending_never_causes_a_second_copy(
        app: Application, clock: ControlledClock) -> None:
    user = add_user(app, "1")
    store = NudgeStore(app.sessions)
    clock.set(NUDGE_MINUTE)
    # The dead worker got as far as handing the message to Telegram: it may have arrived.
    claim = store.claim(DueNudge(user, DAY, DAILY), "dead", clock())
    assert claim is not None
    assert store.start_sending(claim, clock())
    sender = RecordingSender()
    survivor = worker(app, clock, sender, "survivor")
    for _ in range(3):
        clock.advance(minutes=6)
        await survivor.tick()
    assert sender.sent == []
    assert store.deliveries(user) == [(DAY, DAILY, SENDING)]


async def test_an_unreachable_user_is_marked_and_skipped_the_next_day(
        app: Application, clock: ControlledClock) -> None:
    blocked = add_user(app, "blocked")
    add_user(app, "fine")
    sender = RecordingSender(blocked={"blocked"})
    clock.set(NUDGE_MINUTE)
    result = await worker(app, clock, sender).tick()
    assert (result.sent, result.unreachable) == (1, 1)
    with SqlUnitOfWork(app.sessions) as uow:
        profile = uow.profiles.get(blocked)
        assert profile is not None
        assert profile.unreachable
    clock.advance(days=1)
    result = await worker(app, clock, sender).tick()
    assert (result.sent, result.unreachable) == (1, 0)
    assert NudgeStore(app.sessions).deliveries(blocked) == [(DAY, DAILY, FAILED)]


async def test_a_user_deleted_between_claim_and_send_gets_nothing_and_breaks_nothing(
        app: Application, clock: ControlledClock) -> None:
    gone = add_user(app, "gone")
    store = NudgeStore(app.sessions)
    clock.set(NUDGE_MINUTE)
    claim = store.claim(DueNudge(gone, DAY, DAILY), "w", clock())
    assert claim is not None
    with SqlUnitOfWork(app.sessions) as uow:
        uow.profiles.delete(gone)
        uow.commit()
    assert store.finish(claim, SENT, clock()) is False
    assert store.claim(DueNudge(gone, DAY, DAILY), "w", clock()) is None
    sender = RecordingSender()
    assert (await worker(app, clock, sender).tick()).sent == 0
    assert sender.sent == []


async def test_nothing_due_means_a_skipped_day_and_no_message(
        app: Application, clock: ControlledClock) -> None:
    quiet = add_user(app, "quiet", due_contacts=0)
    sender = RecordingSender()
    clock.set(NUDGE_MINUTE)
    assert (await worker(app, clock, sender).tick()).skipped == 1
    assert sender.sent == []
    assert NudgeStore(app.sessions).deliveries(quiet) == [(DAY, DAILY, SKIPPED)]


async def test_the_weekly_plan_goes_out_once_in_the_slot(
        app: Application, clock: ControlledClock) -> None:
    user = add_user(app, "1", nudge_time=time(7, 0), slot=(3, time(14, 0)))
    sender = RecordingSender()
    clock.set(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))  # Thursday 14:00 in Berlin
    await worker(app, clock, sender).tick()
    clock.advance(minutes=1)
    await worker(app, clock, sender).tick()
    texts = [reply.text for _, reply in sender.sent]
    assert len(texts) == 2
    assert sum("networking slot" in text for text in texts) == 1
    assert NudgeStore(app.sessions).deliveries(user) == [(DAY, DAILY, SENT),
                                                         (DAY, WEEKLY_PLAN, SENT)]


def test_health_reports_the_last_tick_and_overdue_claims(
        app: Application, clock: ControlledClock) -> None:
    from adapters.health import health

    store = NudgeStore(app.sessions)
    ok, data = health(app.sessions, NUDGE_MINUTE)
    assert not ok
    assert data["last_tick_at"] is None
    user = add_user(app, "1")
    store.beat("w", "host", 1, NUDGE_MINUTE)
    store.claim(DueNudge(user, DAY, DAILY), "w", NUDGE_MINUTE)
    ok, data = health(app.sessions, NUDGE_MINUTE.replace(minute=33))
    assert ok
    assert data["overdue_claims"] == 0
    ok, data = health(app.sessions, NUDGE_MINUTE.replace(minute=36))
    assert not ok
    assert data["overdue_claims"] == 1
    assert store.deliveries(user) == [(DAY, DAILY, CLAIMED)]
