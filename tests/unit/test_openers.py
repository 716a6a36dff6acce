"""Drafts for due contacts say "du" or "Sie" as the user does; the note becomes a sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from coach.actions import Opener
from coach.birthdays import UpcomingBirthday
from coach.model import Circle, Contact, Formality, Profile
from coach.nudges import birthday_greeting
from coach.openers import opener
from tests.unit.conftest import Chat

LAST_TOUCH = datetime(2026, 8, 1, 10, 0, tzinfo=UTC)


def draft(chat: Chat, name: str, user: str = "daniel", language: str = "en") -> str:
    contact_id = chat.contact(name, user).id
    assert contact_id is not None
    return chat.tap(Opener(contact_id), user, language).text


def contact(circle: Circle = Circle.ACTIVE, *, language: str = "de", note: str | None = None,
            formality: str | None = None) -> Contact:
    return Contact(user_id=1, name="Anna Schmidt", circle=circle, language=language,
                   next_note=note, formality=formality, last_touch_at=LAST_TOUCH)


PROFILE = Profile(id=1, platform="test", external_id="1", display_name="Daniel Bauer",
                  language="de")


def test_a_close_german_contact_gets_du_and_the_first_name() -> None:
    assert opener(contact(Circle.CLOSE), PROFILE) == (
        "Hallo Anna,\n"
        "unser letztes Gespräch ist schon eine Weile her, und ich wollte wissen, wie es dir "
        "geht.\n"
        "Hast du in den nächsten Wochen 20 Minuten Zeit für ein Telefonat?\n"
        "Viele Grüße\n"
        "Daniel")


def test_any_other_german_contact_gets_sie_and_frau_or_herr() -> None:
    assert opener(contact(Circle.WIDER), PROFILE) == (
        "Guten Tag Frau Schmidt,\n"
        "unser letztes Gespräch ist schon eine Weile her, und ich wollte mich erkundigen, wie "
        "es Ihnen geht.\n"
        "Hätten Sie in den nächsten Wochen 20 Minuten Zeit für ein Telefonat?\n"
        "Beste Grüße\n"
        "Daniel Bauer")


@pytest.mark.parametrize(("name", "greeting"), [
    ("Jörg Meier", "Guten Tag Herr Meier,"),
    ("Claudia Hoffmann", "Guten Tag Frau Hoffmann,"),
    ("Kim Schmidt", "Guten Tag Kim Schmidt,"),  # the first name does not tell
    ("Schmidt", "Guten Tag Schmidt,"),
])
def test_a_formal_german_greeting_says_frau_or_herr_only_when_the_name_tells(
        name: str, greeting: str) -> None:
    assert opener(replace(contact(Circle.WIDER), name=name), PROFILE).splitlines()[0] == greeting


def test_english_drafts_are_hi_between_friends_and_dear_otherwise() -> None:
    informal = opener(contact(Circle.CLOSE, language="en"), PROFILE)
    formal = opener(contact(Circle.ACTIVE, language="en"), PROFILE)

    assert informal.splitlines()[0] == "Hi Anna,"
    assert informal.splitlines()[-2:] == ["Best,", "Daniel"]
    assert formal.splitlines()[0] == "Dear Anna,"
    assert formal.splitlines()[-2:] == ["Best regards,", "Daniel Bauer"]


def test_the_contacts_own_choice_beats_the_circle() -> None:
    assert "dir" in opener(contact(Circle.DORMANT, formality=Formality.INFORMAL), PROFILE)
    assert "Ihnen" in opener(contact(Circle.CLOSE, formality=Formality.FORMAL), PROFILE)


@pytest.mark.parametrize(("language", "formality", "note", "sentence"), [
    ("de", "informal", "nach der Genehmigung in Giesing fragen",
     "Unter anderem wollte ich dich nach der Genehmigung in Giesing fragen."),
    ("de", "formal", "nach der Genehmigung in Giesing fragen",
     "Unter anderem wollte ich Sie nach der Genehmigung in Giesing fragen."),
    ("de", "formal", "fragen, ob das Projekt läuft",
     "Unter anderem wollte ich Sie fragen, ob das Projekt läuft."),
    ("de", "informal", "wie läuft der Umzug?", "Und eine Frage hätte ich: Wie läuft der Umzug?"),
    ("de", "formal", "Glückwunsch zur Beförderung.",
     "Ein Punkt, den ich gern ansprechen möchte: Glückwunsch zur Beförderung."),
    ("en", "informal", "ask about the Giesing permit",
     "I also wanted to ask you about the Giesing permit."),
    ("en", "formal", "ask whether the deal closed",
     "I would also like to ask you whether the deal closed."),
    ("en", "informal", "send   the deck;",
     "There is something I wanted to bring up: send the deck."),
])
def test_the_next_time_note_becomes_a_sentence(language: str, formality: str, note: str,
                                               sentence: str) -> None:
    text = opener(contact(language=language, note=note, formality=formality), PROFILE)

    second = text.splitlines()[1]
    assert second.endswith(" " + sentence)
    assert second.count(note.rstrip(".;")) <= 1


def test_edit_sets_du_or_sie_and_the_draft_follows(chat: Chat) -> None:
    chat.say("/neu Anna Schmidt eng", user="greta", language="de")
    chat.say("/neu Jörg Meier", user="greta", language="de")

    assert draft(chat, "Anna Schmidt", "greta", "de").startswith("Hallo Anna,")
    assert draft(chat, "Jörg Meier", "greta", "de").startswith("Guten Tag Herr Meier,")

    answer = chat.say("/ändern Anna Sie", user="greta", language="de")
    chat.say("/ändern Jörg du", user="greta", language="de")

    assert answer.endswith("Entwürfe an Anna Schmidt: per Sie.")
    assert chat.contact("Anna Schmidt", "greta").formality == "formal"
    assert draft(chat, "Anna Schmidt", "greta", "de").startswith("Guten Tag Frau Schmidt,")
    assert draft(chat, "Jörg Meier", "greta", "de").startswith("Hallo Jörg,")
    assert "Entwürfe: per du" in chat.say("/kontakt Jörg", user="greta", language="de")


@pytest.mark.parametrize(("command", "formality"), [
    ("/edit Anna formal", "formal"), ("/edit Anna informal", "informal"),
    ("/edit Anna siezen", "formal"), ("/edit Anna duzen", "informal"),
    ("/edit Anna circle close Sie", "formal"), ("/edit Anna du circle close", "informal"),
])
def test_formality_words(chat: Chat, command: str, formality: str) -> None:
    chat.say("/add Anna Schmidt")

    chat.say(command)

    assert chat.contact("Anna Schmidt").formality == formality


def test_du_inside_a_name_is_part_of_the_name(chat: Chat) -> None:
    chat.say("/add Anna du Pont")
    chat.say("/add Marie du Bois company Acme")

    assert chat.names() == ["Anna du Pont", "Marie du Bois"]
    assert chat.contact("Anna du Pont").formality is None
    assert chat.contact("Marie du Bois").formality is None


@pytest.mark.parametrize(("circle", "language", "expected"), [
    (Circle.CLOSE, "de", "Alles Gute zum Geburtstag, Anna!\n"
                         "Ich wünsche dir ein wunderbares neues Lebensjahr und hoffe, wir hören "
                         "bald wieder voneinander.\nViele Grüße\nDaniel"),
    (Circle.ACTIVE, "de", "Guten Tag Frau Schmidt,\nherzlichen Glückwunsch zum Geburtstag und "
                          "alles Gute für das neue Lebensjahr!\nBeste Grüße\nDaniel Bauer"),
    (Circle.ACTIVE, "en", "Dear Anna,\nHappy birthday and all the best for the year ahead!\n"
                          "Best regards,\nDaniel Bauer"),
])
def test_the_birthday_greeting_says_du_or_sie_too(circle: Circle, language: str,
                                                  expected: str) -> None:
    upcoming = UpcomingBirthday(contact(circle, language=language), date(2026, 11, 26), 0, 50)

    assert birthday_greeting(upcoming, PROFILE) == expected
