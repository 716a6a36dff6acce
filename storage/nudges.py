"""Claiming scheduled messages exactly once, on any number of workers.

A message is one row in ``nudge_deliveries`` keyed by (user, local day, kind). A
worker claims it by inserting that row with ``ON CONFLICT DO NOTHING`` in a short
transaction of its own, before composing or sending anything: whoever inserts the
row sends, everybody else skips. A claim still "claimed" after
:data:`STALE_CLAIM_AFTER` belonged to a worker that died mid fan-out; it may be taken
over (guarded by a WHERE on status and claimed_at, ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL) so the message still goes out that day.

Just before sending, the claim turns "sending". A worker that dies after that point
may or may not have delivered the message, and Telegram offers no way to ask; such a
claim is never taken over, so a crash can cost at most that one message, never a
second copy. Once "sent" a row is never touched.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from coach.model import NudgeDays
from coach.nudges import DAILY, WEEKLY_PLAN, nudge_day, slot_day
from storage.repositories import SqlProfileRepository
from storage.tables import NudgeDeliveryRow, SchedulerHeartbeatRow, UserRow

CLAIMED = "claimed"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"
KINDS = (DAILY, WEEKLY_PLAN)

# Longer than any healthy claim lives (compose plus a send with a few 429 waits),
# short enough that a crashed worker's users still hear from us the same morning.
STALE_CLAIM_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class DueNudge:
    """A message that is due and not yet claimed (or whose claim went stale)."""

    user_id: int
    local_day: date
    kind: str


@dataclass(frozen=True)
class Claim:
    """A message this worker won; it alone composes and sends it."""

    user_id: int
    local_day: date
    kind: str
    platform: str
    external_id: str
    worker: str


@dataclass(frozen=True)
class HealthData:
    """What ``coach status`` and /healthz report."""

    last_tick_at: datetime | None
    last_nudge_at: datetime | None
    overdue_claims: int
    workers: int


def _insert(session: Session, row: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(row)
    return sqlite.insert(row)


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


class NudgeStore:
    """Due lists, claims, outcomes and heartbeats; every call is its own transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def due(self, now: datetime, kind: str,
            platforms: Collection[str] | None = None) -> list[DueNudge]:
        """Messages of ``kind`` due at ``now`` that nobody holds.

        The local time is computed in Python per candidate (a few microseconds each);
        the database only narrows the candidates by their settings.
        """
        query = select(UserRow.id, UserRow.timezone, UserRow.nudge_time, UserRow.nudge_days,
                       UserRow.slot_weekday, UserRow.slot_time).where(
            UserRow.unreachable.is_(False))
        if kind == DAILY:
            query = query.where(UserRow.nudge_days != NudgeDays.OFF.value)
        elif kind == WEEKLY_PLAN:
            query = query.where(UserRow.slot_weekday.is_not(None), UserRow.slot_time.is_not(None))
        else:
            raise ValueError(f"unknown nudge kind {kind!r}")
        if platforms is not None:
            query = query.where(UserRow.platform.in_(list(platforms)))
        with self._sessions() as session:
            found: list[DueNudge] = []
            for row in session.execute(query):
                if kind == DAILY:
                    day = nudge_day(row.timezone, row.nudge_time, NudgeDays(row.nudge_days), now)
                else:
                    day = slot_day(row.timezone, row.slot_weekday, row.slot_time, now)
                if day is not None:
                    found.append(DueNudge(row.id, day, kind))
            if not found:
                return []
            days = {item.local_day for item in found}
            cutoff = now - STALE_CLAIM_AFTER
            held = {
                (user_id, day)
                for user_id, day, status, claimed_at in session.execute(
                    select(NudgeDeliveryRow.user_id, NudgeDeliveryRow.local_day,
                           NudgeDeliveryRow.status, NudgeDeliveryRow.claimed_at)
                    .where(NudgeDeliveryRow.kind == kind,
                           NudgeDeliveryRow.local_day.in_(sorted(days))))
                if not (status == CLAIMED and claimed_at < cutoff)
            }
        return [item for item in found if (item.user_id, item.local_day) not in held]

    def claim(self, item: DueNudge, worker: str, now: datetime) -> Claim | None:
        """Claim one message for ``worker``; None when another worker has it.

        A fresh claim is an insert that does nothing on conflict; a stale claim is
        taken over only while it is still "claimed" and still old, so two workers can
        never both win it, and a "sent" row is never claimed again.
        """
        with self._sessions() as session:
            try:
                won = session.scalar(
                    _insert(session, NudgeDeliveryRow)
                    .values(user_id=item.user_id, local_day=item.local_day, kind=item.kind,
                            status=CLAIMED, claimed_by=worker, claimed_at=now)
                    .on_conflict_do_nothing(index_elements=["user_id", "local_day", "kind"])
                    .returning(NudgeDeliveryRow.id))
            except IntegrityError:  # the user was deleted meanwhile
                session.rollback()
                return None
            if won is None and not self._take_over(session, item, worker, now):
                session.rollback()
                return None
            user = session.execute(select(UserRow.platform, UserRow.external_id)
                                   .where(UserRow.id == item.user_id)).first()
            if user is None:
                session.rollback()
                return None
            session.commit()
        return Claim(item.user_id, item.local_day, item.kind, user.platform,
                     user.external_id, worker)

    @staticmethod
    def _take_over(session: Session, item: DueNudge, worker: str, now: datetime) -> bool:
        cutoff = now - STALE_CLAIM_AFTER
        stale = (
            (NudgeDeliveryRow.user_id == item.user_id)
            & (NudgeDeliveryRow.local_day == item.local_day)
            & (NudgeDeliveryRow.kind == item.kind)
            & (NudgeDeliveryRow.status == CLAIMED)
            & (NudgeDeliveryRow.claimed_at < cutoff)
        )
        query = select(NudgeDeliveryRow.id).where(stale)
        if _is_postgres(session):
            query = query.with_for_update(skip_locked=True)
        row_id = session.scalar(query)
        if row_id is None:
            return False
        result = session.execute(
            update(NudgeDeliveryRow).where(NudgeDeliveryRow.id == row_id, stale)
            .values(claimed_by=worker, claimed_at=now))
        return bool(getattr(result, "rowcount", 0) == 1)

    def release(self, claim: Claim) -> bool:
        """Give a claim back before anything was sent (the database failed while
        composing), so the next tick sends the message instead of waiting for the
        claim to go stale."""
        with self._sessions() as session:
            result = session.execute(
                delete(NudgeDeliveryRow)
                .where(NudgeDeliveryRow.user_id == claim.user_id,
                       NudgeDeliveryRow.local_day == claim.local_day,
                       NudgeDeliveryRow.kind == claim.kind,
                       NudgeDeliveryRow.status == CLAIMED,
                       NudgeDeliveryRow.claimed_by == claim.worker))
            session.commit()
        return bool(getattr(result, "rowcount", 0) == 1)

    def workers_on(self, host: str) -> list[tuple[str, int]]:
        """(process id, pid) of every worker that ever ticked on ``host``."""
        with self._sessions() as session:
            rows = session.execute(
                select(SchedulerHeartbeatRow.process_id, SchedulerHeartbeatRow.pid)
                .where(SchedulerHeartbeatRow.host == host[:200]))
            return [(r.process_id, r.pid) for r in rows]

    def release_claims_of(self, workers: Collection[str]) -> int:
        """Give back what dead workers claimed but had not started to send.

        Nothing of a "claimed" message went out (sending starts with the switch to
        "sending", guarded by the claim holder), so handing it back early cannot cause
        a second copy; it only spares the users the wait for the claim to go stale.
        """
        if not workers:
            return 0
        with self._sessions() as session:
            result = session.execute(
                delete(NudgeDeliveryRow)
                .where(NudgeDeliveryRow.status == CLAIMED,
                       NudgeDeliveryRow.claimed_by.in_(sorted(workers))))
            session.execute(delete(SchedulerHeartbeatRow).where(
                SchedulerHeartbeatRow.process_id.in_(sorted(workers))))
            session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    def start_sending(self, claim: Claim, now: datetime) -> bool:
        """Mark the claim as being sent; False if it was taken over meanwhile."""
        return self._update_held(claim, (CLAIMED,), {"status": SENDING})

    def finish(self, claim: Claim, status: str, now: datetime) -> bool:
        """Record how a claimed message ended; False if the claim is gone or lost.

        Only the worker holding the claim can finish it, so a worker that was presumed
        dead cannot overwrite the outcome of the one that took over.
        """
        values: dict[str, Any] = {"status": status}
        if status == SENT:
            values["sent_at"] = now
        return self._update_held(claim, (CLAIMED, SENDING), values)

    def _update_held(self, claim: Claim, statuses: tuple[str, ...],
                     values: dict[str, Any]) -> bool:
        """Change the claim's row if ``claim.worker`` still holds it in one of ``statuses``."""
        with self._sessions() as session:
            result = session.execute(
                update(NudgeDeliveryRow)
                .where(NudgeDeliveryRow.user_id == claim.user_id,
                       NudgeDeliveryRow.local_day == claim.local_day,
                       NudgeDeliveryRow.kind == claim.kind,
                       NudgeDeliveryRow.status.in_(statuses),
                       NudgeDeliveryRow.claimed_by == claim.worker)
                .values(**values))
            session.commit()
        return bool(getattr(result, "rowcount", 0) == 1)

    def mark_unreachable(self, user_id: int) -> None:
        """The platform refused this user (403): no nudges until they write again."""
        with self._sessions() as session:
            SqlProfileRepository(session).mark_unreachable(user_id)
            session.commit()

    def deliveries(self, user_id: int) -> Sequence[tuple[date, str, str]]:
        """One user's delivery log (local day, kind, status), oldest first."""
        with self._sessions() as session:
            rows = session.execute(
                select(NudgeDeliveryRow.local_day, NudgeDeliveryRow.kind,
                       NudgeDeliveryRow.status)
                .where(NudgeDeliveryRow.user_id == user_id)
                .order_by(NudgeDeliveryRow.local_day, NudgeDeliveryRow.kind))
            return [(r.local_day, r.kind, r.status) for r in rows]

    def beat(self, process_id: str, host: str, pid: int, now: datetime, *,
             nudged_at: datetime | None = None) -> None:
        """Record that this worker is alive (and when it last sent a message)."""
        with self._sessions() as session:
            values: dict[str, Any] = {"last_tick_at": now}
            if nudged_at is not None:
                values["last_nudge_at"] = nudged_at
            statement = _insert(session, SchedulerHeartbeatRow).values(
                process_id=process_id, host=host[:200], pid=pid, started_at=now, **values)
            session.execute(statement.on_conflict_do_update(
                index_elements=["process_id"], set_=values))
            session.commit()

    def health(self, now: datetime) -> HealthData:
        """The newest heartbeat, the last message sent and claims overdue for a retry."""
        with self._sessions() as session:
            last_tick, workers = session.execute(
                select(func.max(SchedulerHeartbeatRow.last_tick_at),
                       func.count(SchedulerHeartbeatRow.process_id))).one()
            last_nudge = session.scalar(
                select(func.max(NudgeDeliveryRow.sent_at))
                .where(NudgeDeliveryRow.status == SENT))
            overdue = session.scalar(
                select(func.count()).select_from(NudgeDeliveryRow)
                .where(NudgeDeliveryRow.status == CLAIMED,
                       NudgeDeliveryRow.claimed_at < now - STALE_CLAIM_AFTER))
        return HealthData(_aware(last_tick), _aware(last_nudge), int(overdue or 0),
                          int(workers or 0))


def _aware(value: Any) -> datetime | None:
    """Aggregates may bypass the column type, so SQLite could hand back naive text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
