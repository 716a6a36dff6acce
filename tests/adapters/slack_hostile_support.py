"""What the hostile Slack tests share: a Bolt app whose lazy work can be waited for,
an ERROR log catcher, and a dump of everything stored about users.

Bolt runs lazy listeners in its executor after the HTTP answer; the tests give it a
:class:`TrackedExecutor` so they can wait until every answer was sent and every
write done before comparing the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from adapters.bootstrap import Application as CoachApp
from storage.tables import Base

# Bookkeeping, not a user's data: which updates were handled, the open question.
SKIPPED_TABLES = {"processed_updates", "scheduler_heartbeats", "alembic_version",
                  "slack_bots", "slack_installations", "slack_oauth_states"}
SKIPPED_COLUMNS = {"pending", "processed_at"}


class TrackedExecutor(ThreadPoolExecutor):
    """Bolt's listener executor, with a way to wait until all submitted work is done."""

    def __init__(self) -> None:
        super().__init__(max_workers=4, thread_name_prefix="slack-lazy")
        self._futures: list[Future[Any]] = []
        self._guard = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._guard:
            self._futures.append(future)
        return future

    def settle(self, timeout: float = 60) -> None:
        """Wait for every lazy listener submitted so far; raise if one is still running."""
        with self._guard:
            pending, self._futures = self._futures, []
        done, not_done = wait(pending, timeout=timeout)
        assert not not_done, "a lazy listener did not finish"
        for future in done:
            future.result()  # Bolt catches and logs listener errors; this is a backstop


class Collect(logging.Handler):
    """Keeps records at ERROR and above from anywhere: each one is a finding."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()}" for r in self.records]


@contextmanager
def errors_logged() -> Iterator[Collect]:
    handler = Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def dump(coach_app: CoachApp) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of every user table, sorted, bookkeeping columns left out."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with coach_app.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            columns = [c for c in table.columns if c.name not in SKIPPED_COLUMNS]
            rows = session.execute(select(*columns)).all()
            out[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return out
