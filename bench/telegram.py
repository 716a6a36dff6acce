"""Every command through the real Telegram adapter beside an echo bot: ``python -m bench.telegram``.

One process runs the fake Bot API (tests/fakes/telegram_api.py), the webhook app of the
real adapter (Starlette, python-telegram-bot, the engine on SQLite) and, on the same
application, an echo handler for one extra user that answers with the text it got. A
user with 1,000 contacts and 30,000 touchpoints sends every kind of command; each
update is posted to the webhook, which answers only after the last reply was handed
to the fake Bot API, so the time of the POST is the update-to-last-reply latency.

Figures, all from the same run:

* each command's median against the echo median (goal: at most 5x, charts included);
  ``/export`` is reported on its own: it sends the whole history as a file (6.5 MB
  here), so its time grows with the history by nature;
* ``/help`` from a second user sent while the first user's slowest command runs,
  against ``/help`` alone (goal: at most 2x);
* the resident memory of the process after every command kind ran once (goal for the
  bot: at most 150 MiB). The network is seeded in a separate process, so seeding's
  memory is not counted. By default the fake Bot API shares the bot's process and event
  loop, as the latency figures always have, and its memory counts too: it keeps every
  upload and parses each multipart body with several copies of it. ``--api-apart``
  runs the fake in a process of its own, so the figure is the bot's alone; the memory
  goal is judged in that mode. Its latencies include a round trip between processes
  on every send, which narrows the ratios to echo, so compare ratios within one mode.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

os.environ.setdefault("PTB_TIMEDELTA", "true")

CONTACTS = 1_000
TOUCHPOINTS = 30_000
OWNER = 700_001  # the user with the large network
OTHER = 700_002  # a second user, for /help behind a slow command
ECHO = 700_003  # the user the echo handler answers
SECRET = "bench-secret"
GOAL_COMMAND = 5.0
GOAL_BEHIND = 2.0
GOAL_MEMORY_MIB = 150
# Updates are spaced out so that the bot's rate limiter (Telegram's 30 messages per
# second, with bursts) is never what is measured: back to back, every reply waited
# 1/30 s for the bucket to drain.
PACE_SECONDS = 0.1
EXPORT = "/export (JSON file)"


def seed(url: str) -> list[str]:
    """The owner's network (run in its own process); returns active contact names."""
    from adapters.bootstrap import build
    from bench.seeding import NOW, seed_user
    from coach.model import Identity

    app = build(url, lambda: NOW)
    try:
        seeded = seed_user(app, Identity("telegram", str(OWNER)), contacts=CONTACTS,
                           touchpoints=TOUCHPOINTS, rng=random.Random(14))
        for user in (OTHER, ECHO):
            seed_user(app, Identity("telegram", str(user)), contacts=20, touchpoints=50,
                      rng=random.Random(user))
        return seeded.active
    finally:
        app.close()


def _seed_into(url: str, out: Any) -> None:
    out.put(seed(url))


class CallCounter(Protocol):
    """What the benchmark needs of a fake Bot API: its address, and how many calls it got."""

    token: str
    base_url: str
    base_file_url: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def count(self) -> int: ...

    def clear(self) -> None:
        """Forget the calls and uploads so far."""


class InProcessAPI:
    """The fake Bot API on the bot's own event loop, in the bot's process."""

    def __init__(self) -> None:
        from tests.fakes.telegram_api import FakeTelegramAPI

        self.api = FakeTelegramAPI()

    async def start(self) -> None:
        await self.api.start()
        self.token, self.base_url = self.api.token, self.api.base_url
        self.base_file_url = self.api.base_file_url

    async def stop(self) -> None:
        await self.api.stop()

    def count(self) -> int:
        return len(self.api.calls)

    def clear(self) -> None:
        self.api.calls.clear()
        self.api.uploads.clear()
        self.api._files.clear()
        self.api._files_by_path.clear()


def _serve_api(pipe: Any) -> None:
    """The fake Bot API in a process of its own, answering "count" and "clear" on a pipe."""

    async def serve() -> None:
        api = InProcessAPI()
        await api.start()
        pipe.send((api.token, api.base_url, api.base_file_url))
        loop = asyncio.get_running_loop()
        while (command := await loop.run_in_executor(None, pipe.recv)) != "stop":
            if command == "count":
                pipe.send(api.count())
            else:
                api.clear()
                pipe.send(None)
        await api.stop()
        pipe.send(None)

    asyncio.run(serve())


class SeparateAPI:
    """The fake Bot API in a child process, so its memory is not the bot's."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve_api, args=(child,), daemon=True)

    async def start(self) -> None:
        self.process.start()
        self.token, self.base_url, self.base_file_url = await asyncio.to_thread(self.pipe.recv)

    async def stop(self) -> None:
        self.pipe.send("stop")
        await asyncio.to_thread(self.pipe.recv)
        self.process.join(5)

    def _ask(self, command: str) -> Any:
        self.pipe.send(command)
        return self.pipe.recv()

    def count(self) -> int:
        return int(self._ask("count"))

    def clear(self) -> None:
        self._ask("clear")


def resident_mib() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MiB."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


@dataclass(frozen=True)
class Result:
    name: str
    median_ms: float
    p90_ms: float
    rss_mib: float  # resident memory once this command kind had run


class Bench:
    """The bot under test, the fake Bot API and a client posting to the webhook."""

    def __init__(self, url: str, names: list[str], runs: int, *,
                 api_apart: bool = False) -> None:
        self.api: CallCounter = SeparateAPI() if api_apart else InProcessAPI()
        self.url = url
        self.names = names
        self.runs = runs
        self.update_id = 0
        self.added = 0

    async def __aenter__(self) -> Bench:
        import httpx
        from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

        from adapters.bootstrap import build
        from adapters.config import Settings
        from adapters.telegram.app import build_telegram_app
        from adapters.telegram.webhook import webhook_app
        from bench.seeding import NOW
        await self.api.start()
        self.app = build(self.url, lambda: NOW)
        settings = Settings(telegram_bot_token=self.api.token,
                            telegram_api_url=self.api.base_url,
                            telegram_file_url=self.api.base_file_url)
        self.application = build_telegram_app(self.app.coach, settings)

        async def echo(update: Any, context: Any) -> None:
            await update.effective_message.reply_text(update.effective_message.text)
            raise ApplicationHandlerStop

        # Group -1 runs before the coach's handlers; the echo user never reaches them.
        self.application.add_handler(
            MessageHandler(filters.User(ECHO) & filters.TEXT, echo), group=-1)
        await self.application.initialize()
        web = webhook_app(self.application, SECRET, manage_lifecycle=False)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=web),
                                        base_url="http://bot")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        await self.application.shutdown()
        self.app.close()
        await self.api.stop()

    def _update(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.update_id += 1
        payload["update_id"] = self.update_id
        return payload

    def message(self, user: int, text: str, **extra: Any) -> dict[str, Any]:
        from tests.fakes.telegram_updates import message_update

        return self._update(message_update(text, user_id=user, first_name="Daniel",
                                           language_code="en", **extra))

    def button(self, user: int, data: str) -> dict[str, Any]:
        from tests.fakes.telegram_updates import callback_update

        return self._update(callback_update(data, 1, user_id=user, first_name="Daniel",
                                            language_code="en"))

    async def post(self, update: dict[str, Any]) -> float:
        """Milliseconds until the webhook answered, i.e. the last reply was sent."""
        sends_before = self.api.count()
        start = time.perf_counter()
        response = await self.client.post("/telegram", json=update, headers={
            "X-Telegram-Bot-Api-Secret-Token": SECRET})
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or self.api.count() == sends_before:
            raise RuntimeError(f"update {update['update_id']} got no reply")
        return elapsed

    async def measure(self, name: str, make: Callable[[int], dict[str, Any]],
                      runs: int | None = None) -> Result:
        runs = runs or self.runs
        for number in range(3):
            await self.post(make(-1 - number))
            await asyncio.sleep(PACE_SECONDS)
        samples = []
        for number in range(runs):
            samples.append(await self.post(make(number)))
            await asyncio.sleep(PACE_SECONDS)
        samples.sort()
        # The fake Bot API keeps every request and upload; that is not the bot's memory.
        self.api.clear()
        return Result(name, statistics.median(samples),
                      samples[min(len(samples) - 1, round(0.9 * len(samples)))],
                      resident_mib()[0])

    def contact_ids(self) -> list[int]:
        from sqlalchemy import select

        from storage.tables import ContactRow, UserRow

        with self.app.sessions() as session:
            owner = session.scalar(select(UserRow.id).where(UserRow.external_id == str(OWNER)))
            return list(session.scalars(select(ContactRow.id).where(
                ContactRow.user_id == owner, ContactRow.status == "active").limit(200)))

    def commands(self) -> dict[str, Callable[[int], dict[str, Any]]]:
        from tests.fakes.telegram_updates import forward_origin_user

        names = self.names
        ids = self.contact_ids()
        request = ("Hi Daniel, Maria Lopez suggested I reach out: we develop data centres "
                   "around Munich and would love to exchange ideas with you.")

        def add(number: int) -> dict[str, Any]:
            self.added += 1
            return self.message(OWNER, f"/add Bench Person{self.added:05d} wider")

        def log_or_undo(number: int) -> dict[str, Any]:
            if number % 2:
                return self.message(OWNER, "/undo")
            return self.message(OWNER, f"/log {names[number % 50]} call 20m")

        return {
            "/help": lambda n: self.message(OWNER, "/help"),
            "/due": lambda n: self.message(OWNER, "/due"),
            "/plan": lambda n: self.message(OWNER, "/plan"),
            "/week (text + chart)": lambda n: self.message(OWNER, "/week"),
            "/network (text + chart)": lambda n: self.message(OWNER, "/network"),
            "/birthdays": lambda n: self.message(OWNER, "/birthdays"),
            "/contacts Schmidt": lambda n: self.message(OWNER, "/contacts Schmidt"),
            "/contact <name>": lambda n: self.message(OWNER, f"/contact {names[n % 50]}"),
            "/log <name> · /undo": log_or_undo,
            "/add": add,
            "/requests": lambda n: self.message(OWNER, "/requests"),
            "/settings": lambda n: self.message(OWNER, "/settings"),
            # A city name, not an IANA name: what reads the city table. München is in
            # the time zone the network was seeded in, so nothing else changes.
            "/settings timezone <city>": lambda n: self.message(
                OWNER, "/settings timezone München"),
            "forwarded request": lambda n: self.message(
                OWNER, request, forward_origin=forward_origin_user(first_name="Tom",
                                                                   last_name="Becker")),
            "button: snooze": lambda n: self.button(OWNER, f"snooze:{ids[n % len(ids)]}"),
            EXPORT: lambda n: self.message(OWNER, "/export"),
        }


async def run(url: str, names: list[str], runs: int, api_apart: bool) -> None:
    async with Bench(url, names, runs, api_apart=api_apart) as bench:
        echo = await bench.measure("echo", lambda n: bench.message(ECHO, f"echo {n}"))
        results = []
        for name, make in bench.commands().items():
            results.append(await bench.measure(
                name, make, runs=max(5, runs // 4) if name == EXPORT else None))
        rss, peak = resident_mib()
        # Echo once more at the end: the machine is shared, so the floor is the lower one.
        echo_again = await bench.measure("echo", lambda n: bench.message(ECHO, f"echo {n}"))
        floor = min(echo.median_ms, echo_again.median_ms)

        print(f"\nupdate to last reply, {runs} runs each (median, p90), "
              f"{CONTACTS:,} contacts, {TOUCHPOINTS:,} touchpoints")
        print(f"  {'echo':<26} {floor:7.2f} ms")
        for result in results:
            if result.name == EXPORT:
                continue
            ratio = result.median_ms / floor
            print(f"  {result.name:<26} {result.median_ms:7.2f} ms {result.p90_ms:7.2f} ms "
                  f"{ratio:6.1f}x {'ok' if ratio <= GOAL_COMMAND else 'MISSED':<6} "
                  f"RSS {result.rss_mib:4.0f} MiB")

        for result in results:
            if result.name == EXPORT:
                print(f"  {result.name:<26} {result.median_ms:7.0f} ms {result.p90_ms:7.0f} ms "
                      f"(a file of the whole history: its time grows with the history, so "
                      f"it is reported, not held to the {GOAL_COMMAND:g}x)")
        slowest = max((r for r in results if r.name != EXPORT),
                      key=lambda r: r.median_ms)
        make_slow = bench.commands()[slowest.name]
        alone = await bench.measure("/help alone", lambda n: bench.message(OTHER, "/help"))
        behind: list[float] = []
        for number in range(runs):
            slow = asyncio.create_task(bench.post(make_slow(number)))
            await asyncio.sleep(0.002)  # the slow command is under way
            behind.append(await bench.post(bench.message(OTHER, "/help")))
            await slow
            await asyncio.sleep(PACE_SECONDS)
        ratio = statistics.median(behind) / alone.median_ms
        print(f"\n/help alone {alone.median_ms:.2f} ms; behind another user's "
              f"{slowest.name} {statistics.median(behind):.2f} ms: {ratio:.2f}x "
              f"(goal <= {GOAL_BEHIND}x) {'ok' if ratio <= GOAL_BEHIND else 'MISSED'}")
        if api_apart:
            verdict = "ok" if peak <= GOAL_MEMORY_MIB else "MISSED"
            print(f"bot process alone (fake Bot API apart), resident memory after every "
                  f"command kind: {rss:.0f} MiB (peak {peak:.0f} MiB; goal <= "
                  f"{GOAL_MEMORY_MIB} MiB) {verdict}")
        else:
            print(f"bot and fake Bot API in one process, resident memory after every command "
                  f"kind: {rss:.0f} MiB (peak {peak:.0f} MiB); --api-apart for the bot alone")
        print(f"matplotlib loaded: {'matplotlib' in sys.modules}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="samples per command")
    parser.add_argument("--postgres", action="store_true",
                        help="use a fresh database on the server in DATABASE_URL_BENCH")
    parser.add_argument("--api-apart", action="store_true",
                        help="run the fake Bot API in a process of its own, so the memory "
                             "figure is the bot's alone")
    options = parser.parse_args()
    from bench.seeding import fresh_database

    with fresh_database("postgresql" if options.postgres else "sqlite") as url:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        seeder = context.Process(target=_seed_into, args=(url, queue))
        seeder.start()
        names = queue.get()
        seeder.join()
        asyncio.run(run(url, names, options.runs, options.api_apart))


if __name__ == "__main__":
    main()
