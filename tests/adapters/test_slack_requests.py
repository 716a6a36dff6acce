"""What Slack sends that must not be handled: forged, unsigned, stale or repeated."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, select

from adapters.bootstrap import Application as CoachApp
from adapters.slack.identity import external_id
from coach.model import Identity
from storage.tables import TouchpointRow
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
    homes = len(slack_api.wait_for("views.publish"))
    first = priya.direct_message("log Anna call 20m", event_id="EvRETRY1")
    assert first.status_code == 200
    slack_api.wait_for("chat.postMessage", where=lambda c: "Anna" in str(c.params))
    # The Home is refreshed after the answer was recorded as delivered; a retry that
    # overtakes that record gets the answer again (replies are at least once).
    slack_api.wait_for("views.publish", homes + 1)
    again = priya.direct_message("log Anna call 20m", event_id="EvRETRY1", retry_num=1)
    assert again.status_code == 200
    # A later, different message is answered, so the retry had every chance to be too.
    priya.direct_message("contact Anna", event_id="EvAFTER")
    answers = slack_api.wait_for("chat.postMessage", 2)
    logged = [c for c in answers if "20" in texts(c.params) and "Logged" in texts(c.params)]
    assert len(logged) == 1


def test_a_retried_event_whose_answer_was_lost_is_answered_and_not_run_again(
        priya: SlackWorkspaceUser, slack_api: FakeSlackAPI, slack_coach: CoachApp) -> None:
    priya.ask("add Anna Schmidt")
    # The app died after committing the log and before posting the answer.
    identity = Identity("slack", external_id(priya.team_id, priya.user_id),
                        language_hint="en")
    slack_coach.coach.handle(identity, "/log Anna call 20m", update_key="event:EvLOST")

    retry = priya.direct_message("log Anna call 20m", event_id="EvLOST", retry_num=1)

    assert retry.status_code == 200
    answer = slack_api.wait_for("chat.postMessage")[0]
    assert "Logged" in texts(answer.params)
    assert "Anna Schmidt" in texts(answer.params)
    with slack_coach.sessions() as session:
        assert session.scalar(select(func.count()).select_from(TouchpointRow)) == 1


def test_a_direct_message_is_answered_in_the_dm(priya: SlackWorkspaceUser,
                                                slack_api: FakeSlackAPI) -> None:
    priya.direct_message("help")
    answer = slack_api.wait_for("chat.postMessage")[0]
    assert answer.params["channel"] == "D0AAA"
    assert "/coach log" in texts(answer.params)
