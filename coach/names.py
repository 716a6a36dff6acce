"""Finding the contact a user means by a name they typed.

People type "anna", "Schmidt", "jorg meier" or "Ana Schmidt"; the coach should find
Anna Schmidt and Jörg Meier without fuss, and ask rather than guess when two
contacts fit equally well.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from coach.ports import ContactName

_NON_WORD = re.compile(r"[^\w\s]")

# Scores are rapidfuzz's 0..100. A typo in a short name still scores above FUZZY_MIN;
# two candidates closer than CLEAR_MARGIN are treated as equally likely.
FUZZY_MIN = 80.0
SUGGEST_MIN = 60.0
CLEAR_MARGIN = 6.0
# The stored normalised name is cut here, so an index entry stays small whatever
# script a 200-character name is written in.
NAME_KEY_CHARS = 400


# Invisible characters that reorder or hide text: bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069) make "Anna" display as something else, and a
# stray byte-order mark hides inside a name. Joiners (ZWJ in emoji sequences, ZWNJ in
# Persian words) and the plain bidi marks are part of how text is written, so they stay.
_INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_KEPT_CONTROLS = frozenset("\n\t")
_LINE_BREAK = re.compile("|".join(map(re.escape, _LINE_BREAKS)))
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """The one cleaning for everything the engine stores (names, notes, request texts).

    Control characters (NUL, BEL, escape sequences, C1 controls) and bidi overrides are
    dropped; line breaks become ``\\n``; lone surrogates, which no database can store,
    become U+FFFD; the rest is composed (NFC) so "Jörg" typed two ways is one name.
    """
    text = _SURROGATE.sub("\ufffd", text)
    text = _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], text)
    kept = "".join(c for c in text
                   if c in _KEPT_CONTROLS
                   or (c not in _INVISIBLE and unicodedata.category(c) != "Cc"))
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=16_384)
def normalise(text: str) -> str:
    """Lower-case ASCII words: "Jörg  Meier-Lang" becomes "jorg meier lang".

    Remembered for the most recent texts: a long-running bot sees the same names
    again and again (searching /contacts normalises every name and company).
    """
    # ASCII needs no transliteration; skipping it matters when importing thousands.
    folded = (text if text.isascii() else unidecode(text)).casefold().replace("-", " ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def is_nameable(name: str) -> bool:
    """Whether a contact may be called ``name``: it must contain a letter (digits alone,
    "42" or "²", name nobody) and something matching can find again."""
    return any(char.isalpha() for char in name) and bool(normalise(name))


def name_key(name: str) -> str:
    """The form of a name that storage keeps beside it and matching compares with."""
    return normalise(name)[:NAME_KEY_CHARS]


def name_words(name: str) -> set[str]:
    """The distinct words of a name's :func:`name_key`, as storage indexes them."""
    return set(name_key(name).split())


_UMLAUTS_AS_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue",
                                      "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_DIGRAPH_E = re.compile(r"(?<=[aou])e")


def lookup_words(text: str) -> set[str]:
    """Every word of ``text`` as :func:`name_words` may have stored it for a name.

    A name is indexed in one spelling, but "Jürgen" may be written "Juergen" and the
    other way round, so each word is offered both ways (ü as u and as ue, and ue as
    u). Looking these words up finds every contact named in the text, or naming its
    sender, without reading the whole network.
    """
    fold = normalise.__wrapped__  # a request's text is seen once: not worth remembering
    words = set(fold(text).split())
    if not text.isascii():
        words.update(fold(text.translate(_UMLAUTS_AS_DIGRAPHS)).split())
    words.update([_DIGRAPH_E.sub("", word) for word in words])
    return words


def search_word(ref: str) -> str:
    """The typed word that every exact or whole-word match must contain.

    The longest word narrows a lookup best; storage finds the contacts that have it
    as a whole word (or, for a single letter, as a word's initial) through an index of
    :func:`name_words`, so a /log does not read the whole network's names.
    """
    return max(name_key(ref).split(), key=len, default="")


class MatchKind(Enum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class NameMatch:
    kind: MatchKind
    contact: ContactName | None = None
    candidates: tuple[ContactName, ...] = field(default_factory=tuple)


def _key(name: ContactName) -> str:
    return name.key or name_key(name.name)


def match_words(ref: str, names: Sequence[ContactName]) -> NameMatch | None:
    """The exact or whole-word matches of ``ref``, or None when there are none.

    Only names containing :func:`search_word` can match here, so a caller may pass
    just those.
    """
    wanted = name_key(ref)
    if not wanted:
        return None
    normalised = [(_key(n), n) for n in names]
    exact = [n for norm, n in normalised if norm == wanted]
    if exact:
        return _one_or_many(exact)

    # Every typed word is a whole word of the name: "anna", "schmidt", "anna s".
    wanted_words = wanted.split()
    by_words = [n for norm, n in normalised if _words_match(wanted_words, norm.split())]
    if by_words:
        return _one_or_many(by_words)
    return None


def match_name(ref: str, names: Sequence[ContactName]) -> NameMatch:
    """Resolve ``ref`` to one contact, several candidates, or none (with suggestions)."""
    wanted = name_key(ref)
    if not wanted:
        return NameMatch(MatchKind.UNKNOWN)
    by_words = match_words(ref, names)
    if by_words is not None:
        return by_words
    normalised = [(_key(n), n) for n in names]

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
