"""Telegram updates in, engine calls out.

Every handler does the same three things: work out who is writing (an
:class:`~coach.model.Identity`) and where (a private chat or a group), ask the engine
in a worker thread, and send what the engine answered. Reply texts always come from
the engine; this module only decides which engine call an update is.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
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
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from adapters.chat import apologise, deliver, has_content, in_thread
from adapters.telegram.context import CoachContext
from adapters.telegram.rendering import Source, send_reply
from coach.engine import Media
from coach.imports import MAX_BYTES as MAX_IMPORT_BYTES
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Conversation

log = logging.getLogger(__name__)

PLATFORM = "telegram"
# Telegram shows at most 200 characters in a tap's popup.
MAX_POPUP_LENGTH = 200


def identity_of(user: User) -> Identity:
    """The engine's view of a Telegram user; the chat's language is a hint only."""
    return Identity(PLATFORM, str(user.id), display_name=user.full_name,
                    language_hint=user.language_code)


def conversation_of(chat: Chat | None) -> Conversation:
    return Conversation.PRIVATE if chat is not None and chat.type == ChatType.PRIVATE \
        else Conversation.GROUP


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


def without_bot_suffix(text: str, bot_username: str) -> str:
    """``/due@CoachBot Anna`` → ``/due Anna``: Telegram's addressing is not the command."""
    if not text.startswith("/"):
        return text
    word, space, rest = text.partition(" ")
    command, at, target = word.partition("@")
    if at and target.casefold() == bot_username.casefold():
        return f"{command}{space}{rest}"
    return text


async def send(context: CoachContext, chat_id: int, identity: Identity, answer: Reply,
               source: Source | None = None, *, update_key: str | None = None) -> None:
    """Deliver a reply; a user who blocked the bot is marked unreachable.

    With ``update_key`` the engine then forgets the reply it kept for that update:
    until then, a redelivery of the update (after a crash) sends it again.
    """
    await deliver(context.coach, identity,
                  lambda: send_reply(context.bot, chat_id, answer, source=source))
    if update_key is not None and has_content(answer):
        # Noted at once, written with the next update's commit or soon after; whatever
        # is left is written when the application closes.
        context.deliveries.delivered(PLATFORM, update_key)


def _update_key(update: Update) -> str:
    return str(update.update_id)


async def on_text(update: Update, context: CoachContext) -> None:
    """A private message (command or plain text) goes to :meth:`Coach.handle`."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    identity = identity_of(user)
    text = without_bot_suffix(message.text, context.bot.username)
    key = _update_key(update)
    answer = await in_thread(context.coach.handle, identity, text, update_key=key)
    await send(context, message.chat_id, identity, answer, update_key=key)


async def on_forward(update: Update, context: CoachContext) -> None:
    """A forwarded message is a connection request to judge."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.forward_origin is None:
        return
    identity = identity_of(user)
    text = message.text or message.caption or ""
    key = _update_key(update)
    answer = await in_thread(context.coach.triage_request, identity, text,
                             sender_name=sender_name(message.forward_origin), update_key=key)
    await send(context, message.chat_id, identity, answer, update_key=key)


async def on_shared_contact(update: Update, context: CoachContext) -> None:
    """A contact shared from the phone book is offered as a new contact."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.contact is None:
        return
    shared = message.contact
    name = " ".join(filter(None, (shared.first_name, shared.last_name)))
    identity = identity_of(user)
    key = _update_key(update)
    answer = await in_thread(context.coach.offer_contact, identity, name,
                             shared.phone_number, update_key=key)
    await send(context, message.chat_id, identity, answer, update_key=key)


async def on_document(update: Update, context: CoachContext) -> None:
    """A file is an import: the engine previews it and waits for a yes.

    Telegram reports the size first, so a file over the limit is refused without
    downloading it.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    identity = identity_of(user)
    document = message.document
    key: str | None = None
    if document.file_size is not None and document.file_size > MAX_IMPORT_BYTES:
        answer = await in_thread(context.coach.file_too_large, identity)
    else:
        try:
            telegram_file = await document.get_file()
            content: bytes | None = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            # Too big for the Bot API's download, gone, or the file host failing: nothing
            # was read, and the user can send it again.
            log.info("a telegram document could not be downloaded: %s", type(error).__name__)
            content = None
        if content is None:
            answer = await in_thread(context.coach.file_unavailable, identity)
        else:
            key = _update_key(update)
            answer = await in_thread(context.coach.import_file, identity,
                                     document.file_name or "upload", content, update_key=key)
    await send(context, message.chat_id, identity, answer, update_key=key)


MEDIA = (filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE
         | filters.PHOTO | filters.VIDEO | filters.ANIMATION | filters.LOCATION | filters.VENUE)


def media_kind(message: Message) -> Media:
    if message.sticker:
        return Media.STICKER
    if message.voice or message.audio or message.video_note:
        return Media.VOICE
    if message.photo:
        return Media.PHOTO
    if message.video or message.animation:
        return Media.VIDEO
    if message.location or message.venue:
        return Media.LOCATION
    return Media.OTHER


async def on_media(update: Update, context: CoachContext) -> None:
    """Stickers, voice notes, photos, locations: a short, friendly word instead of silence."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    identity = identity_of(user)
    await send(context, message.chat_id, identity,
               context.coach.media(identity, media_kind(message)))


async def on_edited(update: Update, context: CoachContext) -> None:
    """An edited command is not run again; the user is told so. Other edits are ignored."""
    message, user = update.edited_message, update.effective_user
    if message is None or user is None or not (message.text or "").startswith("/"):
        log.debug("ignoring an edited message that was no command")
        return
    identity = identity_of(user)
    await send(context, message.chat_id, identity, context.coach.edited(identity))


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
    """Groups get the engine's private-only answer, and only when they talk to the bot."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if not addressed_to_bot(message, context.bot.username):
        return
    identity = identity_of(user)
    answer = await in_thread(context.coach.handle, identity, message.text or "",
                             conversation=Conversation.GROUP)
    await send(context, message.chat_id, identity, answer)


async def on_button(update: Update, context: CoachContext) -> None:
    """A tap goes to :meth:`Coach.press`; its popup answers the tap, its reply edits in place."""
    query: CallbackQuery | None = update.callback_query
    if query is None:
        return
    identity = identity_of(query.from_user)
    message = query.message
    if message is None:
        await query.answer()
        return
    key = _update_key(update)
    answer = await in_thread(context.coach.press, identity, query.data or "",
                             update_key=key, conversation=conversation_of(message.chat))
    popup = answer.popup[:MAX_POPUP_LENGTH] if answer.popup else None
    try:
        await query.answer(text=popup)
    except BadRequest as error:
        # A tap redelivered after a restart may be too old to answer; its popup is
        # lost, but the reply below still reaches the chat.
        log.info("answering a telegram tap failed: %s", type(error).__name__)
    if answer.messages or answer.charts or answer.files:
        await send(context, message.chat.id, identity, answer,
                   Source(message.chat.id, message.message_id), update_key=key)
    elif has_content(answer):
        await in_thread(context.coach.delivered, PLATFORM, key)


async def on_error(update: object, context: CoachContext) -> None:
    """Log what failed (never message texts or tokens) and apologise to the user."""
    error = context.error
    kind = type(error).__name__ if error is not None else "unknown error"
    update_id = update.update_id if isinstance(update, Update) else None
    # An exception's message can quote what the user typed ("invalid literal … '²'"), so
    # above DEBUG only its type is logged; the traceback is for debugging sessions.
    log.error("handling telegram update %s failed: %s", update_id, kind)
    log.debug("the failure of telegram update %s", update_id,
              exc_info=(type(error), error, error.__traceback__) if error else None)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    chat = update.effective_chat
    if chat is None:
        return
    identity = identity_of(update.effective_user)
    await apologise(context.coach, identity,
                    lambda answer: send_reply(context.bot, chat.id, answer))


def all_handlers() -> list[BaseHandler[Update, CoachContext, Any]]:
    """The handlers in the order PTB tries them; the first match wins."""
    new_message = filters.UpdateType.MESSAGE
    private = new_message & filters.ChatType.PRIVATE
    return [
        MessageHandler(new_message & filters.ChatType.GROUPS, on_group_message),
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE,
                       on_edited),
        MessageHandler(private & filters.Document.ALL, on_document),
        MessageHandler(private & filters.FORWARDED, on_forward),
        MessageHandler(private & filters.CONTACT, on_shared_contact),
        MessageHandler(private & MEDIA, on_media),
        MessageHandler(private & filters.TEXT, on_text),
        CallbackQueryHandler(on_button),
    ]
