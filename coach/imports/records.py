"""What a parsed file yields: plain records, before anything is matched or written.

Parsers turn bytes into these; :mod:`coach.imports.merge` decides what becomes new,
what merges into an existing contact and what is skipped. Records turn into JSON
and back, so a preview can be kept until the user confirms it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class FileKind(StrEnum):
    """What kind of file it is; the preview names it."""

    LINKEDIN_CONNECTIONS = "linkedin_connections"
    LINKEDIN_INVITATIONS = "linkedin_invitations"
    GOOGLE_CSV = "google_csv"
    OUTLOOK_CSV = "outlook_csv"
    CONTACTS_CSV = "contacts_csv"
    VCARD = "vcard"
    CALENDAR = "calendar"
    COACH_JSON = "coach_json"
    SHARED_CONTACT = "shared_contact"


@dataclass(frozen=True)
class Skipped:
    """A row left out, and why (``reason`` is a key of ``coach.imports.preview``)."""

    line: int
    reason: str


@dataclass
class ImportedContact:
    """One person from an address book or a network export."""

    name: str
    line: int = 0
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    position: str | None = None
    profile_url: str | None = None
    birthday_day: int | None = None
    birthday_month: int | None = None
    birthday_year: int | None = None
    connected_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["connected_on"] = self.connected_on.isoformat() if self.connected_on else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportedContact:
        values = dict(data)
        if values.get("connected_on"):
            values["connected_on"] = date.fromisoformat(values["connected_on"])
        return cls(**values)


@dataclass
class ImportedInvitation:
    """An incoming LinkedIn invitation with its message."""

    sender: str
    message: str
    line: int = 0
    sent_at: datetime | None = None
    profile_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sent_at"] = self.sent_at.isoformat() if self.sent_at else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportedInvitation:
        values = dict(data)
        if values.get("sent_at"):
            values["sent_at"] = datetime.fromisoformat(values["sent_at"])
        return cls(**values)


@dataclass
class Attendee:
    name: str | None
    email: str | None


@dataclass
class ImportedMeeting:
    """A past calendar event; attendees and title are matched against contacts."""

    uid: str
    start: datetime
    minutes: int
    title: str
    line: int = 0
    attendees: list[Attendee] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportedMeeting:
        values = dict(data)
        values["start"] = datetime.fromisoformat(values["start"])
        values["attendees"] = [Attendee(**a) for a in values.get("attendees", [])]
        return cls(**values)


@dataclass
class ParsedFile:
    """Everything read from one file."""

    kind: FileKind
    contacts: list[ImportedContact] = field(default_factory=list)
    invitations: list[ImportedInvitation] = field(default_factory=list)
    meetings: list[ImportedMeeting] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Rows read but deliberately left out without being wrong (sent invitations,
    # future meetings), counted for the preview.
    ignored: int = 0
    # This product's own JSON export, kept whole for a lossless import.
    document: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "contacts": [c.to_json() for c in self.contacts],
            "invitations": [i.to_json() for i in self.invitations],
            "meetings": [m.to_json() for m in self.meetings],
            "skipped": [[s.line, s.reason] for s in self.skipped],
            "ignored": self.ignored,
            "document": self.document,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedFile:
        return cls(
            kind=FileKind(data["kind"]),
            contacts=[ImportedContact.from_json(c) for c in data.get("contacts", [])],
            invitations=[ImportedInvitation.from_json(i) for i in data.get("invitations", [])],
            meetings=[ImportedMeeting.from_json(m) for m in data.get("meetings", [])],
            skipped=[Skipped(line, reason) for line, reason in data.get("skipped", [])],
            ignored=int(data.get("ignored", 0)),
            document=data.get("document"),
        )


class ImportRefused(Exception):
    """A file that cannot be imported at all; nothing is written.

    ``key`` names the message (see ``coach.imports.preview.refusal_text``), ``line``
    the offending line when there is one, ``value`` a detail such as a limit.
    """

    def __init__(self, key: str, *, line: int | None = None, value: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.value = value
