"""Which kept replies reached their platform, noted at once and written in batches.

The engine keeps every reply with its update until the adapter reports it delivered
(see :meth:`coach.engine.Coach.delivered`), so that a redelivered update gets its
answer again instead of nothing. Writing that report is a transaction of its own; when
it ran before the adapter could take the next update, every command paid for it
although the user had long seen the reply. So the report is noted here in memory at
once, which already stops this process from sending the reply twice, and written later,
many reports to one transaction.

A report noted but not yet written when the process dies is lost; the reply then stays
kept until the worker prunes old updates, and is sent again only if the platform
redelivers its update, which is the promise anyway: replies are at least once.
"""

from __future__ import annotations

import threading


class DeliveryMarks:
    """Update keys (per platform) whose reply was delivered but not yet written."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._unwritten: set[tuple[str, str]] = set()

    def note(self, platform: str, update_key: str) -> None:
        with self._lock:
            self._unwritten.add((platform, update_key))

    def noted(self, platform: str, update_key: str) -> bool:
        """Whether the reply to this update is known to have reached the platform."""
        with self._lock:
            return (platform, update_key) in self._unwritten

    def unwritten(self) -> list[tuple[str, str]]:
        """The marks to write now, oldest concerns first (a stable order for the writer)."""
        with self._lock:
            return sorted(self._unwritten)

    def written(self, marks: list[tuple[str, str]]) -> None:
        """Forget marks that are now in the database; marks noted meanwhile stay."""
        with self._lock:
            self._unwritten.difference_update(marks)
