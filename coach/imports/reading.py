"""From a file as uploaded (name and bytes) to a :class:`ParsedFile`, without asking.

The limits come first, before any parsing: over 20 MB or 50,000 rows is refused.
Then the format is recognised from the content (the name only breaks ties), the
encoding and delimiter are detected, and the matching reader runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from coach.imports.address_books import read_contact_table
from coach.imports.calendars import count_events, looks_like_calendar, read_calendar
from coach.imports.coach_json import looks_like_json, read_export
from coach.imports.decoding import MAX_ROWS, check_rows, check_size, decode
from coach.imports.linkedin import is_invitations, read_invitations
from coach.imports.records import ImportRefused, ParsedFile
from coach.imports.tables import HEADER_SCAN_LINES, find_header
from coach.imports.vcards import count_cards, looks_like_vcard, read_vcards

Progress = Callable[[int], None]
_CARD = re.compile(rb"BEGIN:VCARD", re.IGNORECASE)
_EVENT = re.compile(rb"BEGIN:VEVENT", re.IGNORECASE)


def estimated_rows(content: bytes) -> int:
    """Rows a file holds, roughly, for the limit and a progress bar; cheap on bytes."""
    cards = len(_CARD.findall(content))
    if cards:
        return cards
    events = len(_EVENT.findall(content))
    if events:
        return events
    return content.count(b"\n") + 1


def read_file(filename: str, content: bytes, now: datetime,
              progress: Progress | None = None) -> ParsedFile:
    """Parse an uploaded file; raises :class:`ImportRefused` with the reason."""
    check_size(content)
    if looks_like_json(filename, content):
        return read_export(content, MAX_ROWS)
    if estimated_rows(content) > MAX_ROWS + HEADER_SCAN_LINES:
        check_rows(estimated_rows(content))
    text = decode(content)
    if looks_like_calendar(text):
        check_rows(count_events(text))
        return read_calendar(text, now, progress)
    if looks_like_vcard(text) or (filename.casefold().endswith(".vcf") and count_cards(text)):
        check_rows(count_cards(text))
        return read_vcards(text, progress)
    header = find_header(text)
    if header is None:
        raise ImportRefused("unknown_format")
    if is_invitations(header):
        parsed = read_invitations(text, header, progress)
    else:
        parsed = read_contact_table(text, header, progress)
    check_rows(len(parsed.contacts) + len(parsed.invitations) + len(parsed.skipped))
    if not (parsed.contacts or parsed.invitations or parsed.skipped or parsed.ignored):
        raise ImportRefused("no_rows")
    return parsed
