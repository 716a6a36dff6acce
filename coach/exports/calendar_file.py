"""The iCalendar file and subscription feed: birthdays, the weekly slot, this week's plan.

Birthdays are yearly all-day events, also when the year is unknown (the event then
starts in 2000, a leap year, and no age can be read from it); 29 February falls on
the last day of February in common years. The weekly networking slot repeats every
week in the user's time zone for the length of the weekly budget. The week's
planned catch-ups sit one after another from the slot, or as all-day reminders
when no slot is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from coach.i18n import Translator
from coach.model import Contact, Profile

UID_DOMAIN = "networking-coach"
YEARLESS_START = 2000


@dataclass(frozen=True)
class PlannedCatchUp:
    contact_id: int
    name: str
    action: str  # "Call Anna Schmidt", already in the user's language
    minutes: int


def _birthday_event(t: Translator, contact: Contact, now: datetime) -> icalendar.Event | None:
    if not contact.birthday_month or not contact.birthday_day:
        return None
    year = contact.birthday_year or YEARLESS_START
    try:
        start = date(year, contact.birthday_month, contact.birthday_day)
    except ValueError:
        start = date(YEARLESS_START, contact.birthday_month, contact.birthday_day)
    event = icalendar.Event()
    event.add("uid", f"birthday-{contact.id}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    event.add("summary", t._("Birthday: {name}").format(name=contact.name))
    event.add("transp", "TRANSPARENT")
    if (contact.birthday_month, contact.birthday_day) == (2, 29):
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    return event


def slot_start(profile: Profile, today: date) -> datetime | None:
    """This week's networking slot as a local time, or None when no slot is set."""
    if profile.slot_weekday is None or profile.slot_time is None:
        return None
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(days=profile.slot_weekday)
    return datetime.combine(day, profile.slot_time, tzinfo=ZoneInfo(profile.timezone))


def calendar_ics(t: Translator, profile: Profile, birthdays: Sequence[Contact],
                 planned: Sequence[PlannedCatchUp], today: date, now: datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{UID_DOMAIN}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t._("Networking Coach"))
    calendar.add("x-wr-timezone", profile.timezone)
    for contact in birthdays:
        event = _birthday_event(t, contact, now)
        if event is not None:
            calendar.add_component(event)
    start = slot_start(profile, today)
    monday = today - timedelta(days=today.weekday())
    if start is not None:
        slot = icalendar.Event()
        slot.add("uid", f"weekly-slot-{profile.id}@{UID_DOMAIN}")
        slot.add("dtstamp", now)
        slot.add("dtstart", start)
        slot.add("dtend", start + timedelta(minutes=profile.budget_minutes))
        slot.add("rrule", {"freq": "weekly"})
        slot.add("summary", t._("Networking time"))
        slot.add("description", t._("Your weekly time for your network. /plan shows whom "
                                    "to reach."))
        calendar.add_component(slot)
    moment = start
    for item in planned:
        event = icalendar.Event()
        event.add("uid", f"plan-{monday.isoformat()}-{item.contact_id}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("summary", item.action)
        if moment is not None:
            event.add("dtstart", moment)
            event.add("dtend", moment + timedelta(minutes=item.minutes))
            moment += timedelta(minutes=item.minutes)
        else:
            event.add("dtstart", today)
            event.add("dtend", today + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    if start is not None:
        calendar.add_missing_timezones()
    content: bytes = calendar.to_ical()
    return content
