"""Who wrote the request: name, academic titles and the gender a German greeting needs.

The name comes from the platform when it knows it, else from a ``From:`` line, else
from the signature ("Beste Grüße, Klaus Weber", "Best, Tom") or a self-introduction
("my name is …", "mein Name ist …"). The gender of the first name is looked up in
gender-guesser's first-name dictionary, packed into a small table
(:mod:`coach.triage.first_names`, read on first use); a name it cannot tell
stays neutral, so a German draft says "Guten Tag Kim Berger" rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coach.triage.first_names import lookup

# Forms of address and academic titles, as written in names and greetings.
_ADDRESS = {"herr": "male", "herrn": "male", "frau": "female", "mr": "male", "mrs": "female",
            "ms": "female", "miss": "female", "mx": ""}
_TITLE = re.compile(r"^(?:dr|prof|professor|dipl\.?-?\w*|mag|ing)\.?$", re.IGNORECASE)
_ORGANISATION_WORDS = frozenset(
    [
        "gmbh", "ag", "kg", "ug", "se", "co", "inc", "ltd", "llc", "plc", "eg", "team", "redaktion",
        "vertrieb", "partners", "direkt", "group", "gruppe", "agency", "agentur", "company",
        "solutions", "services", "bank", "consulting", "capital"
    ]
)

_LOWER = "a-zäöüßéèáàíóúñçëï"
_NAME_WORD = rf"[A-ZÄÖÜ][{_LOWER}]*(?:['’\-]?[A-ZÄÖÜ{_LOWER}][{_LOWER}]+)"
_TITLE_WORD = r"(?:Prof\.|Dr\.(?:\s?-?Ing\.)?|Dipl\.-\w+\.)"
_PERSON_TEXT = (
    rf"(?:(?:Herr|Frau|Mr\.?|Ms\.?|Mrs\.?)[ \t]+)?(?:{_TITLE_WORD}[ \t]*)*"
    rf"{_NAME_WORD}(?:[ \t]+(?:van|von|de|der|da|di|le|la|del|zu))?(?:[ \t]+{_NAME_WORD}){{0,2}}"
)
# Closings after which a signature name follows, German and English.
_CLOSINGS = (
    r"(?:mit\s+)?(?:freundlichen|besten|herzlichen|vielen|lieben|sonnigen|kollegialen)\s+"
    r"gr(?:ü|ue)(?:ß|ss)en|(?:viele|beste|liebe|herzliche|sonnige|freundliche)\s+"
    r"gr(?:ü|ue)(?:ß|ss)e(?:\s+aus\s+\w+)?|gru(?:ß|ss)|mfg|lg|vg|bg|beste\s+gr(?:ü|ue)(?:ß|ss)e|"
    r"best(?:\s+regards|\s+wishes)?|kind\s+regards|warm\s+regards|regards|many\s+thanks|"
    r"thanks(?:\s+again|\s+in\s+advance)?|thank\s+you|cheers|all\s+the\s+best|sincerely|"
    r"yours(?:\s+sincerely|\s+truly)?|danke(?:\s+und\s+\w+\s+gr(?:ü|ue)(?:ß|ss)e)?|ciao|servus"
)
_SIGNATURE = re.compile(
    rf"(?i:\b(?:{_CLOSINGS}))\s*[,!.]?\s*(?:[-–—]\s*)?(?P<name>{_PERSON_TEXT})\s*"
    r"(?:[\n,|(–-]|$)"
)
_SELF_INTRO = re.compile(
    rf"(?i:\bmy\s+name\s+is|\bmein\s+name\s+ist|\bich\s+bin|\bi\s*'?\s*a?m|\bhier\s+ist|"
    rf"\bthis\s+is)\s+(?P<name>{_PERSON_TEXT})\b"
)
_DASH_SIGNATURE = re.compile(rf"(?:^|\n)\s*[-–—]\s*(?P<name>{_PERSON_TEXT})\s*$")


@dataclass(frozen=True)
class SenderName:
    """The sender as a greeting needs them: first and last name, titles, gender.

    ``gender`` is "male", "female" or None when the first name does not tell;
    ``organisation`` is True for a company or team rather than a person.
    """

    full: str
    first: str | None
    last: str | None
    titles: str
    gender: str | None
    organisation: bool
    source: str  # "platform", "header", "signature" or "introduction"


@lru_cache(maxsize=8_192)
def first_name_gender(first: str) -> str | None:
    """"male", "female" or None for a first name; Germany's usage decides where it differs."""
    name = first.split("-")[0].strip()
    if len(name) < 2:
        return None
    return lookup(name)[1]


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name the dictionary knows (of any gender)."""
    name = word.split("-")[0].strip()
    if len(name) < 2 or not name[0].isupper():
        return False
    return lookup(name)[0]


def parse_name(raw: str, source: str) -> SenderName | None:
    """Split a written name into its parts; None when nothing name-like is left."""
    text = " ".join(raw.replace("\u00a0", " ").split()).strip(" ,;:-–")
    if not text:
        return None
    if text.count(",") == 1:
        last_part, first_part = (part.strip() for part in text.split(","))
        if first_part and last_part and " " not in last_part.strip():
            text = f"{first_part} {last_part}"
    words = text.split()
    organisation = any(word.lower().strip(",.") in _ORGANISATION_WORDS for word in words)
    address_gender: str | None = None
    titles: list[str] = []
    name_words: list[str] = []
    for word in words:
        bare = word.lower().rstrip(".")
        if not name_words and bare in _ADDRESS:
            address_gender = _ADDRESS[bare] or None
            continue
        if _TITLE.match(word) and not organisation:
            titles.append(_title_form(word))
            continue
        name_words.append(word)
    if not name_words:
        return None
    if organisation:
        return SenderName(text, None, None, "", None, True, source)
    first = name_words[0] if len(name_words) > 1 or address_gender is None else None
    last = name_words[-1] if len(name_words) > 1 or address_gender is not None else None
    if first is not None and len(name_words) > 1 and name_words[-2].lower() in (
        "van", "von", "de", "der", "da", "di", "le", "la", "del", "zu"
    ):
        last = " ".join(name_words[-2:])
    gender = address_gender or (first_name_gender(first) if first else None)
    full = " ".join(name_words)
    return SenderName(full, first, last, " ".join(titles), gender, False, source)


def _title_form(word: str) -> str:
    bare = word.lower().rstrip(".")
    if bare in ("prof", "professor"):
        return "Prof."
    if bare == "dr":
        return "Dr."
    return word if word.endswith(".") else word + "."


# Words that introduce a role, not a name: "I am Barrister John Smith".
_ROLE_WORDS = frozenset(
    [
        "barrister", "attorney", "lawyer", "solicitor", "banker", "agent", "manager", "director",
        "rechtsanwalt", "anwalt", "notar", "bankdirektor", "berater", "beraterin", "coach",
        "consultant", "team", "the", "ein", "eine"
    ]
)


def _plausible(name: str, user_words: frozenset[str]) -> bool:
    words = [w for w in name.split()
             if not _TITLE.match(w) and w.lower().rstrip(".") not in _ADDRESS]
    if not words or len(words) > 3 or words[0].lower() in _ROLE_WORDS:
        return False
    if all(word.lower() in user_words for word in words):
        return False
    # A single word must be a known first name: "Best, Tom" yes, "Best, Thanks" no.
    return len(words) > 1 or is_first_name(words[0])


def read_signature(body: str, user_name: str | None) -> SenderName | None:
    """The name the sender signed or introduced themselves with, if the text has one."""
    user_words = frozenset(w.lower() for w in re.findall(r"\w+", user_name or ""))
    tail = body[-300:]
    candidates: list[tuple[str, str]] = [
        (match.group("name"), "signature") for match in _SIGNATURE.finditer(tail)
    ][::-1]
    dash = _DASH_SIGNATURE.search(tail)
    if dash is not None:
        candidates.append((dash.group("name"), "signature"))
    intro = _SELF_INTRO.search(body[:400])
    if intro is not None:
        candidates.append((intro.group("name"), "introduction"))
    for name, source in candidates:
        if _plausible(name.strip(), user_words):
            return parse_name(name.strip(), source)
    return None
