"""The dashboard: everything a user wants at a glance, for a platform's home screen.

Today's due contacts (each with Done / Snooze / Draft / Edit), this week's minutes
against the budget as a progress block (numbers a platform draws as a bar), the
birthdays of the next two weeks and the requests still waiting for a decision, with
their decision buttons. It only reads; showing it never changes anything.
"""

from __future__ import annotations

from coach.actions import EditContact, Origin
from coach.birthdays import upcoming
from coach.handlers.reports import contact_buttons, due_detail, due_line, week_minutes
from coach.handlers.requests import decision_buttons, verdict_label
from coach.i18n import N_
from coach.model import ContactStatus
from coach.render import date_text
from coach.replies import Button, MessageBuilder, Reply
from coach.turn import Turn
from coach.weeks import current_week

DUE_ON_HOME = 5
BIRTHDAY_DAYS = 14
OPEN_REQUESTS = 5
RECENT_REQUESTS = 20

TITLE = N_("Your networking coach")
DUE_TITLE = N_("Due now")
NOBODY_DUE = N_("Nobody is due. Your network is in good shape.")
WEEK_LINE = N_("{spent} of {budget} minutes this week")
BIRTHDAYS_TITLE = N_("Birthdays in the next two weeks")
NO_BIRTHDAYS = N_("No birthdays in the next two weeks.")
REQUESTS_TITLE = N_("Requests waiting for your decision")
NO_REQUESTS = N_("No open requests.")
MORE_DUE = N_("{count} more are due; /due lists them all.")
EDIT = N_("Edit")


def dashboard(turn: Turn) -> Reply:
    t = turn.t
    out = MessageBuilder()
    out.heading(t._(TITLE))
    spent = week_minutes(turn, current_week(turn.now, turn.profile.timezone))
    budget = turn.profile.budget_minutes
    out.progress(spent, budget, t._(WEEK_LINE).format(spent=spent, budget=budget))

    out.heading(t._(DUE_TITLE))
    due = turn.uow.contacts.due(turn.user_id, turn.today, DUE_ON_HOME)
    if not due:
        out.paragraph(t._(NOBODY_DUE))
    for contact in due:
        assert contact.id is not None
        buttons = contact_buttons(turn, contact, Origin.DUE)
        if buttons:
            buttons = (*buttons, Button(t._(EDIT), EditContact(contact.id)))
        out.item(due_line(turn, contact), due_detail(turn, contact), buttons)
    if due:
        total = turn.uow.contacts.count_due(turn.user_id, turn.today)
        if total > len(due):
            out.paragraph(t._(MORE_DUE).format(count=total - len(due)))

    out.heading(t._(BIRTHDAYS_TITLE))
    with_birthdays = [c for c in turn.uow.contacts.with_birthdays(turn.user_id)
                      if c.status is not ContactStatus.ARCHIVED]
    coming = upcoming(with_birthdays, turn.today, BIRTHDAY_DAYS)
    if not coming:
        out.paragraph(t._(NO_BIRTHDAYS))
    for item in coming:
        when = (t._("today") if item.days_until == 0 else t._("tomorrow")
                if item.days_until == 1 else date_text(t, item.day))
        out.item(f"{when}: {item.contact.name}")

    out.heading(t._(REQUESTS_TITLE))
    waiting = [r for r in turn.uow.requests.recent(turn.user_id, RECENT_REQUESTS)
               if r.decision is None][:OPEN_REQUESTS]
    if not waiting:
        out.paragraph(t._(NO_REQUESTS))
    for record in waiting:
        assert record.id is not None
        who = record.sender_name or t._("unknown sender")
        excerpt = " ".join(record.text_excerpt.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "…"
        buttons = decision_buttons(turn, record.id, record.verdict) if turn.has_buttons \
            else ()
        out.item(t._("{who}: advice {advice}").format(
            who=who, advice=verdict_label(t, record.verdict)), f"“{excerpt}”", buttons)
    return out.build()
