"""Files holding other people's names and notes are readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.files import save_private
from storage.database import open_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def open_umask() -> object:
    """A permissive umask, as on many desktops, so the tests cannot pass by accident."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_sqlite_database_and_its_wal_files_are_owner_only(
        tmp_path: Path, open_umask: object) -> None:
    database = tmp_path / "new" / "folder" / "coach.db"
    engine = open_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES ('Anna Schmidt')"))
    side_files = [database.with_name("coach.db-wal"), database.with_name("coach.db-shm")]
    try:
        assert all(f.exists() for f in side_files)
        assert {mode(f) for f in [database, *side_files]} == {0o600}
        assert mode(database.parent) == mode(database.parent.parent) == 0o700
    finally:
        engine.dispose()


def test_an_existing_readable_database_is_tightened_on_open(
        tmp_path: Path, open_umask: object) -> None:
    database = tmp_path / "coach.db"
    database.write_bytes(b"")
    database.chmod(0o644)
    engine = open_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()

    assert mode(database) == 0o600


def test_an_export_is_owner_only(tmp_path: Path, open_umask: object) -> None:
    path = save_private(tmp_path, "networking-coach-2026-11-26.json", b"{}")

    assert path == tmp_path / "networking-coach-2026-11-26.json"
    assert mode(path) == 0o600


def test_an_export_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    first = save_private(tmp_path, "export.json", b"first")
    second = save_private(tmp_path, "export.json", b"second")

    assert (first.name, second.name) == ("export.json", "export-2.json")
    assert first.read_bytes() == b"first"


def test_an_export_never_follows_a_planted_symlink(tmp_path: Path) -> None:
    target = tmp_path / "victim.txt"
    target.write_bytes(b"keep me")
    (tmp_path / "export.json").symlink_to(target)
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere")

    saved = save_private(tmp_path, "export.json", b"network")
    other = save_private(tmp_path, "dangling.json", b"network")

    assert target.read_bytes() == b"keep me"
    assert not (tmp_path / "nowhere").exists()
    assert saved.name == "export-2.json"
    assert not saved.is_symlink()
    assert other.name == "dangling-2.json"


def test_an_export_name_cannot_leave_the_folder(tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()

    path = save_private(tmp_path / "inner", "../../escape.json", b"{}")

    assert path == tmp_path / "inner" / "escape.json"
