"""What a button does, as typed values, and the one place that encodes and decodes them.

Platforms carry a tap back as a short string (Telegram allows 64 bytes of callback
data), so each action is a code followed by its fields, separated by ``:``. Decoding
is strict: anything that does not parse exactly back into an action is
:class:`InvalidAction`, never an internal error, because button data can be old,
forged or cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, cast, get_type_hints

from coach.model import Channel, Circle, Verdict

MAX_ACTION_BYTES = 64
_NUMBER = re.compile(r"(?:0|[1-9][0-9]{0,17})")


class InvalidAction(ValueError):
    """Button data that is malformed, unknown or too long."""


class Origin(StrEnum):
    """Which view a button sits in, so a tap can redraw that view in place."""

    DUE = "d"
    PLAN = "p"
    CARD = "c"
    NUDGE = "n"
    OTHER = "o"


@dataclass(frozen=True)
class Run:
    """Run a command as if typed (the full name after an ambiguous one, /add for a stranger)."""

    code: ClassVar[str] = "r"
    command: str


@dataclass(frozen=True)
class AskHow:
    """Done on a due contact: ask with one tap how it went."""

    code: ClassVar[str] = "h"
    contact_id: int


@dataclass(frozen=True)
class QuickLog:
    """Log a touchpoint with one tap; ``stamp`` is the contact's state the button was drawn for."""

    code: ClassVar[str] = "l"
    contact_id: int
    channel: Channel
    minutes: int
    stamp: str


@dataclass(frozen=True)
class Snooze:
    code: ClassVar[str] = "z"
    contact_id: int
    days: int
    origin: Origin


@dataclass(frozen=True)
class Opener:
    """A draft message to start a conversation with a contact."""

    code: ClassVar[str] = "o"
    contact_id: int


@dataclass(frozen=True)
class ShowCard:
    code: ClassVar[str] = "c"
    contact_id: int


@dataclass(frozen=True)
class EditContact:
    code: ClassVar[str] = "e"
    contact_id: int


@dataclass(frozen=True)
class UndoLog:
    code: ClassVar[str] = "u"
    touchpoint_id: int


@dataclass(frozen=True)
class Decide:
    """Record the user's decision on a judged request."""

    code: ClassVar[str] = "v"
    request_id: int
    verdict: Verdict


@dataclass(frozen=True)
class Answer:
    """Answer the open question ``question`` (its serial) with ``value``, as if typed."""

    code: ClassVar[str] = "a"
    question: int
    value: str


@dataclass(frozen=True)
class ChangeSetting:
    code: ClassVar[str] = "s"
    key: str
    value: str


@dataclass(frozen=True)
class SortInto:
    """Put an unsorted contact into a circle (``archive`` as the circle archives it)."""

    code: ClassVar[str] = "t"
    contact_id: int
    circle: str


@dataclass(frozen=True)
class MoreDrafts:
    """The next imported requests still waiting for a decision, with their drafts."""

    code: ClassVar[str] = "m"


@dataclass(frozen=True)
class OpenPrivateChat:
    """A link to the private conversation with the bot; adapters render it as a URL."""

    code: ClassVar[str] = "p"


Action = (Run | AskHow | QuickLog | Snooze | Opener | ShowCard | EditContact | UndoLog
          | Decide | Answer | ChangeSetting | SortInto | MoreDrafts | OpenPrivateChat)

# The constructors are called with fields converted by their type hints below.
_KINDS: dict[str, Any] = {
    kind.code: kind for kind in (Run, AskHow, QuickLog, Snooze, Opener, ShowCard, EditContact,
                                 UndoLog, Decide, Answer, ChangeSetting, SortInto,
                                 MoreDrafts, OpenPrivateChat)
}
_ENUMS: tuple[type[StrEnum], ...] = (Channel, Circle, Verdict, Origin)


def encode(action: Action) -> str:
    """The action as a string of at most :data:`MAX_ACTION_BYTES` bytes.

    A text field that would not fit is cut at a character boundary; only the last
    field of an action may hold free text, so the cut never garbles a number.
    """
    parts = [action.code]
    for spec in fields(action):
        value = getattr(action, spec.name)
        parts.append(value.value if isinstance(value, StrEnum) else str(value))
    encoded = ":".join(parts)
    raw = encoded.encode("utf-8")
    if len(raw) > MAX_ACTION_BYTES:
        encoded = raw[:MAX_ACTION_BYTES].decode("utf-8", errors="ignore")
    return encoded


def fits(action: Action) -> bool:
    """Whether the action survives encoding uncut (free-text commands may not)."""
    parts = [action.code, *(str(getattr(action, s.name)) for s in fields(action))]
    return len(":".join(parts).encode("utf-8")) <= MAX_ACTION_BYTES


def decode(data: str) -> Action:
    """The action ``data`` encodes; :class:`InvalidAction` for anything else."""
    if not data or len(data.encode("utf-8", errors="replace")) > MAX_ACTION_BYTES:
        raise InvalidAction(data)
    code, _, rest = data.partition(":")
    kind = _KINDS.get(code)
    if kind is None:
        raise InvalidAction(data)
    specs = fields(kind)
    if not specs:
        if rest:
            raise InvalidAction(data)
        return cast(Action, kind())
    values = rest.split(":", len(specs) - 1) if rest or len(specs) == 1 else []
    if len(values) != len(specs):
        raise InvalidAction(data)
    hints = get_type_hints(kind)
    converted = [_convert(hints[spec.name], value, data) for spec, value in zip(specs, values,
                                                                                 strict=True)]
    return cast(Action, kind(*converted))


def _convert(hint: object, value: str, data: str) -> object:
    if hint is int:
        # Only ASCII digits: "²".isdigit() is true, but it is no number.
        if not _NUMBER.fullmatch(value):
            raise InvalidAction(data)
        return int(value)
    for enum in _ENUMS:
        if hint is enum:
            try:
                return enum(value)
            except ValueError:
                raise InvalidAction(data) from None
    if hint is str:
        return value
    raise InvalidAction(data)
