"""The dashboard: everything a user wants at a glance, for a platform's home screen.

Today's due contacts (each with Done / Snooze / Draft), this week's minutes against
the budget as numbers a platform can draw as a bar, the birthdays of the next two
weeks and the requests still waiting for a decision. It only reads; showing it never
changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.birthdays import upcoming
from coach.handlers.reports import contact_buttons, due_line, week_minutes
from coach.handlers.requests import verdict_label
from coach.i18n import N_
from coach.model import ContactStatus
from coach.render import date_text
from coach.replies import Button
from coach.turn import Turn
from coach.weeks import current_week

DUE_ON_HOME = 5
BIRTHDAY_DAYS = 14
OPEN_REQUESTS = 5
RECENT_REQUESTS = 20


@dataclass(frozen=True)
class DueItem:
    contact_id: int
    name: str
    line: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Dashboard:
    """What a home screen shows; all texts are translated already."""

    language: str
    due: tuple[DueItem, ...]
    due_total: int
    spent_minutes: int
    budget_minutes: int
    birthdays: tuple[str, ...]
    open_requests: tuple[str, ...]


def dashboard(turn: Turn) -> Dashboard:
    t = turn.t
    contacts = turn.uow.contacts.due(turn.user_id, turn.today, DUE_ON_HOME)
    total = turn.uow.contacts.count_due(turn.user_id, turn.today) if contacts else 0
    items = tuple(DueItem(c.id or 0, c.name, due_line(turn, c), contact_buttons(turn, c))
                  for c in contacts)
    spent = week_minutes(turn, current_week(turn.now, turn.profile.timezone))
    with_birthdays = [c for c in turn.uow.contacts.with_birthdays(turn.user_id)
                      if c.status is not ContactStatus.ARCHIVED]
    birthdays: list[str] = []
    for item in upcoming(with_birthdays, turn.today, BIRTHDAY_DAYS):
        when = (t._("today") if item.days_until == 0 else t._("tomorrow")
                if item.days_until == 1 else date_text(t, item.day))
        birthdays.append(f"{when}: {item.contact.name}")
    open_requests: list[str] = []
    for record in turn.uow.requests.recent(turn.user_id, RECENT_REQUESTS):
        if record.decision is None and len(open_requests) < OPEN_REQUESTS:
            who = record.sender_name or t._("unknown sender")
            open_requests.append(t._("{who}: advice {advice}").format(
                who=who, advice=verdict_label(t, record.verdict)))
    return Dashboard(language=turn.profile.language, due=items, due_total=total,
                     spent_minutes=spent, budget_minutes=turn.profile.budget_minutes,
                     birthdays=tuple(birthdays), open_requests=tuple(open_requests))


# Labels a home screen shows around the dashboard.
TITLE = N_("Your networking coach")
DUE_TITLE = N_("Due now")
NOBODY_DUE = N_("Nobody is due. Your network is in good shape.")
WEEK_TITLE = N_("This week")
WEEK_LINE = N_("{spent} of {budget} minutes ({percent}%)")
BIRTHDAYS_TITLE = N_("Birthdays in the next two weeks")
NO_BIRTHDAYS = N_("No birthdays in the next two weeks.")
REQUESTS_TITLE = N_("Requests waiting for your decision")
NO_REQUESTS = N_("No open requests.")
MORE_DUE = N_("{count} more are due; /due lists them all.")
