"""A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack.

The adapter's ``WebClient`` (and Bolt's ``respond``) talk to it over real HTTP, so the
tests exercise slack_sdk's request encoding, its retry handlers and Bolt's OAuth flow.
It runs in a thread of its own because slack_sdk's client is synchronous and is called
from Bolt's worker threads.

Tests can make it misbehave: :meth:`FakeSlackAPI.rate_limit` answers the next calls of
a method with HTTP 429 and ``Retry-After``; :meth:`FakeSlackAPI.fail` answers them with
a Slack error such as ``user_not_found``, ``channel_not_found`` or ``account_inactive``;
:meth:`FakeSlackAPI.server_error` with HTTP 500 or 503.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

# Form fields slack_sdk sends JSON-encoded inside application/x-www-form-urlencoded bodies.
_JSON_FIELDS = ("blocks", "attachments", "view", "files", "metadata")


@dataclass(frozen=True)
class Workspace:
    """One Slack team the fake knows, with its bot token."""

    team_id: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    name: str = "Acme"
    enterprise_id: str | None = None


@dataclass(frozen=True)
class SlackUser:
    """A user ``users.info`` knows about."""

    team_id: str
    user_id: str
    real_name: str
    tz: str = "Europe/Berlin"
    locale: str = "de-DE"


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    token: str | None
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class _Fault:
    status: int
    error: str
    retry_after: int | None
    remaining: int


@dataclass
class FakeSlackAPI:
    """The fake server; use it as a context manager (``with FakeSlackAPI() as api``)."""

    workspaces: list[Workspace] = field(default_factory=lambda: [Workspace(
        "T0001", "xoxb-test-T0001", "UBOT0001", "B0001")])
    users: list[SlackUser] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    # Files users shared, downloadable with a bot token at their url_private_download.
    shared: dict[str, bytes] = field(default_factory=dict)
    # What oauth.v2.access hands out, by the code the test put into the redirect.
    oauth_codes: dict[str, Workspace] = field(default_factory=dict)
    # 0 picks a free port; a fixed one lets a test start the server after a client
    # has begun to call (a refused connection that later succeeds).
    port: int = 0
    # Socket Mode: the app-level token, and the WebSocket URL apps.connections.open gives.
    app_token: str = "xapp-1-A0001-test"
    socket_mode_url: str | None = None

    def __post_init__(self) -> None:
        self._faults: dict[str, list[_Fault]] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._gates: dict[str, threading.Event] = {}
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------

    def share_file(self, content: bytes, name: str) -> dict[str, Any]:
        """A file object as a ``file_share`` message event carries it."""
        file_id = f"F{len(self.shared) + 1:08d}"
        self.shared[file_id] = content
        return {"id": file_id, "name": name, "size": len(content),
                "url_private_download": f"{self.root}/download/{file_id}/{name}"}

    def __enter__(self) -> FakeSlackAPI:
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="fake-slack-api")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def root(self) -> str:
        if self._server is None:
            assert self.port, "start the server first, or give it a port"
            return f"http://127.0.0.1:{self.port}"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        """What ``WebClient(base_url=...)`` takes (``SLACK_API_URL``)."""
        return f"{self.root}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A ``response_url`` for a payload; what is posted there is recorded."""
        return f"{self.root}/response/{name}"

    # --- test controls ----------------------------------------------------------

    def add_user(self, user: SlackUser) -> None:
        self.users.append(user)

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and Retry-After."""
        with self._lock:
            self._faults.setdefault(method, []).append(
                _Fault(429, "ratelimited", retry_after, times))

    def hold(self, prefix: str) -> threading.Event:
        """Keep calls whose method starts with ``prefix`` waiting until the returned
        event is set: shows that the app answered Slack before doing that call."""
        gate = threading.Event()
        self._gates[prefix] = gate
        return gate

    def _wait_at_gate(self, method: str) -> None:
        for prefix, gate in list(self._gates.items()):
            if method.startswith(prefix):
                gate.wait(60)

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": ...}``."""
        with self._lock:
            self._faults.setdefault(method, []).append(_Fault(200, error, None, times))

    def server_error(self, method: str, *, status: int = 500, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with an HTTP server error."""
        with self._lock:
            self._faults.setdefault(method, []).append(
                _Fault(status, "internal_error", None, times))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, *, timeout: float = 30.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Block until ``count`` accepted calls of ``method`` arrived (Bolt's lazy
        listeners run in threads after the HTTP response); raises on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls
                         if c.method == method and c.ok and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"waited in vain for {count} x {method}; saw {seen}")
                self._changed.wait(left)

    # --- answering ----------------------------------------------------------------

    def _workspace(self, token: str | None) -> Workspace | None:
        return next((w for w in self.workspaces if w.bot_token == token), None)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _fault(self, method: str) -> _Fault | None:
        with self._lock:
            queue = self._faults.get(method)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
            return fault

    def answer(self, method: str, params: dict[str, Any],
               token: str | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        fault = self._fault(method)
        if fault is not None:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            return fault.status, {"ok": False, "error": fault.error}, headers
        if method.startswith("response/"):
            return 200, {"ok": True}, {}
        if method.startswith("upload/"):
            return 200, {"ok": True}, {}
        if method == "oauth.v2.access":
            return 200, self._oauth(params), {}
        if method == "apps.connections.open":
            if token != self.app_token or self.socket_mode_url is None:
                return 200, {"ok": False, "error": "invalid_auth"}, {}
            return 200, {"ok": True, "url": self.socket_mode_url}, {}
        workspace = self._workspace(token)
        if workspace is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, handler(workspace, params), {}

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def _auth_test(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"https://{w.name.lower()}.slack.test/", "team": w.name,
                "user": "coach", "team_id": w.team_id, "user_id": w.bot_user_id,
                "bot_id": w.bot_id, "enterprise_id": w.enterprise_id,
                "is_enterprise_install": False}

    def _chat_postMessage(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        ts = self._next_ts()
        return {"ok": True, "channel": channel, "ts": ts,
                "message": {"text": params.get("text"), "ts": ts, "bot_id": w.bot_id}}

    def _chat_postEphemeral(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"),
                "text": params.get("text")}

    def _view(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        view = dict(params.get("view") or {})
        view.setdefault("id", f"V{next(self._ts):08d}")
        view["team_id"] = w.team_id
        return {"ok": True, "view": view}

    _views_open = _view
    _views_publish = _view
    _views_update = _view
    _views_push = _view

    def _users_info(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        user_id = params.get("user")
        user = next((u for u in self.users if u.user_id == user_id
                     and u.team_id == w.team_id), None)
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        info: dict[str, Any] = {
            "id": user.user_id, "team_id": user.team_id, "name": user.real_name.lower(),
            "real_name": user.real_name, "tz": user.tz, "deleted": False,
            "profile": {"real_name": user.real_name, "display_name": user.real_name},
        }
        if str(params.get("include_locale", "")).lower() in ("1", "true"):
            info["locale"] = user.locale
        return {"ok": True, "user": info}

    def _conversations_open(self, w: Workspace, params: dict[str, Any]) -> dict[str, Any]:
        users = str(params.get("users", ""))
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + users.split(",")[0].lstrip("U")}}

    def _files_getUploadURLExternal(self, w: Workspace,
                                    params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ts):08d}"
        return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, w: Workspace,
                                      params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files") or []
        return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")}
                                      for f in files]}

    def _oauth(self, params: dict[str, Any]) -> dict[str, Any]:
        workspace = self.oauth_codes.get(str(params.get("code", "")))
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True, "app_id": "A0001", "access_token": workspace.bot_token,
            "token_type": "bot", "scope": "commands,chat:write,users:read,im:write",
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None, "is_enterprise_install": False,
            "authed_user": {"id": "UINSTALLER"},
        }


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if "application/json" in content_type:
        parsed = json.loads(raw.decode("utf-8"))
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    if "multipart/form-data" in content_type or "application/octet-stream" in content_type:
        return {"_bytes": raw}
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
    for name in _JSON_FIELDS:
        if isinstance(params.get(name), str):
            with contextlib.suppress(json.JSONDecodeError):
                params[name] = json.loads(params[name])
    return params


def _handler_for(api: FakeSlackAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output should show only what failed."""

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            path = self.path.split("?", 1)[0]
            method = path[len("/api/"):] if path.startswith("/api/") else path.lstrip("/")
            uploading = method.startswith("upload/")
            params = {} if uploading else _parse_body(self.headers.get("Content-Type", ""), raw)
            if "?" in self.path:
                params.update({k: v[0] for k, v in parse_qs(self.path.split("?", 1)[1]).items()})
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else params.get("token")
            api._wait_at_gate(method)
            if uploading:
                api.uploads[method[len("upload/"):]] = raw
            status, body, headers = api.answer(method, params, token)
            api._record(Call(method, params, token, status, body))
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if not self.path.startswith("/download/"):
                self.do_POST()
                return
            file_id = self.path.split("/")[2]
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            content = api.shared.get(file_id)
            known = any(w.bot_token == token for w in api.workspaces)
            api._record(Call("download", {"file": file_id}, token, 200 if known else 403, {}))
            if content is None or not known:
                self.send_response(404 if known else 403)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    return Handler
