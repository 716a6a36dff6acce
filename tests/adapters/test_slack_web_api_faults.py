"""The Web API client's retries: what Slack certainly did not take is sent again, a
call that may have been posted is not."""

from __future__ import annotations

import socket
import threading
import time
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.app import web_client
from adapters.slack.retry import (
    SERVER_ERROR_RETRIES,
    RefusedConnectionRetryHandler,
    retry_handlers,
)
from adapters.slack.sender import SlackSender
from adapters.slack.workspaces import single_workspace
from coach.replies import reply
from tests.adapters.slack_fixtures import slack_settings
from tests.fakes.slack_api import FakeSlackAPI


def sender(api: FakeSlackAPI) -> SlackSender:
    return SlackSender(single_workspace(slack_settings(api)))


@pytest.mark.parametrize("status", [500, 503])
async def test_a_server_error_is_retried_and_the_nudge_arrives_once(
        slack_api: FakeSlackAPI, status: int) -> None:
    slack_api.server_error("chat.postMessage", status=status, times=2)
    await sender(slack_api).send("slack", "T0001:U0AAA", reply("Call Anna"))
    attempts = slack_api.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [status, status, 200]
    assert sum(1 for c in attempts if c.ok) == 1


def test_a_server_that_keeps_failing_is_given_up_after_bounded_retries(
        slack_api: FakeSlackAPI) -> None:
    slack_api.server_error("chat.postMessage", times=100)
    client = web_client(slack_settings(slack_api), slack_api.workspaces[0].bot_token)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="D1", text="Call Anna")
    assert len(slack_api.calls_to("chat.postMessage")) == 1 + SERVER_ERROR_RETRIES


def test_a_call_without_an_answer_is_not_sent_again(slack_api: FakeSlackAPI) -> None:
    gate = slack_api.hold("chat.postMessage")
    client = web_client(slack_settings(slack_api), slack_api.workspaces[0].bot_token)
    client.timeout = 1
    with pytest.raises((TimeoutError, URLError, socket.timeout)):
        client.chat_postMessage(channel="D1", text="Call Anna")
    gate.set()
    deadline = time.monotonic() + 5
    while not slack_api.calls_to("chat.postMessage") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # a retry, had there been one, would have arrived by now
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_only_a_refused_connection_counts_as_never_sent() -> None:
    handler = RefusedConnectionRetryHandler()

    def can_retry(error: Exception) -> bool:
        return handler._can_retry(state=None, request=None, error=error)  # type: ignore[arg-type]

    assert can_retry(URLError(ConnectionRefusedError(111, "refused")))
    assert not can_retry(URLError(TimeoutError("timed out")))
    assert not can_retry(ConnectionResetError())


def test_a_refused_connection_is_tried_again_until_the_api_is_back() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = FakeSlackAPI(port=port)
    client = web_client(slack_settings(api), api.workspaces[0].bot_token)
    starter = threading.Timer(0.3, api.__enter__)
    starter.start()
    try:
        response = client.chat_postMessage(channel="D1", text="Call Anna")
        assert response["ok"]
        assert len(api.calls_to("chat.postMessage")) == 1
    finally:
        starter.join()
        api.__exit__(None, None, None)


def test_the_policy_covers_rate_limits_server_errors_and_refused_connections() -> None:
    kinds = {type(handler).__name__ for handler in retry_handlers()}
    assert kinds == {"RateLimitErrorRetryHandler", "ServerErrorRetryHandler",
                     "RefusedConnectionRetryHandler"}
