"""``coach worker`` and ``coach status`` as an operator runs them, in real processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.bootstrap import build
from coach.model import Identity
from tests.fakes.telegram_api import FakeTelegramAPI

COACH = Path(sys.executable).with_name("coach")


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return {**env, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
            "PTB_TIMEDELTA": "true", **extra}


def run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COACH), *args], capture_output=True, text=True,
                          env=environment(tmp_path, **extra), timeout=120, check=False)


def test_status_fails_while_no_worker_has_ticked(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/c.db"
    assert run(tmp_path, "db", "upgrade", "--db", database).returncode == 0

    result = run(tmp_path, "status", "--db", database)

    assert result.returncode == 1
    assert "last tick:      never" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_worker_without_any_chat_platform_refuses_to_start(tmp_path: Path) -> None:
    result = run(tmp_path, "worker", "--db", f"sqlite:///{tmp_path}/c.db")

    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_worker_nudges_a_due_user_reports_healthy_and_stops_on_sigterm(
        tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/c.db"
    app = build(database)
    daniel = Identity("telegram", "777001", language_hint="en", timezone_hint="UTC")
    long_ago = (datetime.now(UTC) - timedelta(days=120)).date().isoformat()
    for command in ("/settings nudge 00:00 daily", "/add Anna Schmidt",
                    f"/log Anna call 20m {long_ago}"):
        app.coach.handle(daniel, command)
    app.close()

    async with FakeTelegramAPI() as api:
        env = environment(tmp_path, TELEGRAM_BOT_TOKEN=api.token,
                          TELEGRAM_API_URL=api.base_url, TELEGRAM_FILE_URL=api.base_file_url)
        worker = await asyncio.create_subprocess_exec(
            str(COACH), "worker", "--db", database, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await api.wait_for_calls("sendMessage", 1, timeout=60)
            status = await asyncio.create_subprocess_exec(
                str(COACH), "status", "--db", database, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            status_out, _ = await status.communicate()
        finally:
            worker.send_signal(signal.SIGTERM)
            _, worker_err = await asyncio.wait_for(worker.communicate(), timeout=30)

    nudge = api.sent_messages(chat_id=777001)
    assert len(nudge) == 1
    assert "Call Anna Schmidt: last contact 120 days ago" in nudge[0]["text"]
    assert status.returncode == 0
    assert b"status: ok" in status_out
    assert worker.returncode == 0
    assert b"Traceback" not in worker_err
