"""Long polling that never loses an update.

PTB's own Updater confirms an offset with its next getUpdates while handlers may still
be running, so a crash in between drops those updates. Here an update's offset is
confirmed only after it was processed completely; a crash means Telegram delivers it
again, and the engine's update log keeps that harmless.

Updates are fetched as raw JSON and read one by one: PTB's ``get_updates`` reads a whole
batch at once, so one update with a field that does not parse (a string ``date``, a
string ``from``) would fail the batch, never be confirmed, and come back after every
restart, taking every other user's updates in that batch with it. Such a poison update
is logged by its id only (its text belongs to a user), confirmed and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import Bot, Update
from telegram.error import NetworkError, RetryAfter, TimedOut

from adapters.telegram.app import ALLOWED_UPDATES, handle_update, set_commands
from adapters.telegram.context import CoachApplication
from adapters.telegram.intake import read_update, update_id_of

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30
MAX_BACKOFF = 30.0
# Seconds a long poll may take beyond its own timeout before it counts as lost.
READ_MARGIN = 10
# How often Telegram is asked for new updates while earlier ones are still running.
BUSY_POLL_SECONDS = 0.05
CONFIRM_ATTEMPTS = 2
CONFIRM_RETRY_SECONDS = 0.2


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
        fetch = asyncio.ensure_future(_fetch(bot, confirmable(), timeout))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            break
        try:
            batch = fetch.result()
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
        for raw in batch:
            update_id = update_id_of(raw)
            if update_id is None:
                # Without an id it cannot be confirmed on its own; the next good id will.
                log.warning("skipped a telegram update without a valid id")
                continue
            if newest is not None and update_id <= newest:
                continue  # still running, or done: Telegram sends it until confirmed
            newest = update_id
            update = read_update(raw, application)
            if update is None:
                log.warning("skipped telegram update %d: its fields do not parse", update_id)
                continue
            task = asyncio.create_task(_process(application, update), name=f"update {update_id}")
            running[update_id] = task
            task.add_done_callback(_forget(running, update_id))
        if running and not any(update_id_of(raw) == newest for raw in batch):
            # Nothing new: wait until an update finishes or a little time has passed.
            await asyncio.wait(list(running.values()), timeout=BUSY_POLL_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
    if running:
        await asyncio.wait(list(running.values()))
    offset = confirmable()
    if offset is not None:
        await _confirm(bot, offset)
    return offset


async def _confirm(bot: Bot, offset: int) -> None:
    """Tell Telegram the last batch is done, or it would come again after a restart;
    tried twice, since the long poll cancelled a moment ago may still hold a connection."""
    for attempt in range(1, CONFIRM_ATTEMPTS + 1):
        try:
            await _fetch(bot, offset, 0)
            return
        except (TimedOut, NetworkError) as error:
            if attempt == CONFIRM_ATTEMPTS:
                log.warning("confirming the last updates failed (%s); Telegram sends them "
                            "again", type(error).__name__)
                return
            await asyncio.sleep(CONFIRM_RETRY_SECONDS)


def _forget(running: dict[int, asyncio.Task[None]],
            update_id: int) -> Callable[[asyncio.Task[None]], None]:
    """A done-callback that drops a finished update from the running ones."""
    def done(_task: asyncio.Task[None]) -> None:
        running.pop(update_id, None)
    return done


async def _fetch(bot: Bot, offset: int | None, poll_seconds: int) -> list[Any]:
    """One getUpdates call, answered as raw JSON so each update can be read on its own."""
    data: dict[str, Any] = {"timeout": poll_seconds, "offset": offset,
                            "allowed_updates": ALLOWED_UPDATES}
    read_timeout = poll_seconds + READ_MARGIN
    # Bot._post is PTB's request path (rate limiter, error mapping) without the batch
    # parsing that get_updates does on top of it.
    result = await bot._post("getUpdates", data, read_timeout=read_timeout)
    return list(result) if isinstance(result, list) else []


async def _process(application: CoachApplication, update: Update) -> None:
    """Handle one update; a failure outside the handlers costs that update only."""
    try:
        await handle_update(application, update)
    except Exception as error:
        log.error("handling telegram update %d failed: %s", update.update_id,
                  type(error).__name__)


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
