"""``coach slack`` in Socket Mode, end to end: the real command in a process of its own.

The fake Web API answers ``apps.connections.open`` with the URL of a local WebSocket
endpoint; the command's Socket Mode handler (slack_bolt's built-in one) connects to it,
receives envelopes as Slack sends them, acknowledges each, and answers through the
Web API and the envelope's ``response_url``, all on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import texts
from tests.fakes.socket_mode import FakeSocketMode

ROOT = Path(__file__).parents[2]
_ids = itertools.count(1)


@pytest.fixture
def socket_mode(slack_api: FakeSlackAPI) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as endpoint:
        slack_api.socket_mode_url = endpoint.url
        yield endpoint


@pytest.fixture
def coach_slack(tmp_path: Path, slack_api: FakeSlackAPI,
                socket_mode: FakeSocketMode) -> Iterator[subprocess.Popen[bytes]]:
    """``coach slack`` (no --http) with only what Socket Mode needs configured."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SLACK_", "TELEGRAM_", "DATABASE_URL"))}
    env.update({"SLACK_APP_TOKEN": slack_api.app_token,
                "SLACK_BOT_TOKEN": slack_api.workspaces[0].bot_token,
                "SLACK_API_URL": slack_api.base_url, "PYTHONPATH": str(ROOT),
                "LOG_LEVEL": "WARNING"})
    process = subprocess.Popen(
        [sys.executable, "-c", "from adapters.cli import main; main()", "slack",
         "--db", f"sqlite:///{tmp_path}/socket.db"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode("utf-8", "replace")
        # Nothing failed inside the app while it ran.
        assert "Traceback" not in output, output


def slash_command(api: FakeSlackAPI, text: str) -> tuple[dict[str, Any], str]:
    """A ``/coach`` envelope as Socket Mode delivers it, and its response_url's name."""
    number = next(_ids)
    name = f"socket{number}"
    return {"envelope_id": f"env-command-{number}", "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {"token": "legacy", "team_id": "T0001", "team_domain": "acme",
                        "channel_id": "C0GENERAL", "channel_name": "general",
                        "user_id": "U0AAA", "user_name": "priya", "command": "/coach",
                        "text": text, "api_app_id": "A0001", "is_enterprise_install": "false",
                        "response_url": api.response_url(name),
                        "trigger_id": f"{number}.T0001.trigger"}}, name


def test_a_slash_command_over_socket_mode_is_acked_and_answered(
        coach_slack: subprocess.Popen[bytes], socket_mode: FakeSocketMode,
        slack_api: FakeSlackAPI) -> None:
    socket_mode.wait_connected()
    opened = slack_api.calls_to("apps.connections.open")
    assert opened
    assert opened[0].token == slack_api.app_token
    assert socket_mode.handshakes[0].startswith("GET /link/?ticket=fake-ticket")

    envelope, name = slash_command(slack_api, "add Zora Quell close")
    gate = slack_api.hold("response/")
    try:
        socket_mode.send(envelope)
        # Acknowledged while the answer to the user is still held back: the ack does
        # not wait for the work.
        ack = socket_mode.ack_for(envelope["envelope_id"])
        assert not slack_api.calls_to(f"response/{name}")
    finally:
        gate.set()
    assert set(ack) <= {"envelope_id", "payload"}
    answer = slack_api.wait_for(f"response/{name}", timeout=60)[0].params
    assert answer["response_type"] == "ephemeral"
    assert "Zora Quell" in texts(answer)

    envelope, name = slash_command(slack_api, "log Zora call 20m")
    socket_mode.send(envelope)
    socket_mode.ack_for(envelope["envelope_id"])
    assert "Zora Quell" in texts(slack_api.wait_for(f"response/{name}", timeout=60)[0].params)
    # The Home follows the change, published with the bot token.
    home = slack_api.wait_for("views.publish", where=lambda c: "20 of 120 minutes" in texts(
        c.params), timeout=60)[0]
    assert home.params["user_id"] == "U0AAA"
    assert home.token == slack_api.workspaces[0].bot_token


def test_an_event_over_socket_mode_is_acked_and_handled(
        coach_slack: subprocess.Popen[bytes], socket_mode: FakeSocketMode,
        slack_api: FakeSlackAPI) -> None:
    envelope = {"envelope_id": "env-event-1", "type": "events_api",
                "accepts_response_payload": False, "retry_attempt": 0,
                "retry_reason": "",
                "payload": {"token": "legacy", "team_id": "T0001", "api_app_id": "A0001",
                            "type": "event_callback", "event_id": "Ev0001",
                            "event_time": 1_700_000_000,
                            "authorizations": [{"team_id": "T0001", "user_id": "UBOT0001",
                                                "is_bot": True}],
                            "event": {"type": "app_home_opened", "user": "U0AAA",
                                      "channel": "D0AAA", "tab": "home",
                                      "event_ts": "1700000000.000100"}}}
    socket_mode.send(envelope)
    assert socket_mode.ack_for("env-event-1") == {"envelope_id": "env-event-1"}
    home = slack_api.wait_for("views.publish", timeout=60)[0]
    assert home.params["user_id"] == "U0AAA"
    assert home.params["view"]["type"] == "home"
