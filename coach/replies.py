"""What the engine answers: messages with optional buttons and attachments.

Texts are plain and already translated; adapters only escape and lay them out.
Button actions are short strings the engine understands again in
:meth:`coach.engine.Coach.press` (they fit Telegram's 64-byte callback data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    label: str
    action: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    # A draft is sent as a message of its own, so it can be copied with one tap.
    is_draft: bool = False


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class ChartAttachment:
    """Data for a picture an adapter may draw (``kind`` is "week" or "network")."""

    kind: str
    data: Any


@dataclass(frozen=True)
class Reply:
    messages: tuple[Message, ...] = ()
    files: tuple[FileAttachment, ...] = ()
    charts: tuple[ChartAttachment, ...] = ()

    @property
    def text(self) -> str:
        """All message texts joined, for the terminal and for tests."""
        return "\n\n".join(m.text for m in self.messages)

    def __add__(self, other: Reply) -> Reply:
        return Reply(self.messages + other.messages, self.files + other.files,
                     self.charts + other.charts)


def reply(*texts: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
    """A reply of one message per text; buttons go on the last one."""
    messages = [Message(t) for t in texts]
    if buttons and messages:
        messages[-1] = Message(messages[-1].text, buttons)
    return Reply(tuple(messages))


@dataclass
class ReplyBuilder:
    """Collects lines into one message."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def build(self, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
        return reply("\n".join(self.lines).strip(), buttons=buttons)
