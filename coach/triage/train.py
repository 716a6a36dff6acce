"""Fit the triage scorer on the labelled corpus and export its weights.

``python -m coach.triage.train`` reads ``tests/data/requests.jsonl``, fits a
multinomial logistic regression (scikit-learn, a development dependency) on the
rows of the training split, prints five-fold cross-validated accuracy on that split
and the accuracy on the held-out split by language, and writes
``coach/triage/weights.json``. ``--check`` only reports whether the shipped file is
what the corpus trains to. Nothing here runs at request time and nothing needs a
network.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach.model import Verdict
from coach.triage.decision import decide
from coach.triage.results import KnownContact
from coach.triage.scorer import WEIGHTS_FILE, LinearModel
from coach.triage.understanding import Understanding, understand
from coach.triage.vectorise import features

CORPUS = Path("tests/data/requests.jsonl")
USER_NAME = "Daniel Berger"
# Regularisation strength, chosen by cross-validation on the training split.
C = 4.0
# Features seen in fewer training requests than this are noise, and only bloat the file.
MIN_DOCUMENTS = 2
DIGITS = 4


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def row_understanding(row: dict[str, Any]) -> Understanding:
    contacts = [KnownContact(number, name) for number, name in enumerate(row["contacts"], 1)]
    return understand(row["text"], sender_name=row["sender"], contacts=contacts,
                      user_name=USER_NAME)


def row_features(row: dict[str, Any]) -> dict[str, float]:
    return features(row_understanding(row))


def fit(rows: Sequence[dict[str, Any]], c: float = C) -> LinearModel:
    """A linear model fitted on ``rows``; deterministic for the same rows."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    samples = [row_features(row) for row in rows]
    documents = Counter(name for sample in samples for name in sample)
    kept = [{k: v for k, v in s.items() if documents[k] >= MIN_DOCUMENTS} for s in samples]
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(kept)
    labels = [row["verdict"] for row in rows]
    model = LogisticRegression(C=c, max_iter=10_000, tol=1e-8)
    model.fit(matrix, labels)
    names = vectoriser.get_feature_names_out()
    weights: dict[str, tuple[float, ...]] = {}
    for column, name in enumerate(names):
        row = tuple(round(float(model.coef_[k][column]), DIGITS)
                    for k in range(len(model.classes_)))
        if max(abs(w) for w in row) >= 10 ** -DIGITS:
            weights[str(name)] = row
    return LinearModel(
        verdicts=tuple(Verdict(str(label)) for label in model.classes_),
        intercepts=tuple(round(float(b), DIGITS) for b in model.intercept_),
        weights=weights,
    )


def predict(model: LinearModel, row: dict[str, Any]) -> Verdict:
    """The verdict triage gives ``row`` with ``model``: learned scores plus the rules."""
    return decide(row_understanding(row), model)[0]


def confusion(pairs: Sequence[tuple[str, str]], title: str) -> str:
    """Accuracy and a confusion matrix (rows: label, columns: prediction)."""
    labels = [verdict.value for verdict in Verdict]
    counts = Counter(pairs)
    correct = sum(counts[(label, label)] for label in labels)
    lines = [f"{title}: {correct}/{len(pairs)} = {correct / max(len(pairs), 1):.1%}"]
    lines.append("label \\ predicted".ljust(20) + "".join(label.rjust(13) for label in labels))
    for truth in labels:
        lines.append(truth.ljust(20) + "".join(str(counts[(truth, p)]).rjust(13)
                                               for p in labels))
    return "\n".join(lines)


def cross_validated_accuracy(rows: Sequence[dict[str, Any]], folds: int = 5,
                             c: float = C) -> float:
    """Accuracy of models fitted on four fifths and tested on the rest, stratified."""
    from sklearn.model_selection import StratifiedKFold

    labels = [row["verdict"] for row in rows]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    hits = 0
    for train_index, test_index in splitter.split(list(range(len(rows))), labels):
        model = fit([rows[i] for i in train_index], c)
        hits += sum(predict(model, rows[i]).value == rows[i]["verdict"] for i in test_index)
    return hits / len(rows)


def family_cross_validated_accuracy(rows: Sequence[dict[str, Any]], folds: int = 5,
                                    c: float = C) -> float:
    """Accuracy when whole phrasing families are held out: wording the model never saw."""
    from sklearn.model_selection import GroupKFold

    labels = [row["verdict"] for row in rows]
    groups = [row.get("family", row["id"]) for row in rows]
    hits = 0
    for train_index, test_index in GroupKFold(n_splits=folds).split(rows, labels, groups):
        model = fit([rows[i] for i in train_index], c)
        hits += sum(predict(model, rows[i]).value == rows[i]["verdict"] for i in test_index)
    return hits / len(rows)


def held_out_report(model: LinearModel, rows: Sequence[dict[str, Any]]) -> str:
    held = [row for row in rows if row["split"] == "holdout"]
    parts = []
    for language in ("de", "en"):
        pairs = [(row["verdict"], predict(model, row).value) for row in held
                 if row["language"] == language]
        parts.append(confusion(pairs, f"held-out {language}"))
    parts.append(confusion([(row["verdict"], predict(model, row).value) for row in held],
                           "held-out all"))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--check", action="store_true",
                        help="only report whether the shipped weights are up to date")
    parser.add_argument("--c", type=float, default=C, help="regularisation strength")
    parser.add_argument("--families", action="store_true",
                        help="also report accuracy with whole phrasing families held out")
    args = parser.parse_args(argv)
    rows = load_corpus(args.corpus)
    train_rows = [row for row in rows if row["split"] != "holdout"]
    model = fit(train_rows, args.c)
    if args.check:
        shipped = json.loads(args.out.read_text(encoding="utf-8"))
        same = shipped == model.to_json()
        print("weights are up to date" if same else "weights differ: retrain")
        return 0 if same else 1
    print(f"corpus: {len(rows)} requests, {len(train_rows)} for training, "
          f"{len(rows) - len(train_rows)} held out")
    print(f"5-fold cross-validated accuracy (training split): "
          f"{cross_validated_accuracy(train_rows, c=args.c):.1%}")
    if args.families:
        print(f"5-fold accuracy with whole phrasing families held out (all rows): "
              f"{family_cross_validated_accuracy(rows, c=args.c):.1%}")
    print(held_out_report(model, rows))
    args.out.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
                        + "\n", encoding="utf-8")
    print(f"wrote {len(model.weights)} feature weights to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
