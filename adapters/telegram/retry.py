"""Which failed Bot API requests are tried again: only those Telegram never processed.

PTB raises :class:`~telegram.error.NetworkError` both for HTTP error answers (no
cause: Telegram answered, with a 5xx, and did nothing) and for transport failures (an
httpx error as the cause). Among the latter only a failed connection set-up is safe to
repeat; a read timeout or a connection dropped after the request went out may hide a
delivered message, and a reply twice is worse than a reply late. The nudge sender
(:mod:`adapters.telegram.sender`) applies the same rule with its own, longer backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# httpx errors raised before any byte of the request reached Telegram.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# A reply is retried three times, after 0.5, 1 and 2 seconds: a user is waiting.
REPLY_RETRIES = 3
FIRST_REPLY_BACKOFF_SECONDS = 0.5


def certainly_not_delivered(error: NetworkError) -> bool:
    """True when Telegram never processed the request (retrying cannot double it)."""
    cause = error.__cause__
    if cause is None:
        return not isinstance(error, TimedOut)
    return isinstance(cause, _NOT_SENT)


class RetryingLimiter(BaseRateLimiter[int]):
    """Wraps the bot's rate limiter: a request Telegram certainly did not process (a
    5xx answer, a refused connection) is sent again, a few times, with backoff.

    PTB hands every Bot API request of the reply bot through its rate limiter, so this
    covers replies, edits and callback answers alike; 429s stay the inner limiter's.
    """

    def __init__(self, inner: BaseRateLimiter[int], *, retries: int = REPLY_RETRIES,
                 first_backoff: float = FIRST_REPLY_BACKOFF_SECONDS,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self._inner = inner
        self._retries = retries
        self._first_backoff = first_backoff
        self._sleep = sleep

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Any:
        backoff = self._first_backoff
        for attempt in range(self._retries + 1):
            try:
                return await self._inner.process_request(callback, args, kwargs, endpoint,
                                                         data, rate_limit_args)
            except NetworkError as error:
                if attempt == self._retries or not certainly_not_delivered(error):
                    raise
                log.info("Telegram %s failed (%s, attempt %d); retrying in %.1f s", endpoint,
                         type(error.__cause__ or error).__name__, attempt + 1, backoff)
                await self._sleep(backoff)
                backoff *= 2
        raise AssertionError("unreachable")  # pragma: no cover
