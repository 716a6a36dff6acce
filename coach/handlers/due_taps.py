"""Taps on a due contact: Done asks how it went, Snooze redraws the list without them.

The quick-log buttons carry a stamp of the contact's last touch as it was when they
were drawn. Once a touchpoint is logged the stamp no longer matches, so a second tap
on the same button (or on a stale copy of it) logs nothing.
"""

from __future__ import annotations

from coach.actions import Origin, QuickLog, Snooze
from coach.handlers import contacts, reports
from coach.handlers.contacts import MAX_SNOOZE_DAYS
from coach.handlers.touchpoints import record_touchpoint
from coach.model import DEFAULT_MINUTES, Channel, Contact
from coach.nudges import compose_nudge
from coach.parsing.durations import MAX_MINUTES
from coach.questions import HowDidItGo
from coach.render import channel_name, minutes_text, upper_first
from coach.replies import Button, ButtonStyle, MessageBuilder, Reply, popup, reply
from coach.suggestions import suggested_channel
from coach.turn import Turn

# The usual ways a catch-up happens, with typical lengths; the contact's own channel
# is offered first.
QUICK_OPTIONS: tuple[tuple[Channel, int], ...] = (
    (Channel.CALL, 15), (Channel.CALL, 30), (Channel.MEETING, 60), (Channel.MESSAGE, 5),
    (Channel.EMAIL, 10),
)


def stamp(contact: Contact) -> str:
    """The contact's last touch as a short token: changes whenever a touch is logged."""
    if contact.last_touch_at is None:
        return "0"
    return _base36(int(contact.last_touch_at.timestamp()))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


def ask_how(turn: Turn, contact: Contact) -> Reply:
    """"How did it go with Anna?" with one-tap answers; a typed answer works too."""
    t = turn.t
    assert contact.id is not None
    turn.ask(HowDidItGo(contact.id))
    usual = suggested_channel(contact)
    options = [(usual, DEFAULT_MINUTES[usual])]
    options += [o for o in QUICK_OPTIONS if o != options[0]]
    token = stamp(contact)
    buttons = [
        Button(f"{upper_first(channel_name(t, channel))} {minutes_text(t, minutes)}",
               QuickLog(contact.id, channel, minutes, token),
               ButtonStyle.PRIMARY if number == 0 else ButtonStyle.DEFAULT)
        for number, (channel, minutes) in enumerate(options[:5])
    ]
    out = MessageBuilder()
    out.paragraph(t._("How did it go with {name}?").format(name=contact.name))
    out.paragraph(t._("Tap one, or type it, for example: meeting 45m yesterday lunch at the "
                      "fair"))
    out.buttons(tuple(buttons[:3]), tuple(buttons[3:]))
    return out.build()


def log_tap(turn: Turn, contact: Contact, action: QuickLog) -> Reply:
    """Log what the tapped button says, unless a touch was logged since it was drawn."""
    t = turn.t
    if not 0 < action.minutes <= MAX_MINUTES:
        return popup(t._("That button is no longer valid."))
    if action.stamp != stamp(contact):
        return popup(t._("Already logged for {name}; nothing added.").format(name=contact.name))
    pending = turn.profile.pending
    if pending is not None and pending.question == HowDidItGo(action.contact_id):
        turn.close_question()
    answer = record_touchpoint(turn, contact, action.channel, action.minutes, turn.now,
                               None, None)
    return answer.replacing(popup=t._("Logged"))


def snooze_tap(turn: Turn, contact: Contact, action: Snooze) -> Reply:
    """Snooze from a view, then redraw that view in place without the snoozed contact."""
    t = turn.t
    if contact.snoozed_until and contact.snoozed_until > turn.today:
        return popup(t._("{name} is already snoozed; nothing changed.").format(
            name=contact.name))
    if not 0 < action.days <= MAX_SNOOZE_DAYS:
        return popup(t._("That button is no longer valid."))
    contacts.snooze_contact(turn, contact, action.days)
    notice = contacts.snoozed_text(turn, contact)
    redrawn: Reply | None = None
    if action.origin is Origin.DUE:
        redrawn = reports.due(turn, "")
    elif action.origin is Origin.PLAN:
        redrawn = reports.plan(turn, "")
    elif action.origin is Origin.CARD:
        redrawn = contacts.card(turn, contact)
    elif action.origin is Origin.NUDGE:
        redrawn = compose_nudge(turn)
    if redrawn is None:
        return reply(notice).with_popup(notice)
    return redrawn.replacing(popup=notice)
