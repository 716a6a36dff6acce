"""The database goes away and comes back: users are told, nothing is lost or doubled.

The PostgreSQL tests run a cluster of their own (``scripts/pg-test-cluster``), since
they stop and start it; the shared test cluster keeps serving the other tests.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.ext import ExtBot

from adapters.bootstrap import Application, build
from adapters.scheduler import NudgeWorker
from adapters.telegram.sender import TelegramSender
from coach.model import Identity
from coach.ports import StorageUnavailable, UnitOfWork
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.integration.conftest import ControlledClock, add_user

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-cluster"
NUDGE_MINUTE = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
OUTAGE = ("I cannot reach my database right now. Please try again in a moment; nothing "
          "was changed.")
FULL = ("I cannot save anything right now because my storage is full or read-only. The "
        "operator has been told. Nothing was changed.")
ANNA = Identity("telegram", "anna", language_hint="en", timezone_hint="Europe/Berlin")


@dataclass
class Cluster:
    folder: Path
    url: str

    def _run(self, action: str) -> str:
        done = subprocess.run([str(SCRIPT), action, str(self.folder)], capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def pause(self) -> None:
        self._run("pause")

    def resume(self) -> None:
        self._run("resume")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not os.environ.get("DATABASE_URL_TEST") and os.environ.get("REQUIRE_POSTGRES") != "1":
        pytest.skip("PostgreSQL tests are off (no DATABASE_URL_TEST)")
    # Not under pytest's private temporary folder: the server may run as another user.
    parent = Path(tempfile.mkdtemp(prefix="coach-outage-"))
    parent.chmod(0o755)
    folder = parent / "pg"
    done = subprocess.run([str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                          timeout=180, check=False)
    if done.returncode != 0:
        pytest.fail(f"could not start a PostgreSQL cluster: {done.stderr}")
    one = Cluster(folder, done.stdout.strip())
    try:
        yield one
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=120,
                       check=False)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(NUDGE_MINUTE)


@pytest.mark.postgres
def test_the_bot_answers_try_again_during_an_outage_and_recovers_without_restart(
        cluster: Cluster, clock: ControlledClock) -> None:
    app = build(cluster.url, clock)
    try:
        app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")
        cluster.pause()
        during = app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")
        cluster.resume()
        # Telegram delivers the unconfirmed update again; it was never claimed.
        again = app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")
        app.coach.delivered("telegram", "2")
        twice = app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")
    finally:
        app.close()

    assert during.text == OUTAGE
    assert again.text.startswith("Logged: call with Anna Schmidt")
    assert twice.text == ""
    check = build(cluster.url, clock, migrate=False)
    with SqlUnitOfWork(check.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NUDGE_MINUTE)
        assert uow.touchpoints.count(profile.id) == 1
    check.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


def worker_for(app: Application, bot: ExtBot[None], clock: ControlledClock,
               name: str = "worker-1") -> NudgeWorker:
    return NudgeWorker(NudgeStore(app.sessions),
                       lambda: SqlUnitOfWork(app.sessions),
                       {"telegram": TelegramSender(bot, chat_gap=0)}, clock, process_id=name)


@pytest.mark.postgres
async def test_nudges_due_during_an_outage_go_out_once_afterwards(
        cluster: Cluster, clock: ControlledClock, api: FakeTelegramAPI,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    app = build(cluster.url, clock)
    users = 12
    for number in range(1, users + 1):
        add_user(app, str(number))
    bot: ExtBot[None] = ExtBot(api.token, base_url=api.base_url,
                               base_file_url=api.base_file_url)
    await bot.initialize()
    worker = worker_for(app, bot, clock)
    try:
        clock.advance(minutes=-1)
        before = await worker.tick()  # nothing due yet; the pool holds a connection
        await asyncio.to_thread(cluster.pause)
        clock.advance(minutes=1)  # the nudge minute passes while the database is away
        down = await worker.tick()
        await asyncio.to_thread(cluster.resume)
        clock.advance(minutes=1)
        first = await worker.tick()
        clock.advance(minutes=1)
        second = await worker.tick()
    finally:
        await bot.shutdown()
        app.close()

    assert before.sent == 0
    assert (down.sent, down.failed) == (0, 0)
    assert (first.sent, second.sent) == (users, 0)
    per_chat = Counter(m["chat_id"] for m in api.sent_messages())
    assert per_chat == Counter({n: 1 for n in range(1, users + 1)})


async def test_a_nudge_whose_composing_lost_the_database_goes_out_on_the_next_tick(
        tmp_path: Path, clock: ControlledClock, api: FakeTelegramAPI,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    app = build(f"sqlite:///{tmp_path}/coach.db", clock)
    add_user(app, "7")
    failures = [StorageUnavailable()]

    def flaky() -> UnitOfWork:
        if failures:
            raise failures.pop()
        return SqlUnitOfWork(app.sessions)

    bot: ExtBot[None] = ExtBot(api.token, base_url=api.base_url,
                               base_file_url=api.base_file_url)
    await bot.initialize()
    worker = NudgeWorker(NudgeStore(app.sessions), flaky,
                         {"telegram": TelegramSender(bot, chat_gap=0)}, clock,
                         process_id="worker-1")
    try:
        lost = await worker.tick()
        clock.advance(minutes=1)
        sent = await worker.tick()
        clock.advance(minutes=1)
        again = await worker.tick()
    finally:
        await bot.shutdown()
        app.close()

    assert (lost.sent, lost.failed, sent.sent, again.sent) == (0, 0, 1, 0)
    assert [m["chat_id"] for m in api.sent_messages()] == [7]


@pytest.mark.postgres
def test_a_delivery_noted_during_an_outage_is_written_once_the_database_is_back(
        cluster: Cluster, clock: ControlledClock, caplog: pytest.LogCaptureFixture) -> None:
    app = build(cluster.url, clock)
    other = build(cluster.url, clock, migrate=False)  # a second bot process
    try:
        first = app.coach.handle(ANNA, "/help", update_key="5")
        cluster.pause()
        app.coach.delivered("telegram", "5")  # logged, not raised
        cluster.resume()
        before = other.coach.handle(ANNA, "/help", update_key="5")
        here = app.coach.handle(ANNA, "/help", update_key="5")
        app.coach.write_deliveries()
        after = other.coach.handle(ANNA, "/help", update_key="5")
    finally:
        app.close()
        other.close()

    assert "could not record deliveries" in caplog.text
    assert before == first  # the mark was not in the database yet
    assert here.text == ""  # but this process knew
    assert after.text == ""
