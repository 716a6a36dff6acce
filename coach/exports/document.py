"""The JSON export: every stored field, so another installation can restore it exactly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from coach.model import Contact, Profile, RequestRecord, Touchpoint

EXPORT_FORMAT = "networking-coach-export"
EXPORT_VERSION = 1
# Derived or installation-bound values: recomputed, or secret (the calendar token).
_PROFILE_HIDDEN = {"pending", "calendar_token", "unreachable"}
_CONTACT_HIDDEN = {"due_day", "rank_factor", "user_id"}
_TOUCHPOINT_HIDDEN = {"user_id", "previous_touch_at", "previous_channel", "previous_next_note"}


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


def export_document(profile: Profile, contacts: Sequence[Contact],
                    touchpoints: Sequence[Touchpoint], requests: Sequence[RequestRecord],
                    now: datetime) -> dict[str, Any]:
    """Everything stored for one user, as JSON-ready data."""
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
