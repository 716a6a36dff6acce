"""The fake Bot API, exercised through python-telegram-bot's real HTTP stack."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import pytest
import telegram
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import (
    BOT_USERNAME,
    callback_update,
    forward_origin_channel,
    forward_origin_chat,
    forward_origin_hidden_user,
    forward_origin_user,
    make_document,
    message_update,
)

CHAT = 4242


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url
    ) as real_bot:
        yield real_bot


async def test_get_me_returns_the_fake_bot(bot: telegram.Bot, api: FakeTelegramAPI) -> None:
    me = await bot.get_me()

    assert me.username == BOT_USERNAME
    assert me.is_bot
    assert [call.method for call in api.calls] == ["getMe", "getMe"]  # initialize + explicit


async def test_send_message_is_recorded_with_the_inline_keyboard_decoded(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ja", callback_data="yes"),
                InlineKeyboardButton("Nein", callback_data="no"),
            ]
        ]
    )

    message = await bot.send_message(
        CHAT, "Hallo *Anna*", parse_mode="MarkdownV2", reply_markup=keyboard
    )

    assert message.chat.id == CHAT
    assert message.reply_markup == keyboard
    [sent] = api.sent_messages(chat_id=CHAT)
    assert sent["text"] == "Hallo *Anna*"
    assert sent["parse_mode"] == "MarkdownV2"
    assert sent["message_id"] == message.message_id
    assert sent["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Ja", "callback_data": "yes"}, {"text": "Nein", "callback_data": "no"}]
        ]
    }
    assert api.calls_to("sendMessage")[0].params["chat_id"] == CHAT  # int, not "4242"
    assert api.delivered == 1


async def test_message_ids_increase_per_chat_and_edits_keep_the_id(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    first = await bot.send_message(CHAT, "eins")
    second = await bot.send_message(CHAT, "zwei")
    elsewhere = await bot.send_message(CHAT + 1, "drei")

    edited = await bot.edit_message_text("zwei!", chat_id=CHAT, message_id=second.message_id)
    rekeyed = await bot.edit_message_reply_markup(
        chat_id=CHAT,
        message_id=second.message_id,
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok")]]),
    )

    assert (first.message_id, second.message_id, elsewhere.message_id) == (1, 2, 1)
    assert isinstance(edited, telegram.Message)
    assert (edited.message_id, edited.text) == (2, "zwei!")
    assert isinstance(rekeyed, telegram.Message)
    assert rekeyed.text == "zwei!"
    assert [m["method"] for m in api.sent_messages(CHAT)] == [
        "sendMessage",
        "sendMessage",
        "editMessageText",
    ]


async def test_a_numeric_text_stays_a_string(bot: telegram.Bot, api: FakeTelegramAPI) -> None:
    await bot.send_message(CHAT, "42")

    assert api.sent_messages()[0]["text"] == "42"


async def test_send_photo_uploads_bytes_that_the_fake_stores(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    message = await bot.send_photo(CHAT, photo=png, caption="Dein Netzwerk", filename="net.png")

    [upload] = api.uploads
    assert upload.field == "photo"
    assert upload.content == png
    assert upload.filename == "net.png"
    assert message.caption == "Dein Netzwerk"
    assert message.photo[-1].file_size == len(png)
    assert api.sent_messages(CHAT)[0]["text"] == "Dein Netzwerk"
    assert api.file(message.photo[-1].file_id).content == png


async def test_send_document_stores_the_bytes_and_the_file_name(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    message = await bot.send_document(CHAT, document=b"a;b\n1;2\n", filename="kontakte.csv")

    assert message.document is not None
    assert message.document.file_name == "kontakte.csv"
    [sent] = api.sent_messages(CHAT)
    assert sent["file_name"] == "kontakte.csv"
    assert api.calls_to("sendDocument")[0].files["document"].content == b"a;b\n1;2\n"


async def test_a_registered_file_downloads_through_get_file(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    content = "BEGIN:VCARD\nFN:Jürgen Müller\nEND:VCARD\n".encode()
    file_id = api.add_file(content, "bernd.vcf", mime_type="text/vcard")

    tg_file = await bot.get_file(file_id)
    downloaded = await tg_file.download_as_bytearray()

    assert bytes(downloaded) == content
    assert tg_file.file_path is not None
    assert tg_file.file_path.startswith(api.base_file_url)


async def test_an_unknown_file_id_is_a_bad_request(bot: telegram.Bot) -> None:
    # PTB strips the "Bad Request: " prefix and capitalises the rest.
    with pytest.raises(BadRequest, match=r"^Invalid file_id$"):
        await bot.get_file("nope")


async def test_fail_next_429_surfaces_as_retry_after_with_the_given_delay(
    bot: telegram.Bot, api: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without PTB_TIMEDELTA, RetryAfter.__init__ itself emits a PTBDeprecationWarning, which
    # `filterwarnings = error` turns into the exception the caller sees instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail_next("sendMessage", error_code=429, retry_after=3)

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "zu schnell")
    await bot.send_message(CHAT, "jetzt klappt's")

    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert [call.status for call in api.calls_to("sendMessage")] == [429, 200]
    assert api.rejected_429 == 1
    assert [m["text"] for m in api.sent_messages(CHAT)] == ["jetzt klappt's"]


async def test_a_blocked_chat_raises_forbidden_for_every_send(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    api.block_chat(CHAT)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "Hallo?")
    with pytest.raises(Forbidden):
        await bot.send_document(CHAT, document=b"x", filename="x.txt")
    await bot.send_message(CHAT + 1, "anderer Chat")

    assert api.delivered == 1


async def test_rate_limits_reject_a_second_message_to_the_same_chat_within_a_second(
    bot: telegram.Bot, api: FakeTelegramAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.enforce_rate_limits(global_per_second=2, per_chat_per_second=1)

    await bot.send_message(CHAT, "eins")
    with pytest.raises(RetryAfter) as per_chat:
        await bot.send_message(CHAT, "zwei")
    await bot.send_message(CHAT + 1, "anderer Chat")
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT + 2, "global zu viel")

    assert per_chat.value.retry_after == dtm.timedelta(seconds=1)
    assert (api.delivered, api.rejected_429) == (2, 2)


async def test_a_long_poll_does_not_block_concurrent_sends(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_until(lambda: api.active_long_polls == 1)
    await bot.send_message(CHAT, "während des Pollens")
    assert not poll.done()

    update_id = api.push_update(message_update("neu"))
    updates = await asyncio.wait_for(poll, 2)

    assert [u.update_id for u in updates] == [update_id]


async def test_get_updates_drops_updates_below_the_offset(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    first = api.push_update(message_update("eins"))
    second = api.push_update(message_update("zwei"))

    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == ()
    assert api.confirmed_offset == second + 1


async def test_polling_application_hands_a_pushed_message_to_its_handler_and_confirms_it(
    api: FakeTelegramAPI,
) -> None:
    received: list[str] = []
    got_it = asyncio.Event()

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        received.append(update.effective_message.text or "")
        await update.effective_message.reply_text("Danke!")
        got_it.set()

    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    update_id = api.push_update(message_update("Ich habe Bernd getroffen", chat_id=CHAT))

    async with app:
        assert app.updater is not None
        await app.updater.start_polling()
        await app.start()
        await asyncio.wait_for(got_it.wait(), 5)
        await api.wait_until(lambda: (api.confirmed_offset or 0) > update_id)
        await app.updater.stop()
        await app.stop()

    assert received == ["Ich habe Bernd getroffen"]
    assert api.confirmed_offset == update_id + 1
    assert api.pending_updates == []
    assert [m["text"] for m in api.sent_messages(CHAT)] == ["Danke!"]
    assert api.calls_to("deleteWebhook")  # polling bootstrap removes any webhook first


async def test_set_my_commands_is_recorded_per_language(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    await bot.set_my_commands([BotCommand("start", "Los geht's")], language_code="de")
    await bot.set_my_commands([BotCommand("start", "Let's go")], language_code="en")
    await bot.set_my_commands([BotCommand("help", "Help")])
    await bot.delete_my_commands(language_code="en")

    assert api.my_commands == {
        "de": [{"command": "start", "description": "Los geht's"}],
        "": [{"command": "help", "description": "Help"}],
    }
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["start"]


async def test_webhook_settings_are_recorded_and_block_get_updates(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    await bot.set_webhook("https://coach.example/hook", secret_token="s3cret")

    info = await bot.get_webhook_info()
    with pytest.raises(telegram.error.Conflict):
        await bot.get_updates()
    await bot.delete_webhook()

    assert info.url == "https://coach.example/hook"
    assert api.calls_to("setWebhook")[0].params["secret_token"] == "s3cret"
    assert api.webhook_url == ""


async def test_chat_actions_callback_answers_and_unknown_methods_are_acknowledged(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    await bot.send_chat_action(CHAT, "typing")
    assert await bot.set_my_description("Ich halte dein Netzwerk warm", language_code="de")
    assert await bot.answer_callback_query("cbq-1", text="Gespeichert")

    [call] = api.calls_to("setMyDescription")
    assert call.params == {"description": "Ich halte dein Netzwerk warm", "language_code": "de"}


async def test_wait_for_calls_waits_without_blocking_the_loop(
    bot: telegram.Bot, api: FakeTelegramAPI
) -> None:
    async def send_later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(CHAT, "später")

    task = asyncio.create_task(send_later())
    [call] = await api.wait_for_calls("sendMessage", 1, timeout=2)
    await task

    assert call.params["text"] == "später"
    with pytest.raises(TimeoutError, match="2 call"):
        await api.wait_for_calls("sendMessage", 2, timeout=0.1)


def test_update_factories_parse_into_ptb_objects() -> None:
    command = Update.de_json(message_update(f"/start@{BOT_USERNAME} abc", update_id=1), None)
    forwarded = [
        Update.de_json(message_update("fwd", forward_origin=origin, update_id=2), None)
        for origin in (
            forward_origin_user(777, "Bernd"),
            forward_origin_hidden_user("Carla"),
            forward_origin_chat(-100123, "Alumni"),
            forward_origin_channel(-100456, "News", message_id=9),
        )
    ]
    with_document = Update.de_json(
        message_update("/import", document=make_document("x.vcf"), update_id=3), None
    )
    callback = Update.de_json(callback_update("yes", message_id=5, chat_id=CHAT, update_id=4), None)

    assert command.message is not None
    assert command.message.parse_entities(["bot_command"]) == {
        command.message.entities[0]: f"/start@{BOT_USERNAME}"
    }
    assert command.message.from_user is not None
    assert command.message.from_user.language_code == "de"
    assert [type(u.message.forward_origin).__name__ for u in forwarded if u.message] == [
        "MessageOriginUser",
        "MessageOriginHiddenUser",
        "MessageOriginChat",
        "MessageOriginChannel",
    ]
    assert with_document.message is not None
    assert with_document.message.caption == "/import"
    assert with_document.message.caption_entities[0].type == "bot_command"
    assert callback.callback_query is not None
    assert callback.callback_query.data == "yes"
    assert callback.callback_query.message is not None
    assert callback.callback_query.message.chat.id == CHAT


async def test_stopping_the_fake_answers_a_pending_long_poll_instead_of_hanging() -> None:
    api = FakeTelegramAPI(long_poll_cap=30)
    await api.start()
    async with telegram.Bot(api.token, base_url=api.base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await api.wait_until(lambda: api.active_long_polls == 1)

        await asyncio.wait_for(api.stop(), 2)

        assert await asyncio.wait_for(poll, 2) == ()
