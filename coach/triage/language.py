"""Which language a request is written in, and whether the sender says "du".

Detection uses lingua, restricted to a handful of European languages and built once
on first use. German and English are what the coach replies in; the others are only
there so that, say, a French request is not forced into German and gets an English
reply instead.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from coach.triage.gate import gate

# Languages that merely need telling apart from German and English.
_OTHER_LANGUAGES = (Language.FRENCH, Language.SPANISH, Language.ITALIAN, Language.DUTCH)

_NOISE = re.compile(r"https?://\S+|www\.\S+|\b[\w.-]+\.(?:com|de|io|ly|me|ee|net|org)/\S*|\S+@\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Very short requests ("Hi", "Hallo 👋") carry too little for statistics; these words
# settle them.
_GERMAN_MARKERS = frozenset(
    [
        "hallo",
        "moin",
        "servus",
        "grüß",
        "gruss",
        "grüss",
        "gruß",
        "guten",
        "tag",
        "abend",
        "morgen",
        "liebe",
        "lieber",
        "hey",
        "na",
        "danke",
        "vielen",
        "ich",
        "bin",
        "wir",
        "sie",
        "du",
        "dich",
        "dir",
        "und",
    ]
)
_ENGLISH_MARKERS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "dear",
        "thanks",
        "thank",
        "you",
        "i",
        "am",
        "we",
        "the",
        "and",
        "good",
        "morning",
        "evening",
    ]
)

# Unambiguous function words: when one language's outnumber the other's four to one,
# the statistical detector (the costliest step of triage) is not needed.
_STRONG_GERMAN = frozenset(
    [
        "ich", "und", "nicht", "mit", "für", "sie", "wir", "der", "die", "das", "ist", "auf",
        "mich", "mir", "gern", "gerne", "uns", "haben", "habe", "vielen", "dank", "grüße", "bei",
        "zu", "ein", "eine", "einen", "dich", "dir", "du", "ihnen", "ihr", "ihre"
    ]
)
_STRONG_ENGLISH = frozenset(
    [
        "i", "you", "the", "and", "to", "of", "my", "your", "we", "is", "for", "with", "have",
        "would", "be", "thanks", "thank", "our", "this", "that", "it", "me"
    ]
)
_CLEAR_MAJORITY = 4
_CLEAR_MINIMUM = 3

# Second person singular/plural familiar forms; capitalised "Du"/"Dir" in letters too.
_INFORMAL = re.compile(
    r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem|"
    r"eurer|hast|bist|kannst|willst|magst|weißt|weisst|könntest|koenntest|würdest|wuerdest|"
    r"hättest|haettest|solltest|lass uns|lasst uns|meld dich|schreib mir)\b",
    re.IGNORECASE,
)


_INFORMAL_GATE = gate(_INFORMAL)


@cache
def _detector() -> LanguageDetector:
    """Build the detector once, in low-accuracy mode with models loaded on demand.

    The high-accuracy models cost about 0.6 s and 200 MiB on first use; the low-accuracy
    ones take milliseconds and a few MiB, and told every labelled request apart just as
    well (tests/unit/test_triage_accuracy.py).
    """
    return (
        LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH, *_OTHER_LANGUAGES)
        .with_low_accuracy_mode()
        .build()
    )


def _marker_vote(words: list[str]) -> str | None:
    german = sum(word in _GERMAN_MARKERS for word in words)
    english = sum(word in _ENGLISH_MARKERS for word in words)
    if german > english:
        return "de"
    if english > german:
        return "en"
    return None


def detect_language(text: str, default: str = "en") -> str:
    """``"de"`` or ``"en"`` for ``text``; any other language maps to English replies."""
    cleaned = _NOISE.sub(" ", text)
    words = [word.lower() for word in _WORD.findall(cleaned)]
    if not words:
        return default
    if len(words) <= 3:
        vote = _marker_vote(words)
        if vote is not None:
            return vote
    german = sum(word in _STRONG_GERMAN for word in words)
    english = sum(word in _STRONG_ENGLISH for word in words)
    if german >= _CLEAR_MINIMUM and german >= _CLEAR_MAJORITY * english:
        return "de"
    if english >= _CLEAR_MINIMUM and english >= _CLEAR_MAJORITY * german:
        return "en"
    detected = _detector().detect_language_of(cleaned)
    if detected == Language.GERMAN:
        return "de"
    if detected is None:
        return _marker_vote(words) or default
    return "en"


@lru_cache(maxsize=256)
def detect_language_cached(text: str) -> str:
    """:func:`detect_language` for texts that recur, such as the user's positioning line."""
    return detect_language(text)


def is_informal(text: str, language: str) -> bool:
    """Whether a German request addresses the reader with "du"; always False otherwise."""
    if language != "de":
        return False
    return _INFORMAL_GATE.search(text, text.lower()) is not None
