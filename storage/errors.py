"""Database failures the engine can explain, told apart from programming errors.

SQLAlchemy reports a refused connection, a server restart, a full disk and a typo in
SQL all as ``OperationalError``. Only the first kinds become
:class:`coach.ports.StorageUnavailable`, through the engine's ``handle_error`` hook, so
every caller (engine, nudge worker, CLI) sees one typed error; a genuine bug still
surfaces as itself.
"""

from __future__ import annotations

import logging
import sqlite3
import sys

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from coach.ports import StorageUnavailable

log = logging.getLogger(__name__)

_SQLITE_REASONS = (
    ("disk is full", StorageUnavailable.FULL),
    ("readonly", StorageUnavailable.READ_ONLY),
    ("read-only", StorageUnavailable.READ_ONLY),
    ("database is locked", StorageUnavailable.UNAVAILABLE),
    ("unable to open", StorageUnavailable.UNAVAILABLE),
    ("disk i/o error", StorageUnavailable.UNAVAILABLE),
)


def reason_for(error: BaseException, *, is_disconnect: bool = False) -> str | None:
    """Why the database cannot serve, or None when ``error`` is not about availability."""
    if isinstance(error, sqlite3.OperationalError):
        message = str(error).casefold()
        return next((reason for text, reason in _SQLITE_REASONS if text in message), None)
    # psycopg is imported only by a PostgreSQL engine (a tenth of a second at start);
    # without it loaded, no error can be one of its own.
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(error, psycopg.errors.DiskFull):
        return StorageUnavailable.FULL
    if psycopg is not None and isinstance(error, psycopg.errors.ReadOnlySqlTransaction):
        return StorageUnavailable.READ_ONLY
    if (psycopg is not None and isinstance(error, psycopg.OperationalError)) or is_disconnect:
        # Refused or dropped connections, server shutdown, deadlock and lock timeouts:
        # all of them pass, and the whole unit of work was rolled back.
        return StorageUnavailable.UNAVAILABLE
    return None


def _translate(context: ExceptionContext) -> None:
    reason = reason_for(context.original_exception, is_disconnect=context.is_disconnect)
    if reason is None:
        return
    if reason == StorageUnavailable.UNAVAILABLE:
        log.warning("database unavailable: %s", type(context.original_exception).__name__)
    else:
        log.error("database cannot be written (%s): free disk space or make the database "
                  "writable; users are told to try again later", reason)
    raise StorageUnavailable(reason) from context.original_exception


def report_unavailability(engine: Engine) -> Engine:
    """Make ``engine`` raise :class:`StorageUnavailable` for availability failures."""
    event.listen(engine, "handle_error", _translate)
    return engine
