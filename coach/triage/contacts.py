"""Recognising the user's contacts: as the sender, and as people named in a request.

Names are compared in a folded form (accents, case and punctuation removed, titles
dropped) that is computed once per contact list. The sender is matched with a small
typo tolerance but only on first and last name together, because a shared first name
says nothing. Names in the text are found by exact folded substring search, keyed by
first name so the cost grows with the text, not with the size of the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from unidecode import unidecode

from coach.triage.results import KnownContact

# Forms of address and academic titles that are not part of the name itself.
_TITLES = frozenset(
    [
        "herr",
        "herrn",
        "frau",
        "dr",
        "prof",
        "professor",
        "dipl",
        "ing",
        "mag",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
    ]
)
_NON_WORD = re.compile(r"[^a-z0-9]+")

# Typo tolerance for the sender: "Ilse Fischr" still is "Ilse Fischer".
SENDER_MATCH_CUTOFF = 90.0


_UMLAUT_SPELLINGS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"})
_DIGRAPHS = re.compile(r"(?<=[aou])e")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Jürgen-Ölke" → "jurgen olke".

    "ue", "oe" and "ae" fold like "ü", "ö" and "ä", so "Juergen" and "Jürgen" agree; the
    same folding on both sides keeps other names such as "Joel" comparable too.
    """
    ascii_text = unidecode(text.translate(_UMLAUT_SPELLINGS)).lower()
    return _NON_WORD.sub(" ", _DIGRAPHS.sub("", ascii_text)).strip()


@lru_cache(maxsize=16_384)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a person's name without titles; "Hoffmann, Claudia" is reordered."""
    if name.count(",") == 1:
        last, first = name.split(",")
        if first.strip() and last.strip():
            name = f"{first} {last}"
    return tuple(token for token in fold(name).split() if token not in _TITLES)


def _name_key(tokens: tuple[str, ...]) -> str | None:
    """First and last name, or None for a single word that cannot identify anyone."""
    if len(tokens) < 2:
        return None
    return f"{tokens[0]} {tokens[-1]}"


@dataclass(frozen=True)
class _Entry:
    contact: KnownContact
    full: str  # folded full name, for substring search
    key: str  # folded first + last name, for sender matching


class ContactIndex:
    """The user's contacts prepared for fast name look-ups."""

    def __init__(self, contacts: Sequence[KnownContact]) -> None:
        self._by_key: dict[str, KnownContact] = {}
        self._by_first: dict[str, list[_Entry]] = {}
        for contact in contacts:
            tokens = name_tokens(contact.name)
            key = _name_key(tokens)
            if key is None:
                continue
            entry = _Entry(contact=contact, full=" ".join(tokens), key=key)
            self._by_key.setdefault(key, contact)
            self._by_first.setdefault(tokens[0], []).append(entry)
        self._keys = list(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def match_sender(self, sender_name: str) -> KnownContact | None:
        """The contact the sender is, by first and last name with a little typo tolerance."""
        key = _name_key(name_tokens(sender_name))
        if key is None or not self._keys:
            return None
        exact = self._by_key.get(key)
        if exact is not None:
            return exact
        best = process.extractOne(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=SENDER_MATCH_CUTOFF
        )
        if best is None:
            return None
        candidate = best[0]
        # A typo in one name part is fine; a different first or last initial is a
        # different person ("Jan Weber" is not "Jan Ceber").
        if candidate[0] != key[0] or candidate.split()[-1][0] != key.split()[-1][0]:
            return None
        return self._by_key[candidate]

    def mentioned_in(self, folded_text: str) -> list[KnownContact]:
        """Contacts whose full name occurs in ``folded_text`` (see :func:`fold`), in order."""
        padded = f" {folded_text} "
        found: list[tuple[int, KnownContact]] = []
        seen: set[int] = set()
        for word in set(folded_text.split()):
            for entry in self._by_first.get(word, ()):
                position = padded.find(f" {entry.full} ")
                if position < 0 and entry.full != entry.key:
                    # The text may leave out a middle name the contact list has.
                    position = padded.find(f" {entry.key} ")
                if position >= 0 and entry.contact.id not in seen:
                    seen.add(entry.contact.id)
                    found.append((position, entry.contact))
        found.sort(key=lambda item: item[0])
        return [contact for _, contact in found]


@lru_cache(maxsize=8)
def _cached_index(contacts: tuple[KnownContact, ...]) -> ContactIndex:
    return ContactIndex(contacts)


def index_for(contacts: Sequence[KnownContact]) -> ContactIndex:
    """An index for ``contacts``, reused while the same list keeps coming in."""
    return _cached_index(tuple(contacts))
