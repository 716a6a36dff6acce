"""The literal gate in front of long patterns never changes what they find."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from coach.triage import asks, context, signs
from coach.triage.gate import gate

PATTERNS = [rule.pattern for rule in signs.ALL_RULES] + list(asks._PATTERNS.values()) + [
    context.MET_CUE, context.REFERRAL_CUE, context.PAST_WORK_CUE, context.PROJECT_CUE,
]
WORDS = ("free trial", "kostenlos", "we met", "wir haben uns", "gesprochen", "leads", "call",
         "Kaffee", "Bitcoin", "15 min", "$5k", "{first_name}", "Dr.", "ü", "together", "we ran")


def test_a_pattern_with_a_literal_start_everywhere_is_gated_and_others_are_not() -> None:
    gated = gate(re.compile(r"\bfree (?:trial|demo)\b|\b(?:gratis|kostenlos)\w*", re.I))
    open_gate = gate(re.compile(r"\bfree\b|\w+ly\b", re.I))
    assert gated.literals == ("free ", "gratis", "kostenlos")
    assert open_gate.literals is None
    assert gated.search("Nothing to see", "nothing to see") is None
    assert gated.search("A FREE Demo!", "a free demo!") is not None


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=12))
def test_gated_and_plain_search_agree(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern in PATTERNS:
        assert bool(gate(pattern).search(text, text.lower())) == bool(pattern.search(text))
