"""Reading one raw Telegram update safely, for polling and the webhook alike.

Telegram delivers what its clients send, and fields that do not parse must cost only
their own update: never the batch, never the process, never a log line with the text.
"""

from __future__ import annotations

from typing import Any, cast

from telegram import Chat, Message, Update, User

from adapters.telegram.context import CoachApplication


def update_id_of(raw: Any) -> int | None:
    """The update's id when it is a non-negative integer, else None."""
    if isinstance(raw, dict):
        value = raw.get("update_id")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def read_update(raw: Any, application: CoachApplication) -> Update | None:
    """The update, or None when any field the handlers read does not parse.

    PTB parses leniently: a ``chat`` that is null or an entity offset that is a string
    parse fine and fail only later, inside a handler's filter, where the whole batch is
    at stake. So besides parsing, every handler's filter looks at the update here, and
    the fields the handlers read are checked for their types.
    """
    try:
        update = Update.de_json(cast("dict[str, Any]", raw), application.bot)
        if update is None or not _plausible(update):
            return None
        message = update.effective_message
        if isinstance(message, Message):
            message.parse_entities()
            message.parse_caption_entities()
        for handlers in application.handlers.values():
            for handler in handlers:
                handler.check_update(update)
        return update
    except Exception:  # any malformed field; the update is skipped, never the batch
        return None


def _plausible(update: Update) -> bool:
    """The fields the handlers use have the types the Bot API promises."""
    user = update.effective_user
    if user is not None and not (isinstance(user, User) and _is_int(user.id)
                                 and isinstance(user.first_name, str)):
        return False
    message = update.effective_message
    if message is not None:
        if not isinstance(message, Message) or not isinstance(message.chat, Chat):
            return False
        if not (_is_int(message.chat.id) and isinstance(message.chat.type, str)):
            return False
        for text in (message.text, message.caption):
            if text is not None and not isinstance(text, str):
                return False
    query = update.callback_query
    if query is None:
        return True
    return (isinstance(query.from_user, User) and _is_int(query.from_user.id)
            and (query.data is None or isinstance(query.data, str)))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
