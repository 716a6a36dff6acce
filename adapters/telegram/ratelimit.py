"""One send budget for replies and nudges, with replies first.

Telegram lets a bot send about 30 messages per second in all. When the bot and the
nudge worker run in one process (``coach run``), both draw on that budget; a morning
fan-out of nudges must not make a user who just typed ``/due`` wait behind a queue of
reminders. Both bots get a :class:`SendLane` on the same :class:`SendBudget`: the
reply lane takes the next free slot, the bulk lane only a slot no reply is waiting for.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter, BaseRateLimiter

BOT_MESSAGES_PER_SECOND = 30
# Bot API methods that deliver a message and count towards Telegram's limit.
SENDING_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "editMessageText", "copyMessage",
    "forwardMessage", "sendMediaGroup",
})


class SendBudget:
    """Telegram's overall sending rate, shared; replies are served before bulk sends."""

    def __init__(self, per_second: float = BOT_MESSAGES_PER_SECOND) -> None:
        self._limiter = AsyncLimiter(per_second, 1)
        self._interval = 1 / per_second
        self._replies_waiting = 0
        self._no_replies_waiting = asyncio.Event()
        self._no_replies_waiting.set()

    async def acquire(self, *, bulk: bool) -> None:
        if not bulk:
            self._replies_waiting += 1
            self._no_replies_waiting.clear()
            try:
                await self._limiter.acquire()
            finally:
                self._replies_waiting -= 1
                if not self._replies_waiting:
                    self._no_replies_waiting.set()
            return
        # A bulk send never queues inside the limiter, where it would keep its place
        # ahead of later replies: it takes a slot only when one is free and no reply
        # is waiting, and otherwise looks again after one slot's time.
        while True:
            await self._no_replies_waiting.wait()
            if self._limiter.has_capacity():
                await self._limiter.acquire()
                return
            await asyncio.sleep(self._interval)


class SendLane(BaseRateLimiter[int]):
    """A bot's rate limiter drawing on a shared :class:`SendBudget`.

    The rest (group limits, waiting out a 429 ``max_retries`` times) is left to PTB's
    own :class:`~telegram.ext.AIORateLimiter`, with its overall limit switched off.
    """

    def __init__(self, budget: SendBudget, *, bulk: bool, max_retries: int = 0) -> None:
        self._budget = budget
        self._bulk = bulk
        self._inner = AIORateLimiter(overall_max_rate=0, max_retries=max_retries)

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Any:
        if endpoint in SENDING_METHODS:
            await self._budget.acquire(bulk=self._bulk)
        return await self._inner.process_request(callback, args, kwargs, endpoint, data,
                                                 rate_limit_args)
