"""The features the learned scorer weighs: what was understood, plus word and character n-grams.

Training (``coach.triage.train``) and scoring (``coach.triage.scorer``) both call
:func:`features`, so the model sees exactly the same inputs in both places. The
understood features carry the evidence that generalises (an event, a referral, a
booking link); the n-grams let the model pick up phrasing no rule lists. Each n-gram
family is scaled to unit length so a long message does not outweigh a short one.
"""

from __future__ import annotations

import itertools
import math
import re

from coach.triage.understanding import Understanding

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_CHAR_N = 4


def understood_features(u: Understanding) -> dict[str, float]:
    """One feature per fact the understanding step found."""
    found: dict[str, float] = {f"lang={u.language}": 1.0}
    if u.informal:
        found["informal"] = 1.0
    if u.formal_register:
        found["formal_register"] = 1.0
    if u.casual:
        found["casual"] = 1.0
    if u.sender is not None:
        found["sender_named"] = 1.0
    kinds = {context.kind for context in u.contexts}
    for kind in kinds:
        found[f"ctx={kind}"] = 1.0
    if not kinds:
        found["no_context"] = 1.0
    for ask in u.asks:
        found[f"ask={ask.kind}"] = 1.0
    if u.asks and u.asks[0].day:
        found["ask_day"] = 1.0
    if u.asks and not kinds:
        found["ask_without_context"] = 1.0
    for signal in u.signals:
        found[f"sign={signal.code}"] = 1.0
    if u.offer:
        found[f"offer={u.offer}"] = 1.0
    if u.scam:
        found["scam"] = 1.0
    if u.how_are_you:
        found["how_are_you"] = 1.0
    if u.job_news:
        found["job_news"] = 1.0
    if u.question:
        found["question_mark"] = 1.0
    length = len(u.body)
    found["len=short" if length < 60 else "len=medium" if length < 250 else "len=long"] = 1.0
    return found


def _unit(counts: dict[str, float], prefix: str, into: dict[str, float]) -> None:
    if not counts:
        return
    scale = 1.0 / math.sqrt(len(counts))
    for key in counts:
        into[prefix + key] = scale


def features(u: Understanding) -> dict[str, float]:
    """Understood facts plus word uni-/bigrams and in-word character 4-grams."""
    found = understood_features(u)
    words = [word.lower() for word in _TOKEN.findall(u.body)]
    unigrams = dict.fromkeys(words, 1.0)
    bigrams = dict.fromkeys((f"{a} {b}" for a, b in itertools.pairwise(words)), 1.0)
    chars: dict[str, float] = {}
    for word in unigrams:
        padded = f" {word} "
        for start in range(len(padded) - _CHAR_N + 1):
            chars[padded[start : start + _CHAR_N]] = 1.0
    _unit(unigrams, "w:", found)
    _unit(bigrams, "b:", found)
    _unit(chars, "c:", found)
    return found
