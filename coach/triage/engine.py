"""Triage of one incoming request: understand it, weigh the evidence, explain, draft.

The learned scorer weighs what was understood (plus the wording) into a verdict;
the user's own past decisions on similar requests lean it their way; the reasons
are sentences about the understood request; the drafts answer what it asked. It
logs only verdicts and counts; message bodies are third parties' personal data and
go to DEBUG at most.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from coach.model import RequestRecord
from coach.triage.decision import decide
from coach.triage.drafts import DraftWriter
from coach.triage.history import lean_from
from coach.triage.reasons import reasons_for
from coach.triage.results import KnownContact, TriageResult
from coach.triage.scorer import shipped_model
from coach.triage.understanding import Understanding, understand

log = logging.getLogger(__name__)

def _given_name(name: str | None) -> str | None:
    cleaned = " ".join(name.split()).strip(" ,;:") if name else ""
    return cleaned or None


def _context_text(u: Understanding) -> str | None:
    """One line for the contact's "how met" note: the referrer, the event or the project."""
    for kind in ("referrer", "referral"):
        found = u.context(kind)
        if found is not None and found.value:
            return f"via {found.value}"
    for kind in ("event", "project"):
        found = u.context(kind)
        if found is not None and found.value:
            return found.value
    return None


def triage(
    text: str,
    *,
    sender_name: str | None = None,
    contacts: Sequence[KnownContact] = (),
    positioning: str | None = None,
    user_name: str | None = None,
    history: Sequence[RequestRecord] = (),
) -> TriageResult:
    """Judge an incoming request and draft a reply for every possible verdict.

    ``history`` is the user's earlier requests with their decisions; where the user
    overruled the advice on similar requests, this one leans their way.

    Raises :class:`~coach.triage.intake.EmptyRequest` or
    :class:`~coach.triage.intake.RequestTooLong` for input that cannot be judged.
    """
    u = understand(text, sender_name=sender_name, contacts=contacts, user_name=user_name)
    lean = lean_from(u, history, user_name=user_name)
    verdict, confidence = decide(u, shipped_model(), lean.biases if lean else None)
    writer = DraftWriter(u, user_name=user_name, positioning=positioning)
    result = TriageResult(
        verdict=verdict,
        confidence=round(confidence, 3),
        language=u.language,
        reasons=reasons_for(u, verdict, lean),
        drafts=writer.all_drafts(),
        sender_name=_given_name(sender_name) or (u.sender.full if u.sender else None),
        known_sender=u.known_sender,
        referrer=u.referrer,
        context=_context_text(u),
        informal=u.informal,
        understanding=u,
    )
    log.info(
        "triaged request: verdict=%s confidence=%.2f language=%s reasons=%d",
        result.verdict.value,
        result.confidence,
        result.language,
        len(result.reasons),
    )
    log.debug("triaged request body: %r", u.body)
    return result
