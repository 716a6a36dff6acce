"""Lookup tables shipped as small gzip files and searched without building a dictionary.

The city time zones (185,000 names) and the first-name genders (61,000 names) come
from libraries that build dictionaries of tens of MiB on first use. Packed here as
sorted ``key<TAB>value`` lines, a table is unpacked on first use into one bytes
object (a few MB at most) and searched by bisection over its lines: about twenty
comparisons per lookup, and no Python object per entry.

An optional first line is a header the table's owner reads itself (the cities keep
their time-zone names there, so each line only carries a number).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path


def pack(rows: Iterable[tuple[str, str]], header: str | None = None) -> bytes:
    """The gzip file for ``rows``; keys must be unique and free of tabs and newlines.

    Lines are sorted by their keys' UTF-8 bytes, the order :meth:`PackedTable.get`
    bisects in, and gzip records no time, so the same rows always give the same file.
    """
    lines = sorted(f"{key}\t{value}".encode() for key, value in rows)
    body = b"".join(line + b"\n" for line in lines)
    if header is not None:
        body = header.encode() + b"\n" + body
    return gzip.compress(body, 9, mtime=0)


class PackedTable:
    """One packed file, unpacked on the first lookup and kept."""

    def __init__(self, path: Path, *, header: bool = False) -> None:
        self.path = path
        self._has_header = header
        self._blob: bytes | None = None
        self._header = ""
        self._start = 0

    def _load(self) -> bytes:
        blob = self._blob
        if blob is None:
            # Two threads may both unpack on a first lookup; either result is the same.
            blob = gzip.decompress(self.path.read_bytes())
            if self._has_header:
                end = blob.index(b"\n")
                self._header, self._start = blob[:end].decode(), end + 1
            self._blob = blob
        return blob

    @property
    def header(self) -> str:
        self._load()
        return self._header

    def get(self, key: str) -> str | None:
        """The value stored for ``key``, or None."""
        wanted = key.encode()
        blob = self._load()
        low, high = self._start, len(blob)
        # ``low`` and ``high`` always sit at the start of a line.
        while low < high:
            middle = (low + high) // 2
            start = max(blob.rfind(b"\n", low, middle) + 1, low)
            end = blob.index(b"\n", start)
            tab = blob.index(b"\t", start, end)
            found = blob[start:tab]
            if found == wanted:
                return blob[tab + 1:end].decode()
            if found < wanted:
                low = end + 1
            else:
                high = start
        return None
