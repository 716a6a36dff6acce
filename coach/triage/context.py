"""Reading the concrete shared context out of a request: an event, a referrer, a project.

Only words that are in the text are ever returned, so a reply built from them cannot
claim a meeting or an introduction the sender did not mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_CAP = r"[A-ZÄÖÜ0-9][\w&’':\-]*"
_CONNECTOR = r"(?:der|des|of|the|&|de|du)"
_CAP_PHRASE = rf"{_CAP}(?:\s+(?:{_CONNECTOR}\s+)?{_CAP}){{0,3}}"
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñç’'\-]+"
_PERSON = re.compile(
    rf"\b{_NAME_WORD}(?:\s+(?:van|von|de|der|da|di|le|la|del))?\s+{_NAME_WORD}"
    rf"(?:\s+{_NAME_WORD})?\b"
)

# Words that start a greeting or are pronouns, never part of a name or event.
_STOP_WORDS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "dear",
        "hallo",
        "liebe",
        "lieber",
        "guten",
        "sehr",
        "geehrter",
        "geehrte",
        "herr",
        "frau",
        "mr",
        "ms",
        "mrs",
        "dr",
        "i",
        "we",
        "our",
        "your",
        "you",
        "my",
        "ich",
        "wir",
        "sie",
        "ihr",
        "ihre",
        "ihnen",
        "du",
        "dein",
        "deine",
        "unser",
        "unsere",
        "the",
        "thanks",
        "danke",
        "vielen",
        "great",
        "good",
        "hope",
        "moin",
        "servus",
    ]
)

_GERMAN_EVENT_PARTS = (
    "messe|forum|kongress|konferenz|tagung|treffen|dialog|stammtisch|frühstück|abend|"
    "gipfel|workshop|webinar|symposium|barcamp|expo|summit|convention|festival|panel|"
    "roundtable|meetup|tag der"
)
_ENGLISH_EVENT_WORDS = (
    "summit|conference|meetup|meet-up|day|week|fair|expo|breakfast|dinner|panel|session|"
    "festival|forum|convention|roundtable|congress|symposium|workshop|webinar|gala|"
    "trade show|hackathon|retreat"
)
_KNOWN_EVENTS = (
    "expo real|mipim|web summit|dmexco|re:publica|bits & pretzels|slush|zukunft personal|"
    "polis convention|hannover messe|ifa|ces|omr"
)
_EVENT_KEYWORD = re.compile(
    rf"{_GERMAN_EVENT_PARTS}|\b(?:{_ENGLISH_EVENT_WORDS})\b|\b(?:{_KNOWN_EVENTS})\b",
    re.IGNORECASE,
)
_PREPOSITION = (
    r"(?i:\bat the|\bat|\bbeim|\bbei der|\bbei dem|\bauf der|\bauf dem|\bvom|\bvon der|"
    r"\bafter|\bnach der|\bnach dem|\bduring the|\bduring|\bim|\bam rande der|\bzur|\bzum)"
)
_EVENT_CAPITALISED = re.compile(
    rf"{_PREPOSITION}\s+(?P<name>{_CAP_PHRASE})"
    rf"(?:\s+(?P<kw>(?i:{_ENGLISH_EVENT_WORDS})))?"
)
_EVENT_LOWERCASE = re.compile(
    rf"(?i:\bat the|\bat|\bbeim|\bauf der|\bauf dem|\bvom)\s+"
    rf"(?P<name>(?:[\w-]+\s+){{0,2}}?(?i:{_ENGLISH_EVENT_WORDS}|{_KNOWN_EVENTS}|"
    rf"[\w-]*(?:{_GERMAN_EVENT_PARTS})[\w-]*)(?:\s+real)?)\b"
)
_KNOWN_EVENT = re.compile(rf"\b(?:{_KNOWN_EVENTS})\b", re.IGNORECASE)
_AFTER_CUE = re.compile(
    r"\s*(?:(?i:at|in|im|bei|an|on|for|auf|zur|zum|vom|with)\s+)?"
    r"(?:(?i:the|der|dem|den|die|das)\s+)?"
    rf"(?P<name>{_CAP_PHRASE})"
)
# Referral wordings where the referrer's name follows rather than precedes the cue.
_NAME_FOLLOWS = re.compile(r"empfehlung|kennen uns (?:über|ueber)|introduced by", re.IGNORECASE)


@dataclass(frozen=True)
class Exclusions:
    """Folded words (the user, the sender) that must not be taken for a context."""

    words: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str | None]) -> Exclusions:
        words = {word.lower() for name in names if name for word in re.findall(r"\w+", name)}
        return cls(frozenset(words))

    def allows(self, phrase: str) -> bool:
        tokens = [token.lower() for token in re.findall(r"\w+", phrase)]
        if not tokens or tokens[0] in _STOP_WORDS:
            return False
        return not all(token in self.words for token in tokens)


def _trim(phrase: str) -> str:
    words = phrase.split()
    # A pronoun or greeting inside the phrase starts the next clause: "des ZIA Ich …".
    for position, word in enumerate(words[1:], 1):
        if word.lower() in _STOP_WORDS:
            words = words[:position]
            break
    while words and (words[-1].lower() in ("der", "des", "of", "the", "&", "de", "du")):
        words.pop()
    while words and words[0].lower() in _STOP_WORDS:
        words.pop(0)
    return " ".join(words).strip(" .,:;!?–-")


def find_event(text: str, exclusions: Exclusions) -> str | None:
    """The name of an event the request mentions, as written, or None."""
    for match in _EVENT_CAPITALISED.finditer(text):
        name = _trim(match.group("name") + (" " + match.group("kw") if match.group("kw") else ""))
        if name and exclusions.allows(name) and _EVENT_KEYWORD.search(name):
            return name
    known = _KNOWN_EVENT.search(text)
    if known is not None:
        return known.group(0)
    lowercase = _EVENT_LOWERCASE.search(text)
    if lowercase is not None:
        return _trim(lowercase.group("name")) or None
    return None


def find_person_near(text: str, start: int, end: int, exclusions: Exclusions) -> str | None:
    """A person's name right before (or, for some wordings, after) a referral cue."""
    cue = text[start:end]
    after = [m.group(0) for m in _PERSON.finditer(text[end : end + 60])]
    before = [m.group(0) for m in _PERSON.finditer(text[max(0, start - 60) : start])]
    ordered = (
        (after[:1] + before[::-1]) if _NAME_FOLLOWS.search(cue) else (before[::-1] + after[:1])
    )
    for candidate in ordered:
        name = _trim(candidate)
        if len(name.split()) >= 2 and exclusions.allows(name):
            return name
    return None


def find_shared_subject(text: str, end: int, exclusions: Exclusions) -> str | None:
    """The organisation or project named right after a shared-work cue, if any."""
    cue_words = text[:end].split()
    if cue_words and cue_words[-1].lower() in ("project", "projekt") and len(cue_words) > 1:
        # "your data-centre project": the cue itself names the project.
        qualifier = cue_words[-2].strip(",;:")
        if qualifier.lower() not in ("your", "our", "the", "im", "ihr", "unser", "gemeinsames"):
            return f"{qualifier} {cue_words[-1]}"
    match = _AFTER_CUE.match(text, end)
    if match is None:
        return None
    name = _trim(match.group("name"))
    return name if name and exclusions.allows(name) else None
