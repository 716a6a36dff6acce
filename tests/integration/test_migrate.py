"""Start-up checks the schema cheaply and runs Alembic only when it is behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from storage.database import open_engine
from storage.migrate import HEAD_REVISION, alembic_config, stored_revisions, upgrade


def test_the_head_constant_names_the_newest_migration(database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        script = ScriptDirectory.from_config(alembic_config(engine))
        assert script.get_heads() == [HEAD_REVISION]
    finally:
        engine.dispose()


def test_a_new_database_is_migrated_and_a_current_one_left_alone(database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        assert stored_revisions(engine) == []
        upgrade(engine)
        assert stored_revisions(engine) == [HEAD_REVISION]
        upgrade(engine)
        assert stored_revisions(engine) == [HEAD_REVISION]
    finally:
        engine.dispose()


def test_starting_on_a_current_schema_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    engine = open_engine(url)
    upgrade(engine)
    engine.dispose()
    code = ("import sys\n"
            "from adapters.bootstrap import build\n"
            f"build({url!r}).close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
