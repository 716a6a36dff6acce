"""The Bot API fails while nudges go out: bounded retries, and never a second copy.

A 5xx answer or a connection that could not be made means the message did not arrive,
so it is retried with backoff. No answer after the request went out (dropped
connection, read timeout) may hide a delivered message, so it is never repeated.
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Bot
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from adapters.bootstrap import build
from adapters.scheduler import NudgeWorker
from adapters.telegram.sender import MAX_ATTEMPTS, MaybeDelivered, SendFailed, TelegramSender
from coach.replies import Reply, draft_message, reply
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.integration.conftest import ControlledClock, add_user

NUDGE = Reply((reply("Call Anna: last contact 92 days ago").messages[0],
               draft_message("Happy birthday, Anna!")))
NUDGE_MINUTE = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as real:
        yield real


class Waits:
    """Records the sender's backoff instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def texts(api: FakeTelegramAPI) -> list[str]:
    return [m["text"] for m in api.sent_messages(chat_id=42)]


async def test_server_errors_are_retried_with_backoff_and_everything_arrives_once(
        api: FakeTelegramAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", 500, times=2)
    api.fail_next("sendMessage", 502, times=1)
    waits = Waits()

    await TelegramSender(bot, sleep=waits, chat_gap=0).send("telegram", "42", NUDGE)

    assert texts(api) == ["Call Anna: last contact 92 days ago", "<pre>Happy birthday, Anna!</pre>"]
    assert waits.seconds == [1.0, 2.0, 4.0]


async def test_a_server_that_keeps_failing_is_given_up_after_bounded_retries(
        api: FakeTelegramAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", 500, times=100)
    waits = Waits()

    with pytest.raises(SendFailed):
        await TelegramSender(bot, sleep=waits).send("telegram", "42", NUDGE)

    assert len(api.calls_to("sendMessage")) == MAX_ATTEMPTS
    assert texts(api) == []
    assert waits.seconds == [1.0, 2.0, 4.0, 8.0]


@pytest.mark.parametrize("after_delivery", [True, False])
async def test_no_answer_after_sending_is_never_repeated(
        api: FakeTelegramAPI, bot: Bot, after_delivery: bool) -> None:
    api.drop_next("sendMessage", after_delivery=after_delivery)

    with pytest.raises(MaybeDelivered):
        await TelegramSender(bot, sleep=Waits(), chat_gap=0).send("telegram", "42", NUDGE)

    # One attempt only: if it arrived, it arrived once; if not, one message is missed.
    assert len(api.calls_to("sendMessage")) == 1
    assert texts(api) == (["Call Anna: last contact 92 days ago"] if after_delivery else [])


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_retried_since_nothing_was_sent() -> None:
    waits = Waits()
    # Not initialised: that would ask the (unreachable) server who the bot is.
    offline = Bot("123:TEST", base_url=f"http://127.0.0.1:{closed_port()}/bot")
    try:
        with pytest.raises(SendFailed) as raised:
            await TelegramSender(offline, sleep=waits).send("telegram", "42", NUDGE)
    finally:
        await offline.shutdown()

    assert not isinstance(raised.value, MaybeDelivered)
    assert waits.seconds == [1.0, 2.0, 4.0, 8.0]


async def test_a_worker_never_sends_a_nudge_twice_when_its_answer_got_lost(
        api: FakeTelegramAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = ControlledClock(NUDGE_MINUTE)
    app = build(f"sqlite:///{tmp_path}/coach.db", clock)
    for number in (1, 2, 3):
        add_user(app, str(number))
    api.drop_next("sendMessage", after_delivery=True)
    bot: ExtBot[None] = ExtBot(api.token, base_url=api.base_url,
                               base_file_url=api.base_file_url)
    await bot.initialize()
    worker = NudgeWorker(NudgeStore(app.sessions), lambda: SqlUnitOfWork(app.sessions),
                         {"telegram": TelegramSender(bot, sleep=Waits(), chat_gap=0)},
                         clock, process_id="worker-1", concurrency=1)
    try:
        results = []
        for _ in range(3):
            results.append(await worker.tick())
            clock.advance(minutes=1)
            await asyncio.sleep(0)
    finally:
        await bot.shutdown()
        app.close()

    assert Counter(m["chat_id"] for m in api.sent_messages()) == Counter({1: 1, 2: 1, 3: 1})
    assert sum(r.sent for r in results) == 2
    assert sum(r.failed for r in results) == 1
    # An answer lost after sending is expected in operation: one line, no traceback.
    failures = [r for r in caplog.records if "nudge failed" in r.getMessage()]
    assert [r.levelname for r in failures] == ["ERROR"]
    assert "may have arrived" in failures[0].getMessage() or "no answer" in \
        failures[0].getMessage()
    assert all(r.exc_info is None for r in failures)


async def test_a_read_timeout_after_delivery_is_not_repeated(api: FakeTelegramAPI) -> None:
    api.delay_next("sendMessage", 2.0)
    impatient = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url,
                    request=HTTPXRequest(read_timeout=0.2))
    await impatient.initialize()
    try:
        with pytest.raises(MaybeDelivered):
            await TelegramSender(impatient, sleep=Waits(), chat_gap=0).send(
                "telegram", "42", NUDGE)
    finally:
        await impatient.shutdown()

    assert texts(api) == ["Call Anna: last contact 92 days ago"]
    assert len(api.calls_to("sendMessage")) == 1
