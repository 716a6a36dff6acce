"""The callback context the handlers receive: PTB's context plus the coach.

The coach lives in ``bot_data`` of the one Application that was built for it, so two
applications in one process (as in tests) never share state, and nothing is global.
"""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from adapters.chat import DeliveryReports
from coach.engine import Coach

COACH_KEY = "coach"
DELIVERIES_KEY = "deliveries"


class CoachContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Adds a typed :attr:`coach` to PTB's callback context."""

    @property
    def coach(self) -> Coach:
        return cast(Coach, self.application.bot_data[COACH_KEY])

    @property
    def deliveries(self) -> DeliveryReports:
        return cast(DeliveryReports, self.application.bot_data[DELIVERIES_KEY])


# ExtBot[int]: the rate limiter takes an int (retries) per request; no PTB JobQueue, the
# nudge scheduler runs on its own.
CoachApplication = Application[
    ExtBot[int], CoachContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], None
]
