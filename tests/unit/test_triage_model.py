"""The shipped scorer is what the corpus trains to, and runs without scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.triage.scorer import shipped_model
from coach.triage.train import CORPUS, fit, load_corpus, predict

ROOT = Path(__file__).resolve().parents[2]


def test_retraining_from_the_corpus_reproduces_the_shipped_model() -> None:
    pytest.importorskip("sklearn")
    rows = load_corpus(ROOT / CORPUS)
    retrained = fit([row for row in rows if row["split"] != "holdout"])
    shipped = shipped_model()
    assert [predict(retrained, row) for row in rows] == [predict(shipped, row) for row in rows]
    assert set(retrained.weights) == set(shipped.weights)
    drift = max(
        abs(a - b)
        for name, row in retrained.weights.items()
        for a, b in zip(row, shipped.weights[name], strict=True)
    )
    assert drift < 1e-3, "run: python -m coach.triage.train"


def test_triaging_a_request_imports_neither_scikit_learn_nor_numpy() -> None:
    code = (
        "import sys\n"
        "from coach.triage import triage\n"
        "triage('Hi Daniel, great to meet you at the Harbour Lights Mixer. Best, Tom')\n"
        "print(sorted(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_the_model_file_is_small() -> None:
    weights = Path(__file__).resolve().parents[2] / "coach" / "triage" / "weights.json"
    assert weights.stat().st_size < 1_000_000
    assert len(shipped_model().weights) > 100
