"""/log and /undo: recording contact moments and taking the last one back."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from coach.actions import UndoLog
from coach.commands import LogCommand
from coach.handlers.reports import week_minutes
from coach.model import DEFAULT_MINUTES, Channel, Contact, Touchpoint
from coach.parsing import parse_log
from coach.render import (
    ago_text,
    cadence_text,
    channel_name,
    date_text,
    minutes_text,
)
from coach.replies import Button, MessageBuilder, Reply, popup, reply
from coach.schedule import cadence_days, days_since_contact, due_date, is_fresh, local_date
from coach.suggestions import suggested_channel
from coach.turn import Turn
from coach.weeks import current_week

# A note is a reminder, not a transcript; this also keeps pasted junk out of the store.
MAX_NOTE_CHARS = 2_000


def log(turn: Turn, args: str) -> Reply:
    command = parse_log(args, turn.today)
    contact = None
    if command.contact_ref is not None:
        rest = args.strip()[len(command.contact_ref):].strip()
        contact = turn.find_contact(command.contact_ref, command="/log", rest=rest)
    return _log_parsed(turn, contact, command)


def log_for(turn: Turn, contact: Contact, text: str) -> Reply:
    """Log with a known contact from a plain answer such as "call 15m yesterday"."""
    return _log_parsed(turn, contact, parse_log(text, turn.today))


def _log_parsed(turn: Turn, contact: Contact | None, command: LogCommand) -> Reply:
    if contact is None:
        channel = command.channel or Channel.EVENT
    else:
        channel = command.channel or suggested_channel(contact)
    minutes = command.minutes or DEFAULT_MINUTES[channel]
    at = turn.now
    if command.day is not None and command.day != turn.today:
        # A past day without a time: noon, so it stays on that day in any nearby zone.
        local = datetime.combine(command.day, time(12), tzinfo=ZoneInfo(turn.profile.timezone))
        at = local.astimezone(ZoneInfo("UTC"))
    return record_touchpoint(turn, contact, channel, minutes, at, command.note,
                             command.next_note)


def record_touchpoint(turn: Turn, contact: Contact | None, channel: Channel, minutes: int,
                      at: datetime, note: str | None, next_note: str | None, *,
                      incoming: bool = False) -> Reply:
    """Store a touchpoint, move the contact's schedule on, and say what changed.

    The confirmation carries an Undo button for exactly this touchpoint.
    """
    t = turn.t
    for text in (note, next_note):
        if text is not None and len(text) > MAX_NOTE_CHARS:
            raise turn.refuse(t._("That is too long to store ({limit} characters at most). "
                                  "Nothing was changed.").format(limit=MAX_NOTE_CHARS))
    out = MessageBuilder()
    point = Touchpoint(user_id=turn.user_id, channel=channel, at=at, minutes=minutes,
                       note=note, incoming=incoming, next_note=next_note,
                       created_at=turn.now)
    # The reply names the stored day, so "24.12." or "letzte Woche" can be checked at a glance.
    day = date_text(t, local_date(at, turn.profile.timezone))
    if contact is None:
        point = turn.uow.touchpoints.add(point)
        out.paragraph(t._("Logged {minutes} of networking ({channel}) on {day}.").format(
            minutes=minutes_text(t, minutes), channel=channel_name(t, channel), day=day))
    else:
        assert contact.id is not None
        # Only a new contact moment can come too soon; back-filling history cannot.
        was_fresh = (is_fresh(contact, turn.profile, turn.today)
                     and contact.last_touch_at is not None and at >= contact.last_touch_at)
        days_before = (days_since_contact(contact, turn.today, turn.profile.timezone)
                       if contact.last_touch_at else None)
        previous_note = contact.next_note
        point.contact_id = contact.id
        contact.record_touch(point)
        point = turn.uow.touchpoints.add(point)
        turn.save_contact(contact)
        due = due_date(contact)
        logged = (t._("Logged: {channel} with {name}, {minutes}, on {day}. Due since {due}.")
                  if due < turn.today else
                  t._("Logged: {channel} with {name}, {minutes}, on {day}. Next due on {due}."))
        out.paragraph(logged.format(channel=channel_name(t, channel), name=contact.name,
                                    minutes=minutes_text(t, minutes), day=day,
                                    due=date_text(t, due)))
        if previous_note and contact.next_note != previous_note:
            out.paragraph(t._("Your reason for this one was: {note}").format(note=previous_note))
        if next_note:
            out.paragraph(t._("Noted for next time: {note}").format(note=next_note))
        if was_fresh and days_before is not None:
            out.paragraph(t._("You were already in touch {ago}. Regularly, but not too often: "
                              "for {name}, {cadence} is plenty.").format(
                ago=ago_text(t, days_before), name=contact.name,
                cadence=cadence_text(t, cadence_days(contact, turn.profile))))
    week = current_week(turn.now, turn.profile.timezone)
    spent = week_minutes(turn, week)
    budget = turn.profile.budget_minutes
    if spent > budget:
        over = t._("This week: {spent}, that is {over} over your budget of {budget}.")
        out.paragraph(over.format(spent=minutes_text(t, spent),
                                  over=minutes_text(t, spent - budget),
                                  budget=minutes_text(t, budget)))
    else:
        out.paragraph(t._("This week: {spent} of {budget}.").format(
            spent=minutes_text(t, spent), budget=minutes_text(t, budget)))
    if turn.has_buttons and point.id is not None:
        out.buttons((Button(t._("Undo"), UndoLog(point.id)),))
    return out.build()


def undo(turn: Turn, args: str) -> Reply:
    """Take back the newest log, or with a name the newest log with that contact.

    The engine holds the user's lock for the whole unit of work, so two /undo at once
    take back two different logs; the delete is checked all the same, and a log that is
    gone already is never reported as taken back.
    """
    t = turn.t
    if args.strip():
        wanted = turn.find_contact(args.strip(), command="/undo")
        point = turn.uow.touchpoints.latest(turn.user_id, contact_id=wanted.id)
        if point is None or point.id is None:
            return reply(t._("There is no log with {name} to undo.").format(name=wanted.name))
    else:
        point = turn.uow.touchpoints.latest(turn.user_id)
    if point is None or point.id is None:
        return reply(t._("There is nothing to undo."))
    return _take_back(turn, point)


def undo_touchpoint(turn: Turn, touchpoint_id: int) -> Reply:
    """The Undo button of one log confirmation: takes back exactly that touchpoint, once."""
    point = turn.uow.touchpoints.get(turn.user_id, touchpoint_id)
    if point is None:
        return popup(turn.t._("That was already taken back."))
    answer = _take_back(turn, point)
    return answer.replacing(popup=turn.t._("Taken back"))


def _take_back(turn: Turn, point: Touchpoint) -> Reply:
    t = turn.t
    assert point.id is not None
    if not turn.uow.touchpoints.delete(turn.user_id, point.id):
        raise turn.refuse(t._("That log was just taken back already. Nothing was changed."))
    name = None
    if point.contact_id is not None:
        contact = turn.uow.contacts.get(turn.user_id, point.contact_id)
        if contact is not None:
            name = contact.name
            contact.undo_touch(point)
            turn.save_contact(contact)
    when = date_text(t, local_date(point.at, turn.profile.timezone))
    if name:
        return reply(t._("Taken back: {channel} with {name} on {date} ({minutes}).").format(
            channel=channel_name(t, point.channel), name=name, date=when,
            minutes=minutes_text(t, point.minutes)))
    return reply(t._("Taken back: {channel} on {date} ({minutes}).").format(
        channel=channel_name(t, point.channel), date=when,
        minutes=minutes_text(t, point.minutes)))
