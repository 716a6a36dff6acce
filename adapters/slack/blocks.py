"""Engine replies as Block Kit.

Headings become header blocks, paragraphs and list entries sections, fields a
two-column section, drafts a quote (``rich_text_quote``: copyable, no code font), a
progress bar a line of text, and buttons keep their style and confirmation dialog.
An entry with one button carries it as the section's accessory; an entry with more
(a due contact's Done / Snooze / Draft) gets its own row of buttons beneath.

Texts go out as ``plain_text`` wherever Slack allows it, so a contact called
``*Anna* <!channel>`` arrives exactly as typed and can neither format nor ping
anybody. A button's ``value`` is the engine's encoded action; its ``action_id`` only
has to be unique within a message and says which listener takes the tap. An Edit
button opens the contact form (a Slack modal) instead of asking in text.
"""

from __future__ import annotations

from typing import Any

from coach.actions import EditContact, OpenPrivateChat
from coach.replies import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
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

SlackBlock = dict[str, Any]

# Slack's limits.
SECTION_CHARS = 3000
HEADER_CHARS = 150
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
ACTIONS_PER_BLOCK = 25
LABEL_CHARS = 75
VALUE_CHARS = 2000
BLOCKS_PER_MESSAGE = 50
FALLBACK_CHARS = 3000
ACTION_PREFIX = "coach."
OPEN_PREFIX = "open."


def plain(text: str, limit: int = SECTION_CHARS) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cut(text, limit) or " ", "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line breaks if possible."""
    from adapters.chat import split_text

    return [c for c in split_text(text, limit) if c.strip()]


class _Ids:
    """Hands out action ids unique within one message or view."""

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix
        self._next = 0

    def __call__(self, kind: str = ACTION_PREFIX) -> str:
        self._next += 1
        return f"{kind}{self._prefix}{self._next}"


def button(item: Button, ids: _Ids) -> dict[str, Any] | None:
    """One engine button as a Block Kit button; None for one Slack has no use for."""
    if isinstance(item.action, OpenPrivateChat):
        return None  # everything in Slack already happens in private
    element: dict[str, Any] = {"type": "button", "text": plain(item.label, LABEL_CHARS)}
    if isinstance(item.action, EditContact):
        element["action_id"] = ids(OPEN_PREFIX + "edit.")
        element["value"] = str(item.action.contact_id)
        return element
    element["action_id"] = ids()
    element["value"] = item.value[:VALUE_CHARS]
    if item.style is ButtonStyle.PRIMARY:
        element["style"] = "primary"
    elif item.style is ButtonStyle.DANGER:
        element["style"] = "danger"
    if item.confirm is not None:
        element["confirm"] = {
            "title": plain(item.confirm.title, 100), "text": plain(item.confirm.text, 300),
            "confirm": plain(item.confirm.yes, 30), "deny": plain(item.confirm.no, 30)}
        if item.style is ButtonStyle.DANGER:
            element["confirm"]["style"] = "danger"
    return element


def _actions(buttons: tuple[Button, ...], ids: _Ids) -> list[SlackBlock]:
    elements = [e for e in (button(b, ids) for b in buttons) if e is not None]
    return [{"type": "actions", "elements": elements[start:start + ACTIONS_PER_BLOCK]}
            for start in range(0, len(elements), ACTIONS_PER_BLOCK)]


def _sections(text: str) -> list[SlackBlock]:
    return [{"type": "section", "text": plain(part)} for part in chunks(text)]


def _block(block: Block, ids: _Ids) -> list[SlackBlock]:
    if isinstance(block, Heading):
        if len(block.text) <= HEADER_CHARS:
            return [{"type": "header", "text": plain(block.text, HEADER_CHARS)}]
        return _sections(block.text)
    if isinstance(block, Paragraph):
        return _sections(block.text)
    if isinstance(block, ItemList):
        out: list[SlackBlock] = []
        for number, item in enumerate(block.items, 1):
            bullet = f"{number}." if block.numbered else "•"
            text = f"{bullet} {item.text}"
            if item.detail:
                text += "\n" + item.detail
            section: SlackBlock = {"type": "section", "text": plain(text)}
            usable = [b for b in item.buttons if not isinstance(b.action, OpenPrivateChat)]
            if len(usable) == 1:
                accessory = button(usable[0], ids)
                if accessory is not None:
                    section["accessory"] = accessory
                out.append(section)
            else:
                out.append(section)
                out.extend(_actions(tuple(usable), ids))
        return out
    if isinstance(block, Fields):
        rows = [plain(f"{label}: {value}", FIELD_CHARS) for label, value in block.rows]
        return [{"type": "section", "fields": rows[start:start + FIELDS_PER_SECTION]}
                for start in range(0, len(rows), FIELDS_PER_SECTION)]
    if isinstance(block, Draft):
        out = []
        if block.label:
            out.append({"type": "context", "elements": [plain(block.label)]})
        out.append({"type": "rich_text", "elements": [{"type": "rich_text_quote", "elements": [
            {"type": "text", "text": block.text}]}]})
        return out
    if isinstance(block, Buttons):
        return [a for row in block.rows for a in _actions(row, ids)]
    if isinstance(block, Progress):
        return _sections(f"{progress_bar(block.done, block.total)}  {block.label}".rstrip())
    return []


def message_blocks(message: Message, *, prefix: str = "") -> list[SlackBlock]:
    """One engine message as blocks, in the engine's order, within Slack's 50 blocks."""
    ids = _Ids(prefix)
    out: list[SlackBlock] = []
    for block in message.blocks:
        out.extend(_block(block, ids))
    return out[:BLOCKS_PER_MESSAGE]


def notice(text: str) -> SlackBlock:
    """A small grey line: the popup of a tap, or what a chart shows."""
    return {"type": "context", "elements": [plain(text)]}


def chart_line(chart: Chart) -> str:
    return f"{chart.title}: {chart.alt_text}" if chart.alt_text else chart.title


def fallback_text(message: Message) -> str:
    """The notification and screen-reader text Slack wants next to the blocks."""
    return _cut(message.text, FALLBACK_CHARS) or " "


def reply_messages(answer: Reply) -> list[tuple[str, list[SlackBlock]]]:
    """Every message of a reply as (fallback text, blocks).

    The popup leads the first message as a notice; charts, which are uploaded as
    pictures into the DM, are described in words under the last one, so the answer
    reads completely where it appears.
    """
    out = [(fallback_text(m), message_blocks(m)) for m in answer.messages
           if m.text.strip() or m.buttons]
    if answer.popup:
        if out:
            out[0] = (out[0][0], [notice(answer.popup), *out[0][1]][:BLOCKS_PER_MESSAGE])
        else:
            out.append((answer.popup, [notice(answer.popup)]))
    if answer.charts and out:
        text, blocks = out[-1]
        lines = [notice(chart_line(c)) for c in answer.charts]
        out[-1] = (text, [*blocks, *lines][:BLOCKS_PER_MESSAGE])
    return out
