"""How /week and /log scale with the history and the network: ``python -m bench.scale``.

* ``/week`` for a user with 30,000 touchpoints over two years against one with 100 over
  the twelve weeks the chart shows (both 200 contacts): both report and draw weeks with
  several channels each, so the two differ in the length of their history only. Goal
  at most 1.5x, since the report reads weekly sums kept as touchpoints are written,
  never the touchpoints themselves.
* ``/log <full name> call 20m`` for a user with 10,000 contacts against one with 100:
  goal at most 2x, since the name is looked up through the stored normalised names.

Both run through the engine (``Coach.handle``) on a fresh SQLite file, and on a fresh
PostgreSQL database when ``DATABASE_URL_BENCH`` names a server. Ratios compare medians
from the same run.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from adapters.bootstrap import Application, build
from bench.seeding import HISTORY_DAYS, NOW, backends, fresh_database, seed_user, vacuum
from coach.model import Identity

RUNS = 200
WARM_UP = 10
WEEK_CASES = (100, 30_000)
WEEK_CONTACTS = 200
SHORT_HISTORY_DAYS = 12 * 7  # the weeks /week's chart shows
LOG_CASES = (100, 10_000)
LOG_TOUCHPOINTS_PER_CONTACT = 3


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    p99_ms: float


def timed(label: str, call: Callable[[int], object]) -> Timing:
    for number in range(WARM_UP):
        call(number)
    samples = []
    for number in range(RUNS):
        start = time.perf_counter()
        call(number)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Timing(label, statistics.median(samples),
                  samples[min(len(samples) - 1, round(0.99 * len(samples)))])


def run(backend: str) -> list[tuple[str, Timing, Timing, float]]:
    rng = random.Random(20261126)
    with fresh_database(backend) as url:
        app: Application = build(url, lambda: NOW)
        try:
            started = time.perf_counter()
            week_users = {
                count: seed_user(app, Identity("bench", f"week{count}"),
                                 contacts=WEEK_CONTACTS, touchpoints=count, rng=rng,
                                 history_days=SHORT_HISTORY_DAYS if count == WEEK_CASES[0]
                                 else HISTORY_DAYS)
                for count in WEEK_CASES}
            log_users = {
                count: seed_user(app, Identity("bench", f"log{count}"), contacts=count,
                                 touchpoints=count * LOG_TOUCHPOINTS_PER_CONTACT, rng=rng)
                for count in LOG_CASES}
            vacuum(app)
            print(f"{backend}: seeded in {time.perf_counter() - started:.1f} s")
            week = [timed(f"/week, {count:,} touchpoints",
                          lambda _n, user=user: app.coach.handle(user.identity, "/week"))
                    for count, user in week_users.items()]

            def logger(count: int) -> Callable[[int], object]:
                user = log_users[count]
                names = user.active[:20]
                return lambda n: app.coach.handle(
                    user.identity, f"/log {names[n % len(names)]} call 20m")

            log = [timed(f"/log, {count:,} contacts", logger(count)) for count in LOG_CASES]
        finally:
            app.close()
    return [("/week 30,000 vs 100 touchpoints", week[0], week[1], 1.5),
            ("/log 10,000 vs 100 contacts", log[0], log[1], 2.0)]


def main() -> None:
    for backend in backends():
        results = run(backend)
        print(f"\n{backend} ({RUNS} runs each)")
        for name, small, large, goal in results:
            ratio = large.median_ms / small.median_ms
            for timing in (small, large):
                print(f"  {timing.label:<28} median {timing.median_ms:6.2f} ms  "
                      f"p99 {timing.p99_ms:6.2f} ms")
            print(f"  {name}: {ratio:.2f}x (goal <= {goal}x) {'ok' if ratio <= goal else 'MISSED'}")


if __name__ == "__main__":
    main()
