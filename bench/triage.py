"""Throughput of request triage: understand, score and draft every labelled request, repeatedly.

Run with ``python -m bench.triage``. It runs in one process on one core and prints
requests per second, once without and once with a history of 200 decided requests
(the most the handler passes); the goal is well over 500 either way. Besides wall
time it reports CPU time, which a busy shared machine does not distort.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.model import RequestRecord, Verdict
from coach.triage import KnownContact, triage

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "requests.jsonl"
DURATION_SECONDS = 3.0
HISTORY_SIZE = 200
POSITIONING = "Ich entwickle Gewerbeimmobilien im Rhein-Main-Gebiet."


def load() -> list[tuple[str, str | None, list[KnownContact]]]:
    rows: list[dict[str, Any]] = [
        json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line
    ]
    return [
        (
            row["text"],
            row["sender"],
            [KnownContact(number, name) for number, name in enumerate(row["contacts"], 1)],
        )
        for row in rows
    ]


def history_of(requests: list[tuple[str, str | None, list[KnownContact]]]) -> list[RequestRecord]:
    """Decided requests as the handler stores them, some against the advice."""
    verdicts = list(Verdict)
    return [
        RequestRecord(user_id=1, text_excerpt=text, verdict=verdicts[n % 3],
                      confidence=0.7, language="en", id=n, sender_name=sender,
                      decision=verdicts[(n // 2) % 3], created_at=datetime(2026, 1, 1))
        for n, (text, sender, _) in enumerate(requests[:HISTORY_SIZE], 1)
    ]


def run(requests: list[tuple[str, str | None, list[KnownContact]]],
        history: list[RequestRecord]) -> tuple[int, float, float]:
    # Warm up: builds the language detector, the name dictionary and the caches once.
    for text, sender, contacts in requests:
        triage(text, sender_name=sender, contacts=contacts, user_name="Daniel Berger",
               history=history)
    done = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while time.perf_counter() - started < DURATION_SECONDS:
        for text, sender, contacts in requests:
            triage(text, sender_name=sender, contacts=contacts, positioning=POSITIONING,
                   user_name="Daniel Berger", history=history)
        done += len(requests)
    return done, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    requests = load()
    print(f"requests in set: {len(requests)}")
    for label, history in (("no history", []), (f"{HISTORY_SIZE} decisions", history_of(requests))):
        done, elapsed, cpu = run(requests, history)
        print(f"{label}: triaged {done} requests in {elapsed:.2f} s: "
              f"{done / elapsed:.0f} requests/s ({done / cpu:.0f} per CPU second)")


if __name__ == "__main__":
    main()
