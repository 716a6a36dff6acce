"""/reply and /requests: judging incoming requests and acting on the verdict."""

from __future__ import annotations

from datetime import date

from coach.actions import Decide
from coach.handlers.touchpoints import record_touchpoint
from coach.i18n import Translator
from coach.model import Channel, Circle, Contact, RequestRecord, Verdict
from coach.names import lookup_words
from coach.questions import AwaitRequest
from coach.render import date_text
from coach.replies import (
    Button,
    ButtonStyle,
    Draft,
    Message,
    MessageBuilder,
    Reply,
    popup,
    reply,
)
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
from coach.triage import Draft as DraftTexts
from coach.turn import Turn

RECENT_REQUESTS = 10
# The user's recent decisions that lean triage their way (see coach.triage.history).
HISTORY_REQUESTS = 200
# Reading and answering a request takes a few minutes of the weekly budget.
ANSWER_MINUTES = 5


# Bands of the model's confidence that the advice puts into words.
CLEAR_CASE = 0.85
FAIRLY_SURE = 0.6


def verdict_label(t: Translator, verdict: Verdict) -> str:
    labels = {
        Verdict.ACCEPT: t._("Accept"),
        Verdict.ASK_CONTEXT: t._("Ask for context"),
        Verdict.DECLINE: t._("Decline"),
    }
    return labels[verdict]


def assess(turn: Turn, text: str, sender_name: str | None) -> TriageResult:
    """Run triage against this user's contacts; raises a Refusal for unusable input.

    Only contacts sharing a word with the text or the sender's name can be its sender
    or be named in it, so only those are read, through the index of name words.
    """
    t = turn.t
    words = lookup_words(f"{sender_name or ''}\n{text[:MAX_REQUEST_CHARS + 1]}")
    contacts = [KnownContact(n.id, n.name)
                for n in turn.uow.contacts.names_with_any_word(turn.user_id, words)
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
        turn.ask(AwaitRequest())
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
    out = MessageBuilder()
    out.heading(t._("My advice: {verdict} ({certainty})").format(
        verdict=verdict_label(t, result.verdict), certainty=certainty(t, result.confidence)))
    if result.sender_name:
        out.fields([(t._("From"), result.sender_name)])
    out.paragraph(t._("Why:"))
    for reason in result.reasons:
        out.item(render_reason(reason, t.language))
    assert record.id is not None
    if turn.has_buttons:
        out.paragraph(t._("The reply and a short form (at most 300 characters) follow. Tap "
                          "what you decide: I record it and give you that reply."))
        out.buttons(decision_buttons(turn, record.id, result.verdict))
    else:
        out.paragraph(t._("The reply and a short form (at most 300 characters) follow."))
    return Reply((out.message(), drafts_message(t, result.drafts[result.verdict])))


def drafts_message(t: Translator, draft: DraftTexts) -> Message:
    """The reply and its short form in one message: each is a block of its own that a
    chat copies with one tap, and the chat stays one message shorter."""
    return Message((Draft(draft.text, t._("Reply")), Draft(draft.short, t._("Short form"))))


def certainty(t: Translator, confidence: float) -> str:
    """How sure the advice is, in words: a percentage from a model reads as more precise
    than it is, and "100 % sure" about a stranger's message would be a false promise."""
    if confidence >= CLEAR_CASE:
        return t._("a clear case")
    if confidence >= FAIRLY_SURE:
        return t._("fairly sure")
    return t._("a close call, your judgement counts")


def decision_buttons(turn: Turn, request_id: int, advised: Verdict,
                     who: str | None = None) -> tuple[Button, ...]:
    """Accept, ask for context, decline; ``who`` names the request in a list of several,
    where a chat shows every row of buttons together under the list."""
    t = turn.t
    if who is None:
        labels = {verdict: verdict_label(t, verdict) for verdict in Verdict}
    else:
        labels = {Verdict.ACCEPT: t._("Accept {who}").format(who=who),
                  Verdict.ASK_CONTEXT: t._("Ask {who}").format(who=who),
                  Verdict.DECLINE: t._("Decline {who}").format(who=who)}
    return tuple(
        Button(labels[verdict], Decide(request_id, verdict),
               ButtonStyle.PRIMARY if verdict is advised else ButtonStyle.DEFAULT)
        for verdict in (Verdict.ACCEPT, Verdict.ASK_CONTEXT, Verdict.DECLINE)
    )


def decide(turn: Turn, request_id: int, verdict: Verdict) -> Reply:
    """A decision tap: recorded and acted on once; the advice message becomes the record.

    The chosen verdict's reply is given again only when it differs from the advice
    (whose reply the user already has).
    """
    t = turn.t
    record = turn.uow.requests.get(turn.user_id, request_id)
    if record is None:
        return popup(t._("That request is no longer here."))
    if record.decision is not None:
        return popup(t._("Already recorded: {verdict}.").format(
            verdict=verdict_label(t, record.decision)))
    result = assess(turn, record.text_excerpt, record.sender_name)
    record.decision = verdict
    record.decided_at = turn.now
    out = MessageBuilder()
    out.heading(t._("Recorded: {verdict}.").format(verdict=verdict_label(t, verdict)))
    if record.sender_name:
        out.fields([(t._("From"), record.sender_name)])
    if verdict is Verdict.ACCEPT:
        out.paragraph(_accept(turn, record, result))
    turn.uow.requests.save(record)
    messages = [out.message()]
    if verdict is not record.verdict:
        messages.append(drafts_message(t, result.drafts[verdict]))
    return Reply(tuple(messages), replace=True,
                 popup=t._("Recorded: {verdict}.").format(verdict=verdict_label(t, verdict)))


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
        return reply(t._("No requests yet. Forward one to me or paste it after /reply to get "
                         "advice and a draft."))
    out = MessageBuilder()
    out.heading(t._("Recent requests"))
    for number, record in enumerate(records, start=1):
        assert record.created_at is not None
        assert record.id is not None
        day: date = local_date(record.created_at, turn.profile.timezone)
        who = record.sender_name or t._("unknown sender")
        excerpt = " ".join(record.text_excerpt.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "…"
        if record.decision is not None:
            state = t._("advice {advice}, decided {decision}").format(
                advice=verdict_label(t, record.verdict),
                decision=verdict_label(t, record.decision))
            buttons: tuple[Button, ...] = ()
        else:
            state = t._("advice {advice}, still open").format(
                advice=verdict_label(t, record.verdict))
            short = record.sender_name.split()[0] if record.sender_name else f"#{number}"
            buttons = (decision_buttons(turn, record.id, record.verdict, short)
                       if turn.has_buttons else ())
        out.item(f"{date_text(t, day)}, {who}: {state}", f"“{excerpt}”", buttons,
                 numbered=True)
    return out.build()
