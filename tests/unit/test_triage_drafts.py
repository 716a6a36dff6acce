"""Reply drafts for every labelled request and every verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coach.model import Verdict
from coach.triage import Draft, KnownContact, triage
from coach.triage.drafts import TEMPLATES
from coach.triage.language import detect_language

DATA = Path(__file__).resolve().parent.parent / "data" / "requests.jsonl"
USER_NAME = "Daniel Berger"
POSITIONING = {
    "de": "Ich entwickle Gewerbeimmobilien im Rhein-Main-Gebiet.",
    "en": "I develop commercial property in the Rhine-Main region.",
}
LECTURE_WORDS = (
    "spam",
    "unprofessional",
    "unseriös",
    "unprofessionell",
    "inappropriate",
    "belästig",
)
INFORMAL_WORDS = re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|euch)\b", re.I)
POLITE_WORDS = re.compile(r"\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b")
WORD = re.compile(r"[^\W\d_][\w’'\-]*")
ADDRESS_WORDS = {"herr", "frau", "mr", "mrs", "ms", "dr", "prof"}


def load_requests() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = load_requests()
TEMPLATE_WORDS = {word.lower() for text in TEMPLATES.values() for word in WORD.findall(text)}


def first_name(sender: str) -> str:
    if sender.count(",") == 1:
        sender = sender.split(",")[1]
    words = [word for word in sender.split() if word.lower().strip(".") not in ADDRESS_WORDS]
    return words[0]


def sentence_count(text: str, names: list[str]) -> int:
    for name in names:
        text = text.replace(name, "Name")
    return len(re.findall(r"[.!?…](?=\s|$)", text))


def drafts_for(row: dict[str, Any]) -> tuple[Any, list[tuple[Verdict, Draft]]]:
    contacts = [KnownContact(number, name) for number, name in enumerate(row["contacts"], 1)]
    result = triage(
        row["text"],
        sender_name=row["sender"],
        contacts=contacts,
        positioning=POSITIONING[row["language"]],
        user_name=USER_NAME,
    )
    assert set(result.drafts) == set(Verdict)
    return result, list(result.drafts.items())


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_every_draft_is_courteous_short_and_in_the_request_language(row: dict[str, Any]) -> None:
    result, drafts = drafts_for(row)
    language = row["language"]
    sender = result.sender_name
    for verdict, draft in drafts:
        for text in (draft.text, draft.short):
            label = f"{verdict.value}: {text!r}"
            assert detect_language(text) == language, label
            lowered = text.lower()
            if language == "de":
                assert "danke" in lowered or "vielen dank" in lowered, label
            else:
                assert "thank" in lowered, label
            if sender:
                assert first_name(sender) in text, label
            if language == "de" and result.informal:
                assert not POLITE_WORDS.search(text), label
            elif language == "de":
                assert not INFORMAL_WORDS.search(text), label
            assert sentence_count(text, [USER_NAME, sender or ""]) <= 5, label
            if verdict is Verdict.DECLINE:
                assert not any(word in lowered for word in LECTURE_WORDS), label
            if verdict is Verdict.ASK_CONTEXT:
                assert "?" in text, label
        assert len(draft.short) <= 300


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_drafts_mention_no_name_that_is_not_in_the_request(row: dict[str, Any]) -> None:
    result, drafts = drafts_for(row)
    allowed = set(TEMPLATE_WORDS)
    for source in (row["text"], result.sender_name or "", USER_NAME, POSITIONING[row["language"]]):
        allowed.update(word.lower() for word in WORD.findall(source))
    for _, draft in drafts:
        for text in (draft.text, draft.short):
            capitalised = {word for word in WORD.findall(text) if word[0].isupper()}
            invented = {word for word in capitalised if word.lower() not in allowed}
            assert not invented, f"{invented} in {text!r}"


def test_accept_draft_weaves_in_the_event_and_the_positioning() -> None:
    result = triage(
        "Wir haben uns gestern beim Immobilienforum am Stand von Hausbau Meier unterhalten, "
        "gern bleibe ich in Kontakt.",
        sender_name="Claudia Hoffmann",
        positioning=POSITIONING["de"],
        user_name=USER_NAME,
    )
    text = result.drafts[Verdict.ACCEPT].text
    assert "Immobilienforum" in text
    assert POSITIONING["de"] in text
    assert text.startswith("Hallo Claudia Hoffmann,")
    assert text.endswith("Viele Grüße\nDaniel Berger")


def test_positioning_in_another_language_is_left_out() -> None:
    result = triage("Hi, I'd love to connect with you.", positioning=POSITIONING["de"])
    assert "Rhein-Main" not in result.drafts[Verdict.ACCEPT].text


def test_greetings_follow_the_form_of_address() -> None:
    formal = triage("Guten Tag, ich möchte mein Netzwerk erweitern.", sender_name="Jan Scholz")
    informal = triage("Hallo, schön dich hier zu sehen!", sender_name="Jan Scholz")
    english = triage("Hi, I'd love to connect with you.", sender_name="Jan Scholz")
    anonymous = triage("Guten Tag, ich möchte mein Netzwerk erweitern.")
    assert formal.drafts[Verdict.ACCEPT].text.startswith("Hallo Jan Scholz,")
    assert informal.drafts[Verdict.ACCEPT].text.startswith("Hallo Jan,")
    assert english.drafts[Verdict.ACCEPT].text.startswith("Hi Jan,")
    assert anonymous.drafts[Verdict.ACCEPT].text.startswith("Guten Tag,")


def test_short_drafts_stay_within_three_hundred_characters_for_long_names() -> None:
    long_name = "Maximiliane Theodora Friederike von und zu Hohenberg-Wittelsbach-Schönau " * 3
    long_positioning = "Ich begleite Familienunternehmen " + "sehr " * 60 + "gern."
    result = triage(
        "Hallo Herr Berger, Claudia Hoffmann hat mir empfohlen, mich bei Ihnen zu melden.",
        sender_name=long_name,
        contacts=[KnownContact(1, "Claudia Hoffmann")],
        positioning=long_positioning,
        user_name="Daniel Alexander Berger-Lindqvist " * 4,
    )
    for draft in result.drafts.values():
        assert len(draft.short) <= 300
        assert "vielen Dank" in draft.short


def test_decline_draft_for_a_pitch_declines_the_offer_kindly() -> None:
    result = triage("We help agencies get 50 leads a week, guaranteed. Free trial: bit.ly/x1")
    text = result.drafts[Verdict.DECLINE].text
    assert text.startswith("Hello,")
    assert "offer" in text
    assert "Thank you" in text
