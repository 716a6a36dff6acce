"""The export writers as they were before exports were streamed, kept as the oracle.

Each builds its whole file in memory from lists; the streamed writers must produce
the same bytes for the same data (tests/integration/test_export_streaming.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from coach.exports.csv_file import COLUMNS, birthday_iso
from coach.exports.document import EXPORT_FORMAT, EXPORT_VERSION, plain
from coach.exports.vcard_file import _card
from coach.model import Contact, Profile, RequestRecord, Touchpoint
from coach.schedule import local_date

_PROFILE_HIDDEN = {"pending", "calendar_token", "unreachable"}
_CONTACT_HIDDEN = {"due_day", "rank_factor", "user_id"}
_TOUCHPOINT_HIDDEN = {"user_id", "previous_touch_at", "previous_channel", "previous_next_note"}


def export_document(profile: Profile, contacts: Sequence[Contact],
                    touchpoints: Sequence[Touchpoint], requests: Sequence[RequestRecord],
                    now: datetime) -> dict[str, Any]:
    document: dict[str, Any] = plain({
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now,
        "profile": {k: v for k, v in asdict(profile).items() if k not in _PROFILE_HIDDEN},
        "contacts": [{k: v for k, v in asdict(c).items() if k not in _CONTACT_HIDDEN}
                     for c in contacts],
        "touchpoints": [{k: v for k, v in asdict(p).items() if k not in _TOUCHPOINT_HIDDEN}
                        for p in touchpoints],
        "requests": [{k: v for k, v in asdict(r).items() if k != "user_id"}
                     for r in requests],
    })
    return document


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot export a {type(value).__name__}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def readable_json(document: dict[str, Any]) -> str:
    parts = []
    for key, value in document.items():
        name = _dumps(key)
        if isinstance(value, list) and value:
            rows = ",\n".join("    " + _dumps(item) for item in value)
            parts.append(f"  {name}: [\n{rows}\n  ]")
        else:
            parts.append(f"  {name}: {_dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _safe(value: str | None) -> str:
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def contacts_csv(contacts: Sequence[Contact], timezone: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for c in contacts:
        last = local_date(c.last_touch_at, timezone).isoformat() if c.last_touch_at else ""
        writer.writerow([_safe(c.name), _safe(c.email), _safe(c.phone), _safe(c.company),
                         c.circle.value, c.status.value, c.cadence_days or "",
                         birthday_iso(c), _safe(c.how_met), _safe(c.profile_url),
                         _safe(c.handle), c.language or "", last, _safe(c.next_note)])
    return buffer.getvalue().encode("utf-8-sig")


def contacts_vcf(contacts: Sequence[Contact]) -> bytes:
    return "".join(_card(c) for c in contacts).encode("utf-8")
