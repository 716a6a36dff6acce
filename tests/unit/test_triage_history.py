"""The user's own decisions lean similar requests their way, and the reasons say so."""

from __future__ import annotations

from datetime import datetime

from coach.model import RequestRecord, Verdict
from coach.triage import render_reason, triage
from coach.triage.history import category_of
from coach.triage.understanding import understand

RECRUITERS = [
    "Hi Daniel, I'm recruiting for a Head of Leasing role at a REIT in Leeds. Open to a call?",
    "Hello Daniel, I have an open position as Director of Asset Management in Bristol.",
    "Dear Daniel, I'm working on a search mandate for a CFO at a listed property company.",
    "Hi Daniel, we're hiring a Head of Acquisitions for a logistics investor in Dublin.",
]
GENERIC = "Hi Daniel, I came across your profile and would love to connect."


def record(text: str, advised: Verdict, decided: Verdict | None, number: int) -> RequestRecord:
    return RequestRecord(user_id=1, text_excerpt=text, verdict=advised, confidence=0.7,
                         language="en", id=number, sender_name=None, decision=decided,
                         created_at=datetime(2026, 5, number))


def test_requests_of_one_kind_share_a_category() -> None:
    categories = {category_of(understand(text)) for text in RECRUITERS}
    assert categories == {"recruiter"}
    assert category_of(understand(GENERIC)) == "no_context"


def test_declining_generic_strangers_against_the_advice_leans_the_next_one_to_decline() -> None:
    before = triage(GENERIC)
    assert before.verdict is Verdict.ASK_CONTEXT
    others = [
        "Hello, I'm expanding my network in real estate and thought we should connect.",
        "Hi there, happy to connect with fellow professionals.",
        "Hi Daniel, let's connect!",
    ]
    history = [record(text, Verdict.ASK_CONTEXT, Verdict.DECLINE, n)
               for n, text in enumerate(others, 1)]
    after = triage(GENERIC, history=history)
    assert after.verdict is Verdict.DECLINE
    assert after.reasons[0].code == "history_decline"
    assert after.reasons[0].count == 3
    assert render_reason(after.reasons[0], "en") == (
        "You declined 3 of these before: strangers without context."
    )


def test_accepting_recruiters_the_coach_doubted_is_counted_and_explained() -> None:
    history = [record(text, Verdict.ASK_CONTEXT, Verdict.ACCEPT, n)
               for n, text in enumerate(RECRUITERS, 1)]
    result = triage("Hi Daniel, I'm recruiting for a Head of Development role in Manchester. "
                    "Would a call next week work?", history=history)
    assert result.verdict is Verdict.ACCEPT
    assert render_reason(result.reasons[0], "en") == (
        "You accepted 4 of these before: recruiters with a concrete role."
    )
    assert "Personalberater" in render_reason(result.reasons[0], "de")


def test_decisions_that_followed_the_advice_or_are_open_do_not_lean() -> None:
    followed = [record(text, Verdict.ASK_CONTEXT, Verdict.ASK_CONTEXT, n)
                for n, text in enumerate(RECRUITERS, 1)]
    undecided = [record(text, Verdict.ASK_CONTEXT, None, n) for n, text in enumerate(RECRUITERS, 1)]
    for history in (followed, undecided):
        result = triage(GENERIC, history=history)
        assert not any(reason.code.startswith("history_") for reason in result.reasons)


def test_other_kinds_of_request_are_not_affected() -> None:
    history = [record(text, Verdict.ASK_CONTEXT, Verdict.DECLINE, n)
               for n, text in enumerate(RECRUITERS, 1)]
    result = triage(GENERIC, history=history)
    assert result.verdict is Verdict.ASK_CONTEXT
    assert not any(reason.code.startswith("history_") for reason in result.reasons)


def test_a_scam_is_declined_whatever_the_user_did_before() -> None:
    scam = ("Dear Friend, I am Barrister John Okafor, attorney to the late Mr. Berger, who left "
            "an unclaimed fund of US$ 8.5 million. Please send your full name and home address.")
    history = [record(scam, Verdict.DECLINE, Verdict.ACCEPT, n) for n in range(1, 6)]
    assert triage(scam, history=history).verdict is Verdict.DECLINE
