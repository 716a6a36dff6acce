"""Focused behaviour of request triage: contacts, signals, input hygiene, du detection."""

from __future__ import annotations

import time

import pytest

from coach.model import Verdict
from coach.triage import (
    MAX_REQUEST_CHARS,
    REASON_CODES,
    EmptyRequest,
    KnownContact,
    Reason,
    RequestTooLong,
    render_reason,
    triage,
)
from coach.triage.language import is_informal

CONTACTS = (
    KnownContact(1, "Claudia Hoffmann"),
    KnownContact(2, "Stefan Weber"),
    KnownContact(3, "Jürgen Öztürk"),
)


def codes(result_reasons: tuple[Reason, ...]) -> set[str]:
    return {reason.code for reason in result_reasons}


def test_a_known_sender_is_accepted_even_without_context() -> None:
    result = triage(
        "Guten Tag, ich freue mich über eine Vernetzung.",
        sender_name="Stefan Weber",
        contacts=CONTACTS,
    )
    assert result.verdict is Verdict.ACCEPT
    assert result.known_sender == CONTACTS[1]
    assert result.reasons[0] == Reason("known_sender", "Stefan Weber")


def test_sender_matching_ignores_accents_case_and_small_typos() -> None:
    for spelling in (
        "juergen oeztuerk",
        "JÜRGEN ÖZTÜRK",
        "Jurgen Ozturk",
        "Öztürk, Jürgen",
        "Jürgen Öztrk",
    ):
        result = triage("Hallo!", sender_name=spelling, contacts=CONTACTS)
        assert result.known_sender == CONTACTS[2], spelling


def test_a_lone_first_name_is_not_enough_to_be_a_known_sender() -> None:
    result = triage("Hallo!", sender_name="Claudia", contacts=CONTACTS)
    assert result.known_sender is None
    assert result.verdict is Verdict.ASK_CONTEXT


def test_a_different_surname_is_a_different_person() -> None:
    result = triage("Hallo!", sender_name="Claudia Hofmeister", contacts=CONTACTS)
    assert result.known_sender is None


def test_a_contact_named_in_the_text_is_the_referrer() -> None:
    result = triage(
        "Guten Tag Herr Berger, Claudia Hoffmann hat mir empfohlen, mich bei Ihnen zu melden.",
        sender_name="Jan Scholz",
        contacts=CONTACTS,
    )
    assert result.verdict is Verdict.ACCEPT
    assert result.referrer == CONTACTS[0]
    assert result.context == "via Claudia Hoffmann"
    assert Reason("referrer", "Claudia Hoffmann") in result.reasons


def test_a_referral_by_someone_outside_the_network_still_gives_context() -> None:
    result = triage("Hi, Maria Lopez suggested I reach out about your data-centre project.")
    assert result.verdict is Verdict.ACCEPT
    assert result.referrer is None
    assert result.context == "via Maria Lopez"


def test_the_sender_signing_with_their_own_name_is_not_a_referrer() -> None:
    result = triage(
        "Hallo Daniel, ich bin jetzt auch hier. Viele Grüße, Claudia Hoffmann",
        sender_name="Claudia Hoffmann",
        contacts=CONTACTS,
    )
    assert result.referrer is None
    assert result.known_sender == CONTACTS[0]


def test_a_shared_event_is_named_as_context() -> None:
    result = triage("Hi Daniel, great to meet you at Expo Real yesterday! Let's stay in touch.")
    assert result.verdict is Verdict.ACCEPT
    assert result.context == "Expo Real"
    assert Reason("shared_event", "Expo Real") in result.reasons


def test_a_booking_link_declines_even_with_a_claimed_meeting() -> None:
    result = triage(
        "Hallo Herr Berger, wir haben uns auf der Expo Real gesehen. Buchen Sie jetzt Ihr "
        "Strategiegespräch: calendly.com/erfolg/start",
        contacts=CONTACTS,
    )
    assert result.verdict is Verdict.DECLINE
    assert Reason("booking_link", "calendly.com") in result.reasons
    assert "shared_event" in codes(result.reasons)


def test_generic_praise_asks_for_context() -> None:
    result = triage("Ihr Profil ist für mich sehr interessant, vielleicht ergeben sich Synergien.")
    assert result.verdict is Verdict.ASK_CONTEXT
    assert {"generic_praise", "synergies"} <= codes(result.reasons)


def test_a_stranger_with_nothing_concrete_gets_ask_context_by_default() -> None:
    result = triage("Hi")
    assert result.verdict is Verdict.ASK_CONTEXT
    assert "no_context" in codes(result.reasons)
    assert 0.0 <= result.confidence <= 1.0


def test_a_from_line_becomes_the_sender_and_is_not_part_of_the_message() -> None:
    result = triage("From: Hannah Cole <hannah@example.org>\nHi, I'd love to connect.")
    assert result.sender_name == "Hannah Cole"
    assert result.drafts[Verdict.ASK_CONTEXT].text.startswith("Hi Hannah,")


def test_a_von_line_is_read_as_well_and_a_given_sender_wins() -> None:
    assert triage("Von: Heike Schröder\nHallo!").sender_name == "Heike Schröder"
    assert triage("Von: Heike Schröder\nHallo!", sender_name="H. S.").sender_name == "H. S."


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "From: Hannah Cole\n  "])
def test_empty_requests_raise_empty_request(text: str) -> None:
    with pytest.raises(EmptyRequest):
        triage(text)


def test_overlong_requests_raise_request_too_long() -> None:
    with pytest.raises(RequestTooLong):
        triage("a" * (MAX_REQUEST_CHARS + 1))
    assert issubclass(RequestTooLong, ValueError)


@pytest.mark.parametrize(
    ("text", "informal"),
    [
        ("Hallo Daniel, schön dich hier zu sehen!", True),
        ("Hast du nächste Woche Zeit?", True),
        ("Wie geht es Dir?", True),
        ("Lass uns vernetzen!", True),
        ("Sehr geehrter Herr Berger, ich freue mich über Ihre Bestätigung.", False),
        ("Guten Tag, wie geht es Ihnen?", False),
    ],
)
def test_du_is_detected_in_german_requests(text: str, informal: bool) -> None:
    assert is_informal(text, "de") is informal
    assert triage(text).informal is informal


def test_du_is_not_looked_for_in_english_requests() -> None:
    assert triage("Hi, I met Jean du Pont at the MIPIM conference.").informal is False


def test_emoji_typos_and_line_breaks_are_tolerated() -> None:
    result = triage("hey 👋👋\n\nnice to meat u at the web summit!!! 🚀\nlets stay in tuch")
    assert result.verdict is Verdict.ACCEPT
    assert result.language == "en"


def test_every_reason_code_renders_differently_in_german() -> None:
    for code in REASON_CODES:
        for detail in (None, "Expo Real"):
            english = render_reason(Reason(code, detail), "en")
            german = render_reason(Reason(code, detail), "de")
            assert english != german, code
            assert "{detail}" not in german


def test_reasons_render_with_their_detail() -> None:
    assert render_reason(Reason("shared_event", "Expo Real"), "en") == (
        "They name an event you both attended: Expo Real."
    )
    assert render_reason(Reason("booking_link", "calendly.com"), "de") == (
        "Die Nachricht enthält einen Buchungslink (calendly.com)."
    )


def test_history_reasons_count_the_users_decisions_in_both_languages() -> None:
    reason = Reason("history_accept", "recruiter", 4)
    assert render_reason(reason, "en") == (
        "You accepted 4 of these before: recruiters with a concrete role."
    )
    assert render_reason(reason, "de") == (
        "Du hast 4 solche Anfragen schon angenommen: Personalberater mit einer konkreten "
        "Position."
    )


def test_matching_stays_fast_with_thousands_of_contacts() -> None:
    network = [KnownContact(n, f"Vorname{n} Nachname{n}") for n in range(5000)]
    network.append(KnownContact(99_999, "Claudia Hoffmann"))
    text = "Guten Tag, Claudia Hoffmann hat mir empfohlen, mich zu melden. " * 20
    triage(text, sender_name="Jan Scholz", contacts=network)  # builds the cached index
    started = time.perf_counter()
    for _ in range(20):
        result = triage(text, sender_name="Jan Scholz", contacts=network)
    assert result.referrer == network[-1]
    assert (time.perf_counter() - started) / 20 < 0.05


def test_message_bodies_are_not_logged_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="coach.triage")
    triage("Hallo, Claudia Hoffmann hat mir empfohlen, mich zu melden.", contacts=CONTACTS)
    assert caplog.records
    assert all("Claudia" not in record.getMessage() for record in caplog.records)


def test_reasons_are_fixed_sentences_never_the_words_that_matched() -> None:
    text = ("Sehr geehrter Herr Berger, testen Sie unser kostenloses Tool für Leadgenerierung: "
            "calendly.com/leads – garantiert 30 Termine!")
    result = triage(text)
    assert result.verdict is Verdict.DECLINE
    for language in ("en", "de"):
        rendered = [render_reason(reason, language) for reason in result.reasons]
        assert all(sentence.endswith(".") for sentence in rendered)
        joined = " ".join(rendered).lower()
        for word in ("kostenloses", "30 termine", "tool", "garantiert 30"):
            assert word not in joined, (language, rendered)
    assert "They sell lead generation." in [render_reason(r, "en") for r in result.reasons]
    assert "Die Nachricht enthält einen Buchungslink (calendly.com)." in [
        render_reason(r, "de") for r in result.reasons]


def test_an_article_they_read_is_not_called_a_shared_project() -> None:
    result = triage("Hello Daniel, I read your article on ground leases in the Estates Gazette. "
                    "Which benchmark did you use for indexation?")
    rendered = [render_reason(reason, "en") for reason in result.reasons]
    assert "They refer to an article of yours." in rendered
    assert not any("project" in sentence for sentence in rendered)
