"""/due, /plan, /week, /birthdays and /network: what the user should do and how it goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coach.birthdays import upcoming
from coach.model import Channel, Circle, Contact, ContactStatus
from coach.ports import DUE_COUNT_CAP
from coach.render import (
    action_phrase,
    ago_text,
    cadence_text,
    channel_name,
    circle_name,
    date_text,
    minutes_text,
)
from coach.replies import Button, ChartAttachment, Reply, ReplyBuilder, reply
from coach.schedule import Rhythm, cadence_days, days_since_contact, is_fresh
from coach.suggestions import suggested_channel, suggested_minutes
from coach.turn import Turn
from coach.weeks import Week, budget_streak, current_week, days_left, logged_minutes

DUE_LIMIT = 10
BUTTON_ROWS = 5
PLAN_CANDIDATES = 40
HISTORY_WEEKS = 104
CHART_WEEKS = 12


def due_line(turn: Turn, contact: Contact) -> str:
    """"Call Anna Schmidt: last contact 92 days ago (every 90 days)"."""
    t = turn.t
    action = action_phrase(t, suggested_channel(contact), contact.name)
    cadence = cadence_text(t, cadence_days(contact, turn.profile))
    since = days_since_contact(contact, turn.today, turn.profile.timezone)
    if contact.last_touch_at is None:
        detail = t._("added {ago}, no contact yet").format(ago=ago_text(t, since))
    else:
        detail = t._("last contact {ago}").format(ago=ago_text(t, since))
    line = f"{action}: {detail} ({cadence})"
    if contact.next_note:
        line += "\n   " + t._("Next time: {note}").format(note=contact.next_note)
    return line


def due_heading(turn: Turn, total: int) -> str:
    """"3 contacts are due:", or "More than 1000 contacts are due:" at the count's cap."""
    t = turn.t
    if total >= DUE_COUNT_CAP:
        return t._("More than {count} contacts are due:").format(count=DUE_COUNT_CAP)
    return t.n_("{count} contact is due:", "{count} contacts are due:", total).format(
        count=total)


def contact_buttons(turn: Turn, contact: Contact) -> tuple[Button, ...]:
    t = turn.t
    first = contact.name.split()[0]
    return (
        Button(t._("✓ {name}").format(name=first), f"done:{contact.id}"),
        Button(t._("Snooze 1 week"), f"snooze:{contact.id}"),
        Button(t._("Draft"), f"draft:{contact.id}"),
    )


def due(turn: Turn, args: str) -> Reply:
    t = turn.t
    contacts = turn.uow.contacts.due(turn.user_id, turn.today, DUE_LIMIT)
    if not contacts:
        return reply(t._("Nobody is due. Your network is in good shape."))
    total = turn.uow.contacts.count_due(turn.user_id, turn.today)
    out = ReplyBuilder()
    out.add(due_heading(turn, total))
    for number, contact in enumerate(contacts, 1):
        out.add(f"{number}. {due_line(turn, contact)}")
    if total > len(contacts):
        out.add(t._("… and {count} more. Start with the first ones.").format(
            count=total - len(contacts)))
    buttons = tuple(contact_buttons(turn, c) for c in contacts[:BUTTON_ROWS])
    return out.build(buttons)


@dataclass(frozen=True)
class PlanItem:
    contact: Contact
    minutes: int


def plan_items(turn: Turn, left: int) -> list[PlanItem]:
    """The most valuable due contacts whose suggested time fits into ``left`` minutes."""
    items = []
    for contact in turn.uow.contacts.due(turn.user_id, turn.today, PLAN_CANDIDATES):
        minutes = suggested_minutes(contact)
        if minutes <= left:
            items.append(PlanItem(contact, minutes))
            left -= minutes
    return items


def week_minutes(turn: Turn, week: Week) -> int:
    """Minutes logged in ``week`` (see :func:`coach.weeks.logged_minutes`)."""
    return logged_minutes(turn.uow.touchpoints, turn.user_id, week.monday).total(week.monday)


def plan(turn: Turn, args: str) -> Reply:
    t = turn.t
    week = current_week(turn.now, turn.profile.timezone)
    budget = turn.profile.budget_minutes
    left = budget - week_minutes(turn, week)
    if left <= 0:
        return reply(t._("This week's budget of {budget} is used up. Well done! "
                         "Anything more is a bonus.").format(budget=minutes_text(t, budget)))
    items = plan_items(turn, left)
    if not items:
        return reply(t._("Nothing to plan: nobody is due who fits into the {left} left "
                         "this week.").format(left=minutes_text(t, left)))
    out = ReplyBuilder()
    out.add(t._("Your plan for this week ({left} left of {budget}):").format(
        left=minutes_text(t, left), budget=minutes_text(t, budget)))
    for number, item in enumerate(items, 1):
        out.add(f"{number}. {due_line(turn, item.contact)} – {minutes_text(t, item.minutes)}")
    planned = sum(i.minutes for i in items)
    out.add(t._("Total: {planned}").format(planned=minutes_text(t, planned)))
    buttons = tuple(contact_buttons(turn, i.contact) for i in items[:BUTTON_ROWS])
    return out.build(buttons)


@dataclass(frozen=True)
class WeekChart:
    """Minutes per week (oldest first, the running week last) against the budget.

    ``channels`` holds each week's minutes by channel, in the order of ``weeks``, so
    the picture can stack them.
    """

    weeks: tuple[tuple[date, int], ...]
    budget: int
    channels: tuple[tuple[tuple[Channel, int], ...], ...] = ()


def minutes_per_week(turn: Turn, this_monday: date, weeks: int) -> dict[date, int]:
    """Total minutes of this week and the ``weeks`` before it, by Monday."""
    return logged_minutes(turn.uow.touchpoints, turn.user_id, this_monday,
                          weeks + 1).totals()


def week_streak(turn: Turn, this_monday: date, this_week_minutes: int | None = None) -> int:
    """Weeks on budget in a row, up to HISTORY_WEEKS back (see :func:`budget_streak`)."""
    if this_week_minutes is None:
        this_week_minutes = week_minutes(turn, current_week(turn.now, turn.profile.timezone))
    return budget_streak(turn.uow.touchpoints, turn.user_id, this_monday,
                         turn.profile.budget_minutes, HISTORY_WEEKS, this_week_minutes)


def week(turn: Turn, args: str) -> Reply:
    t = turn.t
    this_week = current_week(turn.now, turn.profile.timezone)
    budget = turn.profile.budget_minutes
    logged = logged_minutes(turn.uow.touchpoints, turn.user_id, this_week.monday, CHART_WEEKS)
    by_channel = logged.by_channel(this_week.monday)
    spent = logged.total(this_week.monday)
    totals = logged.totals()
    run = week_streak(turn, this_week.monday, spent)
    out = ReplyBuilder()
    out.add(t._("Week of {monday}: {spent} of {budget}").format(
        monday=date_text(t, this_week.monday), spent=minutes_text(t, spent),
        budget=minutes_text(t, budget)))
    for channel, minutes in sorted(by_channel.items(), key=lambda item: -item[1]):
        out.add(f"• {channel_name(t, channel)}: {minutes_text(t, minutes)}")
    left = days_left(turn.now, turn.profile.timezone)
    if spent >= budget:
        out.add(t._("Budget reached. {days} left in the week.").format(
            days=t.n_("{count} day", "{count} days", left).format(count=left)))
    else:
        out.add(t._("{missing} to go, {days} left.").format(
            missing=minutes_text(t, budget - spent),
            days=t.n_("{count} day", "{count} days", left).format(count=left)))
    out.add(t.n_("Streak: {count} week on budget.", "Streak: {count} weeks on budget.",
                 run).format(count=run))
    mondays = [this_week.monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    chart = WeekChart(
        weeks=tuple((monday, totals.get(monday, 0)) for monday in mondays),
        budget=budget,
        channels=tuple(tuple(logged.by_channel(monday).items()) for monday in mondays),
    )
    result = out.build()
    return Reply(result.messages, charts=(ChartAttachment("week", chart),))


def birthdays(turn: Turn, args: str) -> Reply:
    t = turn.t
    contacts = [c for c in turn.uow.contacts.with_birthdays(turn.user_id)
                if c.status is not ContactStatus.ARCHIVED]
    coming = upcoming(contacts, turn.today, 30)
    if not coming:
        return reply(t._("No birthdays in the next 30 days."))
    out = ReplyBuilder()
    out.add(t._("Birthdays in the next 30 days:"))
    for item in coming:
        if item.days_until == 0:
            when = t._("today")
        elif item.days_until == 1:
            when = t._("tomorrow")
        else:
            when = date_text(t, item.day)
        line = f"• {when}: {item.contact.name}"
        if item.turns:
            line += " " + t._("(turns {age})").format(age=item.turns)
        out.add(line)
    return out.build()


@dataclass(frozen=True)
class NetworkDot:
    circle: Circle
    state: str  # "fresh", "fine", "due" or "overdue"


@dataclass(frozen=True)
class NetworkChart:
    dots: tuple[NetworkDot, ...]


def contact_state(turn: Turn, contact: Rhythm, today: date | None = None) -> str:
    """fresh (too soon to call), fine, due, or overdue (past a quarter cadence more)."""
    today = today or turn.today
    if is_fresh(contact, turn.profile, today):
        return "fresh"
    past = today.toordinal() - contact.due_day
    if past < 0:
        return "fine"
    return "overdue" if past >= cadence_days(contact, turn.profile) / 4 else "due"


def network(turn: Turn, args: str) -> Reply:
    t = turn.t
    contacts = turn.uow.contacts.rhythms(turn.user_id)
    if not contacts:
        return reply(t._("You have no contacts yet. Add one with /add Anna Schmidt."))
    today = turn.today
    dots = tuple(NetworkDot(c.circle, contact_state(turn, c, today)) for c in contacts)
    out = ReplyBuilder()
    out.add(t._("Your network by circle:"))
    labels = {"fresh": t._("fresh"), "fine": t._("fine"), "due": t._("due"),
              "overdue": t._("overdue")}
    for circle in Circle:
        in_circle = [d for d in dots if d.circle is circle]
        if not in_circle:
            continue
        counts = ", ".join(
            f"{sum(1 for d in in_circle if d.state == s)} {labels[s]}"
            for s in ("fresh", "fine", "due", "overdue")
        )
        out.add(f"• {circle_name(t, circle)}: {len(in_circle)} ({counts})")
    result = out.build()
    return Reply(result.messages, charts=(ChartAttachment("network", NetworkChart(dots)),))

