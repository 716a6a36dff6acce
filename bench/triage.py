"""Throughput of request triage: classify and draft every labelled request, repeatedly.

Run with ``python -m bench.triage``. It runs in one process on one core and prints
requests per second; the goal is well over 500.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from coach.triage import KnownContact, triage

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "requests.jsonl"
DURATION_SECONDS = 3.0


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


def main() -> None:
    requests = load()
    # Warm up: builds the language detector and the caches once, outside the timing.
    for text, sender, contacts in requests:
        triage(text, sender_name=sender, contacts=contacts, user_name="Daniel Berger")
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < DURATION_SECONDS:
        for text, sender, contacts in requests:
            triage(
                text,
                sender_name=sender,
                contacts=contacts,
                positioning="Ich entwickle Gewerbeimmobilien im Rhein-Main-Gebiet.",
                user_name="Daniel Berger",
            )
        done += len(requests)
    elapsed = time.perf_counter() - started
    print(f"requests in set: {len(requests)}")
    print(f"triaged {done} requests in {elapsed:.2f} s: {done / elapsed:.0f} requests/s")


if __name__ == "__main__":
    main()
