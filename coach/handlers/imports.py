"""Imports in chat and on the command line: preview first, then one transaction.

A file is parsed and planned without writing anything; the preview says what would
happen ("612 new, 40 merged, 3 rows skipped: line 17 has no name, …") and the parsed
records wait in storage for the user's yes. Confirming plans again against the
contacts as they are then and writes everything in the one unit of work the engine
commits, so a failure leaves nothing behind. Imported contacts wait unsorted for
/sort (``coach.handlers.sorting``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.actions import Answer, MoreDrafts, Run
from coach.handlers.requests import assess, decision_buttons, verdict_label
from coach.imports import FileKind, ImportedContact, ImportRefused, ParsedFile, read_file
from coach.imports.merge import plan_contacts, plan_meetings
from coach.imports.preview import kind_name, refusal_text, skipped_text
from coach.imports.restore import apply_settings, plan_restore
from coach.model import Channel, Contact, RequestRecord, Verdict
from coach.names import normalise
from coach.questions import ConfirmImport
from coach.replies import (
    Button,
    ButtonStyle,
    Message,
    MessageBuilder,
    Reply,
    draft_message,
    reply,
)
from coach.schedule import refresh_schedule
from coach.triage import MAX_REQUEST_CHARS, KnownContact, TriageResult, render_reason, triage
from coach.turn import Turn

log = logging.getLogger(__name__)

DRAFTS_SHOWN = 3
YES = {"yes", "y", "ja", "j", "ok", "okay", "/yes", "/ja", "import", "importieren"}
Progress = Callable[[int], None]


@dataclass
class Outcome:
    """What an import did (or would do), for the preview, the CLI and the tests."""

    kind: FileKind
    new: int = 0
    merged: int = 0
    updated: int = 0
    skipped: int = 0
    touchpoints: int = 0
    requests: int = 0
    verdicts: dict[Verdict, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    judged: list[tuple[int, TriageResult]] = field(default_factory=list)  # request id, result


# --- reading and previewing ----------------------------------------------------------


def parse(turn: Turn, filename: str, content: bytes,
          progress: Progress | None = None) -> ParsedFile:
    """The parsed file, or a Refusal that says what is wrong with it."""
    try:
        return read_file(filename, content, turn.now, progress)
    except ImportRefused as error:
        log.info("import refused: %s", error.key)
        raise turn.refuse(refusal_text(turn.t, error)) from None


def preview_file(turn: Turn, filename: str, content: bytes) -> Reply:
    """Parse, show what would happen, and keep the records until the user confirms."""
    t = turn.t
    parsed = parse(turn, filename, content)
    outcome = carry_out(turn, parsed, write=False)
    if not (outcome.new or outcome.updated or outcome.touchpoints or outcome.requests):
        return reply("\n".join([*outcome.lines, t._("Nothing to import: everything in that "
                                                     "file is known already.")]))
    batch = turn.uow.imports.stage(turn.user_id, filename, parsed.to_json(), turn.now)
    serial = turn.ask(ConfirmImport(batch))
    text = "\n".join([*outcome.lines, t._("Import this? Answer yes, or anything else to "
                                          "cancel; nothing is written until then.")])
    return reply(text, buttons=((Button(t._("Import"), Answer(serial, "yes"),
                                        ButtonStyle.PRIMARY),
                                 Button(t._("Cancel"), Answer(serial, "no"))),))


def confirm(turn: Turn, question: ConfirmImport, text: str) -> Reply:
    """The answer to a preview: yes imports the staged file, anything else drops it."""
    t = turn.t
    turn.close_question()
    staged = turn.uow.imports.get(turn.user_id, question.batch)
    turn.uow.imports.discard(turn.user_id)
    if text.strip().casefold().rstrip(".!") not in YES:
        return reply(t._("Alright, nothing was imported."))
    if staged is None:
        return reply(t._("That import is no longer waiting. Send the file again."))
    outcome = carry_out(turn, ParsedFile.from_json(staged.payload), write=True)
    return done_reply(turn, outcome)


def import_now(turn: Turn, filename: str, content: bytes, *, write: bool,
               progress: Progress | None = None) -> Outcome:
    """For ``coach import``: parse and plan, and with ``write`` carry it out at once."""
    parsed = parse(turn, filename, content, progress)
    return carry_out(turn, parsed, write=write)


def import_contact(turn: Turn, record: ImportedContact) -> Reply:
    """A contact shared in chat: a one-contact import, merged like any other."""
    t = turn.t
    if not normalise(record.name) or len(record.name) > 200:
        raise turn.refuse(t._("That contact has no usable name, so nothing was added."))
    parsed = ParsedFile(FileKind.SHARED_CONTACT, contacts=[record])
    outcome = carry_out(turn, parsed, write=True)
    if outcome.new:
        return reply(t._("Added {name} as an unsorted contact. /sort puts them into a "
                         "circle.").format(name=record.name))
    if outcome.updated:
        return reply(t._("{name} is already a contact; I filled in the missing details.")
                     .format(name=record.name))
    return reply(t._("{name} is already a contact; nothing changed.").format(name=record.name))


def import_help(turn: Turn, args: str) -> Reply:
    """``/import``: files come as attachments, so this only says how."""
    t = turn.t
    return reply(t._("Send me the file itself: LinkedIn Connections.csv or Invitations.csv, "
                     "a Google or Outlook CSV export, vCards (.vcf), a calendar (.ics) or my "
                     "JSON export. I show a preview first and import nothing until you say "
                     "yes. Up to 20 MB and 50,000 rows."))


# --- planning and writing ------------------------------------------------------------


def carry_out(turn: Turn, parsed: ParsedFile, *, write: bool) -> Outcome:
    """Plan the import against the user's contacts; with ``write`` also store it."""
    if parsed.kind is FileKind.CALENDAR:
        return _meetings(turn, parsed, write)
    if parsed.kind is FileKind.LINKEDIN_INVITATIONS:
        return _invitations(turn, parsed, write)
    if parsed.kind is FileKind.COACH_JSON:
        return _restore(turn, parsed, write)
    return _contacts(turn, parsed, write)


def _heading(turn: Turn, parsed: ParsedFile) -> str:
    return turn.t._("{kind}:").format(kind=kind_name(turn.t, parsed.kind))


def _contacts(turn: Turn, parsed: ParsedFile, write: bool) -> Outcome:
    t = turn.t
    existing = turn.uow.contacts.list(turn.user_id, include_archived=True)
    plan = plan_contacts(parsed.contacts, existing, user_id=turn.user_id, now=turn.now,
                         timezone=turn.profile.timezone)
    outcome = Outcome(parsed.kind, new=len(plan.new), merged=plan.merged,
                      updated=len(plan.updated), skipped=len(parsed.skipped))
    summary = t._("{new} new, {merged} merged ({updated} of them updated).").format(
        new=outcome.new, merged=outcome.merged, updated=outcome.updated)
    outcome.lines = [f"{_heading(turn, parsed)} {summary}"]
    if parsed.skipped:
        outcome.lines.append(skipped_text(t, parsed.skipped) + ".")
    if plan.new:
        outcome.lines.append(t._("New contacts enter the dormant circle, unsorted: they stay "
                                 "out of /due until you sort them with /sort."))
    if write:
        for contact in plan.new:
            refresh_schedule(contact, turn.profile)
        turn.uow.contacts.add_many(plan.new)
        for contact in plan.updated.values():
            turn.save_contact(contact)
    return outcome


def _meetings(turn: Turn, parsed: ParsedFile, write: bool) -> Outcome:
    t = turn.t
    contacts = turn.uow.contacts.list(turn.user_id)
    history = turn.uow.touchpoints.all(turn.user_id)
    logged = {(p.contact_id, p.at) for p in history if p.contact_id is not None}
    plan = plan_meetings(parsed.meetings, contacts, logged, user_id=turn.user_id,
                         now=turn.now)
    outcome = Outcome(parsed.kind, touchpoints=len(plan.touchpoints),
                      skipped=len(parsed.skipped))
    outcome.lines = [_heading(turn, parsed) + " " + t._(
        "{meetings} past meetings with {contacts} of your contacts become {touchpoints} "
        "touchpoints; {unmatched} meetings match no contact; {known} were logged "
        "already.").format(meetings=plan.matched_meetings, contacts=len(plan.contacts),
                           touchpoints=len(plan.touchpoints),
                           unmatched=plan.unmatched_meetings, known=plan.known)]
    if parsed.skipped:
        outcome.lines.append(skipped_text(t, parsed.skipped) + ".")
    if write:
        by_id = {c.id: c for c in contacts}
        changed: dict[int, Contact] = {}
        for point in sorted(plan.touchpoints, key=lambda p: p.at):
            assert point.contact_id is not None
            contact = changed.get(point.contact_id) or by_id[point.contact_id]
            point.previous_touch_at = contact.last_touch_at
            point.previous_channel = contact.last_channel
            point.previous_next_note = contact.next_note
            point.next_note = contact.next_note
            turn.uow.touchpoints.add(point)
            if contact.last_touch_at is None or point.at >= contact.last_touch_at:
                contact.last_touch_at = point.at
                contact.last_channel = Channel.MEETING
                changed[point.contact_id] = contact
        for contact in changed.values():
            turn.save_contact(contact)
    return outcome


def _judge(turn: Turn, parsed: ParsedFile) -> list[TriageResult]:
    contacts = [KnownContact(n.id, n.name) for n in turn.uow.contacts.names(turn.user_id)
                if n.status != "archived"]
    return [triage(invitation.message[:MAX_REQUEST_CHARS], sender_name=invitation.sender,
                   contacts=contacts, positioning=turn.profile.positioning,
                   user_name=turn.profile.display_name)
            for invitation in parsed.invitations]


def _invitations(turn: Turn, parsed: ParsedFile, write: bool) -> Outcome:
    t = turn.t
    known = {(r.sender_name, r.text_excerpt) for r in turn.uow.requests.all(turn.user_id)}
    fresh = [i for i in parsed.invitations
             if (i.sender, i.message[:MAX_REQUEST_CHARS]) not in known]
    results = _judge(turn, ParsedFile(parsed.kind, invitations=fresh))
    outcome = Outcome(parsed.kind, requests=len(fresh), skipped=len(parsed.skipped))
    for result in results:
        outcome.verdicts[result.verdict] = outcome.verdicts.get(result.verdict, 0) + 1
    outcome.lines = [_heading(turn, parsed) + " " + t._(
        "{count} incoming with a message: {accept} to accept, {ask} to ask for context, "
        "{decline} to decline.").format(
        count=len(fresh), accept=outcome.verdicts.get(Verdict.ACCEPT, 0),
        ask=outcome.verdicts.get(Verdict.ASK_CONTEXT, 0),
        decline=outcome.verdicts.get(Verdict.DECLINE, 0))]
    extra = []
    if parsed.ignored:
        extra.append(t._("{count} left out (sent by you or without a message)").format(
            count=parsed.ignored))
    if len(fresh) < len(parsed.invitations):
        extra.append(t._("{count} judged before").format(
            count=len(parsed.invitations) - len(fresh)))
    if extra:
        outcome.lines.append("; ".join(extra) + ".")
    if parsed.skipped:
        outcome.lines.append(skipped_text(t, parsed.skipped) + ".")
    if write:
        for invitation, result in zip(fresh, results, strict=True):
            record = turn.uow.requests.add(RequestRecord(
                user_id=turn.user_id, text_excerpt=invitation.message[:MAX_REQUEST_CHARS],
                verdict=result.verdict, confidence=result.confidence,
                language=result.language, sender_name=invitation.sender,
                created_at=invitation.sent_at or turn.now,
                contact_id=result.known_sender.id if result.known_sender else None))
            assert record.id is not None
            outcome.judged.append((record.id, result))
    return outcome


def _restore(turn: Turn, parsed: ParsedFile, write: bool) -> Outcome:
    t = turn.t
    assert parsed.document is not None
    existing = list(turn.uow.contacts.list(turn.user_id, include_archived=True))
    history = turn.uow.touchpoints.all(turn.user_id)
    logged = {(p.contact_id, p.at, p.channel) for p in history}
    requests = {(r.created_at, r.text_excerpt) for r in turn.uow.requests.all(turn.user_id)}
    try:
        plan = plan_restore(parsed.document, user_id=turn.user_id, existing=existing,
                            logged=logged, requests=requests)
    except ImportRefused as error:
        raise turn.refuse(refusal_text(t, error)) from None
    outcome = Outcome(parsed.kind, new=len(plan.new), updated=len(plan.updated),
                      merged=len(plan.updated) + len(plan.unchanged),
                      skipped=len(plan.skipped), touchpoints=len(plan.touchpoints),
                      requests=len(plan.requests))
    outcome.lines = [_heading(turn, parsed) + " " + t._(
        "{new} new contacts, {updated} updated, {unchanged} unchanged; {touchpoints} "
        "touchpoints and {requests} requests to add; {known} known already. Your "
        "settings are taken from the file.").format(
        new=outcome.new, updated=outcome.updated, unchanged=len(plan.unchanged),
        touchpoints=outcome.touchpoints, requests=outcome.requests, known=plan.known_history)]
    if plan.skipped:
        outcome.lines.append(skipped_text(t, plan.skipped) + ".")
    if write:
        apply_settings(turn.profile, plan.settings)
        turn.uow.profiles.save(turn.profile)
        ids: dict[object, int] = {}
        for old_id, contact in plan.unchanged:
            assert contact.id is not None
            ids[old_id] = contact.id
        for old_id, contact in plan.updated:
            saved = turn.save_contact(contact)
            assert saved.id is not None
            ids[old_id] = saved.id
        new = [refresh_schedule(contact, turn.profile) for _, contact in plan.new]
        turn.uow.contacts.add_many(new)
        for (old_id, _), contact in zip(plan.new, new, strict=True):
            assert contact.id is not None
            ids[old_id] = contact.id
        for old_contact, point in plan.touchpoints:
            point.contact_id = ids.get(old_contact) if old_contact is not None else None
            turn.uow.touchpoints.add(point)
        for old_contact, record in plan.requests:
            record.contact_id = ids.get(old_contact) if old_contact is not None else None
            turn.uow.requests.add(record)
    return outcome


def done_reply(turn: Turn, outcome: Outcome) -> Reply:
    """What the user sees after confirming: counts, and for invitations the drafts."""
    t = turn.t
    if outcome.kind is FileKind.CALENDAR:
        text = t.n_("Imported {count} touchpoint from your calendar.",
                    "Imported {count} touchpoints from your calendar.",
                    outcome.touchpoints).format(count=outcome.touchpoints)
        return reply(text)
    if outcome.kind is FileKind.LINKEDIN_INVITATIONS:
        return _invitation_drafts(turn, outcome)
    if outcome.kind is FileKind.COACH_JSON:
        return reply(t._("Restored: {new} new contacts, {updated} updated, {touchpoints} "
                         "touchpoints, {requests} requests.").format(
            new=outcome.new, updated=outcome.updated, touchpoints=outcome.touchpoints,
            requests=outcome.requests))
    text = t._("Imported: {new} new, {merged} merged ({updated} of them updated).").format(
        new=outcome.new, merged=outcome.merged, updated=outcome.updated)
    if outcome.new:
        text += "\n" + t._("Sort them into circles a few at a time with /sort.")
        return reply(text, buttons=((Button(t._("Sort now"), Run("/sort"),
                                            ButtonStyle.PRIMARY),),))
    return reply(text)


def _judged_messages(turn: Turn, request_id: int, result: TriageResult) -> list[Message]:
    """One request: advice, reasons and verdict buttons, then the draft to copy."""
    t = turn.t
    out = MessageBuilder()
    out.heading(t._("{name}: my advice is {verdict}.").format(
        name=result.sender_name or t._("unknown sender"),
        verdict=verdict_label(t, result.verdict)))
    for reason in result.reasons[:3]:
        out.item(render_reason(reason, t.language))
    out.buttons(decision_buttons(turn, request_id, result.verdict))
    return [out.message(), draft_message(result.drafts[result.verdict].text, t._("Reply"))]


def _more(turn: Turn) -> Message:
    t = turn.t
    return (MessageBuilder().paragraph(t._("When you have decided these:"))
            .buttons((Button(t._("More drafts"), MoreDrafts()),)).message())


def _invitation_drafts(turn: Turn, outcome: Outcome) -> Reply:
    """The summary, then the first few requests with their verdict buttons and drafts."""
    t = turn.t
    summary = t._("Recorded {count} invitations: {accept} to accept, {ask} to ask for "
                  "context, {decline} to decline. Here are the first; decide them with the "
                  "buttons, then “More drafts” brings the next.").format(
        count=outcome.requests, accept=outcome.verdicts.get(Verdict.ACCEPT, 0),
        ask=outcome.verdicts.get(Verdict.ASK_CONTEXT, 0),
        decline=outcome.verdicts.get(Verdict.DECLINE, 0))
    messages = [*reply(summary).messages]
    for request_id, result in outcome.judged[:DRAFTS_SHOWN]:
        messages.extend(_judged_messages(turn, request_id, result))
    if len(outcome.judged) > DRAFTS_SHOWN:
        messages.append(_more(turn))
    return Reply(tuple(messages))


def more_drafts(turn: Turn) -> Reply:
    """The "More drafts" button: the oldest requests still waiting for a decision."""
    t = turn.t
    open_requests = [r for r in turn.uow.requests.all(turn.user_id) if r.decision is None]
    if not open_requests:
        return reply(t._("Every request has a decision. Well done!"))
    messages = [*reply(t.n_("{count} request waits for a decision.",
                            "{count} requests wait for a decision.", len(open_requests))
                       .format(count=len(open_requests))).messages]
    for record in open_requests[:DRAFTS_SHOWN]:
        assert record.id is not None
        result = assess(turn, record.text_excerpt, record.sender_name)
        messages.extend(_judged_messages(turn, record.id, result))
    if len(open_requests) > DRAFTS_SHOWN:
        messages.append(_more(turn))
    return Reply(tuple(messages))
