"""How replies reach Telegram: splitting, rate limits, blocked users, errors, odd chats."""

from __future__ import annotations

import html
import logging
from typing import Any

import pytest

from adapters.chat import split_text as split_at
from adapters.telegram.context import CoachApplication
from adapters.telegram.rendering import MAX_MESSAGE_LENGTH, send_reply
from coach.actions import Run
from coach.engine import Coach
from coach.imports import MAX_BYTES
from coach.model import Identity
from coach.replies import Button, MessageBuilder, Reply
from storage.unit_of_work import SqlUnitOfWork
from tests.adapters.conftest import TelegramChat
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import (
    BOT_USERNAME,
    forward_origin_channel,
    forward_origin_chat,
    forward_origin_hidden_user,
    forward_origin_user,
    make_document,
    message_update,
)

GROUP = -100_777_888


def texts(sent: list[dict[str, Any]]) -> list[str]:
    return [html.unescape(str(m["text"])) for m in sent if m["method"] == "sendMessage"]


def engine_text(answer: Reply) -> str:
    return answer.messages[0].text


def german(chat: TelegramChat) -> Identity:
    return Identity("telegram", str(chat.user_id), chat.first_name, chat.language, None)


def split_text(text: str) -> list[str]:
    return split_at(text, MAX_MESSAGE_LENGTH)


def test_short_texts_are_not_split() -> None:
    assert split_text("one\ntwo") == ["one\ntwo"]


def test_long_texts_are_split_at_line_boundaries_below_the_limit() -> None:
    lines = [f"{n:04d} " + "x" * 95 for n in range(120)]

    chunks = split_text("\n".join(lines))

    assert len(chunks) > 1
    assert all(len(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    assert [line for chunk in chunks for line in chunk.split("\n")] == lines


def test_a_single_overlong_line_is_cut_at_spaces() -> None:
    words = " ".join(["wort"] * 2000)

    chunks = split_text(words)

    assert all(len(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    assert " ".join(chunks).split() == words.split()


async def test_a_reply_over_4096_characters_arrives_as_several_messages_with_buttons_last(
    api: FakeTelegramAPI, telegram_app: CoachApplication,
) -> None:
    text = "\n".join(f"{n}. Anna <b>&_* " + "·" * 80 for n in range(100))
    answer = MessageBuilder().paragraph(text).buttons((Button("OK", Run("/due")),)).build()

    await send_reply(telegram_app.bot, 4242, answer)

    sent = api.sent_messages(4242)
    assert len(sent) >= 2
    assert all(len(html.unescape(m["text"])) < 4096 for m in sent)
    assert "\n".join(html.unescape(m["text"]) for m in sent) == text
    assert [m["reply_markup"] is not None for m in sent] == [False] * (len(sent) - 1) + [True]


async def test_a_429_on_send_message_is_waited_out_and_retried(
    chat: TelegramChat, api: FakeTelegramAPI,
) -> None:
    api.fail_next("sendMessage", error_code=429, retry_after=1)

    sent = await chat.say("/help")

    attempts = api.calls_to("sendMessage")
    assert [call.status for call in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert len(sent) == 1


@pytest.mark.parametrize("error_code", [500, 502])
async def test_a_server_error_on_a_reply_is_retried_and_the_reply_arrives_once(
    chat: TelegramChat, api: FakeTelegramAPI, error_code: int,
) -> None:
    api.fail_next("sendMessage", error_code=error_code, times=2)

    sent = await chat.say("/help")

    attempts = api.calls_to("sendMessage")
    assert [call.status for call in attempts] == [error_code, error_code, 200]
    assert attempts[2].at - attempts[0].at >= 1.5  # 0.5 s, then 1 s
    assert len(sent) == 1


async def test_a_reply_dropped_before_delivery_is_sent_again(
    chat: TelegramChat, api: FakeTelegramAPI,
) -> None:
    api.drop_next("sendMessage", after_delivery=False)

    sent = await chat.say("/help")

    assert len(sent) == 1
    assert len(api.sent_messages(chat.user_id)) == 1


async def test_a_reply_that_may_have_arrived_is_not_sent_twice(
    chat: TelegramChat, api: FakeTelegramAPI,
) -> None:
    api.drop_next("sendMessage", after_delivery=True)

    await chat.say("/help")

    help_text, apology = (m["text"] for m in api.sent_messages(chat.user_id))
    assert "/fällig" in help_text  # once, not repeated
    # The user hears that something failed, and how to check whether a change went in.
    assert apology == engine_text(chat.coach_app.coach.apology(german(chat)))


async def test_a_blocked_bot_marks_the_user_unreachable(
    chat: TelegramChat, api: FakeTelegramAPI,
) -> None:
    api.block_chat(chat.user_id)

    sent = await chat.say("/help")

    assert sent == []
    assert chat.profile().unreachable
    assert api.calls_to("sendMessage")[-1].status == 403


async def test_a_failing_engine_apologises_and_logs_no_message_text(
    chat: TelegramChat, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> Reply:
        raise RuntimeError("database went away")

    monkeypatch.setattr(chat.coach_app.coach, "handle", broken)
    with caplog.at_level(logging.DEBUG, logger="adapters"):
        sent = await chat.say("/log Geheimer Kontakt call 20m")

    assert texts(sent) == [engine_text(chat.coach_app.coach.apology(german(chat)))]
    assert "RuntimeError" in caplog.text
    assert "Geheimer Kontakt" not in caplog.text
    assert chat.api.token not in caplog.text


async def test_group_commands_for_the_bot_get_the_private_only_answer_without_contact_data(
    chat: TelegramChat,
) -> None:
    await chat.say("/add Anna Schmidt close")

    sent = await chat.say(f"/contacts@{BOT_USERNAME}", chat_id=GROUP, chat_type="supergroup")

    coach: Coach = chat.coach_app.coach
    assert texts(sent) == [engine_text(coach.private_only(german(chat)))]
    assert sent[0]["chat_id"] == GROUP
    assert "Anna" not in str(sent[0]["text"])


async def test_a_group_message_mentioning_the_bot_gets_the_private_only_answer(
    chat: TelegramChat,
) -> None:
    mention = f"@{BOT_USERNAME}"
    update = message_update(f"{mention} wer ist fällig?", chat_id=GROUP, chat_type="group",
                            user_id=chat.user_id)
    update["message"]["entities"] = [{"type": "mention", "offset": 0, "length": len(mention)}]

    sent = await chat.process(update)

    assert texts(sent) == [engine_text(chat.coach_app.coach.private_only(german(chat)))]


async def test_other_group_chatter_and_bare_commands_are_ignored(chat: TelegramChat) -> None:
    assert await chat.say("Hallo zusammen", chat_id=GROUP, chat_type="supergroup") == []
    assert await chat.say("/due", chat_id=GROUP, chat_type="supergroup") == []
    assert await chat.say("/due@OtherBot", chat_id=GROUP, chat_type="supergroup") == []
    assert chat.api.calls_to("sendMessage") == []


CONNECTIONS = (b"Notes:\nWhen exporting your connection data, you may notice...\n\n"
               b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               b"Anna,Schmidt,,,Schmidt Immobilien,CEO,15 Nov 2023\n"
               b"Peter,Lang,,,Lang Architekten,Partner,02 Feb 2024\n")


async def test_a_document_is_previewed_and_imported_with_a_tap(
        chat: TelegramChat, api: FakeTelegramAPI) -> None:
    file_id = api.add_file(CONNECTIONS, "Connections.csv", mime_type="text/csv")

    preview = await chat.say(None, document=make_document(
        "Connections.csv", mime_type="text/csv", file_size=len(CONNECTIONS), file_id=file_id))
    [markup] = [m["reply_markup"] for m in preview if m["reply_markup"]]
    [[import_button, _cancel]] = markup["inline_keyboard"]
    done = await chat.press(import_button["callback_data"], preview[-1]["message_id"])

    assert "2" in texts(preview)[0]
    [edited] = [m for m in done if m["method"] == "editMessageText"]
    assert edited["message_id"] == preview[-1]["message_id"], "the preview turns into the result"
    with SqlUnitOfWork(chat.coach_app.sessions) as uow:
        profile = chat.profile()
        assert sorted(c.name for c in uow.contacts.list(profile.id, include_archived=True)) == [
            "Anna Schmidt", "Peter Lang"]


async def test_a_document_over_the_limit_is_refused_without_downloading_it(
        chat: TelegramChat, api: FakeTelegramAPI) -> None:
    sent = await chat.say(None, document=make_document(
        "huge.csv", mime_type="text/csv", file_size=MAX_BYTES + 1))

    assert texts(sent) == [engine_text(chat.coach_app.coach.file_too_large(german(chat)))]
    assert api.calls_to("getFile") == []


async def test_a_document_telegram_will_not_hand_over_gets_a_kind_answer(
        chat: TelegramChat, api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture) -> None:
    api.fail_next("getFile", error_code=400, description="Bad Request: file is too big")

    with caplog.at_level(logging.INFO, logger="adapters"):
        sent = await chat.say(None, document=make_document(
            "Connections.csv", mime_type="text/csv", file_size=1000, file_id="gone"))

    assert texts(sent) == [engine_text(chat.coach_app.coach.file_unavailable(german(chat)))]
    assert texts(sent)[0].startswith("Ich konnte die Datei nicht abrufen")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("origin", "sender"),
    [
        (forward_origin_user(first_name="Bernd", last_name="Berger"), "Bernd Berger"),
        (forward_origin_hidden_user("Carla Hidden"), "Carla Hidden"),
        (forward_origin_chat(title="Alumni Group"), "Alumni Group"),
        (forward_origin_channel(title="Industry News"), "Industry News"),
    ],
)
async def test_a_forwarded_message_is_triaged_with_its_original_sender(
    chat: TelegramChat, monkeypatch: pytest.MonkeyPatch, origin: dict[str, Any], sender: str,
) -> None:
    coach = chat.coach_app.coach
    seen: list[tuple[str, str | None, str | None]] = []
    real = coach.triage_request

    def spy(identity: Identity, text: str, *, sender_name: str | None = None,
            update_key: str | None = None) -> Reply:
        seen.append((text, sender_name, update_key))
        return real(identity, text, sender_name=sender_name, update_key=update_key)

    monkeypatch.setattr(coach, "triage_request", spy)
    request = "Hallo, ich würde mich gerne mit Ihnen vernetzen."

    sent = await chat.say(request, forward_origin=origin, update_id=70_001)

    assert seen == [(request, sender, "70001")]
    assert texts(sent)
