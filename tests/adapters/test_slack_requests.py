"""What Slack sends that must not be handled: forged, unsigned, stale or repeated."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import httpx

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackServer, SlackWorkspaceUser, signed_headers, texts

BODY = urlencode({"team_id": "T0001", "user_id": "U0AAA", "command": "/coach",
                  "text": "add Mallory", "response_url": "http://127.0.0.1:9/none",
                  "trigger_id": "1.2.3"})


def post(server: SlackServer, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(server.url + "/slack/events", content=BODY.encode(), headers=headers,
                      timeout=30)


def test_a_request_signed_with_another_secret_is_refused(
        slack_server: SlackServer, slack_api: FakeSlackAPI) -> None:
    response = post(slack_server, signed_headers(BODY, secret="not-the-secret"))
    assert response.status_code == 401
    assert not slack_api.calls_to("users.info")


def test_an_unsigned_request_is_refused(slack_server: SlackServer) -> None:
    response = post(slack_server, {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401


def test_a_stale_request_is_refused_even_with_a_valid_signature(
        slack_server: SlackServer) -> None:
    response = post(slack_server, signed_headers(BODY, timestamp=int(time.time()) - 600))
    assert response.status_code == 401


def test_a_tampered_body_is_refused(slack_server: SlackServer) -> None:
    headers = signed_headers(BODY)
    response = httpx.post(slack_server.url + "/slack/events",
                          content=BODY.replace("Mallory", "Eve").encode(), headers=headers,
                          timeout=30)
    assert response.status_code == 401


def test_a_retried_event_is_answered_once(priya: SlackWorkspaceUser,
                                          slack_api: FakeSlackAPI) -> None:
    priya.ask("add Anna Schmidt")
    first = priya.direct_message("log Anna call 20m", event_id="EvRETRY1")
    assert first.status_code == 200
    slack_api.wait_for("chat.postMessage", where=lambda c: "Anna" in str(c.params))
    again = priya.direct_message("log Anna call 20m", event_id="EvRETRY1", retry_num=1)
    assert again.status_code == 200
    # A later, different message is answered, so the retry had every chance to be too.
    priya.direct_message("contact Anna", event_id="EvAFTER")
    answers = slack_api.wait_for("chat.postMessage", 2)
    logged = [c for c in answers if "20" in texts(c.params) and "Logged" in texts(c.params)]
    assert len(logged) == 1


def test_a_direct_message_is_answered_in_the_dm(priya: SlackWorkspaceUser,
                                                slack_api: FakeSlackAPI) -> None:
    priya.direct_message("help")
    answer = slack_api.wait_for("chat.postMessage")[0]
    assert answer.params["channel"] == "D0AAA"
    assert "/coach log" in texts(answer.params)
