"""A scripted run of bot, worker and terminal, logs captured at INFO and at WARNING:
no token, no message text, no contact name and no request text may appear.

Every process is real (``coach telegram``, ``coach worker``, ``coach chat``); the bot
and the worker talk to the fake Bot API over HTTP.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from adapters.bootstrap import build
from coach.model import Identity, NudgeDays
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import forward_origin_user, message_update
from tests.integration.conftest import add_user

COACH = Path(sys.executable).with_name("coach")
TOKEN = "123456:AAH-TokenThatMustNeverBeLogged_x9"
USER = 424242
NUDGED = 515151
# Everything a user typed or a third party is called; none of it belongs in a log.
SECRETS = ("Zacharias", "Geheimname", "Vertraulich", "geheime-notiz-4711", "Quentin",
           "Fremdling", "ANFRAGE-TEXT-0815", "REPLY-TEXT-2342", "PLAINBODY-99",
           "unbekannt-body-77", "Xaver", "Nudgename", "Terminalia", "terminal-notiz-55",
           TOKEN, TOKEN.split(":")[1])


def environment(tmp_path: Path, api: FakeTelegramAPI, level: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return {**env, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
            "PTB_TIMEDELTA": "true", "LOG_LEVEL": level, "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api.base_url, "TELEGRAM_FILE_URL": api.base_file_url}


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(token=TOKEN) as fake:
        yield fake


def script() -> list[dict[str, object]]:
    updates = [message_update(text, user_id=USER, language_code="de") for text in (
        "/start", "/add Zacharias Geheimname company Vertraulich GmbH",
        "/log Zacharias call 20m geheime-notiz-4711", "/reply REPLY-TEXT-2342 let us connect",
        "hallo PLAINBODY-99", "/unbekannt unbekannt-body-77", "/due", "/contact Zacharias",
        "/export", "/undo Zacharias", "/add Zacharias Geheimname", "ja")]
    updates.append(message_update(
        "ANFRAGE-TEXT-0815 Ich würde mich gern vernetzen.", user_id=USER,
        forward_origin=forward_origin_user(first_name="Quentin", last_name="Fremdling")))
    poison = message_update("/add Zacharias Geheimname", user_id=USER)
    poison["message"]["date"] = "gestern"  # type: ignore[index]
    updates.append(poison)
    return [{**update, "update_id": number} for number, update in enumerate(updates, 1)]


@pytest.mark.parametrize("level", ["INFO", "WARNING"])
async def test_logs_of_a_full_run_hold_no_token_text_or_name(
        tmp_path: Path, api: FakeTelegramAPI, level: str) -> None:
    database = f"sqlite:///{tmp_path}/coach.db"
    app = build(database)
    nudged = add_user(app, str(NUDGED), timezone="UTC", nudge_time=time(0, 0),
                      nudge_days=NudgeDays.DAILY, due_contacts=0)
    long_ago = (datetime.now(UTC) - timedelta(days=200)).date().isoformat()
    person = Identity("telegram", str(NUDGED), language_hint="en", timezone_hint="UTC")
    app.coach.handle(person, "/add Xaver Nudgename")
    app.coach.handle(person, f"/log Xaver call {long_ago}")
    app.close()
    assert nudged
    updates = script()
    for update in updates:
        api.push_update(update)
    env = environment(tmp_path, api, level)

    bot = await asyncio.create_subprocess_exec(
        str(COACH), "telegram", "--db", database, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    worker = await asyncio.create_subprocess_exec(
        str(COACH), "worker", "--db", database, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await api.wait_until(lambda: (api.confirmed_offset or 0) > len(updates), timeout=120,
                             what="the script handled")
        await api.wait_until(lambda: bool(api.sent_messages(NUDGED)), timeout=120,
                             what="the nudge")
    finally:
        outputs = []
        for process in (bot, worker):
            process.send_signal(signal.SIGTERM)
            outputs.append(await asyncio.wait_for(process.communicate(), timeout=60))
    terminal = await asyncio.to_thread(
        subprocess.run, [str(COACH), "chat", "--user", "me", "--db", database],
        input="/add Terminalia Geheimname\n/log Terminalia call terminal-notiz-55\n/undo\n",
        capture_output=True, text=True, env=env, timeout=120, check=False)

    logs = "".join(out.decode() + err.decode() for out, err in outputs) + terminal.stderr
    assert "Terminalia" in terminal.stdout  # the terminal did answer
    assert api.sent_messages(USER), "the bot did not answer"
    assert level != "INFO" or "polling Telegram" in logs  # INFO lines were captured
    leaked = [secret for secret in SECRETS if secret in logs]
    assert leaked == []
