"""Glue every chat adapter shares: the thread hop, delivery, and splitting long texts.

The engine is synchronous and talks to the database, so adapters call it in a worker
thread while the event loop keeps serving other chats. Delivery knows one rule for
every platform: a user the platform refuses to reach (blocked the bot, left the
workspace) is marked unreachable once, and nothing is retried for them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class Unreachable(Exception):
    """The platform refuses messages to this user (Telegram: 403; Slack: user gone)."""


class SendFailed(Exception):
    """A message was not sent, for a reason the sender knows and states (the platform
    kept refusing after its retries, or left the message in doubt). Expected in
    operation, so it is logged in one line, without a traceback."""


async def in_thread(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking engine call without stalling the event loop."""
    return await asyncio.to_thread(call, *args, **kwargs)


# Background calls still running: the event loop keeps only weak references to tasks.
_BACKGROUND: set[asyncio.Task[None]] = set()


def in_background(call: Callable[[], None]) -> None:
    """Run a blocking call in a worker thread without waiting for it; errors are logged."""
    task = asyncio.get_running_loop().create_task(asyncio.to_thread(call))
    _BACKGROUND.add(task)
    task.add_done_callback(_background_done)


def _background_done(task: asyncio.Task[None]) -> None:
    _BACKGROUND.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("a background call failed", exc_info=error)


class DeliveryReports:
    """Tells the engine which replies reached the platform, without making the next
    update wait for the write.

    Each report is noted in the engine at once; the next update's commit writes it.
    When no update follows within ``delay`` seconds, a background call writes what is
    left (see :mod:`coach.deliveries`).
    """

    def __init__(self, coach: Coach, delay: float = 0.5) -> None:
        self._coach = coach
        self._delay = delay
        self._timer: asyncio.TimerHandle | None = None

    def delivered(self, platform: str, update_key: str) -> None:
        self._coach.note_delivered(platform, update_key)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._delay, self._write)

    def _write(self) -> None:
        self._timer = None
        in_background(self._coach.write_deliveries)


async def deliver(coach: Coach, identity: Identity,
                  send: Callable[[], Awaitable[None]]) -> bool:
    """Run ``send``; on :class:`Unreachable` mark the user so. True when it was delivered."""
    try:
        await send()
    except Unreachable:
        log.info("%s user %s cannot be reached; marking unreachable", identity.platform,
                 identity.external_id)
        await in_thread(coach.mark_unreachable, identity)
        return False
    return True


def has_content(answer: Reply) -> bool:
    """Whether a reply shows anything. The engine keeps only such replies to an update
    until the adapter reports them delivered (:meth:`Coach.delivered`)."""
    return bool(answer.messages or answer.charts or answer.files or answer.popup)


async def apologise(coach: Coach, identity: Identity,
                    send: Callable[[Reply], Awaitable[None]]) -> None:
    """Tell the user their message failed; a failing apology is logged, never raised."""
    try:
        await send(coach.apology(identity))
    except Exception:  # the first error is already logged by the caller
        log.exception("sending the apology to a %s user failed", identity.platform)


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` characters, preferring line breaks.

    A single line longer than ``limit`` is cut at its last space before the limit, or
    hard at the limit when it has none.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()] or [text[:limit]]
