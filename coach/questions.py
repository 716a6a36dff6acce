"""The question the coach is waiting to have answered, as typed values.

At most one question is open per user: a newer one replaces it, so an answer always
goes to the newest question. Each open question has a serial number; buttons that
answer it carry the serial, so a tap on an old question's button is recognised as
stale instead of answering the new one. Storage keeps the open question as JSON
through :func:`to_json` and :func:`from_json`, the one place that knows its shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Onboarding:
    kind: ClassVar[str] = "onboarding"
    step: str


@dataclass(frozen=True)
class AwaitArguments:
    """A command sent bare ("/log") waits for what it needs ("Anna call 15m")."""

    kind: ClassVar[str] = "await_arguments"
    command: str


@dataclass(frozen=True)
class AwaitRequest:
    kind: ClassVar[str] = "await_request"


@dataclass(frozen=True)
class ConfirmAdd:
    """A contact of that name exists; the answer decides whether to add a second one."""

    kind: ClassVar[str] = "confirm_add"
    args: str


@dataclass(frozen=True)
class ConfirmSharedContact:
    """A contact card shared from the phone, offered as a new contact."""

    kind: ClassVar[str] = "confirm_shared_contact"
    name: str
    phone: str


@dataclass(frozen=True)
class ConfirmForget:
    kind: ClassVar[str] = "confirm_forget"


@dataclass(frozen=True)
class HowDidItGo:
    """After Done: a typed answer such as "call 15m yesterday" logs with the contact."""

    kind: ClassVar[str] = "how_did_it_go"
    contact_id: int


@dataclass(frozen=True)
class AwaitEdit:
    """After Edit on a card: the answer ("circle close") changes that contact."""

    kind: ClassVar[str] = "await_edit"
    contact_id: int


@dataclass(frozen=True)
class ConfirmImport:
    """A previewed import waits for a yes; its rows are staged as ``batch``."""

    kind: ClassVar[str] = "confirm_import"
    batch: int


Question = (Onboarding | AwaitArguments | AwaitRequest | ConfirmAdd | ConfirmSharedContact
            | ConfirmForget | HowDidItGo | AwaitEdit | ConfirmImport)

_KINDS: dict[str, type[Question]] = {
    q.kind: q for q in (Onboarding, AwaitArguments, AwaitRequest, ConfirmAdd,
                        ConfirmSharedContact, ConfirmForget, HowDidItGo, AwaitEdit,
                        ConfirmImport)
}


@dataclass(frozen=True)
class Pending:
    """The open question and its serial number."""

    question: Question
    serial: int


def to_json(pending: Pending) -> dict[str, Any]:
    return {"kind": pending.question.kind, "serial": pending.serial, **asdict(pending.question)}


def from_json(data: dict[str, Any] | None) -> Pending | None:
    """The stored question, or None when it is missing or of a shape no longer known."""
    if not data:
        return None
    kind = _KINDS.get(str(data.get("kind")))
    if kind is None:
        return None
    try:
        values = {spec.name: data[spec.name] for spec in fields(kind)}
        question = kind(**values)
        serial = int(data.get("serial", 0))
    except (KeyError, TypeError, ValueError):
        return None
    return Pending(question, serial)
