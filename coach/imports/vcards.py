"""vCard 2.1, 3.0 and 4.0 files as XING, Apple, Google and Outlook write them.

Cards are cut apart here (so a broken card can be named by its line) and each card
is parsed by vobject, which unfolds lines and decodes quoted-printable. Birthdays
without a year (``--04-15``, ``--0415``, Apple's ``X-APPLE-OMIT-YEAR``) stay without
one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from coach.imports.address_books import NAME_LIMIT
from coach.imports.fields import clean_email, clip, is_profile_url, parse_birthday
from coach.imports.records import FileKind, ImportedContact, ImportRefused, ParsedFile, Skipped

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


def looks_like_vcard(text: str) -> bool:
    return _BEGIN.match(text.lstrip()[:20].strip()) is not None


def count_cards(text: str) -> int:
    return len(re.findall(r"^BEGIN:VCARD", text, flags=re.IGNORECASE | re.MULTILINE))


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of every card; text outside cards is ignored."""
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line):
            if start is not None:
                raise ImportRefused("broken_vcard", line=start)
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if _END.match(line):
                yield start, "\r\n".join(lines) + "\r\n"
                start = None
    if start is not None:
        raise ImportRefused("broken_vcard", line=start)


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v)
    return str(value)


def _name(card: Any) -> str:
    for line in _values(card, "fn"):
        name = " ".join(_text(line.value).split())
        if name:
            return name
    for line in _values(card, "n"):
        value = line.value
        parts = [getattr(value, attr, "") for attr in ("prefix", "given", "additional",
                                                       "family", "suffix")]
        if not any(parts) and isinstance(value, str):
            family, _, rest = value.partition(";")
            given = rest.split(";")[0]
            parts = [given, family]
        name = " ".join(" ".join(_text(p) for p in parts if p).split())
        if name:
            return name
    return ""


def _preferred(lines: list[Any]) -> list[Any]:
    """Lines marked as preferred first, the rest in file order."""
    def is_pref(line: Any) -> bool:
        types = [t.casefold() for t in line.params.get("TYPE", [])]
        return "pref" in types or "PREF" in line.params
    return sorted(lines, key=lambda line: not is_pref(line))


def contact_from_card(card: Any, line: int) -> ImportedContact | Skipped:
    name = _name(card)
    if not name:
        return Skipped(line, "no_name")
    if len(name) > NAME_LIMIT:
        return Skipped(line, "name_too_long")
    contact = ImportedContact(name=name, line=line)
    for email_line in _preferred(_values(card, "email")):
        contact.email = clean_email(_text(email_line.value))
        if contact.email:
            break
    phones = _preferred(_values(card, "tel"))
    if phones:
        contact.phone = clip(_text(phones[0].value).removeprefix("tel:"), 100)
    orgs = _values(card, "org")
    if orgs:
        value = orgs[0].value
        contact.company = clip(value[0] if isinstance(value, list) and value else
                               _text(value).split(";")[0], 200)
    titles = _values(card, "title")
    if titles:
        contact.position = clip(_text(titles[0].value), 200)
    for url_line in _values(card, "url") + _values(card, "x-socialprofile"):
        url = _text(url_line.value).strip()
        if is_profile_url(url):
            contact.profile_url = clip(url, 500)
            break
    for bday in _values(card, "bday"):
        omit = "X-APPLE-OMIT-YEAR" in bday.params
        birthday = parse_birthday(_text(bday.value), omit_year=omit)
        if birthday is not None:
            contact.birthday_day, contact.birthday_month, contact.birthday_year = birthday
            break
    return contact


def read_vcards(text: str, progress: Callable[[int], None] | None = None) -> ParsedFile:
    import vobject  # loaded by the first address book, not at every start
    from vobject.base import ParseError

    parsed = ParsedFile(FileKind.VCARD)
    for number, (line, card_text) in enumerate(_cards(text), start=1):
        try:
            card = vobject.readOne(card_text, allowQP=True)
        except (ParseError, ValueError, UnicodeError, AttributeError, IndexError):
            raise ImportRefused("broken_vcard", line=line) from None
        result = contact_from_card(card, line)
        if isinstance(result, Skipped):
            parsed.skipped.append(result)
        else:
            parsed.contacts.append(result)
        if progress is not None and number % 1000 == 0:
            progress(1000)
    if not parsed.contacts and not parsed.skipped:
        raise ImportRefused("no_rows")
    return parsed
