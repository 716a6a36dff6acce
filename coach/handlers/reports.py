"""/due, /plan, /week, /birthdays and /network: what the user should do and how it goes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coach.actions import AskHow, Opener, Origin, Snooze
from coach.birthdays import upcoming
from coach.i18n import Translator
from coach.model import Channel, Circle, Contact, ContactStatus, Profile
from coach.parsing import parse_period_days
from coach.ports import DUE_COUNT_CAP, ContactRhythm
from coach.render import (
    action_phrase,
    ago_text,
    cadence_text,
    channel_name,
    circle_name,
    date_text,
    days_text,
    minutes_text,
    upper_first,
)
from coach.replies import Button, ButtonStyle, Chart, MessageBuilder, Reply, reply
from coach.schedule import FRESH_SHARE, cadence_days, days_since_contact
from coach.suggestions import suggested_channel, suggested_minutes
from coach.turn import Turn
from coach.weeks import Week, budget_streak, current_week, days_left, logged_minutes

DUE_LIMIT = 10
BUTTON_ROWS = 5
PLAN_CANDIDATES = 40
SMALL_NETWORK = 5  # fewer contacts than this: "nothing due" says how to grow the network
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
    return f"{action}: {detail} ({cadence})"


def due_detail(turn: Turn, contact: Contact) -> str | None:
    """The reason for the next contact, when the user noted one."""
    if not contact.next_note:
        return None
    return turn.t._("Next time: {note}").format(note=contact.next_note)


def due_heading(turn: Turn, total: int) -> str:
    """"3 contacts are due", or "More than 1000 contacts are due" at the count's cap."""
    t = turn.t
    if total >= DUE_COUNT_CAP:
        return t._("More than {count} contacts are due").format(count=DUE_COUNT_CAP)
    return t.n_("{count} contact is due", "{count} contacts are due", total).format(
        count=total)


def contact_buttons(turn: Turn, contact: Contact, origin: Origin) -> tuple[Button, ...]:
    """Done, Snooze and Draft beside a due contact (none in the terminal)."""
    t = turn.t
    if not turn.has_buttons:
        return ()
    assert contact.id is not None
    first = contact.name.split()[0]
    return (
        Button(t._("✓ {name}").format(name=first), AskHow(contact.id), ButtonStyle.PRIMARY),
        Button(t._("Snooze 1 week"), Snooze(contact.id, 7, origin)),
        Button(t._("Draft"), Opener(contact.id)),
    )


def empty_network(turn: Turn) -> Reply | None:
    """How to start, when there is no network yet to report on."""
    if turn.uow.contacts.count(turn.user_id) > 0:
        return None
    t = turn.t
    return reply(t._("Your network is still empty. Add the first person with /add Anna "
                     "Schmidt, send me your LinkedIn Connections.csv or a vCard file to import "
                     "your contacts, or look around in an example network with /start demo."))


def small_network(turn: Turn) -> Reply | None:
    """With only a handful of contacts, "nothing due" is no praise yet: how to grow it."""
    count = turn.uow.contacts.count(turn.user_id)
    if count >= SMALL_NETWORK:
        return None
    t = turn.t
    return reply(t.n_(
        "Nobody is due yet. With {count} contact your network has only just started: add "
        "the people who matter with /add and their name, or look around in an example "
        "network with /start demo.",
        "Nobody is due yet. With {count} contacts your network has only just started: add "
        "the people who matter with /add and their name, or look around in an example "
        "network with /start demo.", count).format(count=count))


def due(turn: Turn, args: str) -> Reply:
    """The most urgent due contacts: ten, or as many as asked for (``/due 3``)."""
    t = turn.t
    limit = DUE_LIMIT
    if args.strip().isascii() and args.strip().isdigit():
        limit = min(max(int(args.strip()), 1), DUE_LIMIT)
    contacts = turn.uow.contacts.due(turn.user_id, turn.today, limit)
    if not contacts:
        return empty_network(turn) or small_network(turn) or reply(
            t._("Nobody is due. Your network is in good shape."))
    total = turn.uow.contacts.count_due(turn.user_id, turn.today)
    out = MessageBuilder()
    out.heading(due_heading(turn, total))
    for number, contact in enumerate(contacts):
        buttons = contact_buttons(turn, contact, Origin.DUE) if number < BUTTON_ROWS else ()
        out.item(due_line(turn, contact), due_detail(turn, contact), buttons, numbered=True)
    if total > len(contacts):
        out.paragraph(t._("… and {count} more. Start with the first ones.").format(
            count=total - len(contacts)))
    return out.build()


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
        nothing_due = not turn.uow.contacts.due(turn.user_id, turn.today, 1)
        return empty_network(turn) or (small_network(turn) if nothing_due else None) or reply(
            t._("Nothing to plan: nobody is due who fits into the {left} left this week.")
            .format(left=minutes_text(t, left)))
    out = MessageBuilder()
    out.heading(t._("Your plan for this week ({left} left of {budget})").format(
        left=minutes_text(t, left), budget=minutes_text(t, budget)))
    for number, item in enumerate(items):
        buttons = (contact_buttons(turn, item.contact, Origin.PLAN)
                   if number < BUTTON_ROWS else ())
        out.item(f"{due_line(turn, item.contact)} – {minutes_text(t, item.minutes)}",
                 due_detail(turn, item.contact), buttons, numbered=True)
    planned = sum(i.minutes for i in items)
    out.paragraph(t._("Total: {planned}").format(planned=minutes_text(t, planned)))
    return out.build()


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


# What /birthdays shows without a span, and the longest span it takes.
BIRTHDAY_DAYS = 30
MAX_BIRTHDAY_DAYS = 366


def streak_text(t: Translator, run: int) -> str:
    """The streak in a sentence; "0 weeks" reads like a reproach, so none says how to
    start one."""
    if run == 0:
        return t._("No streak yet: reach your budget in a week to start one.")
    return t.n_("Streak: {count} week on budget.", "Streak: {count} weeks on budget.",
                run).format(count=run)


def week(turn: Turn, args: str) -> Reply:
    t = turn.t
    this_week = current_week(turn.now, turn.profile.timezone)
    budget = turn.profile.budget_minutes
    logged = logged_minutes(turn.uow.touchpoints, turn.user_id, this_week.monday, CHART_WEEKS)
    by_channel = logged.by_channel(this_week.monday)
    spent = logged.total(this_week.monday)
    totals = logged.totals()
    # Minutes in the chart's weeks mean there are touchpoints; counting them (all of
    # them, at 30,000) is left for the rare week report with none to show.
    if not any(totals.values()) and turn.uow.touchpoints.count(turn.user_id) == 0 and (
            empty := empty_network(turn)) is not None:
        return empty
    run = week_streak(turn, this_week.monday, spent)
    out = MessageBuilder()
    if spent > budget:
        progress = t._("{spent}, that is {over} over your budget of {budget}").format(
            spent=minutes_text(t, spent), over=minutes_text(t, spent - budget),
            budget=minutes_text(t, budget))
    else:
        progress = t._("{spent} of {budget}").format(spent=minutes_text(t, spent),
                                                     budget=minutes_text(t, budget))
    out.heading(t._("Week of {monday}: {progress}").format(
        monday=date_text(t, this_week.monday), progress=progress))
    out.progress(spent, budget, f"{round(100 * spent / budget)} %" if budget else "")
    for channel, minutes in sorted(by_channel.items(), key=lambda item: -item[1]):
        out.item(f"{upper_first(channel_name(t, channel))}: {minutes_text(t, minutes)}")
    left = days_left(turn.now, turn.profile.timezone)
    if spent >= budget:
        out.paragraph(t._("Budget reached. {days} left in the week.").format(
            days=days_text(t, left)))
    else:
        out.paragraph(t._("{missing} to go, {days} left.").format(
            missing=minutes_text(t, budget - spent), days=days_text(t, left)))
    out.paragraph(streak_text(t, run))
    mondays = [this_week.monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    weeks = tuple((monday, totals.get(monday, 0)) for monday in mondays
    )
    chart = Chart(
        kind="week",
        data=WeekChart(weeks=weeks, budget=budget,
                       channels=tuple(tuple(logged.by_channel(monday).items())
                                      for monday in mondays)),
        title=t._("Minutes per week"),
        caption=t._("Your last {count} weeks against your budget of {budget}.").format(
            count=CHART_WEEKS, budget=minutes_text(t, budget)),
        alt_text=t._("Bar chart: {spent} this week; on budget in {hits} of the last {count} "
                     "weeks.").format(spent=minutes_text(t, spent),
                                      hits=sum(1 for _, m in weeks if m >= budget),
                                      count=CHART_WEEKS),
        labels={"x_axis": t._("Week starting"), "y_axis": t._("Minutes"),
                "budget": t._("Budget {minutes} min"), "this_week": t._("this week"),
                # A legend's entries start with a capital, like its German nouns.
                **{c.value: upper_first(channel_name(t, c)) for c in Channel}},
    )
    return Reply(out.build().messages, charts=(chart,))


def birthdays(turn: Turn, args: str) -> Reply:
    """``/birthdays`` for the next 30 days, ``/birthdays 90`` or ``/birthdays 3 months``
    for another span up to a year."""
    t = turn.t
    days = BIRTHDAY_DAYS
    if args.strip():
        days = parse_period_days(args.strip()) or 0
        if not 1 <= days <= MAX_BIRTHDAY_DAYS:
            raise turn.refuse(t._("I can look up to a year ahead. Try /birthdays 60 or "
                                  "/birthdays 3 months."))
    contacts = [c for c in turn.uow.contacts.with_birthdays(turn.user_id)
                if c.status is not ContactStatus.ARCHIVED]
    coming = upcoming(contacts, turn.today, days)
    if not coming:
        return reply(t.n_("No birthdays in the next {days} day.",
                          "No birthdays in the next {days} days.", days).format(days=days))
    out = MessageBuilder()
    out.heading(t.n_("Birthdays in the next {days} day", "Birthdays in the next {days} days",
                     days).format(days=days))
    for item in coming:
        if item.days_until == 0:
            when = t._("today")
        elif item.days_until == 1:
            when = t._("tomorrow")
        else:
            when = date_text(t, item.day)
        line = f"{when}: {item.contact.name}"
        if item.turns:
            line += " " + t._("(turns {age})").format(age=item.turns)
        out.item(line)
    return out.build()


NETWORK_STATES = ("fresh", "fine", "due", "overdue")


@dataclass(frozen=True)
class NetworkChart:
    """How many active contacts each circle has in each of :data:`NETWORK_STATES`."""

    counts: Mapping[tuple[Circle, str], int]

    def count(self, circle: Circle | None = None, state: str | None = None) -> int:
        """Contacts in ``circle`` and ``state``; either left out counts all of it."""
        return sum(number for (c, s), number in self.counts.items()
                   if circle in (None, c) and state in (None, s))


def contact_state(contact: ContactRhythm, profile: Profile, today: date) -> str:
    """fresh (too soon to call), fine, due, or overdue (past a quarter cadence more).

    The same as :func:`coach.schedule.is_fresh` and the due day say, from the stored
    due day alone: the last touchpoint was ``cadence`` days before it.
    """
    cadence = contact.cadence_days or profile.cadence_for(contact.circle)
    past = today.toordinal() - contact.due_day
    if contact.touched and past + cadence < cadence * FRESH_SHARE:
        return "fresh"
    if past < 0:
        return "fine"
    return "overdue" if past >= cadence / 4 else "due"


def network(turn: Turn, args: str) -> Reply:
    t = turn.t
    chart_data = NetworkChart(turn.uow.contacts.network_counts(
        turn.user_id, turn.today, {c: turn.profile.cadence_for(c) for c in Circle}))
    total = chart_data.count()
    if not total:
        return empty_network(turn) or reply(
            t._("None of your contacts is in your suggestions right now; /contacts lists "
                "the paused and archived ones."))
    out = MessageBuilder()
    out.heading(t._("Your network by circle"))
    labels = {"fresh": t._("fresh"), "fine": t._("fine"), "due": t._("due"),
              "overdue": t._("overdue")}
    for circle in Circle:
        in_circle = chart_data.count(circle)
        if not in_circle:
            continue
        counts = ", ".join(f"{chart_data.count(circle, s)} {labels[s]}" for s in NETWORK_STATES)
        out.item(f"{upper_first(circle_name(t, circle))}: {in_circle} ({counts})")
    overdue = chart_data.count(state="overdue")
    chart = Chart(
        kind="network",
        data=chart_data,
        title=t._("Your network"),
        caption=t._("Each ring is a circle, the close one innermost, split by how due its "
                    "contacts are."),
        alt_text=t.n_("{count} contact in four rings, {overdue} of them overdue.",
                      "{count} contacts in four rings, {overdue} of them overdue.",
                      total).format(count=total, overdue=overdue),
        labels={**labels, **{c.value: circle_name(t, c) for c in Circle}},
    )
    return Reply(out.build().messages, charts=(chart,))
