"""Turning signals into a verdict with a small, hand-tuned linear score per verdict.

Each verdict's score is the sum of the weights of its signals. A pitch decides first
(a claimed meeting does not make a sales pitch welcome); then concrete context
accepts; anything else asks for context, which is the safe default for a stranger.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from coach.model import Verdict
from coach.triage.features import Signal

# A pitch needs more than one weak word ("kostenlos" alone can be innocent).
PITCH_THRESHOLD = 2.0
# Contacts the user already knows get more benefit of the doubt.
KNOWN_PITCH_THRESHOLD = 4.0
ACCEPT_THRESHOLD = 1.5
# The safe default for a stranger with nothing concrete to say.
ASK_BIAS = 1.0

KNOWN_SENDER_WEIGHT = 4.0
REFERRER_WEIGHT = 3.0


@dataclass(frozen=True)
class Scores:
    """Summed evidence per verdict."""

    accept: float
    ask_context: float
    decline: float


@dataclass(frozen=True)
class Decision:
    """The verdict, how sure the rules are (0..1), and the scores behind it."""

    verdict: Verdict
    confidence: float
    scores: Scores


def score(signals: Iterable[Signal]) -> Scores:
    """Add up the signals' weights per verdict."""
    totals = dict.fromkeys(Verdict, 0.0)
    for signal in signals:
        totals[signal.verdict] += signal.weight
    return Scores(
        accept=totals[Verdict.ACCEPT],
        ask_context=ASK_BIAS + totals[Verdict.ASK_CONTEXT],
        decline=totals[Verdict.DECLINE],
    )


def _squash(margin: float) -> float:
    """Map a score margin onto 0.5..1; a margin of 0 is a coin toss."""
    return round(0.5 + 0.5 * math.tanh(margin / 2.0), 3)


def decide(signals: Iterable[Signal], *, known_sender: bool) -> Decision:
    """The verdict for these signals; ``known_sender`` raises the bar for a pitch."""
    scores = score(signals)
    pitch_bar = KNOWN_PITCH_THRESHOLD if known_sender else PITCH_THRESHOLD
    if scores.decline >= pitch_bar:
        margin = scores.decline - pitch_bar + 1.0
        return Decision(Verdict.DECLINE, _squash(margin), scores)
    if scores.accept >= ACCEPT_THRESHOLD:
        # Stray pitch words make an otherwise concrete request less certain.
        margin = scores.accept - ACCEPT_THRESHOLD + 1.0 - scores.decline
        return Decision(Verdict.ACCEPT, _squash(margin), scores)
    margin = scores.ask_context - scores.accept - scores.decline
    return Decision(Verdict.ASK_CONTEXT, _squash(margin), scores)
