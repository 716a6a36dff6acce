"""Modals: the forms for adding or editing a contact, logging a touchpoint, settings.

Labels come from :mod:`coach.forms`, so they are translated with everything else.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import plain
from coach import forms
from coach.i18n import Translator

OPEN_PREFIX = "open."


def modal_buttons(t: Translator) -> list[dict[str, Any]]:
    """The Home's buttons that open the modals."""
    return [
        {"type": "button", "action_id": f"{OPEN_PREFIX}log", "style": "primary",
         "text": plain(t._(forms.LOG_TOUCHPOINT), 75), "value": "log"},
        {"type": "button", "action_id": f"{OPEN_PREFIX}add",
         "text": plain(t._(forms.ADD_CONTACT), 75), "value": "add"},
        {"type": "button", "action_id": f"{OPEN_PREFIX}settings",
         "text": plain(t._(forms.SETTINGS), 75), "value": "settings"},
    ]
