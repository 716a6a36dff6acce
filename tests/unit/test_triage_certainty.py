"""The advice says how sure it is in words, never as a model's percentage."""

from __future__ import annotations

import re

import pytest

from coach.handlers.requests import certainty
from coach.i18n import translator

from .conftest import Chat

SCAM = ("/reply From: Mr. James Okafor\nDear friend, I am a bank manager with an unclaimed "
        "inheritance of 4.5 million USD. Send your bank details and a small processing fee "
        "so we can transfer your share.")


def test_a_plain_scam_is_a_clear_case_without_a_percentage(chat: Chat) -> None:
    heading = chat.send(SCAM).messages[0].text.splitlines()[0]
    assert heading == "My advice: Decline (a clear case)"
    assert not re.search(r"\d\s*%", heading)


def test_the_german_heading_uses_the_same_words(chat: Chat) -> None:
    chat.say("/settings language de")
    heading = chat.send(SCAM).messages[0].text.splitlines()[0]
    assert heading == "Mein Rat: Ablehnen (eindeutig)"


@pytest.mark.parametrize(
    ("confidence", "english", "german"),
    [
        (0.99, "a clear case", "eindeutig"),
        (0.85, "a clear case", "eindeutig"),
        (0.84, "fairly sure", "ziemlich sicher"),
        (0.6, "fairly sure", "ziemlich sicher"),
        (0.45, "a close call, your judgement counts", "knapp, hier zählt dein Urteil"),
    ],
)
def test_confidence_bands_read_as_words(confidence: float, english: str, german: str) -> None:
    assert certainty(translator("en"), confidence) == english
    assert certainty(translator("de"), confidence) == german
