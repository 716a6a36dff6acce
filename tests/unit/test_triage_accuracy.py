"""Request triage against the labelled set in tests/data/requests.jsonl."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from coach.model import Verdict
from coach.triage import KnownContact, triage
from coach.triage.language import detect_language

DATA = Path(__file__).resolve().parent.parent / "data" / "requests.jsonl"
USER_NAME = "Daniel Berger"


def load_requests() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def contacts_of(row: dict[str, Any]) -> list[KnownContact]:
    return [KnownContact(id=number, name=name) for number, name in enumerate(row["contacts"], 1)]


def predict(row: dict[str, Any]) -> Verdict:
    result = triage(
        row["text"], sender_name=row["sender"], contacts=contacts_of(row), user_name=USER_NAME
    )
    return result.verdict


def confusion_report(split: str, pairs: list[tuple[str, str]]) -> str:
    labels = [verdict.value for verdict in Verdict]
    counts = Counter(pairs)
    correct = sum(counts[(label, label)] for label in labels)
    lines = [f"{split}: accuracy {correct}/{len(pairs)} = {correct / max(len(pairs), 1):.1%}"]
    lines.append("label \\ predicted".ljust(20) + "".join(label.rjust(13) for label in labels))
    for truth in labels:
        row = "".join(str(counts[(truth, predicted)]).rjust(13) for predicted in labels)
        lines.append(truth.ljust(20) + row)
    return "\n".join(lines)


def test_the_labelled_set_is_large_balanced_and_well_formed() -> None:
    rows = load_requests()
    assert len(rows) >= 100
    assert len({row["id"] for row in rows}) == len(rows)
    verdicts = Counter(row["verdict"] for row in rows)
    languages = Counter(row["language"] for row in rows)
    splits = Counter(row["split"] for row in rows)
    assert set(verdicts) == {verdict.value for verdict in Verdict}
    assert min(verdicts.values()) >= 25
    assert abs(languages["de"] - languages["en"]) <= len(rows) * 0.15
    assert 0.25 <= splits["holdout"] / len(rows) <= 0.35


def test_triage_agrees_with_the_labels_on_at_least_ninety_percent() -> None:
    rows = load_requests()
    pairs: dict[str, list[tuple[str, str]]] = {"tune": [], "holdout": []}
    for row in rows:
        pairs[row["split"]].append((row["verdict"], predict(row).value))
    everything = pairs["tune"] + pairs["holdout"]
    for split in ("tune", "holdout"):
        print(confusion_report(split, pairs[split]))
    print(confusion_report("all", everything))
    correct = sum(truth == predicted for truth, predicted in everything)
    assert correct / len(everything) >= 0.90


def test_language_detection_matches_the_labels_on_at_least_ninety_five_percent() -> None:
    rows = load_requests()
    hits = sum(detect_language(row["text"]) == row["language"] for row in rows)
    print(f"language detection: {hits}/{len(rows)} = {hits / len(rows):.1%}")
    assert hits / len(rows) >= 0.95


def test_triage_reports_the_request_language_from_the_labelled_set() -> None:
    rows = load_requests()
    hits = sum(
        triage(row["text"], sender_name=row["sender"]).language == row["language"] for row in rows
    )
    assert hits / len(rows) >= 0.95
