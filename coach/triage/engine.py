"""Triage of one incoming request: verdict, reasons and reply drafts.

This wires the parts together: input hygiene, language and "du" detection, contact
matching, text signals, shared-context extraction, scoring and drafting. It logs
only verdicts and counts; message bodies are third parties' personal data and go to
DEBUG at most.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from coach.model import Verdict
from coach.triage.classifier import KNOWN_SENDER_WEIGHT, REFERRER_WEIGHT, decide
from coach.triage.contacts import fold, index_for, name_tokens
from coach.triage.context import (
    Exclusions,
    find_event,
    find_person_near,
    find_shared_subject,
)
from coach.triage.drafts import DraftWriter, ReplyContext
from coach.triage.features import Signal, cue_span, find_signals
from coach.triage.intake import take_in
from coach.triage.language import detect_language, is_informal
from coach.triage.results import KnownContact, Reason, TriageResult

log = logging.getLogger(__name__)

# An event named without any "we met" wording is weak evidence on its own.
SHARED_EVENT_WEIGHT = 1.0


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = " ".join(name.split()).strip(" ,;:")
    return cleaned or None


def _same_person(contact: KnownContact, name: str | None) -> bool:
    if not name:
        return False
    ours, theirs = name_tokens(contact.name), name_tokens(name)
    return len(ours) >= 2 and len(theirs) >= 2 and (ours[0], ours[-1]) == (theirs[0], theirs[-1])


def _ordered_reasons(signals: list[Signal], verdict: Verdict) -> tuple[Reason, ...]:
    """Reasons for the verdict first (strongest first), then the evidence it outweighed."""
    ranked = sorted(signals, key=lambda signal: (signal.verdict is not verdict, -signal.weight))
    return tuple(Reason(signal.code, signal.detail) for signal in ranked)


def triage(
    text: str,
    *,
    sender_name: str | None = None,
    contacts: Sequence[KnownContact] = (),
    positioning: str | None = None,
    user_name: str | None = None,
) -> TriageResult:
    """Judge an incoming request and draft a reply for every possible verdict.

    Raises :class:`~coach.triage.intake.EmptyRequest` or
    :class:`~coach.triage.intake.RequestTooLong` for input that cannot be judged.
    """
    intake = take_in(text)
    body = intake.body
    sender = _clean_name(sender_name) or _clean_name(intake.header_sender)
    language = detect_language(body)
    informal = is_informal(body, language)

    index = index_for(contacts)
    known = index.match_sender(sender) if sender else None
    referrer = next(
        (
            contact
            for contact in index.mentioned_in(fold(body))
            if contact != known
            and not _same_person(contact, sender)
            and not _same_person(contact, user_name)
        ),
        None,
    )

    signals = find_signals(body)
    if known is not None:
        signals.append(Signal("known_sender", Verdict.ACCEPT, KNOWN_SENDER_WEIGHT, known.name))
    if referrer is not None:
        signals.append(Signal("referrer", Verdict.ACCEPT, REFERRER_WEIGHT, referrer.name))

    exclusions = Exclusions.of([sender, user_name])
    reply_context: ReplyContext | None = None
    context_text: str | None = None
    codes = {signal.code for signal in signals}

    referral_name: str | None = None
    if "referral" in codes and (span := cue_span("referral", body)) is not None:
        referral_name = find_person_near(body, span[0], span[1], exclusions)
        if referral_name is not None:
            signals = [
                Signal(s.code, s.verdict, s.weight, referral_name) if s.code == "referral" else s
                for s in signals
            ]
    event = find_event(body, exclusions)
    if event is not None:
        signals.append(Signal("shared_event", Verdict.ACCEPT, SHARED_EVENT_WEIGHT, event))
    subject: str | None = None
    if "shared_work" in codes and (span := cue_span("shared_work", body)) is not None:
        subject = find_shared_subject(body, span[1], exclusions)
        if subject is not None:
            signals = [
                Signal(s.code, s.verdict, s.weight, subject) if s.code == "shared_work" else s
                for s in signals
            ]

    via = referrer.name if referrer is not None else referral_name
    if via is not None:
        reply_context, context_text = ReplyContext("referral", via), f"via {via}"
    elif event is not None:
        reply_context, context_text = ReplyContext("event", event), event
    elif subject is not None:
        reply_context, context_text = ReplyContext("shared", subject), subject

    decision = decide(signals, known_sender=known is not None)
    if not any(signal.verdict is not Verdict.ASK_CONTEXT for signal in signals):
        signals.append(Signal("no_context", Verdict.ASK_CONTEXT, 0.0))

    writer = DraftWriter(
        language=language,
        informal=informal,
        sender_name=sender,
        user_name=user_name,
        positioning=positioning,
        context=reply_context,
        pitch=decision.scores.decline > 0,
    )
    result = TriageResult(
        verdict=decision.verdict,
        confidence=decision.confidence,
        language=language,
        reasons=_ordered_reasons(signals, decision.verdict),
        drafts=writer.all_drafts(),
        sender_name=sender,
        known_sender=known,
        referrer=referrer,
        context=context_text,
        informal=informal,
    )
    log.info(
        "triaged request: verdict=%s confidence=%.2f language=%s reasons=%d",
        result.verdict.value,
        result.confidence,
        result.language,
        len(result.reasons),
    )
    log.debug("triaged request body: %r", body)
    return result
