"""/nudge: today's nudge on demand, without touching the scheduled one."""

from __future__ import annotations

from coach.nudges import compose_nudge
from coach.replies import Reply, reply
from coach.turn import Turn


def nudge(turn: Turn, args: str) -> Reply:
    """Show what the daily nudge would say now.

    Nothing is claimed or recorded, so the scheduled nudge still goes out as usual.
    """
    composed = compose_nudge(turn)
    if composed is not None:
        return composed
    return reply(turn.t._("Nothing for a nudge today: nobody is due and no birthdays are "
                          "coming up."))
