"""Scripted conversations with the coach in a Telegram chat, in German and English."""

from __future__ import annotations

import html
import json

from adapters.telegram.context import CoachApplication
from coach.engine import command_menu
from coach.i18n import translator
from coach.model import Identity
from coach.render import minutes_text
from tests.adapters.conftest import TelegramChat
from tests.fakes.telegram_api import FakeTelegramAPI

GERMAN = translator("de")


def texts(sent: list[dict[str, object]]) -> list[str]:
    """What the user reads: the HTML-escaped texts unescaped again."""
    return [html.unescape(str(m["text"])) for m in sent if m["method"] == "sendMessage"]


def buttons(sent: list[dict[str, object]]) -> list[tuple[str, str]]:
    out = []
    for message in sent:
        markup = message.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup["inline_keyboard"]:
                out.extend((button["text"], button["callback_data"]) for button in row)
    return out


async def add_due_contact(chat: TelegramChat, name: str = "Anna Schmidt") -> None:
    """A close contact last seen in August: due by late November."""
    await chat.say(f"/add {name} close")
    await chat.say(f"/log {name.split()[0]} call 20m 2026-08-26")


async def test_start_greets_in_german_with_language_buttons(chat: TelegramChat) -> None:
    sent = await chat.say("/start")

    same_for_another_german = chat.coach_app.coach.handle(
        Identity("telegram", "99", "Berta", "de", None), "/start")
    assert texts(sent) == [m.text for m in same_for_another_german.messages]
    assert ("Deutsch", "say:de") in buttons(sent)
    assert all(m["parse_mode"] == "HTML" for m in sent)
    assert chat.profile().language == "de"


async def test_start_greets_in_english_and_a_button_answers_the_first_step(
    english_chat: TelegramChat,
) -> None:
    sent = await english_chat.say("/start")
    assert any("Welcome" in text for text in texts(sent))

    answered = await english_chat.press("say:en")

    assert any("Step 2 of 5" in text for text in texts(answered))


async def test_add_and_log_answer_with_the_engines_texts(english_chat: TelegramChat) -> None:
    added = await english_chat.say("/add Anna Schmidt close")
    logged = await english_chat.say("/log Anna call 20m")

    assert texts(added)[0].startswith("Added Anna Schmidt")
    assert texts(logged)[0].startswith("Logged: call with Anna Schmidt, 20 min")
    assert english_chat.touchpoint_count() == 1


async def test_due_offers_done_snooze_and_draft_buttons(english_chat: TelegramChat) -> None:
    await add_due_contact(english_chat)

    sent = await english_chat.say("/due")

    actions = [action for _, action in buttons(sent)]
    assert [a.split(":")[0] for a in actions] == ["done", "snooze", "draft"]
    assert "1 contact is due" in texts(sent)[0]


async def test_done_pressed_twice_logs_once_and_says_so(chat: TelegramChat) -> None:
    await add_due_contact(chat)
    due = await chat.say("/due")
    done = next(action for _, action in buttons(due) if action.startswith("done:"))
    before = chat.touchpoint_count()

    first = await chat.press(done)
    second = await chat.press(done)

    assert chat.touchpoint_count() == before + 1
    assert texts(first)
    assert texts(second)
    assert texts(first) != texts(second)
    assert "Anna Schmidt" in texts(second)[0]
    assert len(chat.api.calls_to("answerCallbackQuery")) == 2


async def test_snooze_pressed_twice_changes_nothing_the_second_time(
    english_chat: TelegramChat,
) -> None:
    await add_due_contact(english_chat)
    due = await english_chat.say("/due")
    snooze = next(action for _, action in buttons(due) if action.startswith("snooze:"))

    await english_chat.press(snooze)
    second = await english_chat.press(snooze)

    assert "already snoozed" in texts(second)[0]
    assert texts(await english_chat.say("/due"))[0].startswith("Nobody is due")


async def test_draft_arrives_as_a_message_of_its_own(english_chat: TelegramChat) -> None:
    await add_due_contact(english_chat)
    due = await english_chat.say("/due")
    draft = next(action for _, action in buttons(due) if action.startswith("draft:"))

    sent = await english_chat.press(draft)

    assert len(sent) == 1
    assert texts(sent)[0].startswith("Hello Anna")
    assert sent[0]["reply_markup"] is None


async def test_week_sends_the_text_then_a_chart(chat: TelegramChat) -> None:
    await chat.say("/add Anna Schmidt close")
    await chat.say("/log Anna call 20m")

    sent = await chat.say("/week")

    assert [m["method"] for m in sent] == ["sendMessage", "sendPhoto"]
    assert minutes_text(GERMAN, 20) in texts(sent)[0]
    assert bytes(sent[1]["content"]).startswith(b"\x89PNG")  # type: ignore[arg-type]


async def test_network_sends_the_text_then_a_chart(english_chat: TelegramChat) -> None:
    await add_due_contact(english_chat)
    await english_chat.say("/add Bernd Meier wider")

    sent = await english_chat.say("/network")

    assert [m["method"] for m in sent] == ["sendMessage", "sendPhoto"]
    assert texts(sent)[0].startswith("Your network by circle")
    assert bytes(sent[1]["content"]).startswith(b"\x89PNG")  # type: ignore[arg-type]


async def test_export_sends_all_data_as_a_json_document(english_chat: TelegramChat) -> None:
    await english_chat.say("/add Anna Schmidt close")

    sent = await english_chat.say("/export")

    assert [m["method"] for m in sent] == ["sendMessage", "sendDocument"]
    assert str(sent[1]["file_name"]).endswith(".json")
    document = json.loads(bytes(sent[1]["content"]))  # type: ignore[arg-type]
    assert [c["name"] for c in document["contacts"]] == ["Anna Schmidt"]


async def test_help_and_settings_answer_in_the_users_language(
    chat: TelegramChat, english_chat: TelegramChat
) -> None:
    assert "/due" in texts(await chat.say("/hilfe"))[0]
    assert texts(await english_chat.say("/help"))[0].startswith("What I can do")
    assert texts(await english_chat.say("/settings"))[0].startswith("Your settings")
    assert texts(await chat.say("/einstellungen"))[0].startswith(GERMAN._("Your settings:"))


async def test_names_with_html_and_markdown_characters_arrive_intact(
    english_chat: TelegramChat,
) -> None:
    sent = await english_chat.say("/add Anna <b>&_* close")

    assert "&lt;b&gt;&amp;_*" in str(sent[0]["text"])
    assert "Anna <b>&_*" in texts(sent)[0]


async def test_a_repeated_update_is_handled_once(english_chat: TelegramChat) -> None:
    await english_chat.say("/add Anna Schmidt close")

    first = await english_chat.say("/log Anna call 20m", update_id=90_001)
    again = await english_chat.say("/log Anna call 20m", update_id=90_001)

    assert len(first) == 1
    assert again == []
    assert english_chat.touchpoint_count() == 1


async def test_the_command_menu_is_set_in_german_english_and_by_default(
    api: FakeTelegramAPI, telegram_app: CoachApplication,
) -> None:
    def menu(language: str) -> list[tuple[str, str]]:
        return [(c["command"], c["description"]) for c in api.my_commands[language]]

    assert menu("de") == command_menu("de")
    assert menu("en") == command_menu("en")
    assert menu("") == command_menu("en")
