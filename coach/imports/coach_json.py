"""This product's own JSON export, read back for a lossless move to another installation."""

from __future__ import annotations

import json
from typing import Any

from coach.imports.records import FileKind, ImportRefused, ParsedFile

EXPORT_FORMAT = "networking-coach-export"
SUPPORTED_VERSIONS = (1,)
_LISTS = ("contacts", "touchpoints", "requests")


def looks_like_json(filename: str, content: bytes) -> bool:
    return filename.casefold().endswith(".json") or content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] \
        == b"{"


def read_export(content: bytes, max_contacts: int) -> ParsedFile:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused("unreadable") from None
    except json.JSONDecodeError as error:
        raise ImportRefused("broken_json", line=error.lineno) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportRefused("foreign_json")
    if document.get("version") not in SUPPORTED_VERSIONS:
        raise ImportRefused("json_version", value=str(document.get("version")))
    for key in _LISTS:
        items = document.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ImportRefused("broken_json")
    if not isinstance(document.get("profile", {}), dict):
        raise ImportRefused("broken_json")
    if len(document.get("contacts", [])) > max_contacts:
        raise ImportRefused("too_many_rows", value=f"{max_contacts:,}")
    clean: dict[str, Any] = document
    return ParsedFile(FileKind.COACH_JSON, document=clean)
