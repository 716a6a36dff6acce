"""A fake Socket Mode endpoint: the WebSocket that ``apps.connections.open`` points to.

Slack's Socket Mode sends envelopes (slash commands, interactions, events) over a
WebSocket the app opened, and the app acknowledges each by sending back its
``envelope_id``. This fake speaks just enough of RFC 6455 for slack_sdk's built-in
client: the opening handshake, unfragmented text frames, ping/pong and close. It
runs on 127.0.0.1 in threads of its own, with the standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def _frame(opcode: int, payload: bytes) -> bytes:
    """A final, unmasked frame, as a server sends it."""
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        return head + bytes([size]) + payload
    if size < 1 << 16:
        return head + bytes([126]) + struct.pack("!H", size) + payload
    return head + bytes([127]) + struct.pack("!Q", size) + payload


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _read_frame(conn: socket.socket) -> tuple[int, bytes]:
    first, second = _exactly(conn, 2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", _exactly(conn, 2))[0]
    elif size == 127:
        size = struct.unpack("!Q", _exactly(conn, 8))[0]
    mask = _exactly(conn, 4) if second & 0x80 else b"\0\0\0\0"
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(_exactly(conn, size)))
    return first & 0x0F, payload


class FakeSocketMode:
    """Accepts the app's WebSocket, sends envelopes, records what the app sends back."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.handshakes: list[str] = []
        self._changed = threading.Condition()
        self._send_lock = threading.Lock()
        self._conn: socket.socket | None = None
        self._listener = socket.create_server(("127.0.0.1", 0))

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` answers."""
        port = self._listener.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id=A0001"

    def __enter__(self) -> FakeSocketMode:
        threading.Thread(target=self._accept, daemon=True, name="fake-socket-mode").start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        if self._conn is not None:
            self._conn.close()

    # --- the server side ---------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            lines = request.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip()
                       for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            accept = base64.b64encode(hashlib.sha1(
                (headers["sec-websocket-key"] + _GUID).encode()).digest()).decode()
            conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")
                         .encode())
            with self._changed:
                self.handshakes.append(lines[0])
                self._conn = conn
                self._changed.notify_all()
            self._send(conn, {"type": "hello", "num_connections": 1,
                              "connection_info": {"app_id": "A0001"},
                              "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
            self._read(conn)
        except (OSError, ConnectionError, KeyError):
            return

    def _read(self, conn: socket.socket) -> None:
        while True:
            opcode, payload = _read_frame(conn)
            if opcode == PING:
                with self._send_lock:
                    conn.sendall(_frame(PONG, payload))
            elif opcode == CLOSE:
                with self._send_lock:
                    conn.sendall(_frame(CLOSE, payload[:2]))
                return
            elif opcode == TEXT:
                with self._changed:
                    self.received.append(json.loads(payload))
                    self._changed.notify_all()

    def _send(self, conn: socket.socket, message: dict[str, Any]) -> None:
        with self._send_lock:
            conn.sendall(_frame(TEXT, json.dumps(message).encode("utf-8")))

    # --- test controls -----------------------------------------------------------------

    def wait_connected(self, timeout: float = 60.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._conn is not None, timeout):
                raise AssertionError("the app never opened the Socket Mode connection")

    def send(self, envelope: dict[str, Any]) -> None:
        """Deliver an envelope to the app, as Slack does."""
        self.wait_connected()
        assert self._conn is not None
        self._send(self._conn, envelope)

    def ack_for(self, envelope_id: str, timeout: float = 30.0) -> dict[str, Any]:
        """The app's acknowledgement of an envelope, waiting for it."""
        with self._changed:
            found = self._changed.wait_for(lambda: next(
                (m for m in self.received if m.get("envelope_id") == envelope_id), None),
                timeout)
        if found is None:
            raise AssertionError(f"no acknowledgement of {envelope_id}")
        return found
