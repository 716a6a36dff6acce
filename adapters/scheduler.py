"""The nudge worker: once a minute, claim what is due, compose it, send it, record it.

Every process runs the same one-minute job; the claims in :mod:`storage.nudges` make
sure each message goes out once however many processes tick. Because a message stays
due for the rest of its local day, a tick after a restart or a crash sends what was
missed. Blocking work (database, composing) runs in threads so a bot sharing the event
loop keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from adapters.chat import SendFailed, Unreachable
from coach.nudges import compose_for
from coach.ports import Clock, StorageUnavailable, UnitOfWorkFactory
from coach.replies import Reply
from storage.nudges import FAILED, KINDS, SENT, SKIPPED, Claim, DueNudge

log = logging.getLogger(__name__)

TICK_SECONDS = 60
# Sends in flight at once per process; the platform's rate limiter does the pacing.
SEND_CONCURRENCY = 16
# During a long fan-out the heartbeat is refreshed this often, so /healthz stays green.
BEAT_EVERY = timedelta(seconds=30)
# On SIGTERM a running fan-out gets this long to finish before the process exits.
STOP_GRACE_SECONDS = 30.0
# Telegram keeps an unconfirmed update for a day and Slack retries within minutes; a
# week of handled update ids leaves room for a long outage. Pruned once an hour.
UPDATE_RETENTION = timedelta(days=7)
PRUNE_EVERY = timedelta(hours=1)


class Sender(Protocol):
    """Delivers one reply to one user of one platform."""

    async def send(self, identity_platform: str, external_id: str, reply: Reply) -> None:
        """Send every message of ``reply``; raise :class:`Unreachable` for a blocked user."""


__all__ = ["NudgeLedger", "NudgeWorker", "Sender", "TickResult", "Unreachable",
           "start_scheduler"]


class NudgeLedger(Protocol):
    """Which scheduled messages are due, who claimed each, and how it ended.

    ``storage.nudges.NudgeStore`` keeps it in the database for any number of workers;
    the tests keep it in memory (``tests.fakes.memory.MemoryNudgeLedger``).
    """

    def due(self, now: datetime, kind: str,
            platforms: Collection[str] | None = None) -> list[DueNudge]: ...

    def claim(self, item: DueNudge, worker: str, now: datetime) -> Claim | None: ...

    def start_sending(self, claim: Claim, now: datetime) -> bool: ...

    def finish(self, claim: Claim, status: str, now: datetime) -> bool: ...

    def release(self, claim: Claim) -> bool: ...

    def mark_unreachable(self, user_id: int) -> None: ...

    def beat(self, process_id: str, host: str, pid: int, now: datetime, *,
             nudged_at: datetime | None = None) -> None: ...

    def workers_on(self, host: str) -> list[tuple[str, int]]: ...

    def release_claims_of(self, workers: Collection[str]) -> int: ...


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` runs on this host (signal 0 only checks)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to someone else
    return True


def new_process_id() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class TickResult:
    """What one tick did, for logs and tests."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    unreachable: int = 0
    lost: int = 0  # claimed by another worker first


@dataclass
class NudgeWorker:
    """One process's share of the fan-out."""

    store: NudgeLedger
    uow_factory: UnitOfWorkFactory
    senders: Mapping[str, Sender]
    clock: Clock
    process_id: str = field(default_factory=new_process_id)
    concurrency: int = SEND_CONCURRENCY
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    _last_beat: datetime | None = None
    _last_nudge: datetime | None = None
    _siblings_checked: bool = False
    _last_prune: datetime | None = None
    _ticking: int = 0
    _idle: asyncio.Event = field(default_factory=asyncio.Event)

    async def tick(self) -> TickResult:
        """Beat, then send every due message this worker manages to claim.

        Without a database the tick ends quietly; what was due stays due for the rest
        of the local day, so the first tick after the outage sends it, once.
        """
        result = TickResult()
        self._ticking += 1
        self._idle.clear()
        try:
            await self._tick(result)
        except StorageUnavailable as error:
            log.warning("nudge tick stopped: database %s; the next tick catches up",
                        error.reason)
        finally:
            self._ticking -= 1
            if not self._ticking:
                self._idle.set()
        return result

    async def finish_tick(self) -> None:
        """Wait (at most :data:`STOP_GRACE_SECONDS`) until a running tick is done, so a
        stop never cuts a send short: a cancelled send may have arrived and is never
        repeated, so its user would miss the nudge."""
        if not self._ticking:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STOP_GRACE_SECONDS):
                await self._idle.wait()

    async def _tick(self, result: TickResult) -> None:
        if not self._siblings_checked:
            await asyncio.to_thread(self._release_dead_siblings)
            self._siblings_checked = True
        await self._beat(force=True)
        platforms = set(self.senders)
        for kind in KINDS:
            now = self.clock()
            items = await asyncio.to_thread(self.store.due, now, kind, platforms)
            if items:
                await self._fan_out(items, result)
        await self._beat(force=True)
        now = self.clock()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            await asyncio.to_thread(self._prune_updates, now)
            self._last_prune = now
        if result.sent or result.failed or result.unreachable:
            log.info("nudge tick: %d sent, %d skipped, %d failed, %d unreachable",
                     result.sent, result.skipped, result.failed, result.unreachable)

    def _prune_updates(self, now: datetime) -> None:
        """Forget handled chat updates (and replies whose send failed) once no platform
        can deliver them again, so the table stays the size of a week's traffic."""
        with self.uow_factory() as uow:
            pruned = uow.updates.prune(now - UPDATE_RETENTION)
            uow.commit()
        if pruned:
            log.info("forgot %d handled updates older than %d days", pruned,
                     UPDATE_RETENTION.days)

    def _release_dead_siblings(self) -> None:
        """After a crash and restart, take back at once what a killed worker on this
        host had claimed but not begun to send, instead of waiting for it to go stale."""
        dead = [process_id for process_id, pid in self.store.workers_on(self.host)
                if process_id != self.process_id and not pid_alive(pid)]
        released = self.store.release_claims_of(dead)
        if released:
            log.info("took back %d nudges claimed by %d stopped workers", released, len(dead))

    async def _fan_out(self, items: list[DueNudge], result: TickResult) -> None:
        queue: asyncio.Queue[DueNudge] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        async def drain() -> None:
            while True:
                try:
                    item = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await self._deliver(item, result)
                await self._beat()

        await asyncio.gather(*(drain() for _ in range(max(1, self.concurrency))))

    async def _deliver(self, item: DueNudge, result: TickResult) -> None:
        claim = await asyncio.to_thread(self.store.claim, item, self.process_id, self.clock())
        if claim is None:
            result.lost += 1
            return
        try:
            reply = await asyncio.to_thread(compose_for, self.uow_factory, claim.user_id,
                                            claim.kind, self.clock())
        except StorageUnavailable:
            # Nothing was sent: hand the claim back (if the database allows; else it
            # goes stale and is taken over) and let the tick end.
            with contextlib.suppress(StorageUnavailable):
                await asyncio.to_thread(self.store.release, claim)
            raise
        except Exception:
            log.exception("composing a %s nudge failed", claim.kind)
            await self._finish(claim, FAILED)
            result.failed += 1
            return
        if reply is None or not reply.messages:
            await self._finish(claim, SKIPPED)
            result.skipped += 1
            return
        sender = self.senders[claim.platform]
        if not await asyncio.to_thread(self.store.start_sending, claim, self.clock()):
            # Composing took so long that another worker took the claim over.
            result.lost += 1
            return
        try:
            await sender.send(claim.platform, claim.external_id, reply)
        except Unreachable:
            await asyncio.to_thread(self.store.mark_unreachable, claim.user_id)
            await self._finish(claim, FAILED)
            result.unreachable += 1
            return
        except Exception as error:
            # Not retried: the message may have arrived before the error, and twice is
            # worse than once missed. A failure the sender knows needs no traceback.
            if isinstance(error, SendFailed):
                log.error("sending a %s nudge failed: %s", claim.kind, error)
            else:
                log.exception("sending a %s nudge failed", claim.kind)
            await self._finish(claim, FAILED)
            result.failed += 1
            return
        now = self.clock()
        await self._finish(claim, SENT)
        self._last_nudge = now
        result.sent += 1

    async def _finish(self, claim: Claim, status: str) -> None:
        if not await asyncio.to_thread(self.store.finish, claim, status, self.clock()):
            log.warning("a %s claim was gone when it finished (user deleted or taken over)",
                        claim.kind)

    async def _beat(self, *, force: bool = False) -> None:
        now = self.clock()
        if not force and self._last_beat is not None and now - self._last_beat < BEAT_EVERY:
            return
        self._last_beat = now
        await asyncio.to_thread(self.store.beat, self.process_id, self.host, self.pid, now,
                                nudged_at=self._last_nudge)


def start_scheduler(tick: Callable[[], Awaitable[object]],
                    *, first_run: datetime | None = None) -> AsyncIOScheduler:
    """Run ``tick`` every minute on the running event loop, starting right away.

    One tick at a time (a long fan-out simply delays the next one) and missed ticks
    are merged, since every tick catches up on everything due anyway.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=TICK_SECONDS, timezone=UTC),
        id="nudges",
        next_run_time=first_run or datetime.now(UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=TICK_SECONDS,
    )
    scheduler.start()
    return scheduler
