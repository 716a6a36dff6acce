"""Contacts as CSV for spreadsheets and other tools (and for importing back here)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

from coach.model import Contact
from coach.schedule import local_date

COLUMNS = ("Name", "Email", "Phone", "Company", "Circle", "Status", "Cadence days",
           "Birthday", "How met", "Profile URL", "Handle", "Language", "Last contact",
           "Next time")


def birthday_iso(contact: Contact) -> str:
    """1976-04-15, or --04-15 when the year is unknown (as vCard writes it)."""
    if not contact.birthday_month or not contact.birthday_day:
        return ""
    if contact.birthday_year:
        return f"{contact.birthday_year:04d}-{contact.birthday_month:02d}-" \
               f"{contact.birthday_day:02d}"
    return f"--{contact.birthday_month:02d}-{contact.birthday_day:02d}"


def _safe(value: str | None) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them as text."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# Rows are handed on in pieces of about this many characters.
PIECE_CHARS = 1 << 16


def csv_pieces(contacts: Iterable[Contact], timezone: str) -> Iterator[bytes]:
    """The CSV file in UTF-8 pieces, written as the contacts are read."""
    # With a BOM, Excel opens UTF-8 umlauts correctly.
    yield codecs.BOM_UTF8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for c in contacts:
        last = local_date(c.last_touch_at, timezone).isoformat() if c.last_touch_at else ""
        writer.writerow([_safe(c.name), _safe(c.email), _safe(c.phone), _safe(c.company),
                         c.circle.value, c.status.value, c.cadence_days or "",
                         birthday_iso(c), _safe(c.how_met), _safe(c.profile_url),
                         _safe(c.handle), c.language or "", last, _safe(c.next_note)])
        if buffer.tell() >= PIECE_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
