"""The grammars of /log, /add and /edit, in English and German.

Users type these on a phone between meetings, so the grammar is forgiving: a
name comes first, then keywords or channel words in any order, with values
running until the next keyword. Names keep their case and accents as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from coach.commands import (
    AddCommand,
    Birthday,
    ContactFields,
    EditCommand,
    LogCommand,
    ParseError,
)
from coach.model import Channel, Circle, Formality
from coach.parsing.dates import parse_birthday, take_day
from coach.parsing.durations import FULL_WEEKDAY_NAMES, parse_period_days, take_minutes

# Shown to users as help, so the words per channel stay in one table.
CHANNEL_WORDS: dict[Channel, tuple[str, ...]] = {
    Channel.CALL: (
        "call", "phone", "phoned", "videocall", "zoom", "anruf", "angerufen", "telefon",
        "telefonat", "telefoniert", "videoanruf",
    ),
    Channel.MEETING: (
        "meeting", "meet", "met", "treffen", "getroffen", "lunch", "coffee", "kaffee",
        "mittagessen", "dinner", "abendessen", "breakfast", "frühstück", "besuch",
    ),
    Channel.EMAIL: ("email", "e-mail", "mail", "emailed", "gemailt"),
    Channel.MESSAGE: (
        "message", "msg", "nachricht", "chat", "dm", "sms", "whatsapp", "signal", "linkedin",
        "xing",
    ),
    Channel.CARD: ("card", "karte", "postkarte"),
    Channel.NEWSLETTER: ("newsletter",),
    Channel.EVENT: ("event", "veranstaltung", "messe", "konferenz", "conference"),
    Channel.OTHER: ("other", "sonstiges"),
}  # fmt: skip

# Channel words that say more than their channel ("lunch" is a meeting, "WhatsApp" a
# message): without a note of its own, the log keeps the word as its note.
_DETAIL_CHANNEL_WORDS = frozenset({
    "zoom", "videocall", "videoanruf", "lunch", "coffee", "kaffee", "mittagessen", "dinner",
    "abendessen", "breakfast", "frühstück", "besuch", "whatsapp", "signal", "sms",
    "linkedin", "xing", "postkarte", "messe", "konferenz", "conference",
})

# German circle words also in the form they take before "Kreis" ("weiterer Kreis"),
# which is how people say it: "/add Jörg Müller weiter".
CIRCLE_WORDS: dict[Circle, tuple[str, ...]] = {
    Circle.CLOSE: ("close", "eng", "enger"),
    Circle.ACTIVE: ("active", "aktiv", "aktiver"),
    Circle.WIDER: ("wider", "weit", "weiter", "weiterer", "erweitert", "erweiterter"),
    Circle.DORMANT: ("dormant", "ruhend", "ruhender"),
}

LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "de": ("de", "german", "deutsch", "ger", "deu"),
    "en": ("en", "english", "englisch", "eng"),
}

# How drafts address a contact: "/edit Anna du", "/edit Anna Sie", "formal".
FORMALITY_WORDS: dict[Formality, tuple[str, ...]] = {
    Formality.INFORMAL: ("du", "duzen", "informal", "informell"),
    Formality.FORMAL: ("sie", "siezen", "formal", "förmlich", "foermlich"),
}
# "du" and "Sie" are also parts of names ("Anna du Pont"): they count only at the end
# or before another keyword ("/edit Anna du circle close").
_FORMALITY_ONLY_AT_END = frozenset({"du", "sie"})

# Ten years, as in /settings cadence; longer would push due dates past the calendar.
MAX_CADENCE_DAYS = 3650

# Values that clear a field in /edit.
CLEAR_WORDS = frozenset({"none", "keine", "kein", "nichts", "-", "—", "–"})

_CHANNEL_BY_WORD: dict[str, Channel] = {
    word: channel for channel, words in CHANNEL_WORDS.items() for word in words
}
_CIRCLE_BY_WORD: dict[str, Circle] = {
    word: circle for circle, words in CIRCLE_WORDS.items() for word in words
}
_FORMALITY_BY_WORD: dict[str, Formality] = {
    word: formality for formality, words in FORMALITY_WORDS.items() for word in words
}
_LANGUAGE_BY_WORD: dict[str, str] = {
    word: code for code, words in LANGUAGE_WORDS.items() for word in words
}

# What a /add or /edit keyword sets. "circle_word" and "period_word" carry their
# value in the keyword itself ("close", "quarterly").
Slot = Literal[
    "circle", "circle_word", "cadence", "period_word", "company", "birthday", "how_met",
    "phone", "email", "handle", "language", "next_note", "name", "formality_word",
]  # fmt: skip

_KEYWORDS: dict[str, Slot] = {
    **dict.fromkeys(("circle", "kreis"), "circle"),
    **dict.fromkeys(_CIRCLE_BY_WORD, "circle_word"),
    **dict.fromkeys(("every", "alle", "cadence", "rhythmus", "jede", "jeden"), "cadence"),
    **dict.fromkeys(
        ("weekly", "wöchentlich", "monthly", "monatlich", "quarterly", "vierteljährlich",
         "yearly", "jährlich"),
        "period_word",
    ),
    **dict.fromkeys(("company", "firma"), "company"),
    **dict.fromkeys(("birthday", "geburtstag", "born", "geb.", "geb", "bday"), "birthday"),
    **dict.fromkeys(("met", "kennengelernt", "how-met"), "how_met"),
    **dict.fromkeys(("phone", "tel", "tel.", "telefon", "mobile", "handy"), "phone"),
    **dict.fromkeys(("email", "mail", "e-mail"), "email"),
    **dict.fromkeys(("handle", "xing", "linkedin", "telegram"), "handle"),
    **dict.fromkeys(("language", "sprache"), "language"),
    **dict.fromkeys(("next", "nächstes", "naechstes"), "next_note"),
    **dict.fromkeys(_FORMALITY_BY_WORD, "formality_word"),
}  # fmt: skip

# Inside free text (how_met, next_note) only these end the value, so that a
# sentence like "met at the close of Expo" keeps its words.
_STRONG_KEYWORDS = frozenset(
    {
        "every", "alle", "cadence", "rhythmus", "birthday", "geburtstag", "born",
        "company", "firma", "phone", "telefon", "email", "e-mail", "handle", "language",
        "sprache",
    }
)  # fmt: skip

# ContactFields attribute each slot fills, also the names reported in ``cleared``.
_FIELD_OF_SLOT: dict[Slot, str] = {
    "circle": "circle", "circle_word": "circle", "cadence": "cadence_days",
    "period_word": "cadence_days", "company": "company", "birthday": "birthday",
    "how_met": "how_met", "phone": "phone", "email": "email", "handle": "handle",
    "language": "language", "next_note": "next_note", "name": "name",
    "formality_word": "formality",
}  # fmt: skip

_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_HANDLE_RE = re.compile(r"@[\w.\-]+")
_PHONE_START_RE = re.compile(r"\+\d[\d/()\-]*")
_PHONE_PART_RE = re.compile(r"[\d/()\-]+")

# A word that only announces the note, followed by the note itself.
_NOTE_WORD_RE = re.compile(r"^(?:notes?|notiz|anmerkung)\b\s*[:\-–—]?\s*(?=\S)",
                           re.IGNORECASE)
_NEXT_NOTE_RE = re.compile(
    r"(?:^|\s)(?:beim\s+nächsten\s+mal|nächstes\s+mal|next\s+time|nächstes|naechstes|next)"
    r"\s*:\s*",
    re.IGNORECASE,
)

_TRAILING = ",;"


def _norm(token: str) -> str:
    return token.casefold().rstrip(_TRAILING)


def _join(tokens: list[str]) -> str | None:
    text = " ".join(tokens).strip().rstrip(_TRAILING).strip()
    return text or None


def _name(tokens: list[str]) -> str | None:
    return _join([token.rstrip(",;:") for token in tokens])


# --- /log ------------------------------------------------------------------------


def channel_of(word: str) -> Channel | None:
    """The channel a word like "Anruf" or "coffee" stands for, if any."""
    return _CHANNEL_BY_WORD.get(_norm(word))


# Day words that are also surnames ("Anna Freitag", "Peter Morgen").
_SURNAME_DAY_WORDS = FULL_WEEKDAY_NAMES | {"morgen"}


def _is_log_boundary(tokens: list[str], i: int, today: date) -> bool:
    """Whether the contact's name ends before ``tokens[i]``."""
    if channel_of(tokens[i]) is not None or take_minutes(tokens, i) is not None:
        return True
    # "Anna Freitag call": Freitag, Sonntag, Morgen and friends are German surnames;
    # right after a name and before a channel word the surname is the likelier reading.
    is_surname_word = _norm(tokens[i]).rstrip(".") in _SURNAME_DAY_WORDS
    followed_by_channel = i + 1 < len(tokens) and channel_of(tokens[i + 1]) is not None
    if i > 0 and is_surname_word and followed_by_channel:
        return False
    return take_day(tokens, i, today) is not None


def parse_log(args: str, today: date) -> LogCommand:
    """Parse ``/log`` arguments: name, then channel, duration and day in any order, then a note.

    The day is in the past (see :mod:`coach.parsing.dates` for what vague phrases
    mean); "morgen" or "tomorrow" raise ``date_in_future``. A "next:" marker
    ("nächstes:", "next time:", "beim nächsten Mal:") starts the note for the next
    contact.
    """
    next_note: str | None = None
    if match := _NEXT_NOTE_RE.search(args):
        next_note = args[match.end() :].strip() or None
        args = args[: match.start()]
    tokens = args.split()
    if not tokens:
        raise ParseError("log_needs_name")

    i = 0
    while i < len(tokens) and not _is_log_boundary(tokens, i, today):
        i += 1
    contact_ref = _name(tokens[:i])

    channel: Channel | None = None
    minutes: int | None = None
    day: date | None = None
    detail: str | None = None
    while i < len(tokens):
        if channel is None and (found_channel := channel_of(tokens[i])) is not None:
            channel, i = found_channel, i + 1
            if _norm(tokens[i - 1]) in _DETAIL_CHANNEL_WORDS:
                detail = tokens[i - 1].rstrip(_TRAILING)
        elif minutes is None and (found_minutes := take_minutes(tokens, i)) is not None:
            minutes, i = found_minutes[0], i + found_minutes[1]
        elif day is None and (found_day := take_day(tokens, i, today)) is not None:
            day, i = found_day[0], i + found_day[1]
        else:
            break
    rest = tokens[i:]
    if rest and (minutes is None or day is None):
        rest, minutes, day = _trailing_slots(rest, minutes, day, today)
    note = _join(rest)
    if note is not None:
        note = note.lstrip("-–—:, ").strip()
        # "note: talked about …", as the help's "(also: … a note …)" invites.
        note = _NOTE_WORD_RE.sub("", note, count=1).strip() or note or None
    if note is None and detail is not None:
        note = detail  # "/log Anna lunch": a meeting, and the card says it was lunch
    return LogCommand(
        contact_ref=contact_ref,
        channel=channel,
        minutes=minutes,
        day=day,
        note=note,
        next_note=next_note,
    )


def _trailing_slots(rest: list[str], minutes: int | None, day: date | None,
                    today: date) -> tuple[list[str], int | None, date | None]:
    """A duration or day written after the note ("met for lunch 1.5h on Monday") is
    still the log's, not the note's; only what ends the message counts, and only what
    was not given before. Words that merely look like a day there ("see you tomorrow")
    stay in the note."""
    found = True
    while found and len(rest) > 1:
        found = False
        for size in (3, 2, 1):
            if len(rest) <= size:
                continue
            tail = rest[-size:]
            try:
                taken_minutes = take_minutes(tail, 0) if minutes is None else None
                taken_day = take_day(tail, 0, today) if day is None else None
            except ParseError:
                continue
            if taken_minutes is not None and taken_minutes[1] == size:
                minutes, rest, found = taken_minutes[0], rest[:-size], True
                break
            if taken_day is not None and taken_day[1] == size:
                day, rest, found = taken_day[0], rest[:-size], True
                break
    return rest, minutes, day


# --- /add and /edit -----------------------------------------------------------------


def _standalone(token: str) -> Slot | None:
    """An email address, @handle or +49… phone that needs no keyword."""
    cleaned = token.rstrip(_TRAILING)
    if _EMAIL_RE.fullmatch(cleaned):
        return "email"
    if _HANDLE_RE.fullmatch(cleaned):
        return "handle"
    if _PHONE_START_RE.fullmatch(cleaned):
        return "phone"
    return None


def _keyword_at(
    tokens: list[str], i: int, *, allow_name: bool, strong: bool
) -> tuple[Slot, int] | None:
    """The keyword at ``tokens[i]`` and how many tokens it spans, if there is one."""
    word = _norm(tokens[i])
    bare = word.rstrip(":")
    pair = " ".join(_norm(t) for t in tokens[i : i + 2]).rstrip(":")
    triple = " ".join(_norm(t) for t in tokens[i : i + 3]).rstrip(":")
    colon = word.endswith(":")
    if strong:
        if bare in _STRONG_KEYWORDS:
            return _KEYWORDS[bare], 1
        if colon and bare in ("next", "nächstes", "naechstes"):
            return "next_note", 1
        if pair in ("next time", "nächstes mal") and tokens[i + 1].endswith(":"):
            return "next_note", 2
        return None
    if triple == "beim nächsten mal":
        return "next_note", 3
    if pair in ("next time", "nächstes mal"):
        return "next_note", 2
    if pair == "how met":
        return "how_met", 2
    if allow_name and bare == "name":
        return "name", 1
    if (bare in _FORMALITY_ONLY_AT_END and i != len(tokens) - 1
            and _keyword_at(tokens, i + 1, allow_name=allow_name, strong=False) is None):
        return None
    if bare in _KEYWORDS:
        return _KEYWORDS[bare], 1
    return None


@dataclass
class _FieldsBuilder:
    """Collects field values from keyword segments into a ContactFields."""

    clearing_allowed: bool
    today: date
    values: dict[str, object] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)

    def put(self, slot: Slot, keyword: str, value_tokens: list[str]) -> None:
        name = _FIELD_OF_SLOT[slot]
        value = _join(value_tokens)
        if slot == "circle_word":
            self._set(name, _CIRCLE_BY_WORD[_norm(keyword)])
            return
        if slot == "period_word":
            self._set(name, parse_period_days(keyword))
            return
        if slot == "formality_word":
            self._set(name, _FORMALITY_BY_WORD[_norm(keyword)].value)
            return
        if value is not None and value.casefold() in CLEAR_WORDS and slot != "name":
            if self.clearing_allowed:
                self.values.pop(name, None)
                self.cleared.add(name)
            return
        if slot == "circle":
            circle = _CIRCLE_BY_WORD.get((value or "").casefold())
            if circle is None:
                raise ParseError("unknown_circle", value=value or "")
            self._set(name, circle)
        elif slot == "cadence":
            days = parse_period_days(value or "")
            if days is None or days > MAX_CADENCE_DAYS:
                raise ParseError("bad_cadence", value=value or "")
            self._set(name, days)
        elif slot == "birthday":
            birthday: Birthday = parse_birthday(value or "", self.today)
            self._set(name, birthday)
        elif slot == "language":
            code = _LANGUAGE_BY_WORD.get((value or "").casefold())
            if code is None and not value:
                raise ParseError("bad_language", value="")
            if code is None:
                # Only drafts depend on it: keep the rest, and let the handler explain.
                self.values.pop(name, None)
                self.values["unknown_language"] = value
            else:
                self._set(name, code)
                self.values.pop("unknown_language", None)
        elif value is not None:
            self._set(name, value)

    def _set(self, name: str, value: object) -> None:
        self.values[name] = value
        self.cleared.discard(name)

    def build(self) -> ContactFields:
        return ContactFields(**self.values, cleared=frozenset(self.cleared))  # type: ignore[arg-type]


def _single_value(slot: Slot) -> bool:
    # A circle or language is one word; reading on would swallow "circle active" as
    # a circle keyword followed by a second keyword.
    return slot in ("circle", "language")


def _parse_fields(
    tokens: list[str], today: date, *, allow_name: bool, clearing_allowed: bool
) -> tuple[str | None, ContactFields]:
    """Split tokens into the leading name and the keyword segments after it."""

    def boundary(i: int, strong: bool) -> tuple[Slot, int] | None:
        found = _keyword_at(tokens, i, allow_name=allow_name, strong=strong)
        if found is None and not strong and (slot := _standalone(tokens[i])) is not None:
            return slot, 0
        return found

    i = 0
    while i < len(tokens) and boundary(i, strong=False) is None:
        i += 1
    name = _name(tokens[:i])

    builder = _FieldsBuilder(clearing_allowed=clearing_allowed, today=today)
    while i < len(tokens):
        found = boundary(i, strong=False)
        if found is None:  # pragma: no cover - segments always start at a boundary
            break
        slot, used = found
        keyword = " ".join(tokens[i : i + used])
        start = i + used
        end = start
        if slot in ("circle_word", "period_word", "formality_word"):
            pass
        elif _single_value(slot):
            end = min(start + 1, len(tokens))
        elif used == 0 and slot == "phone":
            end = start + 1
            while end < len(tokens) and _PHONE_PART_RE.fullmatch(tokens[end].rstrip(_TRAILING)):
                end += 1
        elif used == 0:
            end = start + 1
        else:
            strong = slot in ("how_met", "next_note")
            while end < len(tokens) and boundary(end, strong=strong) is None:
                end += 1
        builder.put(slot, keyword, tokens[start:end])
        i = end
    return name, builder.build()


_BRACKETED_COMPANY_RE = re.compile(r"(\S.*?)\s*\(([^()]*\S[^()]*)\)")


def parse_add(args: str, today: date) -> AddCommand:
    """Parse ``/add`` arguments: the new contact's name, then optional keyword fields.

    ``today`` bounds birthdays: a birthday with a year cannot lie in the future.
    A language the coach cannot write ("language fr") does not refuse the contact;
    it is reported in ``fields.unknown_language`` for the reply to explain.
    """
    name, fields = _parse_fields(args.split(), today, allow_name=False, clearing_allowed=False)
    if name is None:
        raise ParseError("add_needs_name")
    # "Tom Becker (Acme)": the company in brackets, as address books write it.
    if (bracketed := _BRACKETED_COMPANY_RE.fullmatch(name)) and fields.company is None:
        name, fields = bracketed[1].strip(), replace(fields, company=bracketed[2].strip())
    return AddCommand(name=name, fields=fields)


def parse_edit(args: str, today: date) -> EditCommand:
    """Parse ``/edit`` arguments: which contact, then the fields to change or clear."""
    ref, fields = _parse_fields(args.split(), today, allow_name=True, clearing_allowed=True)
    if ref is None:
        raise ParseError("edit_needs_name")
    if fields.unknown_language is not None and fields == ContactFields(
            unknown_language=fields.unknown_language):
        raise ParseError("bad_language", value=fields.unknown_language)
    if fields == ContactFields():
        raise ParseError("edit_needs_field")
    return EditCommand(contact_ref=ref, fields=fields)


def parse_edit_fields(args: str, today: date) -> ContactFields:
    """Parse only the fields of ``/edit`` ("circle close"), for a contact already known."""
    _, fields = _parse_fields(args.split(), today, allow_name=True, clearing_allowed=True)
    if fields == ContactFields():
        raise ParseError("edit_needs_field")
    return fields


def circle_of(word: str) -> Circle | None:
    """The circle a word names ("eng", "close"), shared by /add, /edit and /settings."""
    return _CIRCLE_BY_WORD.get(_norm(word))


def language_of(word: str) -> str | None:
    """The language code a word names ("deutsch", "en"), shared by /add and /settings."""
    return _LANGUAGE_BY_WORD.get(_norm(word))
