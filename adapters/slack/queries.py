"""Engine code for Slack's own surfaces (App Home, modal choices, forms, /link).

The engine runs code for one user in a unit of work of its own (profile, rollback on
a refusal, the platform's command syntax) and answers with a reply; these helpers
use that runner and carry a typed result out of it as well, so the adapter never
opens a transaction or reaches storage itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Turn

T = TypeVar("T")


class NoResult(Exception):
    """The engine refused before the work produced a result; carries its reply."""

    def __init__(self, answer: Reply) -> None:
        super().__init__("no result")
        self.answer = answer


def run_for(coach: Coach, identity: Identity, work: Callable[[Turn], Reply], *,
            update_key: str | None = None, reading: bool = False) -> Reply:
    """Engine code for one user in the engine's own unit of work (profile, rollback on a
    refusal, the platform's command syntax), as :meth:`Coach.handle` runs a command."""
    return coach.run_for(identity, work, update_key=update_key, reading=reading)


def query(coach: Coach, identity: Identity, work: Callable[[Turn], T], *,
          reading: bool = False) -> T:
    """The value ``work`` returned, computed inside the engine's unit of work.

    ``reading`` marks work that changes nothing (drawing the Home, prefilling a form),
    so no change listener hears of it."""
    box: list[T] = []

    def run(turn: Turn) -> Reply:
        box.append(work(turn))
        return Reply()

    answer = run_for(coach, identity, run, reading=reading)
    if not box:
        raise NoResult(answer)
    return box[0]
