"""Contacts as vCard 3.0, which every address book reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import vobject

from coach.exports.csv_file import birthday_iso
from coach.model import Contact


def _card(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.email:
        line = card.add("email")
        line.value = contact.email
        line.type_param = "INTERNET"
    if contact.phone:
        card.add("tel").value = contact.phone
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.profile_url:
        card.add("url").value = contact.profile_url
    if contact.how_met:
        card.add("note").value = contact.how_met
    birthday = birthday_iso(contact)
    if birthday:
        card.add("bday").value = birthday
    text: str = card.serialize()
    return text


def vcard_pieces(contacts: Iterable[Contact]) -> Iterator[bytes]:
    """One UTF-8 card per contact, as they are read."""
    for contact in contacts:
        yield _card(contact).encode("utf-8")
