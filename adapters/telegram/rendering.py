"""Lays out an engine :class:`~coach.replies.Reply` as Telegram messages and sends it.

Every text goes out in HTML parse mode and fully escaped: contact names such as
``Anna <b>&_*`` must arrive as typed, and HTML is the one Telegram mode where escaping
three characters is enough. Headings are bold, drafts sit in a ``<pre>`` block that
Telegram copies with one tap, and the buttons of list items and of the message form
one inline keyboard under it. A reply that ``replace``-s the tapped message edits that
message in place, keyboard included. Texts over Telegram's 4,096 characters are split
between blocks or lines, never inside a tag. A report with a chart (/week, /network) is
one photo with the report as its caption, unless the text is too long for a caption.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from adapters.chat import Unreachable, split_text
from adapters.telegram.charts import render_chart
from coach.actions import OpenPrivateChat
from coach.replies import (
    Block,
    Button,
    Buttons,
    Chart,
    Draft,
    Fields,
    Heading,
    ItemList,
    Message,
    Paragraph,
    Progress,
    Reply,
    progress_bar,
)

log = logging.getLogger(__name__)

# Telegram's limit is 4,096 characters after entity parsing; stay a little below it.
MAX_MESSAGE_LENGTH = 4000
MAX_CAPTION_LENGTH = 1000
# A photo's caption may have 1,024 characters after entity parsing (counted in UTF-16).
TELEGRAM_CAPTION_LIMIT = 1024
# More list entries than this with buttons get one button each (the entry's own view).
ROWS_PER_ITEM_LIMIT = 5
# Drafts may mention links; a preview card under them would look like part of the text.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True)
class Source:
    """The message a tap came from, which a replacing reply edits."""

    chat_id: int
    message_id: int


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def html_fragments(message: Message) -> list[str]:
    """The message as HTML pieces, each complete in itself, to be joined by newlines."""
    fragments: list[str] = []
    for block in message.blocks:
        fragments.extend(_block_html(block))
    return fragments


def _block_html(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<b>{_escape(block.text)}</b>"]
    if isinstance(block, Paragraph):
        return [_escape(line) for line in block.text.split("\n")]
    if isinstance(block, ItemList):
        lines = []
        for number, item in enumerate(block.items, 1):
            bullet = f"{number}." if block.numbered else "•"
            lines.append(f"{bullet} {_escape(item.text)}")
            if item.detail:
                lines.extend(f"    <i>{_escape(line)}</i>" for line in item.detail.split("\n"))
        return lines
    if isinstance(block, Fields):
        return [f"<b>{_escape(label)}:</b> {_escape(value)}" for label, value in block.rows]
    if isinstance(block, Draft):
        label = [f"<b>{_escape(block.label)}</b>"] if block.label else []
        return [*label, f"<pre>{_escape(block.text)}</pre>"]
    if isinstance(block, Progress):
        return [f"{progress_bar(block.done, block.total)} {_escape(block.label)}".rstrip()]
    return []


def html_chunks(message: Message, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """The message's HTML in pieces of at most ``limit`` characters, split between lines."""
    chunks: list[str] = []
    current = ""
    for fragment in html_fragments(message):
        pieces = [fragment] if len(fragment) <= limit else [
            _escape(part) for part in split_text(html.unescape(_strip_tags(fragment)),
                                                 limit // 2)]
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) > limit:
                chunks.append(current)
                current = piece
            else:
                current = candidate
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _strip_tags(fragment: str) -> str:
    for tag in ("<b>", "</b>", "<i>", "</i>", "<pre>", "</pre>"):
        fragment = fragment.replace(tag, "")
    return fragment


def keyboard(message: Message, bot_username: str) -> InlineKeyboardMarkup | None:
    """Item buttons (a row per entry) and then the message's own rows, as one keyboard."""
    rows: list[list[InlineKeyboardButton]] = []
    for block in message.blocks:
        if isinstance(block, ItemList):
            rows.extend(_item_rows(block))
        elif isinstance(block, Buttons):
            rows.extend([_button(b, bot_username) for b in row] for row in block.rows if row)
    return InlineKeyboardMarkup(rows) if rows else None


def _item_rows(block: ItemList) -> list[list[InlineKeyboardButton]]:
    with_buttons = [item for item in block.items if item.buttons]
    if len(with_buttons) <= ROWS_PER_ITEM_LIMIT and all(
            len(item.buttons) <= 3 for item in with_buttons):
        return [[_button(b, "") for b in item.buttons] for item in with_buttons]
    # Many entries, or many buttons each: one button per entry, the one that opens it
    # (the last), two to a row.
    opening = [_button(item.buttons[-1], "") for item in with_buttons]
    return [opening[i:i + 2] for i in range(0, len(opening), 2)]


def _button(button: Button, bot_username: str) -> InlineKeyboardButton:
    if isinstance(button.action, OpenPrivateChat):
        return InlineKeyboardButton(button.label, url=f"https://t.me/{bot_username}")
    return InlineKeyboardButton(button.label, callback_data=button.value)


async def send_message(bot: Bot, chat_id: int, message: Message, *,
                       source: Source | None = None) -> None:
    """One engine message as one or more Telegram messages; the keyboard goes under the last.

    With ``source`` the first part replaces that message's text and keyboard.
    """
    chunks = html_chunks(message)
    markup = keyboard(message, _username(bot))
    if not chunks:
        if source is not None:
            await _edit_markup(bot, source, markup)
        return
    for number, chunk in enumerate(chunks, 1):
        last = number == len(chunks)
        if number == 1 and source is not None:
            await _edit_text(bot, source, chunk, markup if last else None)
            continue
        await bot.send_message(chat_id=chat_id, text=chunk, parse_mode=ParseMode.HTML,
                               reply_markup=markup if last else None,
                               link_preview_options=NO_PREVIEW)


def _username(bot: Bot) -> str:
    try:
        return bot.username
    except RuntimeError:  # not initialised: only in tests that never call getMe
        return ""


async def _edit_text(bot: Bot, source: Source, text: str,
                     markup: InlineKeyboardMarkup | None) -> None:
    try:
        await bot.edit_message_text(text=text, chat_id=source.chat_id,
                                    message_id=source.message_id, parse_mode=ParseMode.HTML,
                                    reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in str(error).casefold():
            raise


async def _edit_markup(bot: Bot, source: Source, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await bot.edit_message_reply_markup(chat_id=source.chat_id,
                                            message_id=source.message_id, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).casefold():
            raise


async def send_reply(bot: Bot, chat_id: int, answer: Reply, *,
                     source: Source | None = None) -> None:
    """Send texts first, then pictures, then files, in the engine's order.

    A reply of one message and a chart goes out as one photo whose caption is the
    message (keyboard included), when the text fits in a caption; otherwise as the text
    and then the photo.

    ``source`` is the tapped message; it is edited only when the reply replaces it.
    Charts are drawn off the event loop. A user who blocked the bot raises
    :class:`~adapters.chat.Unreachable`.
    """
    try:
        await _send_reply(bot, chat_id, answer, source if answer.replace else None)
    except Forbidden as error:
        raise Unreachable(str(error)) from error


async def _send_reply(bot: Bot, chat_id: int, answer: Reply, source: Source | None) -> None:
    charts = list(answer.charts)
    messages = list(answer.messages)
    if charts and len(messages) == 1 and source is None:
        # One message and a chart: one photo with the text as its caption, when it fits.
        png = await _draw(charts[0])
        caption = chart_caption(messages[0], charts[0]) if png is not None else None
        if png is not None and caption is not None:
            await bot.send_photo(chat_id=chat_id,
                                 photo=InputFile(png, filename=f"{charts[0].kind}.png"),
                                 caption=caption, parse_mode=ParseMode.HTML,
                                 reply_markup=keyboard(messages[0], _username(bot)))
            messages, charts = [], charts[1:]
    for number, message in enumerate(messages):
        await send_message(bot, chat_id, message, source=source if number == 0 else None)
    for chart in charts:
        png = await _draw(chart)
        if png is None:
            continue
        caption = "\n".join(filter(None, (chart.title, chart.caption)))
        await bot.send_photo(chat_id=chat_id, photo=InputFile(png, filename=f"{chart.kind}.png"),
                             caption=caption[:MAX_CAPTION_LENGTH] or None)
    for attachment in answer.files:
        await bot.send_document(
            chat_id=chat_id,
            # Read from disk while uploading: an export can be megabytes.
            document=InputFile(attachment.open(), filename=attachment.filename,
                               read_file_handle=False),
            caption=attachment.caption[:MAX_CAPTION_LENGTH] or None,
        )


async def _draw(chart: Chart) -> bytes | None:
    png = await asyncio.to_thread(render_chart, chart)
    if png is None:
        log.warning("no drawing for chart kind %r", chart.kind)
    return png


def visible_length(fragment: str) -> int:
    """How long Telegram counts an HTML text: its characters without tags, in UTF-16."""
    return len(html.unescape(_strip_tags(fragment)).encode("utf-16-le")) // 2


def chart_caption(message: Message, chart: Chart) -> str | None:
    """The message as the chart's HTML caption, with the chart's own explanation under
    it when there is room; None when the message alone is too long for a caption.

    A photo with a caption is one message instead of two, which the user sees at once
    and which costs one request to Telegram instead of two. The chart's title is drawn
    on the picture, so the caption does not repeat it.
    """
    text = "\n".join(html_fragments(message)).strip()
    if not text or visible_length(text) > TELEGRAM_CAPTION_LIMIT:
        return None
    if chart.caption:
        explained = f"{text}\n<i>{_escape(chart.caption)}</i>"
        if visible_length(explained) <= TELEGRAM_CAPTION_LIMIT:
            return explained
    return text
