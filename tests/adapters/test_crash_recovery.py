"""SIGKILL in the middle of a run, with real processes: nothing lost, nothing doubled.

The bot (``coach telegram``) and a nudge worker (``coach worker``) run as separate
processes against the fake Bot API in this test's event loop and one SQLite file. Each
is killed with SIGKILL while busy, then started again.

The kill between the bot's commit and its send needs no hook in the product: the fake
Bot API stalls one sendMessage (it never arrives), and the test kills the bot while it
waits for that answer.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.bootstrap import build
from adapters.scheduler import SEND_CONCURRENCY
from coach.model import Identity, NudgeDays
from storage.tables import NudgeDeliveryRow, TouchpointRow, UserRow
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import message_update
from tests.integration.conftest import add_user

COACH = Path(sys.executable).with_name("coach")
USER = 424242
LOGS = 60
NUDGED_USERS = 90


def environment(tmp_path: Path, api: FakeTelegramAPI) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return {**env, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
            "PTB_TIMEDELTA": "true", "LOG_LEVEL": "INFO", "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.base_url, "TELEGRAM_FILE_URL": api.base_file_url}


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


async def start(command: str, database: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(COACH), command, "--db", database, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)


async def stop(process: asyncio.subprocess.Process) -> bytes:
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return err


async def kill(process: asyncio.subprocess.Process) -> None:
    process.kill()
    await asyncio.wait_for(process.communicate(), timeout=30)


def tail(errors: bytes) -> str:
    """The end of a process's log, for a failure message: the traceback it holds."""
    text = errors.decode(errors="replace")
    return text[text.find("Traceback") - 400:] if "Traceback" in text else text[-2000:]


def count(database: str, query: object) -> int:
    app = build(database, migrate=False)
    try:
        with app.sessions() as session:
            return int(session.scalar(query) or 0)  # type: ignore[call-overload]
    finally:
        app.close()


LOGGED = re.compile(r"call with Anna Schmidt, (.+?), on ")


def answered_logs(api: FakeTelegramAPI) -> Counter[str]:
    """How often each log was answered, by its duration (every log has its own)."""
    return Counter(match.group(1) for message in api.sent_messages(USER)
                   if (match := LOGGED.search(message["text"] or "")))


def push_logs(api: FakeTelegramAPI) -> None:
    for number in range(1, LOGS + 1):
        api.push_update(message_update(f"/log Anna call {number}m", user_id=USER,
                                       update_id=number))


def new_database(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path}/coach.db"
    app = build(database)
    app.coach.handle(Identity("telegram", str(USER), language_hint="en"), "/add Anna Schmidt")
    app.close()
    return database


async def restart_and_finish(database: str, env: dict[str, str],
                             api: FakeTelegramAPI) -> bytes:
    second = await start("telegram", database, env)
    await api.wait_until(lambda: (api.confirmed_offset or 0) > LOGS, timeout=120,
                         what="every update confirmed")
    return await stop(second)


async def test_a_bot_killed_between_commit_and_send_answers_that_update_after_the_restart(
        tmp_path: Path, api: FakeTelegramAPI) -> None:
    database = new_database(tmp_path)
    push_logs(api)
    env = environment(tmp_path, api)

    first = await start("telegram", database, env)
    await api.wait_until(lambda: len(api.sent_messages(USER)) >= LOGS // 3, timeout=120,
                         what="a third of the logs answered")
    # The next answer never reaches Telegram: its log is committed, its reply is on the
    # way, and the bot dies right there.
    api.stall_next("sendMessage")
    await api.wait_until(lambda: any(c.status == 0 for c in api.calls_to("sendMessage")),
                         timeout=60, what="an answer on its way")
    await kill(first)
    answered_before_kill = sum(answered_logs(api).values())
    logged_before_restart = count(database, select(func.count()).select_from(TouchpointRow))
    errors = await restart_and_finish(database, env, api)

    logged = count(database, select(func.count()).select_from(TouchpointRow))
    answers = answered_logs(api)
    assert LOGS // 3 <= answered_before_kill < LOGS
    # The stalled update was committed before the kill: stored, but not answered yet.
    assert logged_before_restart == answered_before_kill + 1
    assert logged == LOGS
    # Every log answered after the restart, the stalled one included; none twice.
    assert len(answers) == LOGS
    assert max(answers.values()) == 1
    assert b"Traceback" not in errors, tail(errors)


async def test_a_bot_killed_anywhere_loses_and_doubles_no_log_and_answers_every_update(
        tmp_path: Path, api: FakeTelegramAPI) -> None:
    database = new_database(tmp_path)
    push_logs(api)
    env = environment(tmp_path, api)

    first = await start("telegram", database, env)
    await api.wait_until(lambda: len(api.sent_messages(USER)) >= LOGS // 3, timeout=120,
                         what="a third of the logs answered")
    await kill(first)
    answered_before_kill = sum(answered_logs(api).values())
    errors = await restart_and_finish(database, env, api)

    logged = count(database, select(func.count()).select_from(TouchpointRow))
    answers = answered_logs(api)
    assert LOGS // 3 <= answered_before_kill < LOGS
    assert logged == LOGS
    assert len(answers) == LOGS, "an update was never answered"
    # A reply delivered in the instant before the kill, whose delivery the bot could not
    # record any more, is sent again: replies are at least once, the log exactly once.
    assert sum(answers.values()) <= LOGS + 1
    assert b"Traceback" not in errors, tail(errors)


def chats_in_doubt(database: str, pid: int) -> set[int]:
    app = build(database, migrate=False)
    try:
        with app.sessions() as session:
            return {int(external_id) for external_id in session.scalars(
                select(UserRow.external_id).join(
                    NudgeDeliveryRow, NudgeDeliveryRow.user_id == UserRow.id)
                .where(NudgeDeliveryRow.status == "sending",
                       NudgeDeliveryRow.claimed_by.like(f"%:{pid}:%")))}
    finally:
        app.close()


async def test_a_killed_worker_sends_no_nudge_twice_and_a_restart_sends_the_rest(
        tmp_path: Path, api: FakeTelegramAPI) -> None:
    database = f"sqlite:///{tmp_path}/coach.db"
    app = build(database)
    for number in range(1, NUDGED_USERS + 1):
        add_user(app, str(number), timezone="UTC", nudge_time=time(0, 0),
                 nudge_days=NudgeDays.DAILY)
    app.close()
    api.enforce_rate_limits(30, 1)
    env = environment(tmp_path, api)

    first = await start("worker", database, env)
    await api.wait_until(lambda: len(api.sent_messages()) >= NUDGED_USERS // 3, timeout=120,
                         what="a third of the nudges sent")
    await kill(first)
    second = await start("worker", database, env)

    # Messages the killed worker had handed to Telegram stay "sending": they may have
    # arrived, so nobody sends them again.
    in_doubt_query = (select(func.count()).select_from(NudgeDeliveryRow)
                      .where(NudgeDeliveryRow.status == "sending",
                             NudgeDeliveryRow.claimed_by.like(f"%:{first.pid}:%")))

    def settled() -> bool:
        return len(api.sent_messages()) + count(database, in_doubt_query) >= NUDGED_USERS

    # The database is read in a thread: the fake Bot API shares this event loop, and a
    # blocked loop would make the worker's requests time out.
    deadline = asyncio.get_running_loop().time() + 120
    while not await asyncio.to_thread(settled):
        assert asyncio.get_running_loop().time() < deadline, "nudges never settled"
        await asyncio.sleep(0.2)
    errors = await stop(second)

    per_chat = Counter(m["chat_id"] for m in api.sent_messages())
    in_doubt = chats_in_doubt(database, first.pid)
    assert max(per_chat.values()) == 1, "a nudge went out twice"
    # Everyone got their nudge, except perhaps those whose message was being handed to
    # Telegram at the moment of the kill (some of which did arrive).
    assert set(per_chat) | in_doubt == set(range(1, NUDGED_USERS + 1))
    assert len(in_doubt) <= SEND_CONCURRENCY
    assert b"Traceback" not in errors, tail(errors)
