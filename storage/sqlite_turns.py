"""Threads of one process take turns at a SQLite database in the order they asked.

SQLite lets one writer at a time hold a database, and every unit of work here writes
with its first statement (the update claim, the user's row). A second writer waits in
SQLite's busy handler, which does not wake when the lock is free but sleeps in steps
of up to 100 ms and looks again, so a quick ``/help`` behind another user's 20 ms
command waited 30 to 100 ms. Within one process, sessions on the same database file
therefore queue on a first-come-first-served lock taken before their transaction's
first statement and released when the transaction ends: a waiting thread is woken the
moment the one before it commits. Other processes still meet at SQLite's own lock and
its busy timeout; a thread that waited longer than that timeout here goes ahead
anyway and lets SQLite decide, so this lock can delay but never deadlock anybody.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

_HOLDS = "sqlite_turn"  # Session.info key: the lock this session's transaction holds


class FairLock:
    """A reentrant lock that hands itself to the longest waiting thread on release.

    ``threading.Lock`` lets a releasing thread take the lock straight back, and says
    nothing about which waiter wins; here ownership passes in arrival order.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._waiters: deque[tuple[int, threading.Lock]] = deque()

    def acquire(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for the lock; whether it was granted."""
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me:
                self._depth += 1
                return True
            if self._owner is None and not self._waiters:
                self._owner, self._depth = me, 1
                return True
            signal = threading.Lock()
            signal.acquire()
            entry = (me, signal)
            self._waiters.append(entry)
        if signal.acquire(timeout=timeout):
            return True  # release() made this thread the owner before signalling
        with self._mutex:
            if self._owner == me:  # granted between the timeout and now
                return True
            self._waiters.remove(entry)
            return False

    def release(self) -> None:
        with self._mutex:
            self._depth -= 1
            if self._depth > 0:
                return
            if self._waiters:
                owner, signal = self._waiters.popleft()
                self._owner, self._depth = owner, 1
                signal.release()
            else:
                self._owner = None

    @property
    def waiting(self) -> int:
        """Threads queued for the lock (for tests and monitoring)."""
        with self._mutex:
            return len(self._waiters)


_LOCKS: dict[str, FairLock] = {}
_LOCKS_GUARD = threading.Lock()


def lock_for(engine: Engine) -> FairLock:
    """The process's lock for the database ``engine`` opens (one per file)."""
    database = engine.url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        key = str(Path(database).resolve())
    else:
        key = f"engine:{id(engine)}"  # private to this engine anyway
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, FairLock())


def take_turns(factory: Any, engine: Engine, wait_seconds: float) -> None:
    """Make the sessions of ``factory`` (a sessionmaker) queue for ``engine``'s lock."""
    lock = lock_for(engine)

    @event.listens_for(factory, "after_begin")
    def _begin(session: Session, transaction: SessionTransaction, _connection: Any) -> None:
        if _HOLDS in session.info:
            return
        if lock.acquire(wait_seconds):
            session.info[_HOLDS] = lock
        else:
            log.warning("waited %.0f s for this process's turn at the database; going ahead",
                        wait_seconds)

    @event.listens_for(factory, "after_transaction_end")
    def _end(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None and (held := session.info.pop(_HOLDS, None)):
            held.release()
