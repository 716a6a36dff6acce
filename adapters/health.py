"""Worker health for ``coach status`` and the webhook server's /healthz."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.nudges import NudgeStore

# Workers tick every minute; three minutes without any tick means none is running.
MAX_SILENCE = timedelta(minutes=3)


def health(sessions: sessionmaker[Session], now: datetime) -> tuple[bool, dict[str, Any]]:
    """Whether some worker ticked recently, and the figures behind the answer.

    Healthy means the newest heartbeat of any worker is at most :data:`MAX_SILENCE`
    old; overdue claims are reported but do not fail the check, because a live worker
    re-sends them by itself.
    """
    data = NudgeStore(sessions).health(now)
    ok = data.last_tick_at is not None and now - data.last_tick_at <= MAX_SILENCE
    return ok, {
        "ok": ok,
        "last_tick_at": data.last_tick_at.isoformat() if data.last_tick_at else None,
        "last_nudge_at": data.last_nudge_at.isoformat() if data.last_nudge_at else None,
        "overdue_claims": data.overdue_claims,
        "workers": data.workers,
    }
