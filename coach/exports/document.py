"""The JSON export: every stored field, so another installation can restore it exactly.

The document is written as it is read: one record per line, each encoded on its own,
so a history of tens of thousands of touchpoints never sits in memory as a whole
(see :mod:`coach.spool`). One record per line also keeps the file easy to
read and to diff, and every line is written by json's C encoder (``indent`` switches
json to its pure-Python one, which took seconds for a long history).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any

from coach.model import Contact, Profile, RequestRecord, Touchpoint

EXPORT_FORMAT = "networking-coach-export"
EXPORT_VERSION = 1
# Derived or installation-bound values: recomputed, or secret (the calendar token).
_PROFILE_HIDDEN = frozenset({"pending", "calendar_token", "unreachable"})
_CONTACT_HIDDEN = frozenset({"due_day", "rank_factor", "user_id"})
_TOUCHPOINT_HIDDEN = frozenset({"user_id", "previous_touch_at", "previous_channel",
                                "previous_next_note"})
_REQUEST_HIDDEN = frozenset({"user_id"})


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _json_value(value: Any) -> Any:
    """What the JSON encoder cannot write itself: dates and times as ISO text, enums."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot export a {type(value).__name__}")


# One encoder for every record: ``json.dumps`` with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, default=_json_value).encode


@cache
def _shown(kind: type, hidden: frozenset[str]) -> tuple[str, ...]:
    """The exported fields of a record class, in their declared order (as ``asdict``)."""
    return tuple(f.name for f in fields(kind) if f.name not in hidden)


def _record(item: Any, hidden: frozenset[str]) -> str:
    # Fields read directly: ``asdict`` deep-copies every value first, which was most
    # of an export's time for a long history.
    # Record fields are flat: dates go through ``_json_value``, and the enums are
    # StrEnums, which json writes as their values, so ``plain`` is not needed here.
    kind: type = type(item)
    return _dumps({name: getattr(item, name) for name in _shown(kind, hidden)})


def _array(name: str, records: Iterator[str]) -> Iterator[str]:
    """``"name": [`` with one record per line, or ``"name": []`` when there is none."""
    first = next(records, None)
    if first is None:
        yield f"  {_dumps(name)}: []"
        return
    yield f"  {_dumps(name)}: [\n    {first}"
    for record in records:
        yield f",\n    {record}"
    yield "\n  ]"


def export_pieces(profile: Profile, contacts: Iterable[Contact],
                  touchpoints: Iterable[Touchpoint], requests: Iterable[RequestRecord],
                  now: datetime) -> Iterator[bytes]:
    """Everything stored for one user as the export's JSON, in UTF-8 pieces.

    The record sources are read one after the other, each to its end, so they may be
    cursors on one database connection.
    """
    head = plain({
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now,
        "profile": {k: v for k, v in asdict(profile).items() if k not in _PROFILE_HIDDEN},
    })
    yield ("{\n" + ",\n".join(f"  {_dumps(k)}: {_dumps(v)}" for k, v in head.items())
           ).encode("utf-8")
    for name, records, hidden in (("contacts", contacts, _CONTACT_HIDDEN),
                                  ("touchpoints", touchpoints, _TOUCHPOINT_HIDDEN),
                                  ("requests", requests, _REQUEST_HIDDEN)):
        yield b",\n"
        lines = (_record(item, hidden) for item in records)
        yield from (piece.encode("utf-8") for piece in _array(name, lines))
    yield b"\n}\n"
