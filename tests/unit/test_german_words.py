"""German users see German command words and setting keys, and every one of them works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coach.actions import Run
from coach.engine import (
    ALIASES,
    CANCEL,
    COMMAND_MENU,
    COMMANDS,
    QUESTIONS_FOR_BARE_COMMANDS,
    command_menu,
)
from coach.model import NudgeDays
from tests.unit.conftest import Chat

GERMAN_DIR = Path(__file__).parents[2] / "coach" / "locales" / "de"
COMMAND_WORD = re.compile(r"(?<![\w/.@<-])/([^\W\d_]+)")
# Command words that are the same in both languages.
SHARED_WORDS = {"plan", "start", "link", "unlink"}
# Slack's slash command: "/coach link CODE" in a text that explains linking.
SLACK_COMMAND = "coach"


def german_texts() -> list[str]:
    texts = []
    for po_path in sorted(GERMAN_DIR.glob("*.po")):
        with po_path.open("rb") as po_file:
            for message in read_po(po_file, locale="de"):
                if message.id:
                    strings = message.string
                    texts.extend([strings] if isinstance(strings, str) else list(strings))
    return texts


def resolves(word: str) -> bool:
    name = word.casefold()
    name = ALIASES.get(name, name)
    return name in COMMANDS or name in (CANCEL, SLACK_COMMAND)


def test_every_command_word_in_a_german_text_is_a_command() -> None:
    words = {word for text in german_texts() for word in COMMAND_WORD.findall(text)}

    assert {"fällig", "woche", "zurückstellen", "einstellungen", "hilfe"} <= words
    assert [word for word in sorted(words) if not resolves(word)] == []


def test_german_texts_use_the_german_command_words() -> None:
    english = [(word, text) for text in german_texts()
               for word in COMMAND_WORD.findall(text)
               if word in COMMANDS and word not in SHARED_WORDS]

    assert english == []


@pytest.mark.parametrize("alias", ["fällig", "faellig", "zurückstellen", "zurueckstellen",
                                   "rückgängig", "rueckgaengig", "ändern", "aendern",
                                   "erinnerung", "fortsetzen", "anfrage", "anfragen"])
def test_german_aliases_with_and_without_umlauts_are_commands(alias: str) -> None:
    assert resolves(alias)


def test_the_german_command_menu_has_telegram_safe_german_names() -> None:
    german = command_menu("de")
    english = command_menu("en")

    names = [name for name, _ in german]
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", name) for name in names)
    assert {"faellig", "woche", "kontakte", "einstellungen", "hilfe", "abbrechen"} <= set(names)
    # Each German entry runs the command its English twin runs.
    assert [ALIASES.get(name, name) for name in names] == [
        name if name != "cancel" else CANCEL for name, _ in COMMAND_MENU]
    assert [name for name, _ in english] == [name for name, _ in COMMAND_MENU]
    assert dict(german)["faellig"] == "wer jetzt fällig ist"


def test_the_german_menu_names_answer_like_the_english_commands(chat: Chat) -> None:
    chat.say("/add Anna Schmidt", user="greta", language="de")
    for (german, _), (english, _) in zip(command_menu("de"), command_menu("en"), strict=True):
        if english in ("start", "cancel", "nudge", "undo", "reply", *QUESTIONS_FOR_BARE_COMMANDS):
            continue
        assert (chat.say(f"/{german}", user="greta", language="de")
                == chat.say(f"/{english}", user="greta", language="de")), german


def test_start_demo_stays_a_deep_link_for_german_users(chat: Chat) -> None:
    answer = chat.say("/start demo", user="greta", language="de")

    assert "Beispielnetzwerk" in answer
    assert chat.profile("greta").viewing_demo


@pytest.mark.parametrize(("language", "line"), [
    ("de", "Kennengelernt: auf der Expo Real 2024"),
    ("en", "How you met: at Expo Real 2024"),
])
def test_the_example_network_says_where_you_met_in_your_language(
        chat: Chat, language: str, line: str) -> None:
    chat.say("/start demo", user="greta", language=language)

    assert line in chat.say("/contact Anna", user="greta", language=language).splitlines()


# --- settings keys --------------------------------------------------------------------


def test_german_settings_keys_change_the_settings(chat: Chat) -> None:
    def say(text: str) -> str:
        return chat.say(text, user="greta", language="de")

    assert say("/einstellungen erinnerung 07:15 täglich").startswith("Erinnerung um 07:15 Uhr")
    say("/einstellungen zeitzone Wien")
    say("/einstellungen budget 1,5 Std.")
    say("/einstellungen kadenz eng 3 Wochen")
    say("/einstellungen rhythmus ruhend 2 Jahre")
    say("/einstellungen zeitfenster Freitag 14:00")
    say("/einstellungen name Greta Huber")
    say("/einstellungen positionierung Ich baue Brücken.")

    profile = chat.profile("greta")
    assert (profile.nudge_time.strftime("%H:%M"), profile.nudge_days) == ("07:15",
                                                                         NudgeDays.DAILY)
    assert profile.timezone == "Europe/Vienna"
    assert profile.budget_minutes == 90
    assert profile.cadences == {"close": 21, "dormant": 730}
    assert (profile.slot_weekday, profile.slot_time.strftime("%H:%M") if profile.slot_time
            else None) == (4, "14:00")
    assert (profile.display_name, profile.positioning) == ("Greta Huber", "Ich baue Brücken.")

    say("/einstellungen termin Montag 9 Uhr")
    assert chat.profile("greta").slot_weekday == 0
    assert say("/einstellungen sprache en") == "From now on I write in English."


def test_an_unknown_key_lists_the_keys_in_the_users_language(chat: Chat) -> None:
    german = chat.say("/einstellungen farbe blau", user="greta", language="de")
    english = chat.say("/settings colour blue")

    assert german == ("Die Einstellung „farbe“ kenne ich nicht. Es gibt: sprache, zeitzone, "
                      "budget, erinnerung, zeitfenster, positionierung, rhythmus, name.")
    assert english == ("I don't know the setting “colour”. Settings: language, timezone, "
                       "budget, nudge, slot, positioning, cadence, name.")
    # Every key the German error names works.
    keys = german.split("Es gibt: ")[1].rstrip(".").split(", ")
    for key in keys:
        answer = chat.say(f"/einstellungen {key}", user="greta", language="de")
        assert not answer.startswith("Die Einstellung"), key


# --- due dates ------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "card_line", "log_line"), [
    ("de", "Fällig seit: 12.09.2026", "Fällig seit 12.09.2026."),
    ("en", "Due since: Sep 12, 2026", "Due since Sep 12, 2026."),
])
def test_a_past_due_date_reads_as_due_since(chat: Chat, language: str, card_line: str,
                                            log_line: str) -> None:
    chat.say("/add Jörg Meier every 6 weeks", language=language)

    logged = chat.say("/log Jörg meeting 1h 01.08.", language=language)
    card = chat.say("/contact Jörg", language=language)

    assert log_line in logged.splitlines()[0]
    assert card_line in card.splitlines()
    assert "Wieder fällig" not in card
    assert "Next due" not in card


def test_a_coming_due_date_reads_as_next_due(chat: Chat) -> None:
    chat.say("/add Anna Schmidt", language="de")

    card = chat.say("/kontakt Anna", language="de")

    assert "Fällig am: 24.02.2027" in card.splitlines()


# The coach speaks to its user with "du" throughout; "Sie" belongs to drafts addressed to
# third parties (which live in code, not in the triage catalogue) and to the literal
# "Sie oder du" choice.
FORMAL_ADDRESS = re.compile(r"(?<!^)(?<![.:!?] )\b(?:Sie|Ihnen|Ihr|Ihre[mnrs]?)\b")


def test_the_reasons_for_a_verdict_say_du_to_the_user() -> None:
    with (GERMAN_DIR / "triage.po").open("rb") as po_file:
        catalogue = read_po(po_file, locale="de")
    formal = []
    for message in catalogue:
        strings = [message.string] if isinstance(message.string, str) else message.string
        formal.extend(text for text in strings if text and FORMAL_ADDRESS.search(text))
    assert formal == []


@pytest.mark.parametrize(("typed", "meant"), [
    ("/fallig", "/fällig"), ("/faelig", "/fällig"), ("/woch", "/woche"), ("/hilf", "/hilfe"),
    ("/logg", "/log"), ("/kontak Anna", "/kontakt"),
])
def test_a_typo_in_a_command_gets_the_likely_command_with_a_button(
        chat: Chat, typed: str, meant: str) -> None:
    answer = chat.send(typed, user="greta", language="de")

    assert answer.text.startswith(f"Den Befehl {typed.split()[0]} kenne ich nicht. "
                                  f"Meintest du {meant}?")
    [button] = answer.buttons
    assert button.action == Run(f"{meant} {typed.partition(' ')[2]}".strip())


def test_a_word_like_no_command_gets_no_guess(chat: Chat) -> None:
    answer = chat.send("/xyz", user="greta", language="de")

    assert answer.text == "Den Befehl /xyz kenne ich nicht. Schick /hilfe für die Liste."
    assert answer.buttons == ()
