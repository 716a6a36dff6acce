"""The Slack side of the tests: signed requests into the Bolt app, served over HTTP.

``SlackServer`` runs the adapter's Starlette routes under uvicorn in a thread on
127.0.0.1; ``SlackWorkspaceUser`` plays one user of one workspace and posts slash
commands, taps, modal submissions, shortcuts and events the way Slack does, signed
with slack_sdk's ``SignatureVerifier``. Answers that Bolt's lazy listeners send after
the ack arrive at the fake Web API, where the tests wait for them.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import uvicorn
from slack_bolt import App
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette

from adapters.slack.server import slack_routes
from tests.fakes.slack_api import Call, FakeSlackAPI

SIGNING_SECRET = "test-signing-secret-0123456789"
_ids = itertools.count(1)


class SlackServer:
    """The Bolt app's HTTP routes on a free port of 127.0.0.1, in a thread."""

    def __init__(self, app: App | None = None, *, asgi: Any = None) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        served = asgi if asgi is not None else Starlette(routes=slack_routes(app))  # type: ignore[arg-type]
        config = uvicorn.Config(served, log_level="warning", access_log=False,
                                lifespan="on" if asgi is not None else "off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._sock]}, daemon=True)

    @classmethod
    def serving(cls, asgi: Any) -> SlackServer:
        """Serve a whole ASGI app (e.g. the web process's) instead of one Bolt app."""
        return cls(asgi=asgi)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SlackServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._sock.close()


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            "Content-Type": content_type}


@dataclass
class SlackWorkspaceUser:
    """One person in one workspace, talking to the app through Slack."""

    server: SlackServer
    api: FakeSlackAPI
    user_id: str = "U0AAA"
    team_id: str = "T0001"
    name: str = "Priya Raman"

    def post(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
             headers: dict[str, str] | None = None) -> httpx.Response:
        sent = signed_headers(body, content_type=content_type)
        sent.update(headers or {})
        return httpx.post(self.server.url + "/slack/events", content=body.encode("utf-8"),
                          headers=sent, timeout=30)

    def _response_url(self) -> tuple[str, str]:
        name = f"r{next(_ids)}"
        return name, self.api.response_url(name)

    def command(self, text: str) -> tuple[httpx.Response, str]:
        """``/coach <text>``; returns the HTTP answer and the response_url's name."""
        name, url = self._response_url()
        body = urlencode({
            "token": "legacy", "team_id": self.team_id, "team_domain": "acme",
            "channel_id": "C0GENERAL", "channel_name": "general", "user_id": self.user_id,
            "user_name": self.name.lower(), "command": "/coach", "text": text,
            "api_app_id": "A0001", "response_url": url,
            "trigger_id": f"{next(_ids)}.{self.team_id}.trigger",
        })
        return self.post(body), name

    def responses(self, name: str, count: int = 1) -> list[dict[str, Any]]:
        """What the app posted to a response_url, waiting for its lazy listener."""
        return [c.params for c in self.api.wait_for(f"response/{name}", count)]

    def ask(self, text: str, count: int = 1) -> list[dict[str, Any]]:
        """A slash command and the ephemeral answers it got."""
        response, name = self.command(text)
        assert response.status_code == 200, response.text
        return self.responses(name, count)

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        return self.post(urlencode({"payload": json.dumps(payload)}))

    def tap(self, value: str, *, action_id: str = "coach.0", in_home: bool = False,
            response_name: str | None = None) -> tuple[httpx.Response, str]:
        name, url = self._response_url()
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": self.team_id, "domain": "acme"},
            "user": {"id": self.user_id, "team_id": self.team_id},
            "api_app_id": "A0001", "token": "legacy",
            "trigger_id": f"{next(_ids)}.{self.team_id}.trigger",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                         "value": value, "action_ts": str(time.time())}],
        }
        if in_home:
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home"}
        else:
            payload["container"] = {"type": "message", "message_ts": "1.0",
                                    "channel_id": "D0AAA", "is_ephemeral": True}
            payload["channel"] = {"id": "D0AAA"}
            payload["response_url"] = url
        return self.interaction(payload), name

    def shortcut(self, text: str, author: str) -> tuple[httpx.Response, str]:
        name, url = self._response_url()
        payload = {
            "type": "message_action", "callback_id": "suggest_reply",
            "team": {"id": self.team_id, "domain": "acme"},
            "user": {"id": self.user_id, "team_id": self.team_id},
            "channel": {"id": "C0GENERAL", "name": "general"},
            "message": {"type": "message", "user": author, "text": text, "ts": "2.0"},
            "response_url": url, "trigger_id": f"{next(_ids)}.{self.team_id}.trigger",
            "message_ts": "2.0", "token": "legacy",
        }
        return self.interaction(payload), name

    def submit(self, callback_id: str, values: dict[str, dict[str, Any]],
               private_metadata: str = "") -> httpx.Response:
        payload = {
            "type": "view_submission", "team": {"id": self.team_id, "domain": "acme"},
            "user": {"id": self.user_id, "team_id": self.team_id}, "api_app_id": "A0001",
            "trigger_id": f"{next(_ids)}.{self.team_id}.trigger", "token": "legacy",
            "view": {"id": "VMODAL", "type": "modal", "callback_id": callback_id,
                     "private_metadata": private_metadata,
                     "state": {"values": values}},
        }
        return self.interaction(payload)

    def event(self, event: dict[str, Any], *, event_id: str | None = None,
              retry_num: int | None = None) -> httpx.Response:
        body = json.dumps({
            "token": "legacy", "team_id": self.team_id, "api_app_id": "A0001",
            "event": event, "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team_id, "user_id": "UBOT0001",
                                "is_bot": True}],
        })
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num),
                       "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(body, content_type="application/json", headers=headers)

    def direct_message(self, text: str, *, event_id: str | None = None,
                       retry_num: int | None = None) -> httpx.Response:
        return self.event({"type": "message", "channel_type": "im", "channel": "D0AAA",
                           "user": self.user_id, "text": text, "ts": f"{time.time():.6f}"},
                          event_id=event_id, retry_num=retry_num)

    def open_home(self) -> httpx.Response:
        return self.event({"type": "app_home_opened", "user": self.user_id, "tab": "home",
                           "channel": "D0AAA"})


def texts(params: dict[str, Any]) -> str:
    """All visible text of a message or view (blocks included), for assertions."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(params.get("blocks") or params.get("view") or [])
    if not found and isinstance(params.get("text"), str):
        found.append(params["text"])
    return "\n".join(found)


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every button in a message or view, in order."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "button":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(params.get("blocks") or params.get("view") or [])
    return found


def last_call(api: FakeSlackAPI, method: str) -> Call:
    return api.calls_to(method)[-1]
