"""Finding the contact a user means by a name they typed.

People type "anna", "Schmidt", "jorg meier" or "Ana Schmidt"; the coach should find
Anna Schmidt and Jörg Meier without fuss, and ask rather than guess when two
contacts fit equally well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import fuzz
from unidecode import unidecode

from coach.ports import ContactName

_NON_WORD = re.compile(r"[^\w\s]")

# Scores are rapidfuzz's 0..100. A typo in a short name still scores above FUZZY_MIN;
# two candidates closer than CLEAR_MARGIN are treated as equally likely.
FUZZY_MIN = 80.0
SUGGEST_MIN = 60.0
CLEAR_MARGIN = 6.0


def normalise(text: str) -> str:
    """Lower-case ASCII words: "Jörg  Meier-Lang" becomes "jorg meier lang"."""
    # ASCII needs no transliteration; skipping it matters when importing thousands.
    folded = (text if text.isascii() else unidecode(text)).casefold().replace("-", " ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


class MatchKind(Enum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class NameMatch:
    kind: MatchKind
    contact: ContactName | None = None
    candidates: tuple[ContactName, ...] = field(default_factory=tuple)


def match_name(ref: str, names: Sequence[ContactName]) -> NameMatch:
    """Resolve ``ref`` to one contact, several candidates, or none (with suggestions)."""
    wanted = normalise(ref)
    if not wanted:
        return NameMatch(MatchKind.UNKNOWN)
    normalised = [(normalise(n.name), n) for n in names]

    exact = [n for norm, n in normalised if norm == wanted]
    if exact:
        return _one_or_many(exact)

    # Every typed word is a whole word of the name: "anna", "schmidt", "anna s".
    wanted_words = wanted.split()
    by_words = [n for norm, n in normalised if _words_match(wanted_words, norm.split())]
    if by_words:
        return _one_or_many(by_words)

    scored = sorted(
        ((_similarity(wanted, norm), n) for norm, n in normalised),
        key=lambda pair: pair[0],
        reverse=True,
    )
    close = [(score, n) for score, n in scored if score >= FUZZY_MIN]
    if close:
        best = close[0][0]
        tied = [n for score, n in close if best - score < CLEAR_MARGIN]
        return _one_or_many(tied)
    suggestions = tuple(n for score, n in scored[:3] if score >= SUGGEST_MIN)
    return NameMatch(MatchKind.UNKNOWN, candidates=suggestions)


def _one_or_many(found: list[ContactName]) -> NameMatch:
    if len(found) == 1:
        return NameMatch(MatchKind.FOUND, contact=found[0], candidates=(found[0],))
    ordered = tuple(sorted(found, key=lambda n: n.name.casefold()))
    return NameMatch(MatchKind.AMBIGUOUS, candidates=ordered)


def _words_match(wanted: list[str], name_words: list[str]) -> bool:
    """Each typed word equals a name word, or is an initial ("anna s") of one."""
    remaining = list(name_words)
    for word in wanted:
        hit = next(
            (w for w in remaining if w == word or (len(word) == 1 and w.startswith(word))),
            None,
        )
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def _similarity(wanted: str, name: str) -> float:
    """Best of whole-name and single-word similarity, so "schmit" finds "anna schmidt"."""
    whole = fuzz.ratio(wanted, name)
    if " " in wanted:
        return whole
    return max([whole, *(fuzz.ratio(wanted, word) for word in name.split())])
