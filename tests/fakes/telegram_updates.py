"""Factories for Telegram Bot API update dicts, as the real API would deliver them.

The dicts follow the Bot API 7+ shape (``forward_origin`` instead of the removed
``forward_from``/``forward_from_chat`` fields) and are accepted by
``telegram.Update.de_json``. Feed them to :meth:`FakeTelegramAPI.push_update` or parse them
directly.

``update_id`` is left out unless given, so that ``FakeTelegramAPI.push_update`` can number the
updates in the order they are pushed. Message ids and callback query ids come from module-wide
counters and therefore never collide within one test session.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

JSONDict = dict[str, Any]

BOT_ID = 123456
BOT_TOKEN = f"{BOT_ID}:TEST"
BOT_USERNAME = "NetworkingCoachBot"
BOT_FIRST_NAME = "Networking Coach"

DEFAULT_USER_ID = 424242
DEFAULT_FIRST_NAME = "Anna"

# Telegram commands: "/" + 1..32 letters, digits or underscores, optionally "@BotName".
_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)")

_message_ids = itertools.count(10_000)
_callback_ids = itertools.count(1)
_file_ids = itertools.count(1)


def _now() -> int:
    return int(time.time())


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for entity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


def bot_user() -> JSONDict:
    """The fake bot as a ``User`` dict (matches what ``FakeTelegramAPI`` answers to getMe)."""
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def user(
    user_id: int = DEFAULT_USER_ID,
    first_name: str = DEFAULT_FIRST_NAME,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "de",
) -> JSONDict:
    """A human ``User`` dict."""
    data: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name is not None:
        data["last_name"] = last_name
    if username is not None:
        data["username"] = username
    if language_code is not None:
        data["language_code"] = language_code
    return data


def chat(
    chat_id: int,
    chat_type: str = "private",
    *,
    first_name: str | None = None,
    title: str | None = None,
    username: str | None = None,
) -> JSONDict:
    """A ``Chat`` dict; private chats carry a first name, all others a title."""
    data: JSONDict = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        data["first_name"] = first_name or DEFAULT_FIRST_NAME
    else:
        data["title"] = title or f"Test {chat_type} {chat_id}"
    if username is not None:
        data["username"] = username
    return data


def command_entities(text: str) -> list[JSONDict]:
    """A ``bot_command`` entity for a leading ``/command`` (or ``/command@BotName``)."""
    match = _COMMAND_RE.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def make_document(
    file_name: str = "contacts.vcf",
    *,
    mime_type: str = "text/vcard",
    file_size: int = 1234,
    file_id: str | None = None,
) -> JSONDict:
    """A ``Document`` dict. Register the content with ``FakeTelegramAPI.add_file`` and pass the
    returned file id here if the bot is expected to download it."""
    number = next(_file_ids)
    return {
        "file_id": file_id or f"document-{number}",
        "file_unique_id": f"unique-document-{number}",
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": file_size,
    }


# --- forward origins (Bot API 7.0+) -------------------------------------------------------


def forward_origin_user(
    user_id: int = 777,
    first_name: str = "Bernd",
    *,
    last_name: str | None = None,
    username: str | None = None,
    date: int | None = None,
) -> JSONDict:
    """The message was originally sent by a user who allows linking to their account."""
    return {
        "type": "user",
        "date": date or _now(),
        "sender_user": user(
            user_id, first_name, last_name=last_name, username=username, language_code=None
        ),
    }


def forward_origin_hidden_user(
    sender_user_name: str = "Carla Hidden", *, date: int | None = None
) -> JSONDict:
    """The message was originally sent by a user who hides their account in forwards."""
    return {"type": "hidden_user", "date": date or _now(), "sender_user_name": sender_user_name}


def forward_origin_chat(
    chat_id: int = -100_200_300,
    title: str = "Alumni Group",
    *,
    chat_type: str = "supergroup",
    author_signature: str | None = None,
    date: int | None = None,
) -> JSONDict:
    """The message was originally sent on behalf of a chat (anonymous group admin)."""
    data: JSONDict = {
        "type": "chat",
        "date": date or _now(),
        "sender_chat": chat(chat_id, chat_type, title=title),
    }
    if author_signature is not None:
        data["author_signature"] = author_signature
    return data


def forward_origin_channel(
    chat_id: int = -100_400_500,
    title: str = "Industry News",
    message_id: int = 42,
    *,
    username: str | None = None,
    author_signature: str | None = None,
    date: int | None = None,
) -> JSONDict:
    """The message was originally posted in a channel."""
    data: JSONDict = {
        "type": "channel",
        "date": date or _now(),
        "chat": chat(chat_id, "channel", title=title, username=username),
        "message_id": message_id,
    }
    if author_signature is not None:
        data["author_signature"] = author_signature
    return data


# --- updates ------------------------------------------------------------------------------


def message_update(
    text: str | None = "Hallo",
    chat_id: int | None = None,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = DEFAULT_FIRST_NAME,
    language_code: str | None = "de",
    chat_type: str = "private",
    forward_origin: JSONDict | None = None,
    document: JSONDict | None = None,
    update_id: int | None = None,
    *,
    message_id: int | None = None,
    date: int | None = None,
    last_name: str | None = None,
    username: str | None = None,
) -> JSONDict:
    """An update carrying a new ``message``.

    ``chat_id`` defaults to ``user_id`` (a private chat's id equals the user's id). A leading
    ``/command`` or ``/command@BotName`` gets a ``bot_command`` entity at offset 0. With a
    ``document`` the text becomes its caption (with ``caption_entities``), as Telegram does.
    """
    sender = user(
        user_id, first_name, last_name=last_name, username=username, language_code=language_code
    )
    message: JSONDict = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": date or _now(),
        "chat": chat(
            chat_id if chat_id is not None else user_id,
            chat_type,
            first_name=first_name,
            username=username,
        ),
        "from": sender,
    }
    text_key, entities_key = ("caption", "caption_entities") if document else ("text", "entities")
    if text is not None:
        message[text_key] = text
        entities = command_entities(text)
        if entities:
            message[entities_key] = entities
    if document is not None:
        message["document"] = document
    if forward_origin is not None:
        message["forward_origin"] = forward_origin
    update: JSONDict = {"message": message}
    if update_id is not None:
        update["update_id"] = update_id
    return update


def callback_update(
    data: str,
    message_id: int,
    chat_id: int | None = None,
    user_id: int = DEFAULT_USER_ID,
    *,
    first_name: str = DEFAULT_FIRST_NAME,
    language_code: str | None = "de",
    message_text: str = "…",
    reply_markup: JSONDict | None = None,
    callback_query_id: str | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """An update carrying a ``callback_query`` for an inline button under a bot message.

    ``chat_id`` defaults to ``user_id``. The attached message is sent by the fake bot, as it
    must be for inline keyboards the bot itself created.
    """
    sender = user(user_id, first_name, language_code=language_code)
    effective_chat_id = chat_id if chat_id is not None else user_id
    message: JSONDict = {
        "message_id": message_id,
        "date": _now(),
        "chat": chat(
            effective_chat_id,
            "private" if effective_chat_id > 0 else "supergroup",
            first_name=first_name,
        ),
        "from": bot_user(),
        "text": message_text,
    }
    if reply_markup is not None:
        message["reply_markup"] = reply_markup
    update: JSONDict = {
        "callback_query": {
            "id": callback_query_id or f"cbq-{next(_callback_ids)}",
            "from": sender,
            "chat_instance": f"instance-{effective_chat_id}",
            "data": data,
            "message": message,
        }
    }
    if update_id is not None:
        update["update_id"] = update_id
    return update
