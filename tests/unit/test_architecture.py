"""The engine stays free of frameworks, so every adapter can wrap the same core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

COACH = Path(__file__).resolve().parents[2] / "coach"
FORBIDDEN = ("telegram", "slack_bolt", "slack_sdk", "sqlalchemy", "apscheduler", "alembic",
             "storage", "adapters")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(COACH.rglob("*.py")), ids=lambda p: p.name)
def test_engine_module_imports_no_framework_storage_or_adapter(path: Path) -> None:
    offending = {name for name in imported_modules(path)
                 if name.split(".")[0] in FORBIDDEN}
    assert not offending, f"{path.relative_to(COACH.parent)} imports {sorted(offending)}"
