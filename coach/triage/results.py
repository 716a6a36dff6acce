"""The plain data triage works with: known contacts, reasons, reply drafts, the result.

These are frozen so a result can be cached, compared in tests and handed across
threads without anyone changing it underneath the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.model import Verdict

if TYPE_CHECKING:
    from coach.triage.understanding import Understanding


@dataclass(frozen=True)
class KnownContact:
    """A person already in the user's network, as far as triage needs to know them."""

    id: int
    name: str


@dataclass(frozen=True)
class Reason:
    """One explainable observation behind a verdict.

    ``code`` is stable and machine-readable (see :data:`coach.triage.reasons.REASON_CODES`);
    ``detail`` is what it refers to, such as an event's or a referrer's name, a link's
    domain or the kind of offer, so the user can check the claim; ``count`` is how
    many of the user's own decisions a "history" reason rests on.
    """

    code: str
    detail: str | None = None
    count: int = 0


@dataclass(frozen=True)
class Draft:
    """A ready reply: ``text`` for messages, ``short`` for invitation notes (≤ 300 chars)."""

    text: str
    short: str


@dataclass(frozen=True)
class TriageResult:
    """Everything the coach shows for one incoming request.

    ``drafts`` holds a reply for every verdict so the user can overrule the advice
    without asking again.
    """

    verdict: Verdict
    confidence: float
    language: str
    reasons: tuple[Reason, ...]
    drafts: Mapping[Verdict, Draft]
    sender_name: str | None
    known_sender: KnownContact | None
    referrer: KnownContact | None
    context: str | None
    informal: bool
    understanding: Understanding | None = None
