"""What the engine answers: structured messages that every platform lays out itself.

A reply is not pre-joined text. Its messages are made of typed blocks (headings,
paragraphs, lists whose items carry their own buttons, key-value fields, copyable
drafts, rows of buttons, a progress bar), so Telegram can render HTML with an inline
keyboard, Slack can build Block Kit sections with accessories, and the terminal can
print plain lines, all from the same answer. Texts are already translated; adapters
only escape and lay them out.

:func:`plain_text` is the one plain-text layout: the terminal prints it and tests
read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, BinaryIO

from coach.actions import Action, encode
from coach.spool import Spool


class ButtonStyle(StrEnum):
    """How prominent a button is; platforms without styles ignore it."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Confirmation:
    """A dialog a platform may show before a destructive button takes effect."""

    title: str
    text: str
    yes: str
    no: str


@dataclass(frozen=True)
class Button:
    label: str
    action: Action
    style: ButtonStyle = ButtonStyle.DEFAULT
    confirm: Confirmation | None = None

    @property
    def value(self) -> str:
        """The action as the short string platforms carry back on a tap."""
        return encode(self.action)


ButtonRows = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Item:
    """One entry of a list; ``buttons`` act on this entry alone (a due contact's Done)."""

    text: str
    detail: str | None = None
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, as on a contact's card."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Draft:
    """Text meant to be copied and sent to someone else, as it is."""

    text: str
    label: str | None = None


@dataclass(frozen=True)
class Buttons:
    """Rows of buttons that act on the message as a whole."""

    rows: ButtonRows


@dataclass(frozen=True)
class Progress:
    """A measure against a target, such as minutes against the weekly budget."""

    done: int
    total: int
    label: str


Block = Heading | Paragraph | ItemList | Fields | Draft | Buttons | Progress


@dataclass(frozen=True)
class Message:
    blocks: tuple[Block, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self)

    @property
    def buttons(self) -> tuple[Button, ...]:
        """Every button of the message, item buttons first, in reading order."""
        return tuple(_buttons(self))

    @property
    def is_draft(self) -> bool:
        return bool(self.blocks) and all(isinstance(b, Draft) for b in self.blocks)


@dataclass(frozen=True)
class Chart:
    """Data for a picture, with the words around it in the user's language.

    ``kind`` is "week" or "network"; ``labels`` name axes, lines and rings.
    """

    kind: str
    data: Any
    title: str
    caption: str
    alt_text: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class File:
    """A file for the user (an export), waiting on disk rather than in memory.

    ``body`` is an unnamed temporary file only its owner can read (see
    :mod:`coach.spool`), so neither writing nor uploading an export of a long history
    holds the whole file in memory. Adapters upload from :meth:`open` or copy
    :meth:`chunks`; the file is freed when the last File sharing it is dropped.
    """

    filename: str
    body: Spool
    mime_type: str
    caption: str = ""

    @property
    def size(self) -> int:
        """Bytes in the file."""
        return self.body.size

    def open(self) -> BinaryIO:
        """The file, rewound to its start, for an upload that reads it itself."""
        return self.body.open()

    def chunks(self) -> Iterator[bytes]:
        """The content piece by piece, from the start."""
        return self.body.chunks()

    @property
    def content(self) -> bytes:
        """The whole content at once: for small files, tests and APIs that want bytes."""
        return self.body.read()


@dataclass(frozen=True)
class Reply:
    """Everything one message or tap produces.

    ``replace`` says the first message takes the place of the message the tap came
    from (its buttons go with it); ``popup`` is a short notice for the tap itself.
    """

    messages: tuple[Message, ...] = ()
    charts: tuple[Chart, ...] = ()
    files: tuple[File, ...] = ()
    replace: bool = False
    popup: str | None = None

    @property
    def text(self) -> str:
        """All messages as plain text, for the terminal and for tests."""
        return "\n\n".join(m.text for m in self.messages)

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(b for m in self.messages for b in m.buttons)

    def __add__(self, other: Reply) -> Reply:
        return Reply(self.messages + other.messages, self.charts + other.charts,
                     self.files + other.files, self.replace or other.replace,
                     self.popup or other.popup)

    def replacing(self, popup: str | None = None) -> Reply:
        """This reply as the new content of the tapped message."""
        return replace(self, replace=True, popup=popup or self.popup)

    def with_popup(self, popup: str) -> Reply:
        return replace(self, popup=popup)


def popup(text: str) -> Reply:
    """Only a notice for the tap; nothing in the chat changes."""
    return Reply(popup=text)


def reply(*texts: str, buttons: ButtonRows = ()) -> Reply:
    """A reply of one paragraph message per text; buttons go under the last one."""
    messages = [Message((Paragraph(t),)) for t in texts]
    if buttons and messages:
        messages[-1] = Message((*messages[-1].blocks, Buttons(buttons)))
    return Reply(tuple(messages))


def draft_message(text: str, label: str | None = None) -> Message:
    return Message((Draft(text, label),))


@dataclass
class MessageBuilder:
    """Collects blocks into one message; consecutive items form one list."""

    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str) -> MessageBuilder:
        self.blocks.append(Heading(text))
        return self

    def paragraph(self, text: str) -> MessageBuilder:
        if text:
            self.blocks.append(Paragraph(text))
        return self

    def item(self, text: str, detail: str | None = None,
             buttons: tuple[Button, ...] = (), *, numbered: bool = False) -> MessageBuilder:
        last = self.blocks[-1] if self.blocks else None
        entry = Item(text, detail, buttons)
        if isinstance(last, ItemList) and last.numbered == numbered:
            self.blocks[-1] = ItemList((*last.items, entry), numbered)
        else:
            self.blocks.append(ItemList((entry,), numbered))
        return self

    def fields(self, rows: list[tuple[str, str]]) -> MessageBuilder:
        if rows:
            self.blocks.append(Fields(tuple(rows)))
        return self

    def draft(self, text: str, label: str | None = None) -> MessageBuilder:
        self.blocks.append(Draft(text, label))
        return self

    def progress(self, done: int, total: int, label: str) -> MessageBuilder:
        self.blocks.append(Progress(done, total, label))
        return self

    def buttons(self, *rows: tuple[Button, ...]) -> MessageBuilder:
        kept = tuple(row for row in rows if row)
        if kept:
            self.blocks.append(Buttons(kept))
        return self

    def message(self) -> Message:
        return Message(tuple(self.blocks))

    def build(self) -> Reply:
        return Reply((self.message(),))


# --- the plain-text layout ---------------------------------------------------------------

def plain_text(message: Message) -> str:
    """The message as plain lines: what the terminal prints. Buttons are left out."""
    parts: list[str] = []
    blocks = message.blocks
    for number, block in enumerate(blocks):
        rendered = _plain_block(block)
        introduces_list = (isinstance(block, Heading) and number + 1 < len(blocks)
                           and isinstance(blocks[number + 1], ItemList))
        if introduces_list and rendered and rendered[-1] not in ".:!?":
            # Plain text has no bold: a colon says what the heading is for.
            rendered += ":"
        if rendered:
            parts.append(rendered)
    return "\n".join(parts)


def _plain_block(block: Block) -> str:
    if isinstance(block, Heading | Paragraph):
        return block.text
    if isinstance(block, ItemList):
        lines = []
        for number, item in enumerate(block.items, 1):
            bullet = f"{number}." if block.numbered else "•"
            lines.append(f"{bullet} {item.text}")
            if item.detail:
                lines.extend(f"   {line}" for line in item.detail.splitlines())
        return "\n".join(lines)
    if isinstance(block, Fields):
        return "\n".join(f"{label}: {value}" for label, value in block.rows)
    if isinstance(block, Draft):
        return f"{block.label}:\n{block.text}" if block.label else block.text
    if isinstance(block, Progress):
        return f"{progress_bar(block.done, block.total)} {block.label}".rstrip()
    return ""


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """"▰▰▰▰▰▰▱▱▱▱": the share of ``total`` that is ``done``, capped at full."""
    filled = width if total <= 0 else min(width, round(width * max(done, 0) / total))
    return "▰" * filled + "▱" * (width - filled)


def _buttons(message: Message) -> Iterator[Button]:
    for block in message.blocks:
        if isinstance(block, ItemList):
            for item in block.items:
                yield from item.buttons
        elif isinstance(block, Buttons):
            for row in block.rows:
                yield from row


# --- rewriting texts ---------------------------------------------------------------------

def map_texts(answer: Reply, change: Callable[[str], str]) -> Reply:
    """Apply ``change`` to every text the user reads from the coach, drafts excepted.

    Drafts are written to third parties and are left exactly as they are.
    """
    messages = tuple(Message(tuple(_map_block(b, change) for b in m.blocks))
                     for m in answer.messages)
    charts = tuple(replace(c, caption=change(c.caption)) for c in answer.charts)
    files = tuple(replace(f, caption=change(f.caption)) for f in answer.files)
    return replace(answer, messages=messages, charts=charts, files=files,
                   popup=change(answer.popup) if answer.popup else answer.popup)


def _map_block(block: Block, change: Callable[[str], str]) -> Block:
    if isinstance(block, Heading | Paragraph):
        return replace(block, text=change(block.text))
    if isinstance(block, ItemList):
        return replace(block, items=tuple(
            replace(i, text=change(i.text), detail=change(i.detail) if i.detail else i.detail)
            for i in block.items))
    if isinstance(block, Fields):
        return Fields(tuple((label, change(value)) for label, value in block.rows))
    if isinstance(block, Progress):
        return replace(block, label=change(block.label))
    return block
