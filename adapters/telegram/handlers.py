"""Telegram updates in, engine calls out.

Every handler does the same three things: work out who is writing (an
:class:`~coach.model.Identity`), ask the engine in a worker thread (its calls are
synchronous and hit the database, and the event loop must keep serving other chats),
and send what the engine answered. Reply texts always come from the engine.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import (
    CallbackQuery,
    Message,
    MessageEntity,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
    User,
)
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from adapters.telegram.context import CoachContext
from adapters.telegram.rendering import send_reply
from coach.model import Identity
from coach.replies import Reply

log = logging.getLogger(__name__)

PLATFORM = "telegram"


def identity_of(user: User) -> Identity:
    """The engine's view of a Telegram user; the chat's language is a hint only."""
    return Identity(PLATFORM, str(user.id), display_name=user.full_name,
                    language_hint=user.language_code)


def sender_name(origin: MessageOrigin) -> str:
    """Who originally wrote a forwarded message, as far as Telegram tells."""
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or ""
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title or ""
    return ""


async def deliver(context: CoachContext, chat_id: int, identity: Identity, answer: Reply) -> None:
    """Send a reply; a user who blocked the bot is marked unreachable instead of retried."""
    try:
        await send_reply(context.bot, chat_id, answer)
    except Forbidden:
        log.info("telegram user %s blocked the bot; marking unreachable", identity.external_id)
        await asyncio.to_thread(context.coach.mark_unreachable, identity)


def _update_key(update: Update) -> str:
    return str(update.update_id)


async def on_text(update: Update, context: CoachContext) -> None:
    """A private message (command or plain text) goes to :meth:`Coach.handle`."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    identity = identity_of(user)
    answer = await asyncio.to_thread(
        context.coach.handle, identity, message.text, update_key=_update_key(update))
    await deliver(context, message.chat_id, identity, answer)


async def on_forward(update: Update, context: CoachContext) -> None:
    """A forwarded message is a connection request to judge."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.forward_origin is None:
        return
    identity = identity_of(user)
    text = message.text or message.caption or ""
    answer = await asyncio.to_thread(
        context.coach.triage_request, identity, text,
        sender_name=sender_name(message.forward_origin), update_key=_update_key(update))
    await deliver(context, message.chat_id, identity, answer)


async def on_document(update: Update, context: CoachContext) -> None:
    """Files cannot be imported yet; the engine says so."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    identity = identity_of(user)
    await deliver(context, message.chat_id, identity, context.coach.unsupported_file(identity))


def addressed_to_bot(message: Message, bot_username: str) -> bool:
    """In a group, only ``/cmd@Bot`` and messages that mention the bot are meant for it."""
    mention = f"@{bot_username}".casefold()
    for entity, text in message.parse_entities(
            [MessageEntity.BOT_COMMAND, MessageEntity.MENTION]).items():
        if entity.type == MessageEntity.BOT_COMMAND and text.casefold().endswith(mention):
            return True
        if entity.type == MessageEntity.MENTION and text.casefold() == mention:
            return True
    return False


async def on_group_message(update: Update, context: CoachContext) -> None:
    """Groups get the private-only answer, and only when they talk to the bot.

    Contact commands never run here: everyone in the group could read the answer.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if not addressed_to_bot(message, context.bot.username):
        return
    identity = identity_of(user)
    await deliver(context, message.chat_id, identity, context.coach.private_only(identity))


async def on_button(update: Update, context: CoachContext) -> None:
    """A button press goes to :meth:`Coach.press`; the spinner stops in any case."""
    query: CallbackQuery | None = update.callback_query
    if query is None:
        return
    identity = identity_of(query.from_user)
    chat = query.message.chat if query.message is not None else None
    if chat is None:
        await query.answer()
        return
    if chat.type != ChatType.PRIVATE:
        answer = context.coach.private_only(identity)
    else:
        answer = await asyncio.to_thread(
            context.coach.press, identity, query.data or "", update_key=_update_key(update))
    await query.answer()
    await deliver(context, chat.id, identity, answer)


async def on_error(update: object, context: CoachContext) -> None:
    """Log what failed (never message texts or tokens) and apologise to the user."""
    error = context.error
    kind = type(error).__name__ if error is not None else "unknown error"
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("handling telegram update %s failed: %s", update_id, kind,
              exc_info=(type(error), error, error.__traceback__) if error else None)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    chat = update.effective_chat
    if chat is None:
        return
    identity = identity_of(update.effective_user)
    try:
        await deliver(context, chat.id, identity, context.coach.apology(identity))
    except Exception:  # the apology itself failed; the first error is already logged
        log.exception("sending the apology for update %s failed", update_id)


def all_handlers() -> list[BaseHandler[Update, CoachContext, Any]]:
    """The handlers in the order PTB tries them; the first match wins."""
    new_message = filters.UpdateType.MESSAGE
    private = new_message & filters.ChatType.PRIVATE
    return [
        MessageHandler(new_message & filters.ChatType.GROUPS, on_group_message),
        MessageHandler(private & filters.Document.ALL, on_document),
        MessageHandler(private & filters.FORWARDED, on_forward),
        MessageHandler(private & filters.TEXT, on_text),
        CallbackQueryHandler(on_button),
    ]
