"""Turns an engine :class:`~coach.replies.Reply` into Bot API sends.

Every text goes out in HTML parse mode and fully escaped: contact names such as
``Anna <b>&_*`` must arrive as typed, and HTML is the one Telegram mode where escaping
three characters is enough. Texts longer than Telegram's 4,096-character limit are split
at line boundaries so no message is refused.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode

from adapters.telegram.charts import render_chart
from coach.replies import Button, Message, Reply

log = logging.getLogger(__name__)

# Telegram's limit is 4,096 characters after entity parsing; stay a little below it.
MAX_MESSAGE_LENGTH = 4000
MAX_CALLBACK_BYTES = 64
# Drafts may mention links; a preview card under them would look like part of the text.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def split_text(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
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


def callback_data(action: str) -> str:
    """The action as callback data, cut at a character boundary to Telegram's 64 bytes.

    The engine keeps actions short; cutting only guards against a rejected send that
    would lose the whole reply.
    """
    encoded = action.encode("utf-8")
    if len(encoded) <= MAX_CALLBACK_BYTES:
        return action
    log.warning("button action longer than %d bytes; cut", MAX_CALLBACK_BYTES)
    return encoded[:MAX_CALLBACK_BYTES].decode("utf-8", errors="ignore")


def keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Engine buttons as an inline keyboard; the action string is the callback data."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=callback_data(b.action)) for b in row]
         for row in rows if row]
    )


async def send_message(bot: Bot, chat_id: int, message: Message) -> None:
    """One engine message as one or more Telegram messages; buttons go under the last."""
    chunks = split_text(message.text)
    markup = keyboard(message.buttons)
    for number, chunk in enumerate(chunks, 1):
        await bot.send_message(
            chat_id=chat_id,
            text=html.escape(chunk, quote=False),
            parse_mode=ParseMode.HTML,
            reply_markup=markup if number == len(chunks) else None,
            link_preview_options=NO_PREVIEW,
        )


async def send_reply(bot: Bot, chat_id: int, answer: Reply) -> None:
    """Send texts first, then pictures, then files, in the engine's order.

    Drafts are engine messages of their own (``is_draft``), so each arrives as a separate
    Telegram message that can be copied whole. Charts are drawn off the event loop.
    """
    for message in answer.messages:
        if message.text.strip():
            await send_message(bot, chat_id, message)
    for chart in answer.charts:
        png = await asyncio.to_thread(render_chart, chart)
        if png is None:
            log.warning("no drawing for chart kind %r", chart.kind)
            continue
        await bot.send_photo(chat_id=chat_id, photo=InputFile(png, filename=f"{chart.kind}.png"))
    for attachment in answer.files:
        await bot.send_document(
            chat_id=chat_id,
            document=InputFile(attachment.content, filename=attachment.filename),
        )
