"""Reasons: sentences about the understood request, in the user's interface language.

English msgids are the source; German lives in ``coach/locales/de/triage.po``. A
reason is built from what the understanding step found (an event, a referrer, an
offer of lead generation), never from the words a pattern happened to match. Reasons
for the verdict come first, then the evidence it outweighed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.i18n import N_, translator
from coach.model import Verdict
from coach.triage.results import Reason
from coach.triage.understanding import Understanding

if TYPE_CHECKING:
    from coach.triage.history import Lean

ACCEPT, ASK, DECLINE = Verdict.ACCEPT, Verdict.ASK_CONTEXT, Verdict.DECLINE

# code -> (wording without detail, wording with {detail}, verdict it speaks for)
_WORDINGS: dict[str, tuple[str, str | None, Verdict | None]] = {
    "known_sender": (N_("The sender is already one of your contacts."),
                     N_("{detail} is already one of your contacts."), ACCEPT),
    "referrer": (N_("Someone in your network referred them."),
                 N_("{detail}, one of your contacts, referred them."), ACCEPT),
    "referral": (N_("They say someone referred them."),
                 N_("They say {detail} referred them."), ACCEPT),
    "shared_event": (N_("They name an event you both attended."),
                     N_("They name an event you both attended: {detail}."), ACCEPT),
    "named_event": (N_("They name an event."), N_("They name an event: {detail}."), ACCEPT),
    "met_before": (N_("They say you have met or spoken before."), None, ACCEPT),
    "past_work": (N_("They say you worked together before."), None, ACCEPT),
    "shared_project": (N_("They write about a concrete project."),
                       N_("They write about a concrete project: {detail}."), ACCEPT),
    "shared_org": (N_("They name an organisation or committee you share."), None, ACCEPT),
    "publication": (N_("They refer to something you published or presented."), None, ACCEPT),
    "ask_questions": (N_("They ask a few concrete questions."), None, ACCEPT),
    "ask_job": (N_("They offer a concrete role."), None, ACCEPT),
    "ask_application": (N_("They are interested in a role on your team."), None, ACCEPT),
    "ask_interview": (N_("They ask for an interview."), None, ACCEPT),
    "ask_background_call": (N_("They ask for a background conversation."), None, ACCEPT),
    "ask_confidential": (N_("They ask for a confidential conversation."), None, None),
    "ask_speaking": (N_("They invite you to speak or to join a panel."), None, ACCEPT),
    "ask_introduction": (N_("They ask you for an introduction."), None, None),
    "ask_call": (N_("They ask for a call."), N_("They ask for a call ({detail})."), None),
    "ask_meeting": (N_("They ask to meet."), N_("They ask to meet ({detail})."), None),
    "ask_lunch": (N_("They invite you to lunch."), N_("They invite you to lunch ({detail})."),
                  None),
    "ask_coffee": (N_("They invite you for a coffee."),
                   N_("They invite you for a coffee ({detail})."), None),
    "job_news": (N_("They share news of a new job or role."), None, ACCEPT),
    "how_are_you": (N_("They ask how you are."), None, ACCEPT),
    "booking_link": (N_("It contains a booking link."),
                     N_("It contains a booking link ({detail})."), DECLINE),
    "short_link": (N_("It contains a shortened link."),
                   N_("It contains a shortened link ({detail})."), DECLINE),
    "booking_request": (N_("They want you to book a sales call or demo."), None, DECLINE),
    "sales_offer": (N_("It is a sales offer: a discount, a free trial or a deadline."), None,
                    DECLINE),
    "service_pitch": (N_("They pitch a product or service."), None, DECLINE),
    "income_promise": (N_("They promise income or returns."), None, DECLINE),
    "guarantee": (N_("They promise guaranteed results."), None, DECLINE),
    "lead_generation": (N_("They sell leads or client acquisition."), None, DECLINE),
    "mlm": (N_("It reads like network marketing."), None, DECLINE),
    "crypto": (N_("It promotes crypto or a speculative investment."), None, DECLINE),
    "mass_message": (N_("It reads like a mass message."), None, DECLINE),
    "prize_scam": (N_("It looks like a prize or listing scam."), None, DECLINE),
    "advance_fee": (N_("It looks like an advance-fee scam: a stranger's fortune for your "
                       "private details."), None, DECLINE),
    "unknown_fortune": (N_("It promises money from a stranger's fortune."), None, DECLINE),
    "lawyer_or_banker": (N_("The sender poses as a lawyer or banker."), None, DECLINE),
    "private_details": (N_("It asks for your private details."), None, DECLINE),
    "synergies": (N_("It talks about synergies without saying which."), None, ASK),
    "network_growth": (N_("They want to grow their network, with no concrete reason."), None,
                       ASK),
    "generic_praise": (N_("It praises your profile in general terms."), None, ASK),
    "mutual_connections": (N_("It points only to mutual connections."), None, ASK),
    "same_field": (N_("It only says you work in the same field."), None, ASK),
    "connect_only": (N_("It only asks to connect."), None, ASK),
    "no_context": (N_("It names no shared context: no event, referral, project or question."),
                   None, ASK),
}
# What a pitch offers: offer code -> sentence.
_OFFERS: dict[str, str] = {
    "leads": N_("They sell lead generation."),
    "software": N_("They sell software."),
    "coaching": N_("They sell coaching or a course."),
    "investment": N_("They sell an investment."),
    "marketing": N_("They sell marketing services."),
    "staffing": N_("They sell staff or outsourcing."),
    "financing": N_("They sell financing or insurance."),
    "income": N_("They offer an income scheme."),
}
# What the sender read or heard of the user's: publication kind -> sentence.
_PUBLICATIONS: dict[str, str] = {
    "article": N_("They refer to an article of yours."),
    "post": N_("They refer to a post of yours."),
    "talk": N_("They refer to a talk you gave."),
    "book": N_("They refer to your book."),
    "study": N_("They refer to a study or report of yours."),
    "podcast": N_("They refer to a podcast or interview of yours."),
}
# The kinds of request the user's decisions are grouped by, as plural phrases.
CATEGORIES: dict[str, str] = {
    "recruiter": N_("recruiters with a concrete role"),
    "journalist": N_("journalists asking for a conversation"),
    "speaking": N_("invitations to speak"),
    "applicant": N_("people asking about a role on your team"),
    "questions": N_("strangers with concrete questions"),
    "contact": N_("messages from your contacts"),
    "referral": N_("referred strangers"),
    "event": N_("people you met at events"),
    "past_work": N_("former colleagues"),
    "publication": N_("readers of your publications"),
    "project": N_("project partners"),
    "meeting_request": N_("strangers asking to meet"),
    "no_context": N_("strangers without context"),
    "pitch": N_("sales pitches"),
    "offer:leads": N_("offers of lead generation"),
    "offer:software": N_("software offers"),
    "offer:coaching": N_("offers of coaching or courses"),
    "offer:investment": N_("investment offers"),
    "offer:marketing": N_("offers of marketing services"),
    "offer:staffing": N_("offers of staff or outsourcing"),
    "offer:financing": N_("offers of financing or insurance"),
    "offer:income": N_("income schemes"),
}
_HISTORY_CODES = ("history_accept", "history_ask_context", "history_decline")

REASON_CODES: tuple[str, ...] = (*_WORDINGS, "offer", *_HISTORY_CODES)

_CONTEXT_CODES = {
    "known": "known_sender",
    "referrer": "referrer",
    "referral": "referral",
    "event": "shared_event",
    "met": "met_before",
    "past_work": "past_work",
    "project": "shared_project",
    "organisation": "shared_org",
}
_SCAM_PARTS = ("unknown_fortune", "private_details")


def _direction(reason: Reason) -> Verdict | None:
    if reason.code == "offer":
        return DECLINE
    if reason.code.startswith("history_"):
        return Verdict(reason.code.removeprefix("history_"))
    wording = _WORDINGS.get(reason.code)
    return wording[2] if wording else None


def _found(u: Understanding) -> list[Reason]:
    found: list[Reason] = []
    for context in u.contexts:
        if context.kind == "publication":
            found.append(Reason("publication", context.value))
        elif context.kind == "met" and u.context("event") is not None:
            continue
        elif context.kind == "event" and u.context("met") is None:
            found.append(Reason("named_event", context.value))
        else:
            found.append(Reason(_CONTEXT_CODES[context.kind], context.value))
    for ask in u.asks:
        if ask.kind == "questions" and (u.pitch or any(a.kind in ("interview", "job")
                                                       for a in u.asks)):
            continue
        found.append(Reason(f"ask_{ask.kind}", ask.day))
    if u.known_sender is not None and u.job_news:
        found.append(Reason("job_news"))
    if u.known_sender is not None and u.how_are_you:
        found.append(Reason("how_are_you"))
    codes = u.codes
    if u.scam:
        found.append(Reason("advance_fee"))
    if u.offer is not None:
        found.append(Reason("offer", u.offer))
    for signal in u.signals:
        if u.scam and signal.code in _SCAM_PARTS:
            continue
        if u.offer is not None and signal.code in ("service_pitch", "lead_generation"):
            continue
        found.append(Reason(signal.code, signal.detail))
    if not u.contexts and not codes and not u.asks:
        found.append(Reason("no_context"))
    return found


def reasons_for(u: Understanding, verdict: Verdict, lean: Lean | None) -> tuple[Reason, ...]:
    """The reasons to show: the user's own history first, then the verdict's evidence."""
    found = _found(u)
    if verdict is ASK and not u.contexts and not any(_direction(r) is ASK for r in found):
        found.append(Reason("no_context"))
    ranked = sorted(found, key=lambda r: (0 if _direction(r) is verdict else
                                          1 if _direction(r) is None else 2))
    if lean is not None:
        # The user's own record leads when it carried the verdict, else it closes the list.
        own = Reason(f"history_{lean.verdict.value}", lean.category, lean.count)
        ranked.insert(0 if lean.verdict is verdict else len(ranked), own)
    unique: dict[tuple[str, str | None], Reason] = {}
    for reason in ranked:
        unique.setdefault((reason.code, reason.detail), reason)
    return tuple(unique.values())


def render_reason(reason: Reason, language: str) -> str:
    """One sentence in the user's interface language, e.g. 'They name an event …: Expo Real.'

    Unknown codes fall back to the code itself so a newer engine never crashes an
    older renderer.
    """
    t = translator(language)
    if reason.code == "offer":
        offer = _OFFERS.get(reason.detail or "")
        return t._(offer) if offer else t._(_WORDINGS["service_pitch"][0])
    if reason.code == "publication":
        kind = _PUBLICATIONS.get(reason.detail or "")
        return t._(kind) if kind else t._(_WORDINGS["publication"][0])
    if reason.code in _HISTORY_CODES:
        return _history(reason, language)
    wording = _WORDINGS.get(reason.code)
    if wording is None:
        return reason.code if reason.detail is None else f"{reason.code}: {reason.detail}"
    plain, detailed, _verdict = wording
    if reason.detail and detailed is not None:
        return t._(detailed).format(detail=reason.detail)
    return t._(plain)


def _history(reason: Reason, language: str) -> str:
    t = translator(language)
    category = CATEGORIES.get(reason.detail or "")
    kind = t._(category) if category else t._("requests like this one")
    count = reason.count
    if reason.code == "history_accept":
        text = t.n_("You accepted {count} of these before: {kind}.",
                    "You accepted {count} of these before: {kind}.", count)
    elif reason.code == "history_decline":
        text = t.n_("You declined {count} of these before: {kind}.",
                    "You declined {count} of these before: {kind}.", count)
    else:
        text = t.n_("You asked {count} of these for context before: {kind}.",
                    "You asked {count} of these for context before: {kind}.", count)
    return text.format(count=count, kind=kind)
