"""What an import would change: new contacts, merges, touchpoints from meetings.

Duplicates are merged, not doubled: a record matches an existing contact (or an
earlier row of the same file) by e-mail address, then profile URL, then normalised
name. A match only fills fields that are still empty, so the user's own edits win
and importing the same file twice changes nothing the second time. New contacts
enter ``dormant`` and unsorted, so a large import never floods /due.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from coach.imports.fields import profile_key
from coach.imports.records import ImportedContact, ImportedMeeting
from coach.model import Channel, Circle, Contact, ContactStatus, Touchpoint
from coach.names import normalise

_FILLABLE = ("email", "phone", "company", "profile_url")


def connection_moment(day: date, timezone: str) -> datetime:
    """Noon local time on the day: stays on that day in any nearby time zone."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


class ContactIndex:
    """Existing and newly planned contacts by e-mail, profile URL and normalised name."""

    def __init__(self, contacts: Iterable[Contact] = ()) -> None:
        self.by_email: dict[str, Contact] = {}
        self.by_url: dict[str, Contact] = {}
        self.by_name: dict[str, Contact] = {}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact, name_key: str | None = None) -> None:
        if contact.email:
            self.by_email.setdefault(contact.email.casefold(), contact)
        key = profile_key(contact.profile_url)
        if key:
            self.by_url.setdefault(key, contact)
        name = normalise(contact.name) if name_key is None else name_key
        if name:
            self.by_name.setdefault(name, contact)

    def find(self, *, email: str | None, url: str | None, name: str,
             name_key: str | None = None) -> Contact | None:
        """The contact with this e-mail, else profile URL, else normalised name."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        key = profile_key(url)
        if key and key in self.by_url:
            return self.by_url[key]
        return self.by_name.get(normalise(name) if name_key is None else name_key)


@dataclass
class ContactPlan:
    new: list[Contact] = field(default_factory=list)
    updated: dict[int, Contact] = field(default_factory=dict)  # existing id -> changed copy
    merged: int = 0  # rows that matched an existing contact or an earlier row


def _fill(contact: Contact, record: ImportedContact, timezone: str) -> bool:
    """Fill the contact's empty fields from the record; True when anything changed."""
    changed = False
    for name in _FILLABLE:
        value = getattr(record, name)
        if value and not getattr(contact, name):
            setattr(contact, name, value)
            changed = True
    if record.birthday_month and not contact.birthday_month:
        contact.birthday_day = record.birthday_day
        contact.birthday_month = record.birthday_month
        contact.birthday_year = record.birthday_year
        changed = True
    elif (record.birthday_year and not contact.birthday_year
          and (record.birthday_day, record.birthday_month)
          == (contact.birthday_day, contact.birthday_month)):
        contact.birthday_year = record.birthday_year
        changed = True
    if record.connected_on and contact.last_touch_at is None:
        contact.last_touch_at = connection_moment(record.connected_on, timezone)
        changed = True
    return changed


def plan_contacts(records: Sequence[ImportedContact], existing: Sequence[Contact], *,
                  user_id: int, now: datetime, timezone: str) -> ContactPlan:
    plan = ContactPlan()
    index = ContactIndex(existing)
    for record in records:
        name_key = normalise(record.name)
        match = index.find(email=record.email, url=record.profile_url, name=record.name,
                           name_key=name_key)
        if match is not None:
            plan.merged += 1
            if match.id is None:  # an earlier row of this file
                _fill(match, record, timezone)
                continue
            target = plan.updated.get(match.id) or match.replace()
            if _fill(target, record, timezone):
                plan.updated[match.id] = target
            continue
        contact = Contact(user_id=user_id, name=record.name, circle=Circle.DORMANT,
                          status=ContactStatus.UNSORTED, created_at=now)
        _fill(contact, record, timezone)
        plan.new.append(contact)
        index.add(contact, name_key)
    return plan


@dataclass
class MeetingPlan:
    touchpoints: list[Touchpoint] = field(default_factory=list)
    matched_meetings: int = 0
    unmatched_meetings: int = 0
    known: int = 0  # meeting touchpoints already logged before
    contacts: set[int] = field(default_factory=set)


def _title_matches(title: str, names: dict[str, Contact]) -> list[Contact]:
    """Contacts whose full name (two words or more) appears in the title."""
    words = normalise(title).split()
    found: dict[int, Contact] = {}
    for size in (4, 3, 2):
        for start in range(len(words) - size + 1):
            contact = names.get(" ".join(words[start:start + size]))
            if contact is not None and contact.id is not None:
                found.setdefault(contact.id, contact)
    return list(found.values())


def _first_last(name: str) -> str:
    """Outlook writes attendees as "Weiß, Jürgen"; contacts are "Jürgen Weiß"."""
    last, comma, first = name.partition(",")
    return f"{first} {last}" if comma and first.strip() else name


def match_meeting(meeting: ImportedMeeting, index: ContactIndex) -> list[Contact]:
    """The contacts of a meeting: attendees by e-mail, then by name, else by title."""
    found: dict[int, Contact] = {}
    for attendee in meeting.attendees:
        contact = index.by_email.get(attendee.email.casefold()) if attendee.email else None
        if contact is None and attendee.name:
            contact = index.by_name.get(normalise(_first_last(attendee.name)))
        if contact is not None and contact.id is not None:
            found.setdefault(contact.id, contact)
    if not found:
        names = {key: c for key, c in index.by_name.items() if len(key.split()) >= 2}
        for contact in _title_matches(meeting.title, names):
            assert contact.id is not None
            found.setdefault(contact.id, contact)
    return list(found.values())


def plan_meetings(meetings: Sequence[ImportedMeeting], contacts: Sequence[Contact],
                  logged: set[tuple[int, datetime]], *, user_id: int,
                  now: datetime) -> MeetingPlan:
    """Touchpoints for past meetings with contacts; ``logged`` holds (contact, at) known."""
    plan = MeetingPlan()
    index = ContactIndex(c for c in contacts if c.status is not ContactStatus.ARCHIVED)
    seen = set(logged)
    for meeting in meetings:
        matches = match_meeting(meeting, index)
        if not matches:
            plan.unmatched_meetings += 1
            continue
        plan.matched_meetings += 1
        for contact in matches:
            assert contact.id is not None
            key = (contact.id, meeting.start)
            if key in seen:
                plan.known += 1
                continue
            seen.add(key)
            plan.contacts.add(contact.id)
            plan.touchpoints.append(Touchpoint(
                user_id=user_id, channel=Channel.MEETING, at=meeting.start,
                minutes=meeting.minutes, contact_id=contact.id,
                note=meeting.title or None, created_at=now))
    return plan
