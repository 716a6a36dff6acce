"""Bytes to text: limits first, then byte-order marks, UTF-8, and detection.

Exports arrive as UTF-8 with or without a BOM (LinkedIn, Google), UTF-16 (some
Outlook versions) or Windows-1252 (German Outlook). Anything that is not UTF-8 goes
to charset-normalizer; a file it cannot read is refused rather than guessed at.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from coach.imports.records import ImportRefused

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings that never contain control characters in readable text.
_CONTROL_OK = set("\t\n\r\f")


def check_size(content: bytes) -> None:
    """Refuse files over the size limit before reading a single byte of them."""
    if len(content) > MAX_BYTES:
        raise ImportRefused("too_large", value=str(MAX_BYTES // (1024 * 1024)))
    if not content.strip():
        raise ImportRefused("empty")


def check_rows(count: int) -> None:
    if count > MAX_ROWS:
        raise ImportRefused("too_many_rows", value=f"{MAX_ROWS:,}")


def decode(content: bytes) -> str:
    """The file's text; raises :class:`ImportRefused` for binary or unreadable bytes."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return _checked(content.decode(encoding))
            except UnicodeDecodeError:
                raise ImportRefused("unreadable") from None
    if b"\x00" in content:
        raise ImportRefused("binary")
    try:
        return _checked(content.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None:
        raise ImportRefused("unreadable")
    return _checked(str(best))


def _checked(text: str) -> str:
    """Text with many control characters is a binary file that happened to decode."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if "\x00" in text or controls > max(2, len(sample) // 100):
        raise ImportRefused("binary")
    return text
