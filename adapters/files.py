"""Writing the user's files (exports) so nobody else can read or redirect them.

An export holds the user's whole network. It is created owner-only (0600) and only as
a new file: an existing file or a symlink planted under the same name is never
followed or overwritten; the export gets the next free name instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE_FILE = 0o600
MAX_NAME_TRIES = 1000


class NoFreeName(FileExistsError):
    """Every candidate name in the folder is taken."""


def candidate_names(filename: str) -> list[str]:
    """``export.json``, then ``export-2.json``, ``export-3.json``, …"""
    name = Path(filename).name or "export"
    stem, dot, suffix = name.partition(".")
    return [name, *(f"{stem}-{n}{dot}{suffix}" for n in range(2, MAX_NAME_TRIES + 1))]


def save_private(folder: Path, filename: str, content: bytes | Iterable[bytes]) -> Path:
    """Write ``content`` (bytes, or pieces of them such as :meth:`coach.replies.File.chunks`)
    to a new owner-only file in ``folder``; the path it got."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_BINARY", 0)
    for name in candidate_names(filename):
        path = folder / name
        try:
            descriptor = os.open(path, flags, PRIVATE_FILE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for piece in (content,) if isinstance(content, bytes) else content:
                    handle.write(piece)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written export stays behind
            raise
        return path
    raise NoFreeName(f"no free file name for {filename} in {folder}")
