"""Times of day as people say them, in English and German, and the nudge setting built on them.

One reader serves ``/settings nudge``, ``/settings slot`` and the nudge step of
the onboarding, so "8", "8 Uhr", "8am", "8 pm", "20:15", "halb neun",
"viertel nach acht", "viertel vor neun" or "half past eight" mean the same
everywhere.

Digits are a 24-hour clock ("8" is 08:00, "20:15" is 20:15, "3 Uhr" is 03:00)
unless "am"/"pm" follows. Spoken forms ("acht", "halb neun", "viertel vor drei")
name a clock-face hour and mean the working day unless "morgens", "abends",
"pm" or the like says otherwise: 6:00 to 11:59 in the morning, 12:00 to 17:59
after noon. So "halb neun" is 08:30, "halb drei" 14:30, "halb eins" 12:30 and
"halb sieben" 06:30; nobody wants a nudge or a networking slot at half past
two at night. German "halb neun" is 8:30, while British "half nine" is 9:30.

The forms are a small table rather than ``dateparser``, which reads "8 Uhr" as
the 8th of the month and knows neither "halb neun" nor "viertel vor neun".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from coach.model import NudgeDays
from coach.parsing.numbers import ascii_int, refuse_any_other_digits

_AMPM_RE = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*([ap])\.?\s*m\.?")
_COLON_RE = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?:\s*(?:uhr|h))?")
_UHR_RE = re.compile(r"([0-9]{1,2})\s*(?:uhr|h)(?:\s*([0-9]{1,2}))?")
_BARE_HOUR_RE = re.compile(r"[0-9]{1,2}")

_HOUR_WORDS: dict[str, int] = {
    "eins": 1, "ein": 1, "one": 1, "zwei": 2, "two": 2, "drei": 3, "three": 3,
    "vier": 4, "four": 4, "fünf": 5, "fuenf": 5, "five": 5, "sechs": 6, "six": 6,
    "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9,
    "zehn": 10, "ten": 10, "elf": 11, "eleven": 11, "zwölf": 12, "zwoelf": 12,
    "twelve": 12,
}  # fmt: skip

# Spoken forms: the words before the hour, and (hours to add, minute).
_SPOKEN: dict[tuple[str, ...], tuple[int, int]] = {
    ("halb",): (-1, 30),
    ("viertel", "nach"): (0, 15),
    ("viertel", "vor"): (-1, 45),
    ("dreiviertel",): (-1, 45),
    ("drei", "viertel"): (-1, 45),
    ("viertel",): (-1, 15),
    ("half", "past"): (0, 30),
    ("half",): (0, 30),
    ("quarter", "past"): (0, 15),
    ("quarter", "after"): (0, 15),
    ("quarter", "to"): (-1, 45),
}

# Spoken hours before this one mean the afternoon: "drei" is 15:00, "sieben" 07:00.
_FIRST_MORNING_HOUR = 6

_SPOKEN_LONGEST_FIRST = sorted(_SPOKEN.items(), key=lambda item: -len(item[0]))

_MORNING = frozenset({"morgens", "früh", "frueh", "vormittags", "am", "a.m.", "morning"})
_EVENING = frozenset({"abends", "nachmittags", "nachts", "pm", "p.m.", "evening", "afternoon",
                      "night"})
# Filler around a time: "um 8", "at 8", "gegen halb neun", "8 o'clock", "in the morning".
_FILLER = frozenset({"um", "at", "gegen", "ab", "o'clock", "oclock", "uhr", "in", "the"})
_NOON = frozenset({"noon", "mittag", "mittags", "midday"})


def parse_clock(text: str) -> time | None:
    """Read a time of day such as "8:30", "8 Uhr", "14 Uhr 30", "2pm" or "halb neun"."""
    refuse_any_other_digits(text)
    return _parse_clock(text)


def _parse_clock(text: str) -> time | None:
    cleaned = " ".join(text.casefold().replace(",", " ").split())
    if cleaned in _NOON:
        return time(12, 0)
    if (found := _numeric_clock(cleaned)) is not None:
        return found
    return _spoken_clock(cleaned.split())


def _checked(hour: int, minute: int) -> time | None:
    return time(hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def _twelve_hour(hour: int, minute: int, evening: bool) -> time | None:
    if not 1 <= hour <= 12:
        return None
    return _checked(hour % 12 + (12 if evening else 0), minute)


def _numeric_clock(cleaned: str) -> time | None:
    """ "8", "08:30", "20.15", "8 Uhr", "14 Uhr 30", "8am", "8:30 p.m."."""
    if match := _AMPM_RE.fullmatch(cleaned):
        return _twelve_hour(int(match[1]), int(match[2] or 0), match[3] == "p")
    if match := _COLON_RE.fullmatch(cleaned):
        return _checked(int(match[1]), int(match[2]))
    if match := _UHR_RE.fullmatch(cleaned):
        return _checked(int(match[1]), int(match[2] or 0))
    if _BARE_HOUR_RE.fullmatch(cleaned):
        return _checked(int(cleaned), 0)
    return None


def _hour_and_minute(word: str) -> tuple[int, int] | None:
    """ "8", "acht" or "8:30" as (hour, minute)."""
    if match := _COLON_RE.fullmatch(word):
        return int(match[1]), int(match[2])
    number = ascii_int(word, max_digits=2)
    hour = number if number is not None else _HOUR_WORDS.get(word)
    return None if hour is None else (hour, 0)


def _spoken_clock(words: list[str]) -> time | None:
    """ "halb neun", "viertel vor 9 abends", "acht Uhr morgens", "8:30 abends"."""
    evening = any(word in _EVENING for word in words)
    morning = any(word in _MORNING for word in words)
    words = [w for w in words if w not in _FILLER and w not in _EVENING and w not in _MORNING]
    if evening and morning:
        return None
    offset, minute = 0, 0
    spoken = False
    for prefix, meaning in _SPOKEN_LONGEST_FIRST:
        if len(words) == len(prefix) + 1 and tuple(words[: len(prefix)]) == prefix:
            offset, minute = meaning
            words = words[len(prefix) :]
            spoken = True
            break
    found = _hour_and_minute(words[0]) if len(words) == 1 else None
    if found is None or (found[1] and spoken):
        return None
    hour, minute = found[0], minute or found[1]
    spoken = spoken or words[0] in _HOUR_WORDS
    if not (spoken or evening or morning):
        return _checked(hour, minute)  # digits, as "um 3" or "8:30 Uhr": a 24-hour clock
    if hour > 12 or (hour == 0 and not offset):
        # A 24-hour number: "halb 21" is 20:30; a day part makes no sense with it.
        return None if evening or morning else _checked(hour + offset, minute)
    face = (hour + offset) % 12
    if evening or (not morning and face < _FIRST_MORNING_HOUR):
        return _checked(face + 12, minute)
    return _checked(face, minute)


NUDGE_DAY_WORDS: dict[str, NudgeDays] = {
    "weekdays": NudgeDays.WEEKDAYS, "workdays": NudgeDays.WEEKDAYS,
    "weekday": NudgeDays.WEEKDAYS, "werktags": NudgeDays.WEEKDAYS,
    "wochentags": NudgeDays.WEEKDAYS, "werktäglich": NudgeDays.WEEKDAYS,
    "daily": NudgeDays.DAILY, "täglich": NudgeDays.DAILY, "taeglich": NudgeDays.DAILY,
    "off": NudgeDays.OFF, "aus": NudgeDays.OFF,
}  # fmt: skip


@dataclass(frozen=True)
class NudgeChoice:
    """What ``/settings nudge …`` asks for; None means "keep as it is"."""

    at: time | None = None
    days: NudgeDays | None = None


# Phrases of several words that name the nudge days: "Mo-Fr", "Mon–Fri", "montags bis
# freitags", "Monday to Friday", "jeden Tag", "every day". They become one word of the
# table above before the words are read.
_WORKWEEK_RE = re.compile(
    r"\b(?:mo|mon|montags?|monday)\.?\s*(?:-|–|—|bis|to|through|until)\s*"
    r"(?:fr|fri|freitags?|friday)\b\.?", re.IGNORECASE)
_EVERY_WEEKDAY_RE = re.compile(r"\b(?:every|each|on|an)\s+(?=weekdays?\b|werktagen\b)",
                               re.IGNORECASE)
_WERKTAGEN_RE = re.compile(r"\bwerktagen\b", re.IGNORECASE)
_EVERY_DAY_RE = re.compile(
    r"\b(?:jeden\s+tag|alle\s+tage|every\s*day|each\s+day|all\s+days)\b", re.IGNORECASE)


def parse_nudge(text: str) -> NudgeChoice | None:
    """Read "08:30 weekdays", "halb neun täglich", "7:45 Mo-Fr", "8 Uhr" or "off";
    None if unreadable."""
    text = _WORKWEEK_RE.sub(" weekdays ", _EVERY_WEEKDAY_RE.sub("", text))
    text = _EVERY_DAY_RE.sub(" daily ", _WERKTAGEN_RE.sub("werktags", text))
    days: NudgeDays | None = None
    rest: list[str] = []
    for word in text.split():
        folded = word.casefold().rstrip(",;")
        if folded in NUDGE_DAY_WORDS:
            days = NUDGE_DAY_WORDS[folded]
        else:
            rest.append(word)
    if not rest:
        return NudgeChoice(days=days) if days is not None else None
    at = parse_clock(" ".join(rest))
    return None if at is None else NudgeChoice(at=at, days=days)
