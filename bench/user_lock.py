"""What the per-user lock costs a message.

Run with ``python -m bench.user_lock``. Every engine call starts by locking the
user's row (see ``SqlProfileRepository.get_or_create``). This times ``/due`` and a
``/log`` + ``/undo`` pair for one user with 100 contacts, with the lock and with a
plain unlocked read of the profile (the earlier behaviour), on SQLite, and on
PostgreSQL when ``DATABASE_URL_BENCH`` is set. It prints medians and the ratio
locked / unlocked from the same run.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from adapters.bootstrap import build
from coach.model import Identity, Profile
from storage.repositories import SqlProfileRepository, _profile
from storage.tables import UserRow

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
CONTACTS = 100
ROUNDS = 200


def unlocked_get_or_create(self: SqlProfileRepository, platform: str, external_id: str, *,
                           language: str, timezone: str,
                           now: datetime) -> tuple[Profile, bool]:
    row = self._session.scalar(select(UserRow).where(UserRow.platform == platform,
                                                     UserRow.external_id == external_id))
    assert row is not None
    return _profile(row), False


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(url: str, label: str) -> None:
    app = build(url, lambda: NOW)
    user = Identity("telegram", "bench-lock", language_hint="en", timezone_hint="UTC")
    for number in range(CONTACTS):
        app.coach.handle(user, f"/add Person{number} Example")

    def due() -> None:
        app.coach.handle(user, "/due")

    def log_and_undo() -> None:
        app.coach.handle(user, "/log Person1 call 5m")
        app.coach.handle(user, "/undo")

    locked_get = SqlProfileRepository.get_or_create
    modes = (("locked", locked_get), ("unlocked", unlocked_get_or_create))
    timings: dict[tuple[str, str], list[float]] = {}
    # Modes alternate round by round, so a busy moment on the machine hits both alike.
    for _ in range(ROUNDS):
        for mode, method in modes:
            SqlProfileRepository.get_or_create = method  # type: ignore[method-assign]
            for action, run in (("due", due), ("log+undo", log_and_undo)):
                timings.setdefault((mode, action), []).append(timed_ms(run))
    SqlProfileRepository.get_or_create = locked_get  # type: ignore[method-assign]
    app.close()
    for action in ("due", "log+undo"):
        locked = statistics.median(timings[("locked", action)])
        unlocked = statistics.median(timings[("unlocked", action)])
        print(f"{label:10} {action:9} locked {locked:6.2f} ms, unlocked {unlocked:6.2f} ms, "
              f"ratio {locked / unlocked:.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite")
    if os.environ.get("DATABASE_URL_BENCH"):
        measure(os.environ["DATABASE_URL_BENCH"], "PostgreSQL")


if __name__ == "__main__":
    main()
