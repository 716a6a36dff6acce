"""CSV exports: find the delimiter and the header row, then read rows by column name.

LinkedIn puts a few lines of notes above the header, Outlook in German uses
semicolons, Google renamed its columns over the years. So the header is found by
scanning the first lines for known column names with each likely delimiter, and
columns are mapped by name, never by position.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from coach.imports.records import ImportRefused

HEADER_SCAN_LINES = 30
DELIMITERS = (",", ";", "\t")
# Any column name a contact export may use for one of our fields, normalised by
# :func:`column_key`. English, German (Outlook, Google in German) and LinkedIn.
ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname", "givenname", "vorname"),
    "middle_name": ("middlename", "additionalname", "weiterevornamen"),
    "last_name": ("lastname", "familyname", "surname", "nachname"),
    "full_name": ("name", "fullname", "displayname", "anzeigename", "fileas"),
    "email": ("emailaddress", "email", "email1value", "emailadresse", "email1address",
              "internetaddress", "emailgeschaftlich", "workemail", "businessemail",
              "emailwork", "emailbusiness", "emailprivat", "mail"),
    "email_2": ("email2address", "email2value", "email2adresse"),
    "phone": ("mobilephone", "mobiltelefon", "phone1value", "primaryphone", "businessphone",
              "telefongeschaftlich", "phone", "telefon", "hometelephone", "homephone",
              "telefonprivat", "mobile", "mobil", "handy", "telefonmobil", "workphone"),
    "company": ("company", "organization1name", "organizationname", "firma", "organisation",
                "organization", "unternehmen", "companyname", "arbeitgeber"),
    "position": ("position", "jobtitle", "organization1title", "organizationtitle",
                 "berufsbezeichnung", "funktion"),
    "url": ("url", "profileurl", "webpage", "website1value", "webseite", "website",
            "xingprofil", "xingprofile", "linkedinprofil", "linkedinprofile", "profilurl"),
    "birthday": ("birthday", "geburtstag", "birthdate", "geburtsdatum", "dateofbirth"),
    "connected_on": ("connectedon",),
    # LinkedIn Invitations.csv
    "from": ("from",),
    "to": ("to",),
    "sent_at": ("sentat",),
    "message": ("message",),
    "direction": ("direction",),
    "inviter_url": ("inviterprofileurl",),
}
_LOOKUP = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
_NON_ALNUM = re.compile(r"[^0-9a-z]")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_NAME_FIELDS = {"first_name", "last_name", "full_name", "from"}


def column_key(header: str) -> str:
    """"E-Mail-Adresse" → "emailadresse"; "Telefon geschäftlich" → "telefongeschaftlich"."""
    return _NON_ALNUM.sub("", header.strip().lstrip("\ufeff").casefold().translate(_UMLAUTS))


@dataclass(frozen=True)
class Header:
    line: int  # 1-based line of the header row
    delimiter: str
    names: tuple[str, ...]
    columns: dict[str, int]  # our field -> column index (the first column that fits)

    @property
    def keys(self) -> set[str]:
        return {column_key(name) for name in self.names}


def _columns(names: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        field = _LOOKUP.get(column_key(name))
        if field is not None and field not in columns:
            columns[field] = index
    return columns


def find_header(text: str) -> Header | None:
    """The first line among the first few that reads as a header with a name column."""
    lines = text.splitlines()[:HEADER_SCAN_LINES]
    best: Header | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        for delimiter in DELIMITERS:
            if delimiter not in line:
                continue
            try:
                names = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            columns = _columns(names)
            if len(columns) >= 2 and _NAME_FIELDS & columns.keys() and (
                    best is None or len(columns) > len(best.columns)):
                best = Header(number, delimiter, tuple(names), columns)
        if best is not None:
            return best
    return None


class Row:
    """One data row, its fields picked out by the header's column mapping."""

    __slots__ = ("fields", "line")

    def __init__(self, line: int, values: list[str], header: Header) -> None:
        self.line = line
        size = len(values)
        self.fields = {field: values[index] for field, index in header.columns.items()
                       if index < size}

    def get(self, field: str) -> str | None:
        value = self.fields.get(field)
        if not value:
            return None
        return value.strip() or None


def rows(text: str, header: Header,
         progress: Callable[[int], None] | None = None) -> Iterator[Row]:
    """The data rows after the header, each with the line it starts on.

    A malformed CSV (an unterminated quote, a field over the size limit) ends in
    :class:`ImportRefused` naming the line, so nothing half-read is imported.
    """
    lines = text.splitlines(keepends=True)
    body = io.StringIO("".join(lines[header.line:]))
    csv.field_size_limit(min(sys.maxsize, 1_000_000))
    reader = csv.reader(body, delimiter=header.delimiter, strict=True)
    start = header.line + 1
    count = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            if progress is not None:
                progress(count % 1000)
            return
        except csv.Error:
            # The record that could not be read starts here (an unclosed quote runs on).
            raise ImportRefused("broken_csv", line=start) from None
        line = start
        start = header.line + reader.line_num + 1
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(1000)
        if not any(value.strip() for value in values):
            continue
        yield Row(line, values, header)
