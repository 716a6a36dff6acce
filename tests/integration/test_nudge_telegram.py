"""Nudges through python-telegram-bot against the fake Bot API, with several workers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from telegram import Bot
from telegram.ext import ExtBot

from adapters.bootstrap import build
from adapters.scheduler import NudgeWorker, Unreachable
from adapters.telegram.sender import TelegramSender, nudge_rate_limiter
from coach.actions import AskHow, Opener, decode
from coach.replies import Button, MessageBuilder, Reply, draft_message
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.integration.conftest import ControlledClock, add_user

NUDGE_MINUTE = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


async def no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


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


NUDGE = Reply((
    MessageBuilder().item("Call Anna <Schmidt> & co: last contact 92 days ago",
                          buttons=(Button("✓ Anna", AskHow(7)), Button("Draft", Opener(7))))
    .message(),
    draft_message("Happy birthday, Anna!"),
))


async def test_a_nudge_arrives_escaped_with_its_buttons_and_the_draft_on_its_own(
        api: FakeTelegramAPI, bot: Bot) -> None:
    await TelegramSender(bot, chat_gap=0).send("telegram", "42", NUDGE)
    first, draft = api.sent_messages(chat_id=42)
    assert first["text"] == "• Call Anna &lt;Schmidt&gt; &amp; co: last contact 92 days ago"
    assert first["parse_mode"] == "HTML"
    buttons = first["reply_markup"]["inline_keyboard"][0]
    assert [decode(b["callback_data"]) for b in buttons] == [AskHow(7), Opener(7)]
    assert draft["text"] == "<pre>Happy birthday, Anna!</pre>"


async def test_a_burst_of_429_answers_is_waited_out_and_everything_arrives_once(
        api: FakeTelegramAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", 429, retry_after=1, times=3)
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    await TelegramSender(bot, sleep=record, chat_gap=0).send("telegram", "42", NUDGE)
    assert [m["text"] for m in api.sent_messages(chat_id=42)] == [
        "• Call Anna &lt;Schmidt&gt; &amp; co: last contact 92 days ago",
        "<pre>Happy birthday, Anna!</pre>"]
    assert waits == [1.0, 1.0, 1.0]
    assert api.rejected_429 == 3


async def test_a_blocked_chat_is_reported_as_unreachable(
        api: FakeTelegramAPI, bot: Bot) -> None:
    api.block_chat(42)
    with pytest.raises(Unreachable):
        await TelegramSender(bot, sleep=no_wait).send("telegram", "42", NUDGE)


@pytest.mark.postgres
@pytest.mark.parametrize("workers", [2, 4])
async def test_concurrent_workers_nudge_every_user_exactly_once(
        workers: int, postgres_url: str, api: FakeTelegramAPI) -> None:
    clock = ControlledClock(NUDGE_MINUTE)
    seed = build(postgres_url, clock)
    users = 40
    for number in range(1, users + 1):
        add_user(seed, str(number))
    blocked = add_user(seed, "999")
    api.block_chat(999)
    api.enforce_rate_limits(30, 1)
    api.fail_next("sendMessage", 429, retry_after=1, times=2)
    apps = [build(postgres_url, clock, migrate=False) for _ in range(workers)]
    bots = [ExtBot(api.token, base_url=api.base_url, base_file_url=api.base_file_url,
                   rate_limiter=nudge_rate_limiter()) for _ in range(workers)]
    try:
        for one in bots:
            await one.initialize()
        pool = [
            NudgeWorker(NudgeStore(app.sessions),
                        (lambda sessions=app.sessions: SqlUnitOfWork(sessions)),
                        {"telegram": TelegramSender(one, chat_gap=0)}, clock,
                        process_id=f"worker-{n}")
            for n, (app, one) in enumerate(zip(apps, bots, strict=True))
        ]
        results = await asyncio.gather(*(w.tick() for w in pool))
        clock.advance(minutes=1)
        await asyncio.gather(*(w.tick() for w in pool))
    finally:
        for one in bots:
            await one.shutdown()
        for app in apps:
            app.close()
    per_chat = Counter(m["chat_id"] for m in api.sent_messages())
    assert per_chat == Counter({n: 1 for n in range(1, users + 1)})
    assert sum(r.sent for r in results) == users
    assert sum(r.unreachable for r in results) == 1
    assert api.rejected_429 >= 2
    with SqlUnitOfWork(seed.sessions) as uow:
        profile = uow.profiles.get(blocked)
        assert profile is not None
        assert profile.unreachable
    seed.close()
