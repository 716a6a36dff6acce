"""Which kept replies reached their platform, noted at once and written in batches.

The engine keeps every reply with its update until the adapter reports it delivered
(see :meth:`coach.engine.Coach.delivered`), so that a redelivered update gets its
answer again instead of nothing. Writing that report is a transaction of its own; when
it ran before the adapter could take the next update, every command paid for it
although the user had long seen the reply. So the report is noted here in memory at
once, which already stops this process from sending the reply twice, and written with
the next update's commit (no transaction of its own while updates keep coming), or by
the adapter a moment later when none follows.

A report noted but not yet written when the process dies is lost; the reply then stays
kept until the worker prunes old updates, and is sent again only if the platform
redelivers its update, which is the promise anyway: replies are at least once.
"""

from __future__ import annotations

import threading


class DeliveryMarks:
    """Update keys (per platform) whose reply was delivered but is not yet written.

    A writer takes the marks it writes, so two transactions never write the same mark:
    on PostgreSQL the second would wait for the first's row lock, and updates of
    different users would queue behind each other.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._unwritten: set[tuple[str, str]] = set()
        self._writing: set[tuple[str, str]] = set()

    def note(self, platform: str, update_key: str) -> None:
        with self._lock:
            self._unwritten.add((platform, update_key))

    def noted(self, platform: str, update_key: str) -> bool:
        """Whether this process knows the reply reached the platform, though the
        database may not know yet."""
        mark = (platform, update_key)
        with self._lock:
            return mark in self._unwritten or mark in self._writing

    def waiting(self) -> bool:
        """Whether any mark waits to be written."""
        with self._lock:
            return bool(self._unwritten)

    def take(self) -> list[tuple[str, str]]:
        """The marks to write now, in a stable order; another writer gets none of them."""
        with self._lock:
            marks = sorted(self._unwritten)
            self._writing.update(marks)
            self._unwritten.clear()
            return marks

    def written(self, marks: list[tuple[str, str]]) -> None:
        """The marks are in the database now."""
        with self._lock:
            self._writing.difference_update(marks)

    def not_written(self, marks: list[tuple[str, str]]) -> None:
        """Writing them failed: they are the next writer's again."""
        with self._lock:
            self._writing.difference_update(marks)
            self._unwritten.update(marks)
