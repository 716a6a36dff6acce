"""The polling loop: updates are confirmed to Telegram only after they were handled."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest

from adapters.telegram.context import CoachApplication
from adapters.telegram.polling import poll_updates
from coach.model import Identity
from coach.replies import Reply
from tests.adapters.conftest import TelegramChat
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import message_update


async def test_polling_confirms_the_offset_only_after_processing(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
) -> None:
    coach = chat.coach_app.coach
    real_handle = coach.handle
    offsets_while_handling: list[int | None] = []

    def handle(identity: Identity, text: str, *, update_key: str | None = None) -> Reply:
        offsets_while_handling.append(api.confirmed_offset)
        return real_handle(identity, text, update_key=update_key)

    coach.handle = handle  # type: ignore[method-assign]
    first = api.push_update(message_update("/add Anna Schmidt close", user_id=chat.user_id))
    second = api.push_update(message_update("/log Anna call 20m", user_id=chat.user_id))
    stop = asyncio.Event()

    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
    await api.wait_for_calls("sendMessage", count=2)
    stop.set()
    next_offset = await asyncio.wait_for(polling, 5)

    assert offsets_while_handling[0] is None or offsets_while_handling[0] <= first
    assert offsets_while_handling[1] is None or offsets_while_handling[1] <= second
    assert next_offset == second + 1
    assert api.confirmed_offset == second + 1
    assert api.pending_updates == []
    assert chat.touchpoint_count() == 1


async def test_polling_stops_promptly_while_waiting_for_updates(
    api: FakeTelegramAPI, telegram_app: CoachApplication,
) -> None:
    stop = asyncio.Event()
    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=30))
    await api.wait_until(lambda: api.active_long_polls > 0, what="a long poll")

    stop.set()

    assert await asyncio.wait_for(polling, 2) is None


async def test_a_redelivered_update_after_a_restart_is_not_handled_again(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
) -> None:
    await chat.say("/add Anna Schmidt close")
    update = message_update("/log Anna call 20m", user_id=chat.user_id, update_id=500)
    await chat.process(dict(update))
    sends = len(api.sent_messages())
    api.push_update(update)  # Telegram never saw the offset confirmed
    stop = asyncio.Event()

    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
    await api.wait_until(lambda: api.confirmed_offset == 501 or not api.pending_updates,
                         what="the update being fetched")
    await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(polling, 5)

    assert len(api.sent_messages()) == sends
    assert chat.touchpoint_count() == 1
    assert api.confirmed_offset == 501


async def test_a_redelivered_update_whose_answer_was_lost_is_answered_once(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
) -> None:
    await chat.say("/add Anna Schmidt close")
    # A bot killed after committing the log and before sending its answer: the engine
    # handled update 600, nobody told it the answer went out.
    coach = chat.coach_app.coach
    identity = Identity("telegram", str(chat.user_id))
    coach.handle(identity, "/log Anna call 20m", update_key="600")
    sends = len(api.sent_messages())
    stop = asyncio.Event()

    api.push_update(message_update("/log Anna call 20m", user_id=chat.user_id, update_id=600))
    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
    await api.wait_until(lambda: api.confirmed_offset == 601, what="the update confirmed")
    stop.set()
    await asyncio.wait_for(polling, 5)

    answers = api.sent_messages()[sends:]
    assert len(answers) == 1
    assert "Anna Schmidt" in (answers[0]["text"] or "")
    assert chat.touchpoint_count() == 1
    # Delivered now: one more redelivery is not answered again.
    assert coach.handle(identity, "/log Anna call 20m", update_key="600").text == ""


def _poison(kind: str, user_id: int) -> dict[str, Any]:
    update = message_update("/log Anna call 20m", user_id=user_id)
    message = update["message"]
    if kind == "string date":
        message["date"] = "yesterday"
    elif kind == "string from":
        message["from"] = "mallory"
    elif kind == "bad entity offset":
        message["entities"] = [{"type": "bot_command", "offset": "x", "length": 4}]
    elif kind == "not an object":
        update["message"] = ["a", "list"]
    return update


@pytest.mark.parametrize("kind", ["string date", "string from", "bad entity offset",
                                  "not an object"])
async def test_a_poison_update_is_skipped_and_the_rest_of_its_batch_is_served(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
    caplog: pytest.LogCaptureFixture, kind: str,
) -> None:
    await chat.say("/add Anna Schmidt close")
    before = chat.touchpoint_count()
    api.push_update(message_update("/log Anna call 20m secret-note-1", user_id=chat.user_id,
                                   update_id=9001))
    poison = api.push_update(_poison(kind, chat.user_id))
    last = api.push_update(message_update("/log Anna email", user_id=chat.user_id))
    stop = asyncio.Event()

    with caplog.at_level(logging.DEBUG, logger="adapters"):
        polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
        await api.wait_until(lambda: (api.confirmed_offset or 0) > last,
                             what="the batch being confirmed")
        stop.set()
        await asyncio.wait_for(polling, 5)

    assert chat.touchpoint_count() == before + 2
    assert api.pending_updates == []
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert skipped == [f"skipped telegram update {poison}: its fields do not parse"]
    assert not any("secret-note-1" in r.getMessage() or "mallory" in r.getMessage()
                   for r in caplog.records)


async def test_polling_keeps_serving_after_only_poison_arrived(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
) -> None:
    await chat.say("/add Anna Schmidt close")
    api.push_update({"update_id": 9100, "message": "junk"})
    api.push_update(_poison("string date", chat.user_id))
    stop = asyncio.Event()
    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
    await api.wait_until(lambda: not api.pending_updates or api.confirmed_offset is not None,
                         what="the poison being confirmed")
    good = api.push_update(message_update("/log Anna call 20m", user_id=chat.user_id))
    await api.wait_until(lambda: (api.confirmed_offset or 0) > good, what="the next update")
    stop.set()
    await asyncio.wait_for(polling, 5)

    assert chat.touchpoint_count() == 1


async def test_a_slow_update_holds_neither_other_users_nor_its_offset(
    api: FakeTelegramAPI, telegram_app: CoachApplication, chat: TelegramChat,
) -> None:
    coach = chat.coach_app.coach
    real_handle = coach.handle
    release = threading.Event()

    def handle(identity: Identity, text: str, *, update_key: str | None = None) -> Reply:
        if identity.external_id == str(chat.user_id):
            release.wait(10)  # this user's command takes long
        return real_handle(identity, text, update_key=update_key)

    coach.handle = handle  # type: ignore[method-assign]
    slow = api.push_update(message_update("/help", user_id=chat.user_id))
    api.push_update(message_update("/help", user_id=515151, language_code="en"))
    stop = asyncio.Event()
    polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))

    await api.wait_until(lambda: len(api.sent_messages(chat_id=515151)) == 1,
                         what="the other user's answer")
    assert api.sent_messages(chat_id=chat.user_id) == []
    assert api.confirmed_offset is None or api.confirmed_offset <= slow
    release.set()
    await api.wait_until(lambda: len(api.sent_messages(chat_id=chat.user_id)) == 1,
                         what="the slow answer")
    stop.set()
    assert await asyncio.wait_for(polling, 5) == slow + 2
