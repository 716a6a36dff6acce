"""Nudge throughput: ``python -m bench.nudges``.

1. 10,000 users on SQLite (a temporary file): how long finding who is due and composing
   every nudge takes (goal: under 10 s on this 2-core machine), in one process and in two
   worker processes sharing the users, as two ``coach worker`` processes would.
2. A bounded fan-out (600 users) through python-telegram-bot against the fake Bot API
   enforcing Telegram's 30 messages per second: the sustained send rate (goal: at least
   95 % of 30/s), with no message lost and none sent twice.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram.ext import ExtBot

from adapters.bootstrap import Application, build
from adapters.telegram.sender import TelegramSender, nudge_rate_limiter
from coach.model import Circle, Contact, NudgeDays
from coach.nudges import DAILY, compose_for
from coach.schedule import refresh_schedule
from storage.tables import ContactRow, UserRow
from tests.fakes.telegram_api import FakeTelegramAPI

USERS = 10_000
SEND_USERS = 600
CONTACTS_PER_USER = 5
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # the nudge time 00:01 has passed everywhere
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def seed(app: Application, users: int) -> None:
    """Bulk rows, so seeding does not dominate the run."""
    from coach.model import Profile

    with app.sessions() as session:
        session.add_all(
            UserRow(id=n, platform="telegram", external_id=str(n), language="en",
                    timezone=ZONES[n % len(ZONES)], budget_minutes=120,
                    nudge_time=clock_time(0, 1), nudge_days=NudgeDays.DAILY.value,
                    cadences={}, onboarded=True, unreachable=False, created_at=CREATED)
            for n in range(1, users + 1))
        session.flush()
        rows = []
        for n in range(1, users + 1):
            profile = Profile(id=n, platform="telegram", external_id=str(n),
                              timezone=ZONES[n % len(ZONES)])
            for c in range(CONTACTS_PER_USER):
                contact = refresh_schedule(
                    Contact(user_id=n, name=f"Contact{c} Person{n}", circle=Circle.ACTIVE,
                            created_at=CREATED), profile)
                rows.append(ContactRow(user_id=n, name=contact.name, circle="active",
                                       status="active", created_at=CREATED,
                                       due_day=contact.due_day,
                                       rank_factor=contact.rank_factor))
        session.add_all(rows)
        session.commit()


def compute_all(app: Application) -> tuple[float, int, float, int]:
    """Seconds to find who is due, how many, and seconds to compose all their nudges."""
    store = app.nudge_store()
    started = time.perf_counter()
    due = store.due(NOW, DAILY)
    found = time.perf_counter() - started
    composed = sum(
        compose_for(app.unit_of_work, item.user_id, DAILY, NOW) is not None
        for item in due)
    return found, len(due), time.perf_counter() - started, composed


async def send_all(app: Application) -> dict[str, float]:
    async with FakeTelegramAPI() as api:
        api.enforce_rate_limits(30, 1)
        bot = ExtBot(api.token, base_url=api.base_url, base_file_url=api.base_file_url,
                     rate_limiter=nudge_rate_limiter())
        async with bot:
            worker = app.nudge_worker({"telegram": TelegramSender(bot)})
            started = time.perf_counter()
            result = await worker.tick()
            elapsed = time.perf_counter() - started
        per_chat = Counter(m["chat_id"] for m in api.sent_messages())
        times = [call.at for call in api.calls if call.method == "sendMessage" and call.ok]
        sustained = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        return {
            "sent": result.sent, "seconds": elapsed, "rate": sustained,
            "lost": SEND_USERS - len(per_chat),
            "duplicates": sum(count - 1 for count in per_chat.values()),
            "rejected_429": api.rejected_429,
        }


_worker_app: Application | None = None


def _start_worker(url: str) -> None:
    global _worker_app
    _worker_app = build(url, lambda: NOW, migrate=False)


def _compose_share(user_ids: list[int]) -> int:
    assert _worker_app is not None
    return sum(compose_for(_worker_app.unit_of_work, user_id, DAILY, NOW) is not None
               for user_id in user_ids)


def compose_in_processes(url: str, user_ids: list[int], processes: int) -> tuple[float, int]:
    """Seconds for ``processes`` long-lived workers to compose a share of the users each.

    The workers are started and warmed up before the clock starts, as running
    ``coach worker`` processes would be.
    """
    shares = [user_ids[n::processes] for n in range(processes)]
    with ProcessPoolExecutor(processes, initializer=_start_worker, initargs=(url,)) as pool:
        list(pool.map(_compose_share, [share[:20] for share in shares]))
        started = time.perf_counter()
        composed = sum(pool.map(_compose_share, shares))
        return time.perf_counter() - started, composed


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        app = build(url, lambda: NOW)
        seed(app, USERS)
        seconds, due, composing, composed = compute_all(app)
        print(f"due: {due} of {USERS} users found due in {seconds:.2f} s")
        print(f"compose, one process: {composed} nudges in {composing:.1f} s "
              f"({composed / composing:.0f}/s)")
        user_ids = [item.user_id for item in app.nudge_store().due(NOW, DAILY)]
        parallel, composed_parallel = compose_in_processes(url, user_ids, 2)
        print(f"compose, two worker processes: {composed_parallel} nudges in "
              f"{parallel:.1f} s ({composed_parallel / parallel:.0f}/s) (goal < 10 s)")
        app.close()
    with tempfile.TemporaryDirectory() as folder:
        app = build(f"sqlite:///{Path(folder) / 'send.db'}", lambda: NOW)
        seed(app, SEND_USERS)
        figures = asyncio.run(send_all(app))
        app.close()
    goal = 0.95 * 30
    print(f"send: {figures['sent']:.0f} nudges in {figures['seconds']:.1f} s = "
          f"{figures['rate']:.1f}/s sustained (goal >= {goal:.1f}/s), lost {figures['lost']:.0f}, "
          f"duplicates {figures['duplicates']:.0f}, 429 answers {figures['rejected_429']:.0f}")
    ok = (min(composing, parallel) < 10 and figures["rate"] >= goal and figures["lost"] == 0
          and figures["duplicates"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
