"""/log and /undo: recording contact moments and taking the last one back."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

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
from coach.replies import Reply, ReplyBuilder, reply
from coach.schedule import cadence_days, days_since_contact, due_date, is_fresh
from coach.suggestions import suggested_channel
from coach.turn import Turn
from coach.weeks import current_week

# A note is a reminder, not a transcript; this also keeps pasted junk out of the store.
MAX_NOTE_CHARS = 2_000


def log(turn: Turn, args: str) -> Reply:
    command = parse_log(args, turn.today)
    if command.contact_ref is None:
        channel = command.channel or Channel.EVENT
        contact = None
    else:
        rest = args.strip()[len(command.contact_ref):].strip()
        contact = turn.find_contact(command.contact_ref, command="/log", rest=rest)
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
    """Store a touchpoint, move the contact's schedule on, and say what changed."""
    t = turn.t
    for text in (note, next_note):
        if text is not None and len(text) > MAX_NOTE_CHARS:
            raise turn.refuse(t._("That is too long to store ({limit} characters at most). "
                                  "Nothing was changed.").format(limit=MAX_NOTE_CHARS))
    out = ReplyBuilder()
    point = Touchpoint(user_id=turn.user_id, channel=channel, at=at, minutes=minutes,
                       note=note, incoming=incoming, next_note=next_note,
                       created_at=turn.now)
    if contact is None:
        turn.uow.touchpoints.add(point)
        out.add(t._("Logged {minutes} of networking ({channel}).").format(
            minutes=minutes_text(t, minutes), channel=channel_name(t, channel)))
    else:
        assert contact.id is not None
        # Only a new contact moment can come too soon; back-filling history cannot.
        was_fresh = (is_fresh(contact, turn.profile, turn.today)
                     and contact.last_touch_at is not None and at >= contact.last_touch_at)
        days_before = (days_since_contact(contact, turn.today, turn.profile.timezone)
                       if contact.last_touch_at else None)
        previous_note = contact.next_note
        point.contact_id = contact.id
        point.previous_touch_at = contact.last_touch_at
        point.previous_channel = contact.last_channel
        point.previous_next_note = contact.next_note
        turn.uow.touchpoints.add(point)
        if contact.last_touch_at is None or at >= contact.last_touch_at:
            contact.last_touch_at = at
            contact.last_channel = channel
            # The note was the reason for this contact moment; a new one replaces it.
            contact.next_note = next_note
        elif next_note:
            contact.next_note = next_note
        contact.snoozed_until = None
        turn.save_contact(contact)
        out.add(t._("Logged: {channel} with {name}, {minutes}. Next due on {due}.").format(
            channel=channel_name(t, channel), name=contact.name,
            minutes=minutes_text(t, minutes), due=date_text(t, due_date(contact))))
        if previous_note and contact.next_note != previous_note:
            out.add(t._("Your reason for this one was: {note}").format(note=previous_note))
        if next_note:
            out.add(t._("Noted for next time: {note}").format(note=next_note))
        if was_fresh and days_before is not None:
            out.add(t._("You were in touch {ago} already. Regularly, but not too often: "
                        "for {name}, {cadence} is plenty.").format(
                ago=ago_text(t, days_before), name=contact.name,
                cadence=cadence_text(t, cadence_days(contact, turn.profile))))
    week = current_week(turn.now, turn.profile.timezone)
    spent = week_minutes(turn, week)
    out.add(t._("This week: {spent} of {budget}.").format(
        spent=minutes_text(t, spent), budget=minutes_text(t, turn.profile.budget_minutes)))
    return out.build()


def undo(turn: Turn, args: str) -> Reply:
    t = turn.t
    point = turn.uow.touchpoints.latest(turn.user_id)
    if point is None or point.id is None:
        return reply(t._("There is nothing to undo."))
    name = None
    if point.contact_id is not None:
        contact = turn.uow.contacts.get(turn.user_id, point.contact_id)
        if contact is not None:
            name = contact.name
            if contact.last_touch_at == point.at:
                contact.last_touch_at = point.previous_touch_at
                contact.last_channel = point.previous_channel
                contact.next_note = point.previous_next_note
            turn.save_contact(contact)
    turn.uow.touchpoints.delete(turn.user_id, point.id)
    when = date_text(t, point.at.astimezone(ZoneInfo(turn.profile.timezone)).date())
    if name:
        return reply(t._("Taken back: {channel} with {name} on {date} ({minutes}).").format(
            channel=channel_name(t, point.channel), name=name, date=when,
            minutes=minutes_text(t, point.minutes)))
    return reply(t._("Taken back: {channel} on {date} ({minutes}).").format(
        channel=channel_name(t, point.channel), date=when,
        minutes=minutes_text(t, point.minutes)))
