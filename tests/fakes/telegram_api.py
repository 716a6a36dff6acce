"""An in-process fake of the Telegram Bot API that python-telegram-bot talks to over real HTTP.

Usage::

    async with FakeTelegramAPI() as api:
        async with telegram.Bot(api.token, base_url=api.base_url,
                                base_file_url=api.base_file_url) as bot:
            await bot.send_message(chat_id=1, text="hi")
        assert api.sent_messages(chat_id=1)[0]["text"] == "hi"

The server is a small HTTP/1.1 implementation on ``asyncio`` streams (keep-alive, concurrent
connections, Content-Length and chunked bodies, url-encoded and multipart forms). It binds to
127.0.0.1 on a free port and only ever serves this process. Everything runs on the test's event
loop; all waiting helpers are coroutines.

Parameter decoding: PTB sends string values verbatim and JSON-encodes every other value
(ints, bools, lists, dicts) into form fields. The fake decodes each field with ``json.loads``
unless the field is known to be free text (``text``, ``caption``, ``url``, ...), so
``params["chat_id"]`` is an ``int`` and ``params["reply_markup"]`` a ``dict``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fakes.telegram_updates import BOT_TOKEN, JSONDict, bot_user

__all__ = ["Call", "FakeTelegramAPI", "StoredFile", "UploadedFile"]

# Sends that count towards rate limits and `delivered`.
COUNTED_SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText"})
# Methods whose results show up in `sent_messages()`.
MESSAGE_METHODS = COUNTED_SENDS
# Prefixes of methods that a blocked chat answers with 403.
_BLOCKABLE_PREFIXES = ("send", "edit", "copy", "forward")

# Fields that carry free text; they are never JSON-decoded (a text "42" stays "42").
TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "file_id",
        "action",
        "name",
        "description",
        "short_description",
        "title",
        "query",
        "emoji",
        "question",
        "explanation",
        "business_connection_id",
        "message_effect_id",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "first_name",
        "last_name",
        "phone_number",
        "address",
        "invite_link",
        "custom_title",
        "payload",
        "currency",
        "start_parameter",
        "provider_token",
        "next_offset",
        "result_id",
    }
)

_ERROR_DESCRIPTIONS = {
    400: "Bad Request: fault injected by FakeTelegramAPI",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    502: "Bad Gateway",
}

_MAX_HEADER_LINE = 64 * 1024


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content: bytes
    content_type: str | None


@dataclass
class Call:
    """One request the fake received (also the rejected ones)."""

    method: str
    params: JSONDict
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int = 200
    response: JSONDict = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")


@dataclass(frozen=True)
class StoredFile:
    """A file the fake can hand out via getFile and the file download endpoint."""

    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    content: bytes
    mime_type: str | None = None


@dataclass
class _Fault:
    error_code: int
    retry_after: int | None
    description: str
    remaining: int


class _ApiError(Exception):
    def __init__(self, error_code: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        data: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            data["parameters"] = self.parameters
        return data


class _Drop(Exception):
    """Close the connection without answering (see ``FakeTelegramAPI.drop_next``)."""


@dataclass
class _HttpRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class FakeTelegramAPI:
    """Fake Bot API server; see the module docstring.

    Attributes worth asserting on:
      ``calls``             every request, in arrival order (``Call``)
      ``uploads``           every uploaded file part (``UploadedFile``)
      ``my_commands``       language_code ("" = default) -> commands from setMyCommands
      ``webhook_url``/``webhook_secret_token``  from setWebhook ("" / None after deleteWebhook)
      ``confirmed_offset``  highest getUpdates offset seen (updates below it are dropped)
      ``delivered``         accepted sendMessage/sendPhoto/sendDocument/editMessageText calls
      ``rejected_429``      429 answers (``enforce_rate_limits`` and ``fail_next``)
      ``active_long_polls`` getUpdates requests currently waiting for updates
    """

    def __init__(
        self,
        token: str = BOT_TOKEN,
        *,
        long_poll_cap: float = 1.0,
        bot: JSONDict | None = None,
    ) -> None:
        self.token = token
        self.long_poll_cap = long_poll_cap
        self.bot_user: JSONDict = bot or bot_user()

        self.calls: list[Call] = []
        self.uploads: list[UploadedFile] = []
        self.my_commands: dict[str, list[JSONDict]] = {}
        self.webhook_url: str = ""
        self.webhook_secret_token: str | None = None
        self.confirmed_offset: int | None = None
        self.delivered = 0
        self.rejected_429 = 0
        self.active_long_polls = 0

        self._updates: list[JSONDict] = []
        self._last_update_id = 0
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._drops: dict[str, deque[bool]] = {}
        self._delays: dict[str, deque[float]] = {}
        self._stalls: dict[str, deque[float]] = {}
        self._blocked: set[int] = set()
        self._global_limit: int | None = None
        self._per_chat_limit: int | None = None
        self._global_window: deque[float] = deque()
        self._chat_windows: dict[int, deque[float]] = {}

        self._changed = asyncio.Event()
        self._closing = False
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._busy: set[asyncio.Task[None]] = set()
        self.port: int | None = None

    # --- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegramAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("FakeTelegramAPI is already running")
        self._closing = False
        self._server = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is None:
            return
        self._closing = True
        self._server.close()
        self._notify()  # pending long polls answer [] right away
        with contextlib.suppress(TimeoutError):  # let in-flight requests finish
            await self.wait_until(lambda: not self._busy, 1.0)
        for task in list(self._connections):  # idle keep-alive connections
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeTelegramAPI is not running; use `async with`")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Pass as ``Bot(base_url=...)``; PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass as ``Bot(base_file_url=...)``; PTB appends the token."""
        return f"{self.url}/file/bot"

    # --- feeding data -----------------------------------------------------------------------

    def push_update(self, update: JSONDict) -> int:
        """Queue an update for getUpdates; assigns the next ``update_id`` if missing."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._last_update_id + 1
        self._last_update_id = max(self._last_update_id, update["update_id"])
        self._updates.append(update)
        self._updates.sort(key=lambda u: u["update_id"])
        self._notify()
        return int(update["update_id"])

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed by a getUpdates offset."""
        return list(self._updates)

    def add_file(
        self, content: bytes, file_name: str = "file.bin", *, mime_type: str | None = None
    ) -> str:
        """Register a downloadable file; returns its ``file_id``."""
        return self._store_file(content, file_name, "documents", mime_type).file_id

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    # --- faults -----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` with an error.

        429 carries ``parameters.retry_after`` (PTB raises ``RetryAfter``); 403 reads
        "Forbidden: bot was blocked by the user" unless ``description`` says otherwise.
        """
        if error_code == 429:
            default = f"Too Many Requests: retry after {retry_after}"
        else:
            default = _ERROR_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        fault = _Fault(
            error_code=error_code,
            retry_after=retry_after if error_code == 429 else None,
            description=description or default,
            remaining=times,
        )
        self._faults.setdefault(method.lower(), deque()).append(fault)

    def drop_next(self, method: str, *, after_delivery: bool, times: int = 1) -> None:
        """Close the connection without an answer for the next ``times`` calls to ``method``.

        ``after_delivery=False``: the call is dropped before it is handled, so nothing was
        delivered (as when a proxy resets the connection). ``True``: the message is
        delivered and counted, but the client never hears back, as after a read timeout.
        Calls dropped before handling show up in ``calls`` with status 0; delivered ones
        count as sent (``sent_messages``), as they did arrive.
        """
        self._drops.setdefault(method.lower(), deque()).extend([after_delivery] * times)

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Handle the next ``times`` calls to ``method`` at once (a message is delivered)
        but answer only after ``seconds``, so a client with a shorter read timeout gives
        up on a request that did succeed."""
        self._delays.setdefault(method.lower(), deque()).extend([seconds] * times)

    def stall_next(self, method: str, seconds: float = 60, *, times: int = 1) -> None:
        """Take the next ``times`` calls to ``method`` but never handle them: no answer for
        ``seconds``, then the connection closes and nothing was delivered. A test kills
        the client meanwhile, to stop it between its commit and its send. Stalled calls
        show up in ``calls`` with status 0 as soon as they arrive."""
        self._stalls.setdefault(method.lower(), deque()).extend([seconds] * times)

    def block_chat(self, chat_id: int) -> None:
        """Every send/edit to ``chat_id`` answers 403 until ``unblock_chat``."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def enforce_rate_limits(
        self, global_per_second: int | None = 30, per_chat_per_second: int | None = 1
    ) -> None:
        """Answer 429 when a counted send exceeds either limit in a sliding one-second window.

        Pass ``None`` to lift a limit. Only accepted sends occupy the window.
        """
        self._global_limit = global_per_second
        self._per_chat_limit = per_chat_per_second
        self._global_window.clear()
        self._chat_windows.clear()

    # --- inspecting -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        lowered = method.lower()
        return [call for call in self.calls if call.method.lower() == lowered]

    def sent_messages(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Accepted sendMessage/editMessageText/sendPhoto/sendDocument calls, in order.

        Each dict: method, chat_id, message_id, text (text or caption), caption, parse_mode,
        reply_markup (decoded), entities, file_name (uploads), params (all decoded params).
        """
        out: list[JSONDict] = []
        for call in self.calls:
            if call.method not in MESSAGE_METHODS or not call.ok:
                continue
            if chat_id is not None and call.chat_id != chat_id:
                continue
            result = call.result if isinstance(call.result, dict) else {}
            upload = next(iter(call.files.values()), None)
            out.append(
                {
                    "method": call.method,
                    "chat_id": call.chat_id,
                    "message_id": result.get("message_id", call.params.get("message_id")),
                    "text": call.params.get("text", call.params.get("caption")),
                    "caption": call.params.get("caption"),
                    "parse_mode": call.params.get("parse_mode"),
                    "reply_markup": call.params.get("reply_markup"),
                    "entities": call.params.get("entities"),
                    "file_name": upload.filename if upload else None,
                    "params": call.params,
                }
            )
        return out

    # --- waiting ----------------------------------------------------------------------------

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5,  # noqa: ASYNC109
        what: str = "condition",
    ) -> None:
        """Wait (without blocking the loop) until ``predicate()`` holds after some request."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [call.method for call in self.calls]
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; calls: {seen}")
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.25))

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> list[Call]:
        """Wait until ``method`` was called at least ``count`` times; returns those calls."""
        await self.wait_until(
            lambda: len(self.calls_to(method)) >= count,
            timeout,
            what=f"{count} call(s) to {method}",
        )
        return self.calls_to(method)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # --- HTTP layer -------------------------------------------------------------------------

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while not self._closing:
                request = await self._read_request(reader)
                if request is None:
                    break
                self._busy.add(task)
                status, body, content_type = await self._route(request)
                keep_alive = request.headers.get("connection", "").lower() != "close"
                head = (
                    f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
                    f"Content-Type: {content_type}\r\n"
                    f"Content-Length: {len(body)}\r\n"
                    f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
                )
                writer.write(head.encode("latin-1") + body)
                await writer.drain()
                self._busy.discard(task)
                self._notify()
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # client went away (e.g. PTB cancelled a long poll on shutdown)
        except _Drop:
            pass  # a fault: the connection closes without an answer
        except asyncio.CancelledError:
            # stop() closing an idle keep-alive connection. Ended quietly: asyncio's
            # server logs a traceback for every connection task that ends cancelled.
            pass
        finally:
            self._connections.discard(task)
            self._busy.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader) -> _HttpRequest | None:
        request_line = await reader.readline()
        if not request_line:
            return None
        method, target, _version = request_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = await reader.readline()
            if len(line) > _MAX_HEADER_LINE:
                raise ConnectionError("header line too long")
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip(), 16)
                if size == 0:
                    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        return _HttpRequest(method, target, headers, body)

    async def _route(self, request: _HttpRequest) -> tuple[int, bytes, str]:
        path = unquote(urlsplit(request.target).path)
        file_prefix = f"/file/bot{self.token}/"
        api_prefix = f"/bot{self.token}/"
        if path.startswith(file_prefix):
            stored = self._files_by_path.get(path[len(file_prefix) :])
            if stored is None:
                body = json.dumps(_ApiError(404, "Not Found").payload()).encode()
                return 404, body, "application/json"
            return 200, stored.content, stored.mime_type or "application/octet-stream"
        if not path.startswith(api_prefix):
            # Telegram answers 401 for a well-formed but wrong token, 404 for anything else.
            error = (
                _ApiError(401, "Unauthorized")
                if path.startswith("/bot")
                else _ApiError(404, "Not Found")
            )
            return error.error_code, json.dumps(error.payload()).encode(), "application/json"
        api_method = path[len(api_prefix) :].strip("/")
        params, files = self._decode_params(request)
        payload, status = await self._handle_api_call(api_method, params, files)
        return status, json.dumps(payload).encode(), "application/json"

    def _decode_params(self, request: _HttpRequest) -> tuple[JSONDict, dict[str, UploadedFile]]:
        raw: dict[str, str] = dict(parse_qsl(urlsplit(request.target).query))
        files: dict[str, UploadedFile] = {}
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            form, files = _parse_multipart(request.body, content_type)
            raw.update(form)
        elif content_type.startswith("application/json") and request.body:
            return dict(json.loads(request.body)), files
        elif request.body:
            raw.update(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
        return {name: _decode_value(name, value) for name, value in raw.items()}, files

    # --- Bot API semantics ------------------------------------------------------------------

    async def _handle_api_call(
        self, method: str, params: JSONDict, files: dict[str, UploadedFile]
    ) -> tuple[JSONDict, int]:
        call = Call(method=method, params=params, files=files)
        stalls = self._stalls.get(method.lower())
        if stalls:
            seconds = stalls.popleft()
            call.status = 0
            self.calls.append(call)
            self._notify()
            with contextlib.suppress(TimeoutError):
                await self.wait_until(lambda: self._closing, seconds)
            raise _Drop
        drops = self._drops.get(method.lower())
        drop_after = drops.popleft() if drops else None
        if drop_after is False:
            call.status = 0
            self.calls.append(call)
            self._notify()
            raise _Drop
        self.uploads.extend(files.values())
        try:
            self._check_faults(method, params)
            result = await self._dispatch(method, params, files)
        except _ApiError as error:
            call.status, call.response = error.error_code, error.payload()
        else:
            call.response = {"ok": True, "result": result}
            if method in COUNTED_SENDS:
                self.delivered += 1
        self.calls.append(call)
        self._notify()
        if drop_after:
            raise _Drop
        delays = self._delays.get(method.lower())
        if delays:
            await asyncio.sleep(delays.popleft())
        return call.response, call.status

    def _check_faults(self, method: str, params: JSONDict) -> None:
        queue = self._faults.get(method.lower())
        if queue:
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.popleft()
            parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
            if fault.error_code == 429:
                self.rejected_429 += 1
            raise _ApiError(fault.error_code, fault.description, parameters)

        chat_id = params.get("chat_id")
        if chat_id in self._blocked and method.startswith(_BLOCKABLE_PREFIXES):
            raise _ApiError(403, "Forbidden: bot was blocked by the user")

        if method in COUNTED_SENDS and (self._global_limit or self._per_chat_limit):
            self._check_rate_limits(chat_id)

    def _check_rate_limits(self, chat_id: Any) -> None:
        now = time.monotonic()
        windows: list[tuple[deque[float], int]] = []
        if self._global_limit:
            windows.append((self._global_window, self._global_limit))
        if self._per_chat_limit and chat_id is not None:
            key = self._chat_key(chat_id)
            windows.append((self._chat_windows.setdefault(key, deque()), self._per_chat_limit))
        retry_after = 0
        for window, _limit in windows:
            while window and window[0] <= now - 1.0:
                window.popleft()
        for window, limit in windows:
            if len(window) >= limit:
                retry_after = max(retry_after, max(1, math.ceil(window[0] + 1.0 - now)))
        if retry_after:
            self.rejected_429 += 1
            raise _ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        for window, _limit in windows:
            window.append(now)

    async def _dispatch(self, method: str, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return True  # generic fallback: the call is recorded, the answer is `true`
        return await handler(params, files)

    async def _api_getme(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        return self.bot_user

    async def _api_getupdates(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        timeout = float(params.get("timeout") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset or 0, offset)
        elif offset < 0:
            self._updates = self._updates[offset:]
        if not self._updates and timeout > 0 and not self._closing:
            self.active_long_polls += 1
            self._notify()
            try:
                with contextlib.suppress(TimeoutError):
                    await self.wait_until(
                        lambda: bool(self._updates) or self._closing,
                        min(timeout, self.long_poll_cap),
                    )
            finally:
                self.active_long_polls -= 1
        return self._updates[:limit]

    async def _api_sendmessage(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        text = params.get("text")
        if not text:
            raise _ApiError(400, "Bad Request: message text is empty")
        message = self._new_message(chat_id, params, text=text)
        if params.get("entities"):
            message["entities"] = params["entities"]
        return message

    async def _api_sendphoto(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        stored = self._media_param("photo", params, files, "photos", "photo.jpg")
        message = self._new_message(chat_id, params, caption=params.get("caption"))
        size = len(stored.content)
        message["photo"] = [
            {
                "file_id": f"{stored.file_id}-small",
                "file_unique_id": f"{stored.file_unique_id}-small",
                "width": 90,
                "height": 90,
                "file_size": min(size, 1024),
            },
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 800,
                "height": 600,
                "file_size": size,
            },
        ]
        return message

    async def _api_senddocument(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        stored = self._media_param("document", params, files, "documents", "document.bin")
        message = self._new_message(chat_id, params, caption=params.get("caption"))
        message["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type or "application/octet-stream",
            "file_size": len(stored.content),
        }
        return message

    async def _api_editmessagetext(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        if not params.get("text"):
            raise _ApiError(400, "Bad Request: message text is empty")
        if "inline_message_id" in params:
            return True
        message = self._existing_message(params)
        message["text"] = params["text"]
        message.pop("entities", None)
        if params.get("entities"):
            message["entities"] = params["entities"]
        self._apply_markup(message, params)
        message["edit_date"] = int(time.time())
        return message

    async def _api_editmessagereplymarkup(
        self, params: JSONDict, files: dict[str, UploadedFile]
    ) -> Any:
        if "inline_message_id" in params:
            return True
        message = self._existing_message(params)
        message.pop("reply_markup", None)
        self._apply_markup(message, params)
        message["edit_date"] = int(time.time())
        return message

    async def _api_answercallbackquery(
        self, params: JSONDict, files: dict[str, UploadedFile]
    ) -> Any:
        if not params.get("callback_query_id"):
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired")
        return True

    async def _api_setmycommands(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        self.my_commands[params.get("language_code") or ""] = commands
        return True

    async def _api_deletemycommands(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        self.my_commands.pop(params.get("language_code") or "", None)
        return True

    async def _api_getmycommands(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        return self.my_commands.get(params.get("language_code") or "", [])

    async def _api_getfile(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _api_setwebhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        self.webhook_url = str(params.get("url") or "")
        self.webhook_secret_token = params.get("secret_token")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_deletewebhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        self.webhook_url = ""
        self.webhook_secret_token = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getwebhookinfo(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_sendchataction(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        self._require_chat(params)
        return True

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _chat_key(chat_id: Any) -> int:
        if isinstance(chat_id, int):
            return chat_id
        # "@channelusername": a stable fake id in the channel range
        return -1_000_000_000_000 - zlib.crc32(str(chat_id).encode())

    def _require_chat(self, params: JSONDict) -> int:
        if params.get("chat_id") in (None, ""):
            raise _ApiError(400, "Bad Request: chat_id is empty")
        return self._chat_key(params["chat_id"])

    def _new_message(self, chat_id: int, params: JSONDict, **content: Any) -> JSONDict:
        message_id = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = message_id
        if chat_id > 0:
            chat: JSONDict = {"id": chat_id, "type": "private", "first_name": "Test User"}
        elif chat_id <= -1_000_000_000_000:
            chat = {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
        else:
            chat = {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}
        message: JSONDict = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
        }
        message.update({key: value for key, value in content.items() if value is not None})
        self._apply_markup(message, params)
        self._messages[(chat_id, message_id)] = message
        detached: JSONDict = json.loads(json.dumps(message))
        return detached

    def _existing_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None:  # sent before the fake started; be lenient
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Test User"},
                "from": self.bot_user,
            }
            self._messages[(chat_id, message_id)] = message
        return message

    @staticmethod
    def _apply_markup(message: JSONDict, params: JSONDict) -> None:
        markup = params.get("reply_markup")
        # Telegram only echoes inline keyboards back in the Message object.
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup

    def _media_param(
        self,
        name: str,
        params: JSONDict,
        files: dict[str, UploadedFile],
        folder: str,
        default_name: str,
    ) -> StoredFile:
        value = params.get(name)
        upload = files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if upload is not None:
            return self._store_file(
                upload.content, upload.filename or default_name, folder, upload.content_type
            )
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            file_name = value.rsplit("/", 1)[-1] or default_name
            return self._store_file(b"", file_name, folder, None)
        raise _ApiError(400, f"Bad Request: there is no {name} in the request")

    def _store_file(
        self, content: bytes, file_name: str, folder: str, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_numbers)
        stored = StoredFile(
            file_id=f"fake-file-{number}",
            file_unique_id=f"fake-unique-{number}",
            file_path=f"{folder}/file_{number}_{file_name}",
            file_name=file_name,
            content=content,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored


def _decode_value(name: str, value: str) -> Any:
    if name in TEXT_FIELDS or not value:
        return value
    if value[0] in '{["-0123456789' or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_multipart(
    body: bytes, content_type: str
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    boundary = ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise ValueError("multipart body without boundary")
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break  # closing delimiter
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        raw_headers, _, content = chunk.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in raw_headers.decode("utf-8").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _parse_disposition(headers.get("content-disposition", ""))
        name = disposition.get("name", "")
        if "filename" in disposition:
            files[name] = UploadedFile(
                field=name,
                filename=disposition["filename"],
                content=content,
                content_type=headers.get("content-type"),
            )
        else:
            form[name] = content.decode("utf-8")
    return form, files


def _parse_disposition(header: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in header.split(";")[1:]:
        key, _, value = item.strip().partition("=")
        key = key.lower()
        if key == "filename*" and value.lower().startswith("utf-8''"):
            params["filename"] = unquote(value[7:])
        elif key not in params or key != "filename":
            params[key] = value.strip('"').replace('\\"', '"')
    return params
