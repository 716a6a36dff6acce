"""Opening the database: SQLite by default, PostgreSQL (psycopg 3) when configured.

A SQLite file holds third parties' names and notes, so it is private to its owner: the
file is created 0600 before SQLite opens it (SQLite gives its ``-wal`` and ``-shm``
files the database file's permissions), a folder created for it is 0700, and files
left readable by an earlier version are tightened on open.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import report_unavailability
from storage.sqlite_turns import take_turns

SQLITE_BUSY_TIMEOUT_MS = 10_000
# A server that does not answer is reported within seconds, not after the OS's minutes.
CONNECT_TIMEOUT_SECONDS = 5


def normalise_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` forms hosting platforms hand out."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL and a busy timeout for concurrent use."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith(
                "file:"):
            prepare_sqlite_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return report_unavailability(engine)
    # Pre-ping replaces connections that died while pooled (a database restart), so the
    # first message after an outage is served instead of failing on a dead connection.
    return report_unavailability(create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}))


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by its owner only."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    for created in missing:
        # mkdir's mode is filtered by the umask; the intent is exactly 0700.
        with contextlib.suppress(OSError):
            created.chmod(PRIVATE_FOLDER)
    return folder


def prepare_sqlite_file(path: Path) -> None:
    """Make sure the database file exists with owner-only permissions before SQLite
    opens it; tighten it and its side files when they are group or world readable."""
    if not path.parent.exists():
        private_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                         PRIVATE_FILE))
    for candidate in (path, *(path.with_name(path.name + s) for s in SQLITE_SIDE_FILES)):
        with contextlib.suppress(OSError):
            mode = candidate.lstat().st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                candidate.chmod(stat.S_IMODE(mode) & ~0o077)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints instead of on every commit: a crashed
    # process still loses nothing committed (only a power cut can take back the last
    # transactions), and a commit costs microseconds instead of a disk flush, which
    # had been most of every Telegram update's time.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for ``engine``; on SQLite this process's sessions queue for the database
    in arrival order instead of polling SQLite's lock (see :mod:`storage.sqlite_turns`)."""
    factory = sessionmaker(engine, expire_on_commit=False)
    if engine.dialect.name == "sqlite":
        take_turns(factory, engine, SQLITE_BUSY_TIMEOUT_MS / 1000)
    return factory
