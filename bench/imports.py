"""How long importing a large LinkedIn export takes, and how it grows with its size.

Run with ``python -m bench.imports``. It writes LinkedIn ``Connections.csv`` files
of 3,000 and 30,000 rows (30,000 is LinkedIn's connection limit), in LinkedIn's own
layout with the notes above the header, and imports each into a fresh SQLite
database (and PostgreSQL too when ``DATABASE_URL_BENCH`` points at a server whose
database may be filled) exactly as ``coach import`` does: detection, parsing,
merging against the existing contacts and one transaction. Goals: 30,000 rows in
under 10 s, and under 12x the time of 3,000 rows (measured in the same run; each
size is imported three times into fresh databases and the median counts). The CPU
time of the importing process is shown beside the wall-clock time: on a shared,
busy machine it is the steadier figure (for PostgreSQL it leaves out the server).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from adapters.bootstrap import build
from coach.model import Identity

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SIZES = (3_000, 30_000)
GOAL_SECONDS = 10.0
GOAL_RATIO = 12.0
REPEATS = 3
FIRST = ("Anna", "Jörg", "Priya", "Tom", "Søren", "Lena", "Kai", "Maria", "Peter", "Emma",
         "Lukas", "Sabine", "François", "Greta", "Mehmet", "Zoë")
LAST = ("Schmidt", "Meier", "Raman", "Becker", "Ødegaard", "Fischer", "Wagner", "Lopez",
        "Hofmann", "Lang", "Brandt", "Köhler", "Dupont", "Sommer", "Yılmaz", "Weiß")
NOTES = ('Notes:\r\n"When exporting your connection data, you may notice that some of the '
         'email addresses are missing. You will only see email addresses for connections '
         'who have allowed their connections to see or download their email address."\r\n'
         '\r\n')


def linkedin_export(rows: int, seed: int = 7) -> bytes:
    """A Connections.csv with ``rows`` distinct people, as LinkedIn writes it."""
    rng = random.Random(seed)
    lines = [NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    start = date(2008, 1, 1)
    for number in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}-{number:05d}".lower()
        email = f"{slug}@example.org" if rng.random() < 0.3 else ""
        day = start + timedelta(days=rng.randrange(6_500))
        lines.append(f'{first},{last} {number},https://www.linkedin.com/in/{slug},{email},'
                     f'"Company {number % 997}, GmbH",Manager,{day.strftime("%d %b %Y")}')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_seconds(database_url: str, content: bytes) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process for one import."""
    app = build(database_url, lambda: NOW)
    try:
        identity = Identity("bench", "importer", language_hint="en",
                            timezone_hint="Europe/Berlin")
        started, cpu = time.perf_counter(), time.process_time()
        answer, outcome = app.coach.import_now(identity, "Connections.csv", content,
                                               dry_run=False)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        if outcome is None or outcome.new == 0:
            raise RuntimeError(answer.text)
        return elapsed, cpu
    finally:
        app.close()


def _postgres(base: str, name: str) -> str:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def run(label: str, make_url: Callable[[str], str]) -> None:
    wall, cpu = {}, {}
    for size in SIZES:
        content = linkedin_export(size)
        runs = [import_seconds(make_url(f"{size}_{repeat}"), content)
                for repeat in range(REPEATS)]
        wall[size] = statistics.median(r[0] for r in runs)
        cpu[size] = statistics.median(r[1] for r in runs)
        print(f"{label}: {size:>6,} rows in {wall[size]:5.2f} s, {cpu[size]:5.2f} s CPU "
              f"here ({size / wall[size]:,.0f} rows/s, {len(content) / 1e6:.1f} MB)")
    big, small = SIZES[-1], SIZES[0]
    ratio = wall[big] / wall[small]
    print(f"{label}: 30,000 rows {'under' if wall[big] < GOAL_SECONDS else 'OVER'} "
          f"{GOAL_SECONDS:.0f} s; ratio 30,000 vs 3,000 rows {ratio:.2f}x "
          f"({'under' if ratio < GOAL_RATIO else 'OVER'} {GOAL_RATIO:.0f}x); "
          f"CPU time of this process {cpu[big] / cpu[small]:.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", lambda name: f"sqlite:///{Path(folder) / f'import-{name}.db'}")
    base = os.environ.get("DATABASE_URL_BENCH", "").strip()
    if base:
        run("PostgreSQL", lambda name: _postgres(base, f"bench_import_{name}"))


if __name__ == "__main__":
    main()
