"""An export written into an unnamed, owner-only temporary file as it is produced.

A user's whole history can run to megabytes; built in memory as one string, and
again as bytes, it was what pushed the bot's resident memory up (and memory a
process has freed is rarely given back to the system). Written here piece by piece,
the file never exists in memory as a whole, and adapters upload it from disk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

READ_CHUNK_BYTES = 1 << 16


class Spool:
    """A finished temporary file; closed by :meth:`close` or when it is dropped.

    Closing it when the last reference goes matters because replies are passed
    around and copied (a caption translated, a reply added to another): whoever
    holds one last frees the file, and none of them has to know about the others.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    @property
    def size(self) -> int:
        return os.fstat(self._handle.fileno()).st_size

    def open(self) -> BinaryIO:
        """The file rewound to its start, for an upload that reads it itself; it stays
        open as long as this spool is referenced."""
        self._handle.seek(0)
        return self._handle

    def chunks(self, size: int = READ_CHUNK_BYTES) -> Iterator[bytes]:
        """The content piece by piece, from the start."""
        handle = self.open()
        while chunk := handle.read(size):
            yield chunk

    def read(self) -> bytes:
        """The whole content at once."""
        return self.open().read()

    def close(self) -> None:
        self._handle.close()

    def __del__(self) -> None:
        self._handle.close()


def spool(pieces: Iterable[bytes]) -> Spool:
    """A temporary file holding ``pieces`` one after another.

    ``tempfile.TemporaryFile`` creates the file with mode 0600 and without a name
    (``O_TMPFILE``, or unlinked at once where that is missing), so nobody else can
    open it and nothing stays behind when it is closed or the process dies. If
    producing a piece fails, the file is closed and the error goes on.
    """
    # Buffered, so the many small pieces become few writes.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the Spool closes it
    try:
        for piece in pieces:
            handle.write(piece)
        handle.flush()
    except BaseException:
        handle.close()
        raise
    return Spool(handle)
