"""Importing a file shared in the app's DM: previewed, confirmed, and refused when too big."""

from __future__ import annotations

import time

from coach.imports import MAX_BYTES
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackWorkspaceUser, texts

CONNECTIONS = (b"Notes:\nWhen exporting your connection data, you may notice...\n\n"
               b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               b"Anna,Schmidt,,,Schmidt Immobilien,CEO,15 Nov 2023\n"
               b"Peter,Lang,,,Lang Architekten,Partner,02 Feb 2024\n")


def share(priya: SlackWorkspaceUser, shared: dict[str, object]) -> None:
    response = priya.event({"type": "message", "subtype": "file_share", "channel_type": "im",
                            "channel": "D0AAA", "user": priya.user_id, "text": "",
                            "files": [shared], "ts": f"{time.time():.6f}"})
    assert response.status_code == 200


def test_a_shared_file_is_previewed_and_a_yes_imports_it(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    share(priya, slack_api.share_file(CONNECTIONS, "Connections.csv"))

    preview = slack_api.wait_for("chat.postMessage",
                                 where=lambda c: "LinkedIn" in texts(c.params))[0]
    assert "2 new" in texts(preview.params)
    [download] = slack_api.calls_to("download")
    assert download.token == "xoxb-test-T0001", "read with the workspace's bot token"

    priya.direct_message("yes")
    slack_api.wait_for("chat.postMessage", where=lambda c: "Imported" in texts(c.params))
    contacts = priya.ask("contacts")[0]
    assert "Anna Schmidt" in texts(contacts)
    assert "Peter Lang" in texts(contacts)


def test_a_file_over_the_limit_is_refused_without_downloading_it(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI) -> None:
    huge = slack_api.share_file(b"x", "huge.csv") | {"size": MAX_BYTES + 1}

    share(priya, huge)

    refusal = slack_api.wait_for("chat.postMessage", where=lambda c: "MB" in texts(c.params))
    assert refusal
    assert slack_api.calls_to("download") == []
