"""What starting a process costs: ``python -m bench.startup``.

Each case is a fresh Python process, timed from start to exit (wall clock) and by its
peak resident memory, run alternately so that the shared machine's moods hit all of
them alike:

* ``coach chat`` answering one ``/help`` on an up-to-date SQLite database;
* a minimal process that imports only what that path needs (SQLAlchemy, the storage
  layer, the engine and the console loop) and answers the same ``/help``: the floor.
  Goal: ``coach chat`` at most 1.2x the floor;
* ``coach triage`` judging one request. Goal: at most 1.5x ``coach chat``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9
REQUEST = ("Hi Daniel, Maria Lopez suggested I reach out: we develop data centres around "
           "Munich and would love to exchange ideas with you.")

CHAT = "from adapters.cli import main; main()"
MINIMAL = """
import sys
from storage.database import open_engine, session_factory
from storage.unit_of_work import SqlUnitOfWork
from coach.engine import Coach
from adapters import console
from datetime import UTC, datetime
engine = open_engine(sys.argv[1])
sessions = session_factory(engine)
coach = Coach(lambda: SqlUnitOfWork(sessions), lambda: datetime.now(UTC))
console.run(coach, console.console_identity("me"), greeting=None)
engine.dispose()
"""


def timed(argv: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MiB of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, input=stdin.encode(), env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        url = f"sqlite:///{Path(folder) / 'coach.db'}"
        env = {**os.environ, "HOME": folder, "DATABASE_URL": url,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(Path.cwd()),
                                                           os.environ.get("PYTHONPATH")]))}
        cases = {
            "minimal /help": ([python, "-c", MINIMAL, url], "/help\n"),
            "coach chat /help": ([python, "-c", CHAT, "chat"], "/help\n"),
            "coach triage": ([python, "-c", CHAT, "triage", "--from", "Tom Becker"], REQUEST),
        }
        # Creates the schema once, so every timed start finds it current.
        timed(cases["coach chat /help"][0], "/help\n", env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(RUNS):
            for name, (argv, stdin) in cases.items():
                times[name].append(timed(argv, stdin, env)[0])
        peaks = {name: _peak(argv, stdin, env) for name, (argv, stdin) in cases.items()}
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"start to exit, median of {RUNS} runs each")
    for name, value in medians.items():
        print(f"  {name:<18} {value:7.0f} ms   peak {peaks[name]:5.0f} MiB")
    chat = medians["coach chat /help"] / medians["minimal /help"]
    triage = medians["coach triage"] / medians["coach chat /help"]
    print(f"coach chat vs minimal: {chat:.2f}x (goal <= 1.2x) {'ok' if chat <= 1.2 else 'MISSED'}")
    print(f"coach triage vs coach chat: {triage:.2f}x (goal <= 1.5x) "
          f"{'ok' if triage <= 1.5 else 'MISSED'}")


def _peak(argv: list[str], stdin: str, env: dict[str, str]) -> float:
    """Peak resident memory of one more run, measured in a child of its own."""
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[2:], input=sys.argv[1].encode(), check=True,\n"
            "               stdout=subprocess.DEVNULL)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", code, stdin, *argv], env=env, check=True,
                            capture_output=True, text=True)
    return int(result.stdout.strip()) / 1024


if __name__ == "__main__":
    main()
