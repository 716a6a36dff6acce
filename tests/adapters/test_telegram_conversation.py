"""Scripted Telegram conversations through PTB's real HTTP stack and the fake Bot API.

Each test reads what a user would see: the messages sent, the messages edited in place,
and the popups that answer a tap.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from adapters.telegram.app import MAX_SHORT_DESCRIPTION
from adapters.telegram.context import CoachApplication
from coach.engine import Coach
from coach.i18n import translator
from coach.model import Identity
from coach.render import minutes_text
from tests.adapters.conftest import TelegramChat
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import BOT_USERNAME, forward_origin_user, message_update

GERMAN = translator("de")
Sent = list[dict[str, Any]]


def readable(markup: object) -> str:
    """What the user reads: Telegram's HTML without its tags, unescaped."""
    return html.unescape(re.sub(r"</?(?:b|i|pre)>", "", str(markup)))


def texts(sent: Sent) -> list[str]:
    """The texts of new messages."""
    return [readable(m["text"]) for m in sent if m["method"] == "sendMessage"]


def edits(sent: Sent) -> list[str]:
    """The new texts of messages edited in place."""
    return [readable(m["text"]) for m in sent if m["method"] == "editMessageText"]


def popups(sent: Sent) -> list[str | None]:
    return [m["text"] for m in sent if m["method"] == "answerCallbackQuery"]


def buttons(sent: Sent) -> list[tuple[str, str, int]]:
    """(label, callback data, message id) of every button in what was sent or edited."""
    out = []
    for message in sent:
        markup = message.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup["inline_keyboard"]:
                out.extend((b["text"], b.get("callback_data", b.get("url")),
                            message["message_id"]) for b in row)
    return out


async def tap(chat: TelegramChat, sent: Sent, label: str, **overrides: Any) -> Sent:
    """Press the button labelled ``label`` under the message that carries it."""
    for text, data, message_id in buttons(sent):
        if text == label:
            return await chat.press(data, message_id, **overrides)
    raise AssertionError(f"no button {label!r} in {[b[0] for b in buttons(sent)]}")


async def add_due_contact(chat: TelegramChat, name: str = "Anna Schmidt") -> None:
    """A close contact last seen in August: due by late November."""
    await chat.say(f"/add {name} close")
    await chat.say(f"/log {name.split()[0]} call 20m 2026-08-26")


# --- set-up and the first steps ---------------------------------------------------------


async def test_start_greets_in_german_and_a_tap_edits_the_question_into_the_next_step(
    chat: TelegramChat,
) -> None:
    sent = await chat.say("/start")

    assert texts(sent)[0].startswith("Willkommen")
    assert [label for label, _, _ in buttons(sent)] == ["Deutsch", "English"]
    assert all(m["parse_mode"] == "HTML" for m in sent)

    answered = await tap(chat, sent, "English")

    assert popups(answered) == [None]
    assert any("Step 2 of 6" in text for text in edits(answered) + texts(answered))
    assert chat.profile().language == "en"
    again = await tap(chat, sent, "Deutsch")
    assert popups(again) == ["That question was already answered."]
    assert chat.profile().language == "en"


async def test_the_demo_deep_link_opens_an_example_network_and_start_leads_back(
    english_chat: TelegramChat,
) -> None:
    await english_chat.say("/add Olga Own")

    opened = await english_chat.say("/start demo")
    due = await english_chat.say("/due")
    back = await english_chat.say("/start")
    own = await english_chat.say("/contacts")

    assert "example network" in texts(opened)[0]
    assert "coach chat" not in " ".join(texts(opened))
    assert "contacts are due" in texts(due)[0]
    assert "Olga" not in texts(due)[0]
    assert texts(back)[0].startswith("Back in your own network.")
    assert "Olga Own" in texts(own)[0]
    assert "Anna Schmidt" not in texts(own)[0]


async def test_the_bot_describes_itself_and_lists_cancel_in_its_menu(
    api: FakeTelegramAPI, telegram_app: CoachApplication,
) -> None:
    assert "abbrechen" in [c["command"] for c in api.my_commands["de"]]
    assert "faellig" in [c["command"] for c in api.my_commands["de"]]
    assert "cancel" in [c["command"] for c in api.my_commands[""]]
    described = {c.params.get("language_code", ""): c.params["description"]
                 for c in api.calls_to("setMyDescription")}
    short = [c.params["short_description"] for c in api.calls_to("setMyShortDescription")]
    assert set(described) == {"de", "en", ""}
    assert "/start demo" in described["de"]
    assert all(0 < len(text) <= MAX_SHORT_DESCRIPTION for text in short)


# --- Done, quick log, undo ----------------------------------------------------------------


async def test_done_asks_how_it_went_and_a_tap_logs_once_in_place_with_undo(
    english_chat: TelegramChat,
) -> None:
    await add_due_contact(english_chat)
    due = await english_chat.say("/due")
    before = english_chat.touchpoint_count()

    question = await tap(english_chat, due, "✓ Anna")
    assert texts(question)[0].startswith("How did it go with Anna Schmidt?")
    labels = [label for label, _, _ in buttons(question)]
    assert labels[0] == "Call 20 min", "the usual channel comes first"
    assert english_chat.touchpoint_count() == before

    logged = await tap(english_chat, question, "Call 15 min")
    assert popups(logged) == ["Logged"]
    assert texts(logged) == [], "the question turns into the confirmation"
    assert edits(logged)[0].startswith("Logged: call with Anna Schmidt, 15 min, on Nov 26, 2026.")
    assert [label for label, _, _ in buttons(logged)] == ["Undo"]
    assert english_chat.touchpoint_count() == before + 1

    again = await tap(english_chat, question, "Call 15 min")
    assert popups(again) == ["Already logged for Anna Schmidt; nothing added."]
    assert texts(again) == edits(again) == []
    assert english_chat.touchpoint_count() == before + 1

    undone = await tap(english_chat, logged, "Undo")
    assert edits(undone)[0].startswith("Taken back: call with Anna Schmidt")
    assert buttons(undone) == []
    undone_again = await tap(english_chat, logged, "Undo")
    assert popups(undone_again) == ["That was already taken back."]
    assert english_chat.touchpoint_count() == before


async def test_the_question_after_done_takes_a_typed_answer(english_chat: TelegramChat) -> None:
    await add_due_contact(english_chat)
    await tap(english_chat, await english_chat.say("/due"), "✓ Anna")

    logged = await english_chat.say("meeting 45m lunch at the fair")

    assert texts(logged)[0].startswith(
        "Logged: meeting with Anna Schmidt, 45 min, on Nov 26, 2026.")


async def test_snooze_redraws_the_due_list_in_place_and_a_second_tap_changes_nothing(
    english_chat: TelegramChat,
) -> None:
    await add_due_contact(english_chat)
    await add_due_contact(english_chat, "Bernd Meier")
    due = await english_chat.say("/due")

    first = await tap(english_chat, due, "Snooze 1 week")
    second = await english_chat.press(next(d for label, d, _ in buttons(due)
                                           if label == "Snooze 1 week"), due[0]["message_id"])

    assert popups(first)[0].startswith("Snoozed Anna Schmidt until")
    assert texts(first) == []
    assert edits(first)[0].startswith("1 contact is due")
    assert "Anna" not in edits(first)[0]
    assert popups(second) == ["Anna Schmidt is already snoozed; nothing changed."]


async def test_draft_arrives_as_a_copyable_block_of_its_own(english_chat: TelegramChat) -> None:
    await add_due_contact(english_chat)

    sent = await tap(english_chat, await english_chat.say("/due"), "Draft")

    [draft] = [m for m in sent if m["method"] == "sendMessage"]
    assert str(draft["text"]).startswith("<pre>Hi Anna,")
    assert draft["reply_markup"] is None


async def test_stale_malformed_and_foreign_taps_answer_with_a_popup_and_change_nothing(
    english_chat: TelegramChat, chat: TelegramChat,
) -> None:
    await add_due_contact(english_chat)
    question = await tap(english_chat, await english_chat.say("/due"), "✓ Anna")
    quick = next(d for label, d, _ in buttons(question) if label == "Call 15 min")
    before = english_chat.touchpoint_count()

    old_format = await english_chat.press("done:7")
    garbage = await english_chat.press("l:²:call:15:0")
    foreign = await chat.press(quick)

    assert popups(old_format) == ["That button is no longer valid."]
    assert popups(garbage) == ["That button is no longer valid."]
    assert popups(foreign) == ["Diesen Kontakt gibt es nicht mehr."]
    for sent in (old_format, garbage, foreign):
        assert texts(sent) == edits(sent) == []
    assert english_chat.touchpoint_count() == before


# --- questions in plain text --------------------------------------------------------------


async def test_bare_commands_take_plain_answers_and_cancel_drops_the_question(
    english_chat: TelegramChat,
) -> None:
    assert texts(await english_chat.say("/add"))[0].startswith("Whom should I add?")
    assert texts(await english_chat.say("Max Mustermann"))[0].startswith("Added Max Mustermann")

    assert texts(await english_chat.say("/log"))[0].startswith("Whom did you talk to?")
    logged = await english_chat.say("Max call 15m")
    assert texts(logged)[0].startswith("Logged: call with Max Mustermann, 15 min, on Nov 26, 2026.")

    await english_chat.say("/snooze")
    assert texts(await english_chat.say("/cancel")) == ["Cancelled: whom to snooze."]
    assert texts(await english_chat.say("Max"))[0].startswith("I understand commands")


async def test_an_unknown_name_offers_to_add_it(english_chat: TelegramChat) -> None:
    sent = await english_chat.say("/log Zoe call")

    added = await tap(english_chat, sent, "Add Zoe")

    assert edits(added)[0].startswith("Added Zoe")


# --- requests, settings, forget -----------------------------------------------------------


async def test_a_decision_turns_the_advice_into_its_record_without_repeating_the_draft(
    english_chat: TelegramChat,
) -> None:
    advice = await english_chat.say(
        "We help agencies get 50 leads a week, guaranteed. Free trial: bit.ly/abc",
        forward_origin=forward_origin_user(first_name="Sam", last_name="Seller"))
    assert len(texts(advice)) == 2, "the advice, then the reply and its short form"
    assert str(advice[1]["text"]).startswith("<b>Reply</b>\n<pre>")
    assert str(advice[1]["text"]).count("<pre>") == 2, "each draft copies with one tap"

    decided = await tap(english_chat, advice, "Decline")
    again = await tap(english_chat, advice, "Decline")

    assert popups(decided) == ["Recorded: Decline."]
    assert texts(decided) == [], "the advised reply is not sent again"
    assert edits(decided)[0].startswith("Recorded: Decline.")
    assert buttons(decided) == []
    assert popups(again) == ["Already recorded: Decline."]


async def test_settings_presets_change_in_place(chat: TelegramChat) -> None:
    shown = await chat.say("/einstellungen")
    assert "✓ Deutsch" in [label for label, _, _ in buttons(shown)]

    changed = await tap(chat, shown, "English")

    assert popups(changed) == ["From now on I write in English."]
    assert edits(changed)[0].startswith("Your settings")
    assert "✓ English" in [label for label, _, _ in buttons(changed)]
    budget = await tap(chat, changed, "3 h")
    assert chat.profile().budget_minutes == 180
    assert popups(budget) == ["Weekly budget set to 3 h."]


async def test_forget_needs_the_danger_button_and_edits_into_the_result(
    english_chat: TelegramChat,
) -> None:
    await english_chat.say("/add Anna Schmidt")
    asked = await english_chat.say("/forget")

    deleted = await tap(english_chat, asked, "Yes, delete everything")

    assert edits(deleted) == ["All your data is deleted. If you write again, I start afresh."]
    assert english_chat.touchpoint_count() == 0
    assert texts(await english_chat.say("/contacts"))[0].startswith("You have no contacts")


# --- what is not text --------------------------------------------------------------------


async def test_a_shared_contact_is_offered_and_added_with_a_tap(
    english_chat: TelegramChat,
) -> None:
    update = message_update(None, user_id=english_chat.user_id, language_code="en")
    update["message"]["contact"] = {"phone_number": "+49 89 1234567", "first_name": "Petra",
                                    "last_name": "Pohl"}

    offered = await english_chat.process(update)
    added = await tap(english_chat, offered, "Yes, add")

    assert texts(offered)[0] == "Add Petra Pohl to your contacts?\nPhone: +49 89 1234567"
    assert edits(added)[0].startswith("Added Petra Pohl")
    card = texts(await english_chat.say("/contact Petra"))[0]
    assert "+49 89 1234567" in card


async def test_stickers_voice_photos_and_locations_get_a_friendly_word(
    english_chat: TelegramChat,
) -> None:
    media = {
        "sticker": {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
                    "is_animated": False, "is_video": False, "type": "regular"},
        "voice": {"file_id": "v", "file_unique_id": "v", "duration": 3},
        "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
        "location": {"latitude": 48.1, "longitude": 11.6},
    }
    answers = []
    for key, value in media.items():
        update = message_update(None, user_id=english_chat.user_id, language_code="en")
        update["message"][key] = value
        answers.append(texts(await english_chat.process(update)))

    assert [len(a) for a in answers] == [1, 1, 1, 1]
    assert answers[0][0].startswith("Nice sticker!")
    assert "voice notes" in answers[1][0]
    assert "pictures" in answers[2][0]
    assert "time zone" in answers[3][0]


async def test_an_edited_command_is_not_run_again_and_the_user_hears_so(
    english_chat: TelegramChat,
) -> None:
    update = message_update("/add Anna Schmidt", user_id=english_chat.user_id,
                            language_code="en")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = update["edited_message"]["date"]

    sent = await english_chat.process(update)

    assert texts(sent)[0].startswith("I saw that you edited a message.")
    assert texts(await english_chat.say("/contacts"))[0].startswith("You have no contacts")


async def test_a_command_with_the_bots_name_works_in_a_private_chat(
    english_chat: TelegramChat,
) -> None:
    sent = await english_chat.say(f"/help@{BOT_USERNAME}")

    assert texts(sent)[0].startswith("Every day")


async def test_in_a_group_the_refusal_carries_a_button_to_the_private_chat(
    chat: TelegramChat,
) -> None:
    sent = await chat.say(f"/due@{BOT_USERNAME}", chat_id=-100_777, chat_type="supergroup")

    [(_, url, _)] = buttons(sent)
    assert url == f"https://t.me/{BOT_USERNAME}"


# --- reports ------------------------------------------------------------------------------


async def test_week_is_one_chart_whose_caption_is_the_report_in_the_users_language(
    chat: TelegramChat,
) -> None:
    await chat.say("/add Anna Schmidt close")
    await chat.say("/log Anna call 20m")

    sent = await chat.say("/week")

    assert [m["method"] for m in sent] == ["sendPhoto"]
    assert bytes(sent[0]["content"]).startswith(b"\x89PNG")
    assert sent[0]["parse_mode"] == "HTML"
    assert str(sent[0]["text"]).startswith("<b>")  # the report's heading, in bold
    caption = readable(sent[0]["text"])
    assert minutes_text(GERMAN, 20) in caption
    # The chart's explanation closes the caption, in German.
    assert GERMAN._("Your last {count} weeks against your budget of {budget}.").split(
        "{count}")[0] in caption


async def test_network_is_one_chart_with_the_counts_per_circle_as_its_caption(
    english_chat: TelegramChat,
) -> None:
    await english_chat.say("/add Anna Schmidt close")
    await english_chat.say("/add Bert Weber wider")

    sent = await english_chat.say("/network")

    assert [m["method"] for m in sent] == ["sendPhoto"]
    assert str(sent[0]["text"]).startswith("<b>Your network by circle</b>")
    caption = readable(sent[0]["text"])
    assert "Close: 1 (" in caption
    assert "Wider: 1 (" in caption
    assert "Each ring is a circle" in caption


async def test_an_empty_network_gets_no_chart_but_a_way_to_start(
    english_chat: TelegramChat,
) -> None:
    sent = await english_chat.say("/network")

    assert [m["method"] for m in sent] == ["sendMessage"]
    assert "/start demo" in texts(sent)[0]


async def test_export_sends_all_data_as_a_json_document(english_chat: TelegramChat) -> None:
    await english_chat.say("/add Anna Schmidt close")

    sent = await english_chat.say("/export")

    assert [m["method"] for m in sent] == ["sendMessage", "sendDocument"]
    assert str(sent[1]["file_name"]).endswith(".json")
    document = json.loads(bytes(sent[1]["content"]))
    assert [c["name"] for c in document["contacts"]] == ["Anna Schmidt"]


async def test_help_is_sectioned_and_in_the_users_language(
    chat: TelegramChat, english_chat: TelegramChat
) -> None:
    german_help = texts(await chat.say("/hilfe"))[0]
    english_help = texts(await english_chat.say("/help"))[0]

    assert english_help.startswith("Every day")
    assert german_help.startswith(GERMAN._("Every day"))
    assert german_help != english_help


async def test_the_engine_and_the_adapter_show_the_same_words(chat: TelegramChat) -> None:
    sent = await chat.say("/start")

    coach: Coach = chat.coach_app.coach
    same = coach.handle(Identity("telegram", "99", "Berta", "de", None), "/start")
    assert texts(sent) == [m.text for m in same.messages]
