"""LinkedIn's Invitations.csv: the incoming invitations that carry a message.

Connections.csv is an ordinary contact table (see :mod:`coach.imports.address_books`);
invitations are requests to be judged, so they get records of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from coach.imports.fields import clip, is_profile_url
from coach.imports.records import FileKind, ImportedInvitation, ParsedFile, Skipped
from coach.imports.tables import Header, rows

_SENT_AT_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%d %H:%M", "%d.%m.%Y, %H:%M")


def is_invitations(header: Header) -> bool:
    return {"from", "to", "direction"} <= header.columns.keys()


def _sent_at(text: str | None) -> datetime | None:
    if not text:
        return None
    value = " ".join(text.split())
    for pattern in _SENT_AT_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def read_invitations(text: str, header: Header,
                     progress: Callable[[int], None] | None = None) -> ParsedFile:
    parsed = ParsedFile(FileKind.LINKEDIN_INVITATIONS)
    for row in rows(text, header, progress):
        direction = (row.get("direction") or "").casefold()
        message = (row.get("message") or "").strip()
        if direction != "incoming" or not message:
            parsed.ignored += 1
            continue
        sender = clip(row.get("from"), 200)
        if not sender:
            parsed.skipped.append(Skipped(row.line, "no_name"))
            continue
        url = row.get("inviter_url")
        parsed.invitations.append(ImportedInvitation(
            sender=sender, message=message, line=row.line, sent_at=_sent_at(row.get("sent_at")),
            profile_url=clip(url, 500) if url and is_profile_url(url) else None))
    return parsed
