"""Long polling that never loses an update.

PTB's own Updater confirms an offset with its next getUpdates while handlers may still
be running, so a crash in between drops those updates. Here an update's offset is
confirmed only after it was processed completely; a crash means Telegram delivers it
again, and the engine's update log keeps that harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut

from adapters.telegram.app import ALLOWED_UPDATES, handle_update, set_commands
from adapters.telegram.context import CoachApplication

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30
MAX_BACKOFF = 30.0
# How often Telegram is asked for new updates while earlier ones are still running.
BUSY_POLL_SECONDS = 0.05


async def poll_updates(
    application: CoachApplication,
    stop: asyncio.Event,
    *,
    poll_seconds: int = POLL_TIMEOUT,
) -> int | None:
    """Fetch, process and confirm updates until ``stop`` is set; returns the next offset.

    The application must be initialised. Updates are handed to the application as
    they arrive and run concurrently (one user's in order, see
    :mod:`adapters.telegram.concurrency`), while fetching goes on. The offset sent
    to Telegram never passes an update that is still being processed, so a crash
    loses nothing; Telegram then sends the unfinished ones again, and those already
    running are skipped here. A long poll in flight is abandoned when ``stop`` is
    set; updates being processed are always finished first.
    """
    bot = application.bot
    running: dict[int, asyncio.Task[None]] = {}
    newest: int | None = None  # the highest update id handed to the application
    backoff = 1.0

    def confirmable() -> int | None:
        if running:
            return min(running)
        return newest + 1 if newest is not None else None

    while not stop.is_set():
        # While an update runs, Telegram returns it again at once; then only a short
        # poll for new ones, until something finishes.
        timeout = 0 if running else poll_seconds
        fetch = asyncio.ensure_future(bot.get_updates(
            offset=confirmable(), timeout=timeout, allowed_updates=ALLOWED_UPDATES))
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
        fresh = [update for update in updates if newest is None or update.update_id > newest]
        for update in fresh:
            newest = update.update_id
            running[update.update_id] = asyncio.create_task(
                handle_update(application, update), name=f"update {update.update_id}")
            running[update.update_id].add_done_callback(
                lambda _task, key=update.update_id: running.pop(key, None))
        if running and not fresh:
            # Nothing new: wait until an update finishes or a little time has passed.
            await asyncio.wait(list(running.values()), timeout=BUSY_POLL_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
    if running:
        await asyncio.wait(list(running.values()))
    offset = confirmable()
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
