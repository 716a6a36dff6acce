"""Request triage: should the user accept a connection request, ask for context, or decline?

The user pastes a request or first message; :func:`triage` returns a verdict, the
reasons behind it and a courteous reply draft for every verdict, in the language of
the request. Everything runs offline on explainable rules.
"""

from coach.triage.engine import triage
from coach.triage.intake import (
    MAX_REQUEST_CHARS,
    EmptyRequest,
    RequestTooLong,
    TriageInputError,
)
from coach.triage.reasons import REASON_CODES, render_reason
from coach.triage.results import Draft, KnownContact, Reason, TriageResult

__all__ = [
    "MAX_REQUEST_CHARS",
    "REASON_CODES",
    "Draft",
    "EmptyRequest",
    "KnownContact",
    "Reason",
    "RequestTooLong",
    "TriageInputError",
    "TriageResult",
    "render_reason",
    "triage",
]
