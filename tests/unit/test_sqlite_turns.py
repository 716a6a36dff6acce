"""Writers of one process take turns at a SQLite file in arrival order, and never hang."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text

from storage.database import open_engine, session_factory
from storage.sqlite_turns import FairLock


def wait_until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_the_lock_passes_to_waiters_in_the_order_they_came() -> None:
    lock = FairLock()
    assert lock.acquire(1)
    order: list[int] = []

    def waiter(number: int) -> None:
        assert lock.acquire(5)
        order.append(number)
        lock.release()

    threads = []
    for number in range(5):
        thread = threading.Thread(target=waiter, args=(number,))
        thread.start()
        threads.append(thread)
        wait_until(lambda n=number: lock.waiting == n + 1)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


def test_the_lock_is_reentrant_and_a_waiter_that_gives_up_leaves_no_trace() -> None:
    lock = FairLock()
    assert lock.acquire(1)
    assert lock.acquire(1)
    results: list[bool] = []
    thread = threading.Thread(target=lambda: results.append(lock.acquire(0.05)))
    thread.start()
    thread.join(5)
    assert results == [False]
    assert lock.waiting == 0
    lock.release()
    lock.release()
    other = threading.Thread(target=lambda: results.append(lock.acquire(0.05)))
    other.start()
    other.join(5)
    assert results == [False, True]


def test_sessions_of_two_engines_on_one_file_write_in_arrival_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'turns.db'}"
    engines = [open_engine(url), open_engine(url)]
    with engines[0].begin() as connection:
        connection.execute(text("CREATE TABLE log (n INTEGER)"))
    factories = [session_factory(engine) for engine in engines]
    first = factories[0]()
    first.execute(text("INSERT INTO log VALUES (0)"))  # holds the database's write lock
    started: list[int] = []

    def writer(number: int) -> None:
        with factories[number % 2]() as session:
            started.append(number)
            session.execute(text("INSERT INTO log VALUES (:n)"), {"n": number})
            session.commit()

    threads = []
    for number in range(1, 5):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        wait_until(lambda n=number: len(started) == n)
        time.sleep(0.02)  # the writer is queued before the next one starts
    begun = time.monotonic()
    first.commit()
    first.close()
    for thread in threads:
        thread.join(10)
    elapsed = time.monotonic() - begun
    with engines[0].connect() as connection:
        written = [row.n for row in connection.execute(text("SELECT n FROM log ORDER BY rowid"))]
    assert written == [0, 1, 2, 3, 4]
    # Woken as soon as the one before commits, not after SQLite's busy handler's naps.
    assert elapsed < 1.0
    for engine in engines:
        engine.dispose()
