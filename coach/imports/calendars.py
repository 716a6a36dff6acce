"""Calendar exports (.ics from Google, Outlook, Apple): past meetings with attendees.

Only the meetings matter: when and how long, the title, and who took part. Whether
they match a contact is decided later, against the user's contacts
(:mod:`coach.imports.merge`). All-day entries, cancelled and future events are left
out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from coach.imports.fields import clean_email
from coach.imports.records import (
    Attendee,
    FileKind,
    ImportedMeeting,
    ImportRefused,
    ParsedFile,
    Skipped,
)

MAX_MEETING_MINUTES = 8 * 60
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?(?:;[^:]*)?:")


def looks_like_calendar(text: str) -> bool:
    return text.lstrip()[:15].upper().startswith("BEGIN:VCALENDAR")


def count_events(text: str) -> int:
    return len(re.findall(r"^BEGIN:VEVENT", text, flags=re.IGNORECASE | re.MULTILINE))


def _event_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if line.upper().startswith("BEGIN:VEVENT")]


def _bad_line(text: str) -> int | None:
    """The first line that is neither a content line nor a folded continuation."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line[0].isspace() and not _CONTENT_LINE.match(line):
            return number
    return None


def _attendees(event: Any) -> list[Attendee]:
    found = event.get("ATTENDEE")
    if found is None:
        return []
    items = found if isinstance(found, list) else [found]
    attendees = []
    for item in items:
        name = item.params.get("CN") if hasattr(item, "params") else None
        attendees.append(Attendee(name=str(name).strip() or None if name else None,
                                  email=clean_email(str(item))))
    return attendees


def _minutes(event: Any, start: datetime) -> int:
    end: Any = None
    if event.get("DTEND") is not None:
        end = event.decoded("DTEND")
    elif event.get("DURATION") is not None:
        end = start + event.decoded("DURATION")
    if isinstance(end, datetime):
        if end.tzinfo is None:
            end = end.replace(tzinfo=UTC)
        minutes = int((end - start) / timedelta(minutes=1))
        return max(5, min(MAX_MEETING_MINUTES, minutes))
    return 60


def read_calendar(text: str, now: datetime,
                  progress: Callable[[int], None] | None = None) -> ParsedFile:
    import icalendar  # loaded by the first calendar file, not at every start

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError):
        raise ImportRefused("broken_calendar", line=_bad_line(text)) from None
    parsed = ParsedFile(FileKind.CALENDAR)
    lines = iter(_event_lines(text))
    for calendar in calendars:
        for number, event in enumerate(calendar.walk("VEVENT"), start=1):
            line = next(lines, 0)
            if progress is not None and number % 1000 == 0:
                progress(1000)
            try:
                start = event.decoded("DTSTART")
            except (KeyError, ValueError, TypeError):
                parsed.skipped.append(Skipped(line, "bad_date"))
                continue
            if not isinstance(start, date):
                parsed.skipped.append(Skipped(line, "bad_date"))
                continue
            status = str(event.get("STATUS", "")).upper()
            if not isinstance(start, datetime) or status == "CANCELLED":
                parsed.ignored += 1  # all-day entries are not meetings
                continue
            if start.tzinfo is None:
                start = start.replace(tzinfo=UTC)
            start = start.astimezone(UTC)
            if start >= now:
                parsed.ignored += 1
                continue
            try:
                minutes = _minutes(event, start)
            except (KeyError, ValueError, TypeError):
                minutes = 60
            uid = str(event.get("UID", "")) or f"{start.isoformat()}#{line}"
            parsed.meetings.append(ImportedMeeting(
                uid=uid[:200], start=start, minutes=minutes,
                title=" ".join(str(event.get("SUMMARY", "")).split())[:200], line=line,
                attendees=_attendees(event)))
    return parsed
