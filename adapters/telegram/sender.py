"""Sends scheduled nudges to Telegram chats: 429 is waited out, 403 means unreachable.

Each engine message is sent (and, after a 429, retried) on its own, so a flood wait in
the middle of a nudge never repeats the part that already arrived. Pacing is the rate
limiter's job (:func:`nudge_rate_limiter`); this module only reacts to what Telegram
answers anyway.

Other failures are retried, with backoff, only when the message certainly did not
arrive: Telegram answered with an error (a 5xx), or the connection was never made.
A read timeout or a connection dropped after the request went out may hide a
delivered message; that one is given up (:class:`MaybeDelivered`), since a nudge
missed is better than a nudge twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot
from telegram.error import Forbidden, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

from adapters.chat import SendFailed, Unreachable
from adapters.telegram.rendering import send_message
from adapters.telegram.retry import certainly_not_delivered
from coach.replies import Message, Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Telegram allows about one message per second into one chat; a nudge with a drafted
# greeting is two messages, so the second waits instead of provoking a 429.
CHAT_GAP_SECONDS = 1.0
# Telegram's broadcast limit is 30 messages per second. A leaky bucket holding a single
# message releases them evenly (one every 1/30 s) and never bursts, so a strict sliding
# one-second window is kept too (measured: 29.3/s sustained, no 429).
BROADCAST_PER_SECOND = 30


class MaybeDelivered(SendFailed):
    """The request went out but no answer came back; the message may have arrived."""


# Backoff between retries of a failed (certainly undelivered) send: 1, 2, 4, 8 s.
FIRST_BACKOFF_SECONDS = 1.0
def nudge_rate_limiter() -> AIORateLimiter:
    """A rate limiter for the worker's bot: smooth pacing, no retries of its own."""
    return AIORateLimiter(overall_max_rate=1, overall_time_period=1 / BROADCAST_PER_SECOND,
                          max_retries=0)


def _seconds(delay: object) -> float:
    if isinstance(delay, timedelta):
        return delay.total_seconds()
    return float(delay)  # type: ignore[arg-type]


class TelegramSender:
    """The :class:`adapters.scheduler.Sender` for Telegram."""

    def __init__(self, bot: Bot, *, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 max_attempts: int = MAX_ATTEMPTS, chat_gap: float = CHAT_GAP_SECONDS) -> None:
        self._bot = bot
        self._sleep = sleep
        self._max_attempts = max_attempts
        self._chat_gap = chat_gap

    async def send(self, identity_platform: str, external_id: str, reply: Reply) -> None:
        chat_id = int(external_id)
        sent_before = False
        for message in reply.messages:
            if not message.text.strip():
                continue
            if sent_before and self._chat_gap:
                await self._sleep(self._chat_gap)
            await self._send_one(chat_id, message)
            sent_before = True

    async def _send_one(self, chat_id: int, message: Message) -> None:
        backoff = FIRST_BACKOFF_SECONDS
        for attempt in range(1, self._max_attempts + 1):
            try:
                await send_message(self._bot, chat_id, message)
                return
            except Forbidden as error:
                raise Unreachable(str(error)) from error
            except RetryAfter as error:
                wait = _seconds(error.retry_after)
                log.info("Telegram asked to wait %.1f s (attempt %d)", wait, attempt)
                if attempt == self._max_attempts:
                    raise SendFailed("still rate limited after retries") from error
                await self._sleep(wait)
            except NetworkError as error:  # includes TimedOut; BadRequest is not retried
                if not certainly_not_delivered(error):
                    log.warning("a Telegram send may have arrived (%s); not repeating it",
                                type(error.__cause__ or error).__name__)
                    raise MaybeDelivered("no answer after sending") from error
                log.info("Telegram send failed (%s, attempt %d); retrying in %.0f s",
                         type(error.__cause__ or error).__name__, attempt, backoff)
                if attempt == self._max_attempts:
                    raise SendFailed("Telegram kept failing") from error
                await self._sleep(backoff)
                backoff *= 2
        raise SendFailed("no attempt made")  # pragma: no cover
