"""Long polling that never loses an update.

PTB's own Updater confirms an offset with its next getUpdates while handlers may still
be running, so a crash in between drops those updates. Here an update's offset is
confirmed only after :meth:`Application.process_update` finished for it; a crash means
Telegram delivers it again, and the engine's update log keeps that harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut

from adapters.telegram.app import ALLOWED_UPDATES, set_commands
from adapters.telegram.context import CoachApplication

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30
MAX_BACKOFF = 30.0


async def poll_updates(
    application: CoachApplication,
    stop: asyncio.Event,
    *,
    poll_seconds: int = POLL_TIMEOUT,
) -> int | None:
    """Fetch, process and confirm updates until ``stop`` is set; returns the next offset.

    The application must be initialised. A long poll in flight is abandoned when
    ``stop`` is set; an update being processed is always finished first.
    """
    bot = application.bot
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot.get_updates(
            offset=offset, timeout=poll_seconds, allowed_updates=ALLOWED_UPDATES))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            break
        try:
            updates: tuple[Update, ...] = fetch.result()
        except RetryAfter as error:
            await _sleep(stop, error.retry_after)
            continue
        except (TimedOut, NetworkError) as error:  # a wrong token or a conflict propagates
            log.warning("getUpdates failed (%s); retrying in %.0f s", type(error).__name__,
                        backoff)
            await _sleep(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            continue
        backoff = 1.0
        for update in updates:
            await application.process_update(update)
            offset = update.update_id + 1
    if offset is not None:
        # Tell Telegram the last batch is done, or it would come again after a restart.
        with contextlib.suppress(TimedOut, NetworkError):
            await bot.get_updates(offset=offset, timeout=0, limit=1,
                                  allowed_updates=ALLOWED_UPDATES)
    return offset


async def _sleep(stop: asyncio.Event, delay: float | timedelta) -> None:
    """Wait ``delay``, or less when asked to stop meanwhile."""
    seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_polling(application: CoachApplication) -> None:
    """Serve a bot by long polling until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    async with application:
        await application.bot.delete_webhook()
        await set_commands(application)
        log.info("polling Telegram as @%s", application.bot.username)
        await poll_updates(application, stop)
    log.info("stopped polling")
