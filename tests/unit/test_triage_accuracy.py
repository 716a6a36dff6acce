"""Request triage against the labelled corpus in tests/data/requests.jsonl.

The corpus holds phrasing families (the same kind of request in varied wording,
names and events), German and English. The held-out split is never used to fit the
scorer, and whole wordings are held out rather than single rows, so the held-out
figures say how triage does on phrasing it has not seen.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from coach.model import Verdict
from coach.triage import KnownContact, triage
from coach.triage.language import detect_language
from coach.triage.train import confusion

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


def test_the_labelled_set_is_large_varied_balanced_and_well_formed() -> None:
    rows = load_requests()
    assert len(rows) >= 400
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)
    verdicts = Counter(row["verdict"] for row in rows)
    languages = Counter(row["language"] for row in rows)
    splits = Counter(row["split"] for row in rows)
    assert set(verdicts) == {verdict.value for verdict in Verdict}
    assert min(verdicts.values()) >= 80
    assert abs(languages["de"] - languages["en"]) <= len(rows) * 0.15
    assert 0.25 <= splits["holdout"] / len(rows) <= 0.35
    assert len({row["family"] for row in rows}) >= 40


def test_triage_agrees_with_the_held_out_labels_in_each_language() -> None:
    rows = load_requests()
    pairs: dict[str, list[tuple[str, str]]] = {"de": [], "en": []}
    for row in rows:
        if row["split"] == "holdout":
            pairs[row["language"]].append((row["verdict"], predict(row).value))
    for language in ("de", "en"):
        print(confusion(pairs[language], f"held-out {language}"))
    for language, found in pairs.items():
        correct = sum(truth == predicted for truth, predicted in found)
        assert correct / len(found) >= 0.90, language


def test_triage_agrees_with_all_labels_on_at_least_ninety_five_percent() -> None:
    rows = load_requests()
    pairs = [(row["verdict"], predict(row).value) for row in rows]
    for language in ("de", "en"):
        print(confusion([pair for pair, row in zip(pairs, rows, strict=True)
                         if row["language"] == language], f"all {language}"))
    correct = sum(truth == predicted for truth, predicted in pairs)
    assert correct / len(pairs) >= 0.95


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
