"""From understood evidence to a verdict: the learned scores, then the rules that bound them.

The linear model weighs everything; a few rules keep it inside what the labelling
guide demands whatever the wording: an advance-fee scam is declined, strong pitch
evidence (a booking link, or two sales signs) declines a stranger's request even if
it claims a meeting, a stranger with neither shared context nor a concrete question
is not accepted, and a contact is never asked where you know each other from.
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.model import Verdict
from coach.triage.scorer import LinearModel, probabilities
from coach.triage.understanding import Understanding
from coach.triage.vectorise import features

# Pitch evidence this strong declines whatever else the request claims.
PITCH_BAR = 3.0
# Asks that are concrete enough to accept a stranger without shared context.
CONCRETE_ASKS = frozenset(
    {"questions", "job", "application", "interview", "background_call", "confidential",
     "introduction", "speaking"}
)


def decide(
    u: Understanding, model: LinearModel, biases: Mapping[Verdict, float] | None = None
) -> tuple[Verdict, float]:
    """The verdict and how sure it is (0..1); ``biases`` come from the user's history."""
    logits = model.logits(features(u))
    for verdict, bias in (biases or {}).items():
        logits[verdict] += bias
    chances = probabilities(logits)
    verdict = max(chances, key=lambda v: chances[v])
    if u.scam:
        return Verdict.DECLINE, max(chances[Verdict.DECLINE], 0.9)
    pitch = sum(s.weight for s in u.signals if s.verdict is Verdict.DECLINE)
    if u.known_sender is None and pitch >= PITCH_BAR and verdict is not Verdict.DECLINE:
        return Verdict.DECLINE, max(chances[Verdict.DECLINE], 0.6)
    concrete = bool(u.contexts) or any(ask.kind in CONCRETE_ASKS for ask in u.asks)
    if verdict is Verdict.ACCEPT and u.known_sender is None and not concrete:
        # The labelling guide: a stranger is accepted for a shared context or a concrete
        # question, never for friendly words alone.
        verdict = Verdict.DECLINE if chances[Verdict.DECLINE] > chances[Verdict.ASK_CONTEXT] \
            else Verdict.ASK_CONTEXT
        return verdict, max(chances[verdict], 0.5)
    if u.known_sender is not None and verdict is Verdict.ASK_CONTEXT:
        return Verdict.ACCEPT, max(chances[Verdict.ACCEPT], 0.5)
    return verdict, chances[verdict]
