"""The daily nudge and the weekly plan: when they are due and what they say.

Whether a nudge is due is decided from the user's local wall clock, so "08:30" means
08:30 in Berlin in winter and in summer. Delivery (claiming, sending, exactly once)
belongs to storage and the adapters; this module only answers "is it time, and for
which local day?" and "what would the message be?", so ``/nudge`` and the scheduler
show the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.actions import Origin
from coach.birthdays import UpcomingBirthday, upcoming
from coach.handlers import reports
from coach.i18n import translator
from coach.model import ContactStatus, Formality, NudgeDays, Profile
from coach.openers import formality, salutation, sign_off
from coach.ports import DUE_COUNT_CAP, UnitOfWorkFactory
from coach.render import date_text, days_text, minutes_text
from coach.replies import Message, MessageBuilder, Paragraph, Reply, draft_message
from coach.turn import Turn
from coach.weeks import current_week, days_left

NUDGE_CONTACTS = 3
BIRTHDAY_WINDOW_DAYS = 7
# A nudge time inside a spring-forward gap moves to the first valid minute; gaps are
# at most a few hours, so this bounds the search generously.
_MAX_GAP_MINUTES = 24 * 60

DAILY = "daily"
WEEKLY_PLAN = "weekly_plan"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _exists(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether the aware local ``moment`` is a wall time the clock actually shows."""
    back = moment.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def fire_at(day: date, at: time, timezone: str) -> datetime:
    """The UTC instant the local wall time ``at`` on ``day`` is reached.

    A time skipped by a spring-forward change fires at the first valid minute after
    it; a time that occurs twice on fall-back day fires at its first occurrence (the
    claim per local day keeps it from firing again at the second).
    """
    zone = _zone(timezone)
    naive = datetime.combine(day, at.replace(tzinfo=None))
    moment = naive.replace(tzinfo=zone, fold=0)
    if _exists(moment, zone):
        return moment.astimezone(UTC)
    candidate = naive.replace(second=0, microsecond=0)
    for _ in range(_MAX_GAP_MINUTES):
        candidate += timedelta(minutes=1)
        moment = candidate.replace(tzinfo=zone)
        if _exists(moment, zone):
            return moment.astimezone(UTC)
    raise AssertionError("a time zone gap lasts less than a day")  # pragma: no cover


def nudge_day(timezone: str, nudge_time: time, nudge_days: NudgeDays,
              now: datetime) -> date | None:
    """The local day whose daily nudge is due at ``now``, from the bare settings.

    Split from :func:`is_nudge_due` so the scheduler can decide for thousands of users
    from a few selected columns without building whole profiles.
    """
    if nudge_days is NudgeDays.OFF:
        return None
    today = now.astimezone(_zone(timezone)).date()
    if nudge_days is NudgeDays.WEEKDAYS and today.weekday() >= 5:
        return None
    if now < fire_at(today, nudge_time, timezone):
        return None
    return today


def slot_day(timezone: str, slot_weekday: int | None, slot_time: time | None,
             now: datetime) -> date | None:
    """The local day whose weekly-slot plan is due at ``now``, from the bare settings."""
    if slot_weekday is None or slot_time is None:
        return None
    today = now.astimezone(_zone(timezone)).date()
    if today.weekday() != slot_weekday or now < fire_at(today, slot_time, timezone):
        return None
    return today


def is_nudge_due(profile: Profile, now: datetime) -> date | None:
    """The local day for which the daily nudge is due at ``now``, or None.

    Due from the nudge time until the end of that local day, so a worker that was down
    at the nudge minute still sends it when it comes back (the claim keeps it single).
    """
    if profile.unreachable:
        return None
    return nudge_day(profile.timezone, profile.nudge_time, profile.nudge_days, now)


def is_slot_due(profile: Profile, now: datetime) -> date | None:
    """The local day for which the weekly-slot plan is due at ``now``, or None.

    The slot is a setting of its own: switching the daily nudge off leaves it alone.
    """
    if profile.unreachable:
        return None
    return slot_day(profile.timezone, profile.slot_weekday, profile.slot_time, now)


def birthday_greeting(item: UpcomingBirthday, profile: Profile) -> str:
    """A short greeting in the contact's language (else the user's), ready to send."""
    contact = item.contact
    t = translator(contact.language or profile.language)
    informal = formality(contact) is Formality.INFORMAL
    if informal:
        lines = [t._("Happy birthday, {first}!").format(first=contact.name.split()[0]),
                 t._("All the best for the year ahead. I hope we catch up soon.")]
    else:
        lines = [salutation(t, contact, informal),
                 t._("Happy birthday and all the best for the year ahead!")]
    return "\n".join(lines + sign_off(t, profile, informal))


def compose_nudge(turn: Turn) -> Reply | None:
    """Today's nudge: the top due contacts, birthdays, the week's budget.

    On Monday it also reviews last week. None when there is nothing worth a message,
    so a quiet network gets no noise.
    """
    t = turn.t
    today = turn.today
    profile = turn.profile
    due = turn.uow.contacts.due(turn.user_id, today, NUDGE_CONTACTS)
    people = [c for c in turn.uow.contacts.with_birthdays(turn.user_id)
              if c.status is not ContactStatus.ARCHIVED]
    coming = upcoming(people, today, BIRTHDAY_WINDOW_DAYS)
    birthdays_today = [b for b in coming if b.days_until == 0]
    birthdays_soon = [b for b in coming if b.days_until > 0]
    monday = today.weekday() == 0
    review = monday and turn.uow.contacts.count(turn.user_id) > 0
    if not due and not coming and not review:
        return None

    out = MessageBuilder()
    if due:
        # Counting costs a query; fewer than a full page means that page is everything.
        total = (turn.uow.contacts.count_due(turn.user_id, today)
                 if len(due) == NUDGE_CONTACTS else len(due))
        out.heading(reports.due_heading(turn, total))
        for contact in due:
            out.item(reports.due_line(turn, contact), reports.due_detail(turn, contact),
                     reports.contact_buttons(turn, contact, Origin.NUDGE), numbered=True)
        if total > len(due):
            more = min(total, DUE_COUNT_CAP) - len(due)
            out.paragraph(t.n_("+{count} more due: /due", "+{count} more due: /due",
                               more).format(count=more))
    else:
        out.paragraph(t._("Nobody is due today."))
    for item in birthdays_today:
        line = t._("Today is {name}'s birthday.").format(name=item.contact.name)
        if item.turns:
            line += " " + t._("(turns {age})").format(age=item.turns)
        out.paragraph("🎂 " + line + " " + t._("A greeting to send follows."))
    if birthdays_soon:
        out.heading(t._("Birthdays in the next seven days"))
        for item in birthdays_soon:
            when = t._("tomorrow") if item.days_until == 1 else date_text(t, item.day)
            out.item(f"{when}: {item.contact.name}")

    week = current_week(turn.now, profile.timezone)
    budget = profile.budget_minutes
    spent = reports.week_minutes(turn, week)
    left = days_left(turn.now, profile.timezone)
    out.paragraph(t._("This week: {spent} of {budget}, {days} left.").format(
        spent=minutes_text(t, spent), budget=minutes_text(t, budget),
        days=days_text(t, left)))
    if review:
        last = reports.minutes_per_week(turn, week.monday, 1).get(
            week.monday - timedelta(weeks=1), 0)
        run = reports.week_streak(turn, week.monday, spent)
        verdict = t._("on budget") if last >= budget else t._("below budget")
        out.paragraph(t._("Last week: {spent} of {budget} ({verdict}).").format(
            spent=minutes_text(t, last), budget=minutes_text(t, budget), verdict=verdict))
        out.paragraph(reports.streak_text(t, run))

    messages = [out.message()]
    messages.extend(draft_message(birthday_greeting(item, profile))
                    for item in birthdays_today)
    return Reply(tuple(messages))


def compose_weekly_plan(turn: Turn) -> Reply | None:
    """The plan for the user's weekly networking slot; None when nothing fits."""
    week = current_week(turn.now, turn.profile.timezone)
    left = turn.profile.budget_minutes - reports.week_minutes(turn, week)
    if left <= 0 or not reports.plan_items(turn, left):
        return None
    plan = reports.plan(turn, "")
    header = turn.t._("It is time for your networking slot.")
    first, *rest = plan.messages
    return Reply((Message((Paragraph(header), *first.blocks)), *rest))


COMPOSERS: dict[str, Callable[[Turn], Reply | None]] = {
    DAILY: compose_nudge,
    WEEKLY_PLAN: compose_weekly_plan,
}


def compose_for(uow_factory: UnitOfWorkFactory, user_id: int, kind: str,
                now: datetime) -> Reply | None:
    """Compose a scheduled message for one user, read-only.

    Looks the user up by id and never creates a profile: a user deleted after the
    claim simply gets nothing.
    """
    with uow_factory() as uow:
        profile = uow.profiles.get(user_id)
        if profile is None:
            return None
        return COMPOSERS[kind](Turn(uow=uow, profile=profile, now=now,
                                    platform=profile.platform))
