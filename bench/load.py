"""Many users at once through real bot processes behind the webhook: ``python -m bench.load``.

Simulated Telegram users (200 contacts and 50 touchpoints each) send a mixed stream of
``/due``, ``/log``, ``/plan``, ``/week`` (with its chart), ``/help``, forwarded
requests and button taps. The updates go over HTTP to real bot processes (the
Starlette webhook app of ``coach telegram --webhook`` with python-telegram-bot and the
engine), which answer the fake Bot API running in this process. A user always goes to
the same process, as a sticky load balancer would route them.

* SQLite: one bot process on a database file (the single-file installation).
* PostgreSQL (when ``DATABASE_URL_BENCH`` names a server): two bot processes sharing a
  fresh database.

Each bot process also answers an echo handler for extra users. Reported per backend:
throughput and p50/p99 latency from update to last reply for the mixed stream, CPU time
per update of the bot processes against the echo stream's, and their peak memory.

The default is a quick run (200 users, 1,500 updates) for a small machine; ``--full``
runs 1,000 users and 10,000 updates. Replies are not rate limited here (a bot process
normally keeps to Telegram's 30 messages per second, which would be all this measured);
``--rate-limited`` keeps the limiter.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "true")

SECRET = "load-secret"
USER_BASE = 810_000
ECHO_BASE = 990_000
CONCURRENCY = 24
MIX = {"/due": 20, "/log": 20, "/plan": 12, "/week": 10, "/help": 8, "forward": 10,
       "button": 20}
REQUEST = ("Hi, Maria Lopez suggested I reach out: we develop data centres around Munich "
           "and would love to exchange ideas with you.")


# --- the bot process -------------------------------------------------------------------


def serve(port: int, url: str, api_url: str, rate_limited: bool) -> None:
    """One bot process: the real webhook app plus an echo handler for echo users."""
    from telegram.ext import ApplicationHandlerStop, BaseRateLimiter, MessageHandler, filters

    from adapters.bootstrap import build
    from adapters.config import Settings
    from adapters.telegram.app import build_telegram_app
    from adapters.telegram.webhook import webhook_server
    from tests.fakes.telegram_updates import BOT_TOKEN

    class NoLimit(BaseRateLimiter[int]):
        async def initialize(self) -> None: ...

        async def shutdown(self) -> None: ...

        async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: Any,
                                  data: Any, rate_limit_args: Any) -> Any:
            return await callback(*args, **kwargs)

    app = build(url)
    settings = Settings(telegram_bot_token=BOT_TOKEN, telegram_api_url=f"{api_url}/bot",
                        telegram_file_url=f"{api_url}/file/bot")
    application = build_telegram_app(app.coach, settings,
                                     rate_limiter=None if rate_limited else NoLimit())

    async def echo(update: Any, context: Any) -> None:
        await update.effective_message.reply_text(update.effective_message.text)
        raise ApplicationHandlerStop

    application.add_handler(MessageHandler(
        filters.User(list(range(ECHO_BASE, ECHO_BASE + 10_000))) & filters.TEXT, echo), group=-1)
    server = webhook_server(application, SECRET, port=port, host="127.0.0.1")
    try:
        asyncio.run(server.serve())
    finally:
        app.close()


# --- the load generator -----------------------------------------------------------------


@dataclass(frozen=True)
class User:
    telegram_id: int
    names: list[str]
    ids: list[int]


def seed(url: str, users: int) -> list[User]:
    from adapters.bootstrap import build
    from bench.seeding import seed_user, vacuum
    from coach.model import Identity

    rng = random.Random(2026)
    app = build(url)
    try:
        out = []
        for number in range(users):
            telegram_id = USER_BASE + number
            seeded = seed_user(app, Identity("telegram", str(telegram_id)), contacts=200,
                               touchpoints=50, rng=rng)
            out.append(User(telegram_id, seeded.active[:30], seeded.active_ids[:30]))
        vacuum(app)
        return out
    finally:
        app.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Phase:
    updates: int
    seconds: float
    latencies: list[float]
    cpu: float

    @property
    def throughput(self) -> float:
        return self.updates / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * len(ordered)))]


class Load:
    def __init__(self, users: list[User], ports: list[int], pids: list[int],
                 api: Any) -> None:
        self.users = users
        self.ports = ports
        self.pids = pids
        self.api = api
        self.rng = random.Random(14)
        self.update_id = 0

    def update(self, user: int, kind: str, named: User | None) -> dict[str, Any]:
        from tests.fakes.telegram_updates import callback_update, forward_origin_user
        from tests.fakes.telegram_updates import message_update as message

        self.update_id += 1
        common = {"user_id": user, "first_name": "Sam", "language_code": "en"}
        if kind == "echo":
            payload = message("hello", **common)
        elif kind == "/log" and named:
            payload = message(f"/log {self.rng.choice(named.names)} call 20m", **common)
        elif kind == "forward":
            payload = message(REQUEST, forward_origin=forward_origin_user(first_name="Tom"),
                              **common)
        elif kind == "button" and named:
            action = self.rng.choice(("snooze", "done"))
            payload = callback_update(f"{action}:{self.rng.choice(named.ids)}", 1,
                                      user_id=user, first_name="Sam", language_code="en")
        else:
            payload = message(kind, **common)
        payload["update_id"] = self.update_id
        return payload

    def stream(self, count: int, echo: bool) -> list[tuple[int, dict[str, Any]]]:
        kinds, weights = zip(*MIX.items(), strict=True)
        out = []
        for _ in range(count):
            if echo:
                user_id = ECHO_BASE + self.rng.randrange(len(self.users))
                out.append((user_id, self.update(user_id, "echo", None)))
            else:
                user = self.rng.choice(self.users)
                kind = self.rng.choices(kinds, weights)[0]
                out.append((user.telegram_id, self.update(user.telegram_id, kind, user)))
        return out

    async def run(self, updates: list[tuple[int, dict[str, Any]]]) -> Phase:
        import httpx

        queue = list(reversed(updates))
        latencies: list[float] = []
        cpu_before = sum(cpu_seconds(pid) for pid in self.pids)
        async with httpx.AsyncClient(timeout=120) as client:

            async def worker() -> None:
                while queue:
                    user_id, payload = queue.pop()
                    port = self.ports[user_id % len(self.ports)]
                    start = time.perf_counter()
                    response = await client.post(
                        f"http://127.0.0.1:{port}/telegram", json=payload,
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                    latencies.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"webhook answered {response.status_code}")
                    if len(self.api.calls) > 20_000:
                        self.api.calls.clear()
                        self.api.uploads.clear()
                        self.api._files.clear()
                        self.api._files_by_path.clear()

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
            seconds = time.perf_counter() - started
        cpu = sum(cpu_seconds(pid) for pid in self.pids) - cpu_before
        return Phase(len(updates), seconds, latencies, cpu)


async def wait_for(port: int) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(600):
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"bot on port {port} did not start")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_bots(ports: list[int], url: str, api_url: str,
               rate_limited: bool) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(Path.cwd()), os.environ.get("PYTHONPATH")]))}
    return [subprocess.Popen(
        [sys.executable, "-m", "bench.load", "--serve", str(port), "--db", url,
         "--api", api_url, *(["--rate-limited"] if rate_limited else [])],
        env=env) for port in ports]


async def measure(backend: str, url: str, users: list[User], processes: int, updates: int,
                  rate_limited: bool) -> None:
    from tests.fakes.telegram_api import FakeTelegramAPI

    async with FakeTelegramAPI() as api:
        ports = [free_port() for _ in range(processes)]
        bots = start_bots(ports, url, api.url, rate_limited)
        try:
            for port in ports:
                await wait_for(port)
            load = Load(users, ports, [bot.pid for bot in bots], api)
            await load.run(load.stream(100, echo=True))  # warm-up
            await load.run(load.stream(100, echo=False))
            echo = await load.run(load.stream(updates, echo=True))
            mixed = await load.run(load.stream(updates, echo=False))
            peaks = [peak_mib(bot.pid) for bot in bots]
        finally:
            for bot in bots:
                bot.terminate()
            for bot in bots:
                bot.wait(timeout=30)
    label = f"{backend}, {processes} bot process{'es' if processes > 1 else ''}"
    print(f"\n{label}: {len(users):,} users, {updates:,} updates per stream, "
          f"{CONCURRENCY} in flight")
    for name, phase in (("echo", echo), ("mixed", mixed)):
        cpu_ms = phase.cpu / phase.updates * 1000
        print(f"  {name:<6} {phase.throughput:7.1f} updates/s   "
              f"p50 {phase.percentile(0.5):7.1f} ms   p99 {phase.percentile(0.99):7.1f} ms   "
              f"CPU {cpu_ms:5.2f} ms/update")
    print(f"  CPU per update, mixed vs echo: {mixed.cpu / max(echo.cpu, 1e-9):.1f}x")
    print(f"  peak memory per bot process: {', '.join(f'{peak:.0f} MiB' for peak in peaks)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000 users, 10,000 updates")
    parser.add_argument("--rate-limited", action="store_true",
                        help="keep Telegram's 30 messages/s limiter in the bots")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve(options.serve, options.db, options.api, options.rate_limited)
        return
    from bench.seeding import backends, fresh_database

    users, updates = (1_000, 10_000) if options.full else (200, 1_500)
    for backend in backends():
        with fresh_database(backend) as url:
            started = time.perf_counter()
            seeded = seed(url, users)
            print(f"{backend}: seeded {users:,} users in {time.perf_counter() - started:.0f} s")
            processes = 1 if backend == "sqlite" else 2
            asyncio.run(measure(backend, url, seeded, processes, updates,
                                options.rate_limited))


if __name__ == "__main__":
    main()
