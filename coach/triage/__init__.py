"""Request triage: should the user accept a connection request, ask for context, or decline?

The user pastes a request or first message; :func:`triage` returns a verdict, the
reasons behind it and a reply draft for every verdict, in the language of the
request. It first understands the request (:func:`understand`), then a small learned
linear model weighs that evidence, the user's own past decisions lean it, and the
reasons and drafts are written from the same understanding. Everything runs offline.
"""

from coach.triage.asks import Ask
from coach.triage.engine import triage
from coach.triage.history import Lean
from coach.triage.intake import (
    MAX_REQUEST_CHARS,
    EmptyRequest,
    RequestTooLong,
    TriageInputError,
)
from coach.triage.reasons import REASON_CODES, render_reason
from coach.triage.results import Draft, KnownContact, Reason, TriageResult
from coach.triage.sender import SenderName
from coach.triage.understanding import SharedContext, Understanding, understand

__all__ = [
    "MAX_REQUEST_CHARS",
    "REASON_CODES",
    "Ask",
    "Draft",
    "EmptyRequest",
    "KnownContact",
    "Lean",
    "Reason",
    "RequestTooLong",
    "SenderName",
    "SharedContext",
    "TriageInputError",
    "TriageResult",
    "Understanding",
    "render_reason",
    "triage",
    "understand",
]
