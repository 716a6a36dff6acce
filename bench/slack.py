"""Slack round trips: how soon Slack gets its ack, and how soon the user gets the answer.

Runs the Bolt app over HTTP on 127.0.0.1 against the fake Web API (as the tests do),
sends signed ``/coach`` commands one after another and reports, per command, the time
until the HTTP ack and until the ephemeral answer reached the response URL. The ack
must stay far below Slack's three seconds whatever the command costs.

    python -m bench.slack [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

from adapters.bootstrap import build
from adapters.config import Settings
from adapters.slack.app import build_slack_app
from tests.fakes.slack_api import FakeSlackAPI, SlackUser
from tests.fakes.slack_requests import SIGNING_SECRET, SlackServer, SlackWorkspaceUser

COMMANDS = ("due", "log Zora call 20m", "week", "reply Hi, I'd love to connect with you.",
            "contacts")


def main(rounds: int = 20) -> None:
    with tempfile.TemporaryDirectory() as folder, FakeSlackAPI() as api:
        api.add_user(SlackUser("T0001", "U0AAA", "Priya Raman"))
        app = build(f"sqlite:///{folder}/bench.db", lambda: datetime(2026, 11, 26, 10,
                                                                      tzinfo=UTC))
        settings = Settings(slack_bot_token=api.workspaces[0].bot_token,
                            slack_signing_secret=SIGNING_SECRET, slack_api_url=api.base_url)
        bolt = build_slack_app(app.coach, settings, database=app.engine)
        with SlackServer(bolt) as server:
            user = SlackWorkspaceUser(server, api)
            user.ask("add Zora Quell close")
            for command in COMMANDS:
                acks, answers = [], []
                for _ in range(rounds):
                    start = time.perf_counter()
                    response, name = user.command(command)
                    acks.append(time.perf_counter() - start)
                    user.responses(name)
                    answers.append(time.perf_counter() - start)
                    assert response.status_code == 200
                ms = [1000 * statistics.median(acks), 1000 * max(acks),
                      1000 * statistics.median(answers), 1000 * max(answers)]
                print(f"/coach {command.split()[0]:<9} ack median {ms[0]:6.1f} ms, max "
                      f"{ms[1]:6.1f} ms; answer median {ms[2]:6.1f} ms, max {ms[3]:6.1f} ms")
        app.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
