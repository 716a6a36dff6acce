"""Contacts from CSV exports: LinkedIn Connections.csv, Google Contacts, Outlook.

All three are read through the same column mapping (:mod:`coach.imports.tables`);
what differs is only how the file is recognised and named in the preview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coach.imports.fields import (
    clean_email,
    clip,
    first_value,
    is_profile_url,
    parse_birthday,
    parse_day,
)
from coach.imports.records import FileKind, ImportedContact, ParsedFile, Skipped
from coach.imports.tables import Header, Row, rows

NAME_LIMIT = 200
_GOOGLE_MARKERS = {"givenname", "email1value", "organization1name", "labels",
                   "organizationname", "email1label", "groupmembership", "email1type"}
# Columns only Outlook writes; "Vorname" or "Firma" alone are in any German table.
_OUTLOOK_MARKERS = {"emailadresse", "emailaddress", "jobtitle", "businessphone",
                    "telefongeschaftlich", "email2address", "email2adresse"}


def contact_kind(header: Header) -> FileKind:
    keys = header.keys
    if "connectedon" in keys:
        return FileKind.LINKEDIN_CONNECTIONS
    if keys & _GOOGLE_MARKERS:
        return FileKind.GOOGLE_CSV
    if keys & _OUTLOOK_MARKERS:
        return FileKind.OUTLOOK_CSV
    return FileKind.CONTACTS_CSV


def row_name(row: Row) -> str:
    full = row.get("full_name")
    if full:
        return " ".join(full.split())
    parts = (row.get("first_name"), row.get("middle_name"), row.get("last_name"))
    return " ".join(" ".join(p for p in parts if p).split())


def contact_from_row(row: Row) -> ImportedContact | Skipped:
    name = row_name(row)
    if not name:
        return Skipped(row.line, "no_name")
    if len(name) > NAME_LIMIT:
        return Skipped(row.line, "name_too_long")
    url = first_value(row.get("url"))
    birthday = parse_birthday(row.get("birthday"))
    contact = ImportedContact(
        name=name,
        line=row.line,
        email=clean_email(row.get("email")) or clean_email(row.get("email_2")),
        phone=clip(first_value(row.get("phone")), 100),
        company=clip(first_value(row.get("company")), 200),
        position=clip(first_value(row.get("position")), 200),
        profile_url=clip(url, 500) if url and is_profile_url(url) else None,
        connected_on=parse_day(row.get("connected_on")),
    )
    if birthday is not None:
        contact.birthday_day, contact.birthday_month, contact.birthday_year = birthday
    return contact


def read_contacts(kind: FileKind, data_rows: Iterable[Row]) -> ParsedFile:
    parsed = ParsedFile(kind)
    for row in data_rows:
        result = contact_from_row(row)
        if isinstance(result, Skipped):
            parsed.skipped.append(result)
        else:
            parsed.contacts.append(result)
    return parsed


def read_contact_table(text: str, header: Header,
                       progress: Callable[[int], None] | None = None) -> ParsedFile:
    return read_contacts(contact_kind(header), rows(text, header, progress))
