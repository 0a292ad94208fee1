"""A tiny JSON HTTP server on 127.0.0.1 for the network fakes, with injectable faults.

A fake app is a callable taking a :class:`Request` and returning a :class:`Reply`. Faults are
queued per route: the next matching request gets the fault instead of (``status``, ``hang``,
``drop_before``) or after (``drop_after``: the work is done, then the connection is closed
without an answer, like a proxy timing out after the backend committed) the normal answer.
Every request is recorded, body included, so tests can assert what was sent.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    """One request the server saw."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def param(self, name: str) -> str:
        values = self.query.get(name) or [""]
        return values[0]


@dataclass
class Reply:
    """What to answer."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """A misbehaviour for the next request to ``path`` (``method`` too, if given)."""

    path: str
    kind: str
    """``status``, ``drop_before``, ``drop_after`` or ``hang``."""
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    method: str = ""


App = Callable[[Request], Reply]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            self.command,
            parts.path,
            parse_qs(parts.query),
            {k.lower(): v for k, v in self.headers.items()},
            body,
        )
        self.server.record(request)
        fault = self.server.take_fault(request)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if fault is not None and fault.kind == "hang":
                self.server.stopping.wait(30)
                return
            if fault is not None and fault.kind == "drop_before":
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault is not None and fault.kind == "status":
                self.send(Reply(fault.status, fault.body, fault.headers))
                return
            reply = self.server.app(request)
            if fault is not None and fault.kind == "drop_after":
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send(reply)

    do_GET = do_POST = do_DELETE = _handle  # noqa: N815 - stdlib names

    def send(self, reply: Reply) -> None:
        data = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: App) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = app
        self.stopping = threading.Event()
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()

    def record(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def take_fault(self, request: Request) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.path == request.path and fault.method in {"", request.method}:
                    return self.faults.pop(index)
        return None


class FakeServer:
    """Serves a fake app in a background thread; use as a context manager."""

    def __init__(self, app: App) -> None:
        self._server = _Server(app)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[Request]:
        with self._server.lock:
            return list(self._server.requests)

    def requests_to(self, path: str, method: str = "") -> list[Request]:
        return [r for r in self.requests if r.path == path and method in {"", r.method}]

    def fault(self, path: str, kind: str, **options: Any) -> None:
        """Queue a fault for the next request to ``path``."""
        with self._server.lock:
            self._server.faults.append(Fault(path, kind, **options))

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
