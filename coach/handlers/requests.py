"""/reply and /requests: judging incoming requests and acting on the verdict."""

from __future__ import annotations

from datetime import date

from coach.handlers.touchpoints import record_touchpoint
from coach.i18n import Translator
from coach.model import Channel, Circle, Contact, RequestRecord, Verdict
from coach.render import date_text
from coach.replies import Button, Message, Reply, reply
from coach.schedule import local_date
from coach.triage import (
    MAX_REQUEST_CHARS,
    EmptyRequest,
    KnownContact,
    RequestTooLong,
    TriageResult,
    render_reason,
    triage,
)
from coach.turn import Turn

RECENT_REQUESTS = 10
# The user's recent decisions that lean triage their way (see coach.triage.history).
HISTORY_REQUESTS = 200
# Reading and answering a request takes a few minutes of the weekly budget.
ANSWER_MINUTES = 5


def verdict_label(t: Translator, verdict: Verdict) -> str:
    labels = {
        Verdict.ACCEPT: t._("Accept"),
        Verdict.ASK_CONTEXT: t._("Ask for context"),
        Verdict.DECLINE: t._("Decline"),
    }
    return labels[verdict]


def assess(turn: Turn, text: str, sender_name: str | None) -> TriageResult:
    """Run triage against this user's contacts; raises a Refusal for unusable input."""
    t = turn.t
    contacts = [KnownContact(n.id, n.name) for n in turn.uow.contacts.names(turn.user_id)
                if n.status != "archived"]
    try:
        return triage(text, sender_name=sender_name, contacts=contacts,
                      positioning=turn.profile.positioning,
                      user_name=turn.profile.display_name,
                      history=turn.uow.requests.recent(turn.user_id, HISTORY_REQUESTS))
    except EmptyRequest:
        raise turn.refuse(t._("Paste the request after /reply, for example: /reply Hi, I'd "
                              "love to connect with you.")) from None
    except RequestTooLong:
        raise turn.refuse(t._("That text is too long to be a request ({limit} characters at "
                              "most).").format(limit=MAX_REQUEST_CHARS)) from None


def reply_command(turn: Turn, args: str) -> Reply:
    """``/reply <text>``; a bare ``/reply`` waits for the request in the next message."""
    if not args.strip():
        turn.profile.pending = {"kind": "await_request"}
        turn.uow.profiles.save(turn.profile)
        return reply(turn.t._("Paste or forward the request now, and I will judge it."))
    return judge(turn, args, None)


def judge(turn: Turn, text: str, sender_name: str | None) -> Reply:
    """Triage a request, record it, and show the verdict with buttons and the draft."""
    t = turn.t
    result = assess(turn, text, sender_name)
    record = turn.uow.requests.add(RequestRecord(
        user_id=turn.user_id, text_excerpt=text.strip()[:MAX_REQUEST_CHARS],
        verdict=result.verdict, confidence=result.confidence, language=result.language,
        sender_name=result.sender_name, created_at=turn.now,
        contact_id=result.known_sender.id if result.known_sender else None))
    lines = [t._("My advice: {verdict} ({confidence}% sure)").format(
        verdict=verdict_label(t, result.verdict), confidence=round(result.confidence * 100))]
    if result.sender_name:
        lines.append(t._("From: {name}").format(name=result.sender_name))
    lines.append(t._("Why:"))
    lines.extend(f"• {render_reason(reason, t.language)}" for reason in result.reasons)
    lines.append(t._("The reply follows, then a short form (at most 300 characters) for an "
                     "invitation note. The buttons switch the reply and record your decision."))
    buttons = ((
        Button(verdict_label(t, Verdict.ACCEPT), f"triage:accept:{record.id}"),
        Button(verdict_label(t, Verdict.ASK_CONTEXT), f"triage:ask_context:{record.id}"),
        Button(verdict_label(t, Verdict.DECLINE), f"triage:decline:{record.id}"),
    ),)
    draft = result.drafts[result.verdict]
    return Reply((
        Message("\n".join(lines), buttons),
        Message(draft.text, is_draft=True),
        Message(draft.short, is_draft=True),
    ))


def decide(turn: Turn, value: str) -> Reply:
    """A triage button: record the decision, act on it once, and show that verdict's draft."""
    t = turn.t
    verdict_text, _, request_id = value.partition(":")
    record = (turn.uow.requests.get(turn.user_id, int(request_id))
              if request_id.isdigit() else None)
    if record is None or verdict_text not in Verdict.__members__.values():
        return reply(t._("That request is no longer here."))
    verdict = Verdict(verdict_text)
    result = assess(turn, record.text_excerpt, record.sender_name)
    draft = result.drafts[verdict]
    drafts = (Message(draft.text, is_draft=True), Message(draft.short, is_draft=True))
    if record.decision is not None:
        note = t._("Already recorded: {verdict}. Nothing else was changed. Here is the "
                   "reply for “{chosen}”.").format(verdict=verdict_label(t, record.decision),
                                                 chosen=verdict_label(t, verdict))
        return Reply((Message(note), *drafts))
    record.decision = verdict
    record.decided_at = turn.now
    lines = [t._("Recorded: {verdict}.").format(verdict=verdict_label(t, verdict))]
    if verdict is Verdict.ACCEPT:
        lines.append(_accept(turn, record, result))
    turn.uow.requests.save(record)
    return Reply((Message("\n".join(line for line in lines if line)), *drafts))


def _accept(turn: Turn, record: RequestRecord, result: TriageResult) -> str:
    """Accepting adds the sender (circle wider) and logs the request as an incoming touchpoint."""
    t = turn.t
    contact: Contact | None = None
    if result.known_sender is not None:
        contact = turn.uow.contacts.get(turn.user_id, result.known_sender.id)
    elif record.sender_name:
        contact = turn.save_contact(Contact(
            user_id=turn.user_id, name=record.sender_name, circle=Circle.WIDER,
            created_at=turn.now, how_met=result.context, language=result.language))
    if contact is None:
        return t._("I don't know the sender's name, so add them yourself with /add.")
    record.contact_id = contact.id
    record_touchpoint(turn, contact, Channel.MESSAGE, ANSWER_MINUTES, turn.now,
                      t._("connection request"), None, incoming=True)
    if result.known_sender is not None:
        return t._("{name} is already a contact; the request is logged as a touchpoint.").format(
            name=contact.name)
    return t._("Added {name} to your contacts (circle wider) and logged the request.").format(
        name=contact.name)


def recent(turn: Turn, args: str) -> Reply:
    t = turn.t
    records = turn.uow.requests.recent(turn.user_id, RECENT_REQUESTS)
    if not records:
        return reply(t._("No requests yet. Paste one after /reply to get advice and a draft."))
    lines = [t._("Recent requests:")]
    for record in records:
        assert record.created_at is not None
        day: date = local_date(record.created_at, turn.profile.timezone)
        who = record.sender_name or t._("unknown sender")
        excerpt = " ".join(record.text_excerpt.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "…"
        decided = (verdict_label(t, record.decision) if record.decision
                   else t._("open"))
        lines.append(t._("• {date}, {who}: advice {advice}, decision {decision} – “{text}”")
                     .format(date=date_text(t, day), who=who,
                             advice=verdict_label(t, record.verdict), decision=decided,
                             text=excerpt))
    return reply("\n".join(lines))
