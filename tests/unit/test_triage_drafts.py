"""Reply drafts for every labelled request and every verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coach.model import Verdict
from coach.triage import Draft, KnownContact, TriageResult, triage
from coach.triage.drafts import OFFER_NAMES, TEMPLATES
from coach.triage.language import detect_language
from coach.triage.sender import is_first_name

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
TEMPLATE_WORDS = {word.lower() for text in (*TEMPLATES.values(), *OFFER_NAMES.values())
                  for word in WORD.findall(text)}


def addressed_name(result: TriageResult) -> str | None:
    """The part of the sender's name a correct greeting uses."""
    sender = result.understanding.sender if result.understanding else None
    if sender is None or sender.organisation:
        return None
    if result.language == "de" and not result.informal:
        known_first = sender.first is not None and is_first_name(sender.first)
        return sender.last if sender.gender or known_first else None
    return sender.first


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
    name = addressed_name(result)
    for verdict, draft in drafts:
        for text in (draft.text, draft.short):
            label = f"{verdict.value}: {text!r}"
            assert detect_language(text) == language, label
            lowered = text.lower()
            if language == "de":
                assert "danke" in lowered or "vielen dank" in lowered, label
            else:
                assert "thank" in lowered, label
            if name:
                assert name in text, label
            if language == "de" and result.informal:
                assert not POLITE_WORDS.search(text), label
            elif language == "de":
                assert not INFORMAL_WORDS.search(text), label
            assert sentence_count(text, [USER_NAME, result.sender_name or ""]) <= 6, label
            assert "„" not in text, label
            if verdict is Verdict.DECLINE:
                assert not any(word in lowered for word in LECTURE_WORDS), label
            if verdict is Verdict.ASK_CONTEXT:
                assert "?" in text, label
        assert len(draft.short) <= 300


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_drafts_mention_no_name_that_is_not_in_the_request(row: dict[str, Any]) -> None:
    result, drafts = drafts_for(row)
    allowed = set(TEMPLATE_WORDS)
    sources = (row["text"], result.sender_name or "", USER_NAME, POSITIONING[row["language"]],
               *row["contacts"])
    for source in sources:
        allowed.update(word.lower() for word in WORD.findall(source))
    for _, draft in drafts:
        for text in (draft.text, draft.short):
            capitalised = {word for word in WORD.findall(text) if word[0].isupper()}
            invented = {word for word in capitalised if word.lower() not in allowed}
            assert not invented, f"{invented} in {text!r}"


def accept_text(text: str, sender: str | None = None, **kwargs: Any) -> str:
    result = triage(text, sender_name=sender, user_name=USER_NAME, **kwargs)
    return result.drafts[Verdict.ACCEPT].text


def test_formal_german_greets_with_gender_and_titles_never_the_first_name() -> None:
    formal = accept_text("Sehr geehrter Herr Berger, wir haben uns auf der Expo Real "
                         "gesprochen.", "Dr. Klaus Weber")
    friendly = accept_text("Guten Tag Herr Berger, wir haben uns auf der Expo Real gesprochen.",
                           "Sabine Krause")
    unknown = accept_text("Guten Tag Herr Berger, wir haben uns auf der Expo Real gesprochen.",
                          "Kim Berger")
    assert formal.startswith("Sehr geehrter Herr Dr. Weber,")
    assert formal.endswith("Mit freundlichen Grüßen\nDaniel Berger")
    assert friendly.startswith("Guten Tag Frau Krause,")
    assert friendly.endswith("Beste Grüße\nDaniel Berger")
    assert unknown.startswith("Guten Tag Kim Berger,")


def test_informal_german_and_english_greet_by_first_name() -> None:
    du = accept_text("Hallo Daniel, schön dich beim Stammtisch getroffen zu haben!", "Tom Krause")
    hi = accept_text("Hi Daniel, great to meet you at the Harbour Lights Mixer.", "Pieter de Vries")
    dear = accept_text("Dear Daniel, thank you for the conversation at the Urban Futures Forum.",
                       "Pieter de Vries")
    assert du.startswith("Hallo Tom,")
    assert du.endswith("Viele Grüße\nDaniel")
    assert hi.startswith("Hi Pieter,")
    assert dear.startswith("Dear Pieter,")
    assert dear.endswith("Kind regards,\nDaniel Berger")


def test_a_casual_known_contact_is_answered_with_du_and_to_what_they_proposed() -> None:
    result = triage("Moin Daniel, wollen wir uns am Freitag auf einen Kaffee treffen? VG Tom",
                    sender_name="Tom Krause", contacts=[KnownContact(1, "Tom Krause")],
                    user_name=USER_NAME, positioning=POSITIONING["de"])
    text = result.drafts[Verdict.ACCEPT].text
    assert result.informal
    assert text.startswith("Hallo Tom,")
    assert "am Freitag" in text
    assert "Kaffee" in text
    assert "vernetze" not in text
    assert POSITIONING["de"] not in text


def test_known_contacts_get_an_answer_to_their_news_and_their_question() -> None:
    contacts = [KnownContact(1, "Grace Mitchell")]
    news = triage("Hi Daniel, quick news: I've just started a new role at Savills!",
                  sender_name="Grace Mitchell", contacts=contacts, user_name=USER_NAME)
    how = triage("Hey Daniel, how have you been? It's been ages!",
                 sender_name="Grace Mitchell", contacts=contacts, user_name=USER_NAME)
    assert "Congratulations on the new role" in news.drafts[Verdict.ACCEPT].text
    assert "How are things with you?" in how.drafts[Verdict.ACCEPT].text
    assert "connect" not in how.drafts[Verdict.ACCEPT].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guten Tag Herr Berger, Frau Dr. Anna Lenz hat mir empfohlen, mich zu melden. Hätten "
         "Sie am Donnerstag Zeit für ein Telefonat?", "Gern telefonieren wir am Donnerstag"),
        ("Hi Daniel, Maria Lopez suggested I reach out. Could we do a quick call next week?",
         "Happy to have a call next week"),
        ("Hello Daniel, we met at the PropTech Meetup. Lunch on Thursday?",
         "Lunch on Thursday sounds good."),
        ("Guten Tag Herr Berger, ich schreibe meine Masterarbeit über Holzbau. Dürfte ich Ihnen "
         "ein paar Fragen per E-Mail schicken?", "Ihre Fragen beantworte ich gern per E-Mail"),
        ("Hi Daniel, I'm a master's student. Could I send you three short questions by email?",
         "happy to answer your questions by email"),
        ("Hi Daniel, I'm a reporter writing about conversions. Would you have 20 minutes for a "
         "background call?", "background call"),
        ("Guten Tag Herr Berger, ich suche für einen Projektentwickler eine Leitung "
         "Projektentwicklung. Hätten Sie Interesse an einem vertraulichen Gespräch?",
         "vertraulich"),
    ],
)
def test_the_accept_draft_answers_what_was_asked(text: str, expected: str) -> None:
    assert expected in accept_text(text, "Sabine Krause")


def test_the_context_is_named_in_a_grammatical_sentence() -> None:
    german = accept_text("Hallo Herr Berger, schön, dass wir uns beim Sommerfest des Vereins "
                         "kennengelernt haben.", "Klaus Weber")
    english = accept_text("Hi Daniel, nice to have met you at the Harbour Lights Mixer.",
                          "Tom Baker")
    referral = accept_text("Sehr geehrter Herr Berger, Frau Dr. Anna Lenz von der Nordbank hat "
                           "mir empfohlen, mich bei Ihnen zu melden.", "Klaus Weber")
    assert "Schön, dass wir uns beim Sommerfest des Vereins begegnet sind." in german
    assert "It was good to meet you at the Harbour Lights Mixer." in english
    assert "Schön, dass Frau Dr. Anna Lenz uns zusammengebracht hat." in referral
    assert "Nordbank" not in referral


def test_positioning_only_in_its_own_language_and_not_for_a_lunch() -> None:
    english = accept_text("Hi Daniel, Maria Lopez suggested I reach out.", "Tom Baker",
                          positioning=POSITIONING["de"])
    german = accept_text("Guten Tag Herr Berger, Claudia Hoffmann hat mir empfohlen, mich zu "
                         "melden.", "Klaus Weber", positioning=POSITIONING["de"])
    lunch = accept_text("Guten Tag Herr Berger, wir haben uns auf der Expo Real gesprochen. "
                        "Mittagessen am Dienstag?", "Klaus Weber", positioning=POSITIONING["de"])
    assert "Rhein-Main" not in english
    assert POSITIONING["de"] in german
    assert POSITIONING["de"] not in lunch


def test_without_a_user_name_the_letter_still_closes_but_names_nobody() -> None:
    result = triage("Hi Daniel, great to meet you at the Harbour Lights Mixer.",
                    sender_name="Tom Baker")
    text = result.drafts[Verdict.ACCEPT].text
    assert text.endswith("\n\nBest regards")
    assert "Tom Baker" not in text.split("\n\n")[-1]
    assert result.drafts[Verdict.ACCEPT].short.endswith(". Best regards")
    german = triage("Guten Tag Herr Berger, wir haben uns auf der Expo Real gesprochen.",
                    sender_name="Klaus Berger")
    assert german.drafts[Verdict.ACCEPT].text.endswith("\n\nBeste Grüße")


def test_a_signature_names_the_sender_when_the_platform_does_not() -> None:
    result = triage("Guten Tag Herr Berger, wir haben uns beim Branchentreff Wohnen "
                    "unterhalten.\n\nBeste Grüße, Klaus Weber", user_name=USER_NAME)
    assert result.sender_name == "Klaus Weber"
    assert result.drafts[Verdict.ACCEPT].text.startswith("Guten Tag Herr Weber,")


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


def test_decline_drafts_decline_kindly_and_scams_get_no_details() -> None:
    pitch = triage("We help agencies get 50 leads a week, guaranteed. Free trial: bit.ly/x1")
    scam = triage("Dear Friend, I am Barrister John Okafor, attorney to the late Mr. Berger who "
                  "left an unclaimed fund of US$ 8.5 million. Please send your full name and "
                  "home address.", user_name=USER_NAME)
    text = pitch.drafts[Verdict.DECLINE].text
    assert text.startswith("Hello,")
    assert "I have no need for lead generation at the moment." in text  # what they sell
    assert "Thank you" in text
    assert scam.verdict is Verdict.DECLINE
    assert scam.drafts[Verdict.DECLINE].text.startswith("Hello,")
    assert "address" not in scam.drafts[Verdict.DECLINE].text


def test_asking_for_context_answers_the_proposed_meeting_first() -> None:
    german = triage("Guten Tag Herr Berger, hätten Sie am Dienstag Zeit für ein kurzes "
                    "Telefonat? Ich würde mich gern vorstellen.", sender_name="Petra Lindner")
    english = triage("Hi Daniel, would you be up for a quick call next week?",
                     sender_name="Jason Park")
    assert german.verdict is Verdict.ASK_CONTEXT
    assert "Bevor wir einen Termin finden: Worum geht es Ihnen konkret" in (
        german.drafts[Verdict.ASK_CONTEXT].text)
    assert english.verdict is Verdict.ASK_CONTEXT
    assert "Before we find a time" in english.drafts[Verdict.ASK_CONTEXT].text


def test_german_decline_drafts_keep_sie_and_du_apart() -> None:
    sie = triage("Guten Tag Herr Berger, mit unserer Software sparen Sie 40 % Zeit. Testen Sie "
                 "jetzt kostenlos: calendly.com/demo", sender_name="Nadine Kolb")
    du = triage("Hey Daniel, kennst du schon unser Geschäftsmodell? Passives Einkommen von zu "
                "Hause aus, meld dich!", sender_name="Jessica Vogt", user_name=USER_NAME)
    assert sie.verdict is du.verdict is Verdict.DECLINE
    assert sie.drafts[Verdict.DECLINE].text.startswith("Guten Tag Frau Kolb,")
    assert "Für neue Software habe ich derzeit keinen Bedarf." in sie.drafts[Verdict.DECLINE].text
    assert du.drafts[Verdict.DECLINE].text.startswith("Hallo Jessica,")
    assert "Für dein Angebot habe ich gerade keinen Bedarf." in du.drafts[Verdict.DECLINE].text
    assert du.drafts[Verdict.DECLINE].text.endswith("Viele Grüße\nDaniel")


def test_an_english_sender_known_only_by_surname_is_dear_mr_or_ms() -> None:
    result = triage("Dear Daniel, we met at the Urban Futures Forum.", sender_name="Mr Whitfield")
    assert result.drafts[Verdict.ACCEPT].text.startswith("Dear Mr Whitfield,")


def test_a_company_as_sender_is_greeted_without_a_name() -> None:
    result = triage("Guten Tag, wir bieten Ihnen 20 % Rabatt auf Büromöbel.",
                    sender_name="Büromöbel Schmidt GmbH")
    assert result.drafts[Verdict.DECLINE].text.startswith("Guten Tag,\n")


def test_a_formal_known_contact_gets_a_formal_reply_to_the_meeting() -> None:
    result = triage("Guten Tag Herr Berger, passt Ihnen ein Telefonat nächste Woche?",
                    sender_name="Andreas Roth", contacts=[KnownContact(1, "Andreas Roth")],
                    user_name=USER_NAME)
    text = result.drafts[Verdict.ACCEPT].text
    assert text.startswith("Guten Tag Herr Roth,")
    assert ("Gern telefonieren wir nächste Woche; schlagen Sie mir einfach zwei Uhrzeiten "
            "vor.") in text
    assert "vernetze" not in text


def test_an_invitation_to_speak_is_answered_with_a_request_for_details() -> None:
    english = accept_text("Hi Daniel, I'm organising a panel at the RICS Summit and would love "
                          "to have you as a speaker. Interested?", "Nina Fox")
    german = accept_text("Guten Tag Herr Berger, wir würden Sie gern als Referent beim Forum "
                         "Wohnen begrüßen.", "Petra Lindner")
    assert "Thank you for the invitation; could you send me the details" in english
    assert "It was good to meet you" not in english
    assert "Danke für die Einladung; schicken Sie mir gern die Details" in german


def test_a_contacts_question_gets_a_friendly_promise_to_look_into_it() -> None:
    result = triage("Moin Daniel, kurze Frage: Hast du noch die Kontaktdaten vom Bauamt? LG Jens",
                    sender_name="Jens Petersen", contacts=[KnownContact(1, "Jens Petersen")],
                    user_name=USER_NAME)
    text = result.drafts[Verdict.ACCEPT].text
    assert text.startswith("Hallo Jens,")
    assert "Gute Frage – ich schaue nach und melde mich bei dir." in text
    assert "per E-Mail" not in text


def test_a_call_without_an_event_is_remembered_without_inventing_one() -> None:
    german = accept_text("Guten Tag Herr Berger, wir hatten am Freitag kurz telefoniert. Wie "
                         "besprochen melde ich mich hier.", "Klaus Weber")
    english = accept_text("Hi Daniel, following our call last week, connecting here.",
                          "Tom Baker")
    assert "Schön, wieder von Ihnen zu hören." in german
    assert "begegnet" not in german
    assert "Good to hear from you again." in english


def test_a_sender_with_neither_gender_nor_first_name_is_greeted_without_a_name() -> None:
    result = triage("Exklusives Angebot nur für Geschäftsführer: 40 % Rabatt auf unser Seminar.",
                    sender_name="Seminarteam Plus")
    assert result.drafts[Verdict.DECLINE].text.startswith("Guten Tag,\n")


def test_a_call_already_held_is_not_answered_with_a_call_proposal() -> None:
    text = accept_text("Hallo Herr Berger, wie am Telefon vereinbart sende ich Ihnen meine "
                       "Kontaktdaten.", "Tobias Brandt", positioning=POSITIONING["de"])
    assert "telefonieren" not in text
    assert POSITIONING["de"] not in text


def test_someone_who_wants_a_role_on_your_team_is_asked_for_a_cv_not_for_a_job_description(
) -> None:
    english = accept_text("Hey Daniel, Claudia mentioned you're looking for a new asset "
                          "manager for your team - I'd love to hear more about the role!",
                          "Lisa Becker")
    german = accept_text("Guten Tag Herr Berger, ich bewerbe mich auf Ihre ausgeschriebene "
                         "Stelle als Projektleiterin.", "Anja Roth")

    assert "through Claudia" in english
    assert "send me your CV" in english
    assert "description" not in english
    assert "Schicken Sie mir gern Ihren Lebenslauf" in german
    assert "Beschreibung" not in german


def test_congratulations_are_thanked_for_and_not_returned() -> None:
    contacts = [KnownContact(1, "Ilse Fischer")]
    german = triage("Hallo Daniel, herzlichen Glückwunsch zu deiner neuen Stelle bei Aurelis!",
                    sender_name="Ilse Fischer", user_name=USER_NAME, contacts=contacts)
    english = triage("Congratulations on your new position as Head of Development at Aurelis!",
                     sender_name="John Smith", user_name=USER_NAME)

    german_text = german.drafts[german.verdict].text
    assert "Über deine Glückwünsche habe ich mich sehr gefreut." in german_text
    assert "Herzlichen Glückwunsch" not in german_text
    english_text = english.drafts[english.verdict].text
    assert "I appreciate your kind congratulations." in english_text
    assert "Congratulations on the new role" not in english_text


def test_a_contacts_new_role_is_their_news_not_a_job_offer() -> None:
    result = triage("Hi Daniel, I have started a new role at Savills and would love to catch up.",
                    sender_name="Ilse Fischer", user_name=USER_NAME,
                    contacts=[KnownContact(1, "Ilse Fischer")])
    text = result.drafts[result.verdict].text

    assert "Congratulations on the new role!" in text
    assert "description" not in text
