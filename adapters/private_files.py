"""Writing the user's data to disk: private, never through a symlink, never over a file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE_MODE = 0o600


class FileExists(Exception):
    """The target exists (a file, a directory or a symlink); nothing was written."""


def write_private(path: Path, content: bytes | Iterable[bytes]) -> None:
    """Create ``path`` with mode 0600 and write ``content`` (bytes, or pieces of them).

    ``O_CREAT | O_EXCL`` refuses any existing path, including a symlink wherever it
    points, so an export can neither overwrite a file silently nor be redirected;
    ``O_NOFOLLOW`` says the same where the platform knows it.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, PRIVATE_MODE)
    except FileExistsError:
        raise FileExists(str(path)) from None
    try:
        os.fchmod(descriptor, PRIVATE_MODE)  # whatever the umask said
        for piece in (content,) if isinstance(content, bytes) else content:
            view = memoryview(piece)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
    finally:
        os.close(descriptor)
