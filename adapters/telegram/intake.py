"""Reading one raw Telegram update safely, for polling and the webhook alike.

Telegram delivers what its clients send, and fields that do not parse must cost only
their own update: never the batch, never the process, never a log line with the text.
"""

from __future__ import annotations

from typing import Any, cast

from telegram import Bot, Message, Update


def update_id_of(raw: Any) -> int | None:
    """The update's id when it is a non-negative integer, else None."""
    if isinstance(raw, dict):
        value = raw.get("update_id")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def read_update(raw: Any, bot: Bot) -> Update | None:
    """The update, or None when any field the handlers read does not parse.

    Entities are resolved here too: a bad entity offset parses fine and would only fail
    later, inside a handler.
    """
    try:
        update = Update.de_json(cast("dict[str, Any]", raw), bot)
        if update is None:
            return None
        message = update.effective_message
        if isinstance(message, Message):
            message.parse_entities()
            message.parse_caption_entities()
        return update
    except Exception:  # any malformed field; the update is skipped, never the batch
        return None
