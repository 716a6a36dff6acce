"""Updates of different users at the same time, each user's own updates in order.

python-telegram-bot handles one update after the other unless told otherwise, so one
user's slow command made everybody else wait. Handling every update at once would let a
user's "/log Anna" overtake the "/add Anna" sent just before it. This processor runs
updates concurrently but queues those of one user (or, for updates without a user, one
chat) behind each other, in the order they arrived.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in progress or waiting for their user's turn at once. One user's queued
# updates hold places too (PTB takes a place before the user's turn comes), so the
# number is generous; the engine's work runs in a thread pool that limits the CPU side.
MAX_CONCURRENT_UPDATES = 512


# The engine runs in worker threads while the event loop keeps serving other chats; a
# thread holding the GIL keeps the loop waiting up to this long each time it wants to
# run. Python's default of 5 ms made a quick /help wait behind another user's chart.
SWITCH_INTERVAL_SECONDS = 0.0005


def prefer_responsiveness() -> None:
    """Let the event loop take the GIL back from busy worker threads sooner."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_SECONDS))


def ordering_key(update: object) -> tuple[str, int] | None:
    """Whose queue an update joins: its user's, else its chat's; None for neither."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """A lock per user: concurrent across users, first come first served within one.

    asyncio locks wake their waiters in the order they started waiting, and updates
    reach :meth:`do_process_update` in the order they were handed to the application,
    so one user's updates finish in arrival order. Locks of users with nothing in
    flight are dropped at once, so memory does not grow with the number of users.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._holders: dict[tuple[str, int], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key]
                del self._locks[key]

    @property
    def users_in_flight(self) -> int:
        """How many users have an update in progress or waiting (for monitoring, tests)."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made as users write."""

    async def shutdown(self) -> None:
        """Nothing to free: a finished update leaves no lock behind."""
