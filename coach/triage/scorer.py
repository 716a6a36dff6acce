"""The learned scorer: a linear model over :mod:`coach.triage.vectorise` features.

The weights were fitted with scikit-learn by ``python -m coach.triage.train`` on the
labelled corpus and exported to ``weights.json`` next to this module. Scoring is a
dictionary look-up per feature and a softmax in plain Python, so importing triage
pulls in neither scikit-learn nor numpy and a request costs well under a millisecond.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coach.model import Verdict

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class LinearModel:
    """Per-verdict intercepts and per-feature weights, in the order of ``verdicts``."""

    verdicts: tuple[Verdict, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def logits(self, found: Mapping[str, float]) -> dict[Verdict, float]:
        first, second, third = self.intercepts
        weights = self.weights
        for name, value in found.items():
            row = weights.get(name)
            if row is not None:
                first += row[0] * value
                second += row[1] * value
                third += row[2] * value
        return dict(zip(self.verdicts, (first, second, third), strict=True))

    def to_json(self) -> dict[str, object]:
        return {
            "verdicts": [verdict.value for verdict in self.verdicts],
            "intercepts": list(self.intercepts),
            "weights": {name: list(row) for name, row in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinearModel:
        verdicts = data["verdicts"]
        intercepts = data["intercepts"]
        weights = data["weights"]
        assert isinstance(verdicts, list)
        assert isinstance(intercepts, list)
        assert isinstance(weights, dict)
        return cls(
            verdicts=tuple(Verdict(value) for value in verdicts),
            intercepts=tuple(float(value) for value in intercepts),
            weights={str(name): tuple(float(w) for w in row) for name, row in weights.items()},
        )


@cache
def shipped_model() -> LinearModel:
    """The model in ``weights.json``, read once."""
    with WEIGHTS_FILE.open(encoding="utf-8") as handle:
        return LinearModel.from_json(json.load(handle))


def probabilities(logits: Mapping[Verdict, float]) -> dict[Verdict, float]:
    """Softmax over the verdicts' scores."""
    top = max(logits.values())
    exps = {verdict: math.exp(score - top) for verdict, score in logits.items()}
    total = sum(exps.values())
    return {verdict: value / total for verdict, value in exps.items()}
