"""A real HTTP server on 127.0.0.1 for source tests: every source type and every misbehaviour.

Routes (all GET):

``/feeds/<file>``
    a fixture from ``tests/fixtures/sources`` with an ETag and Last-Modified; a matching
    ``If-None-Match`` / ``If-Modified-Since`` gets 304.
``/mastodon/api/v1/trends/{tags,links,statuses}``, ``/hn/v0/topstories.json``,
``/hn/v0/item/<id>.json``, ``/reddit/r/italy/hot.json``,
``/bsky/xrpc/app.bsky.unspecced.getTrendingTopics``
    the API sources, from their fixtures (conditional as above).
``/slow/<seconds>/<route>``
    waits, then answers ``<route>``.
``/hang/<anything>``
    accepts and never answers (until the server stops).
``/trickle``
    promises a big body and sends a byte every 0.2 s.
``/status/<code>``
    answers that status (429 and 503 carry ``Retry-After: 120``).
``/big/declared``, ``/big/streamed``, ``/big/gzip``
    6 MB with a Content-Length, 6 MB without one, 10 MB of zeros gzip-compressed.
``/gzip/<file>``, ``/gzip-broken``
    a fixture gzip-compressed; 20 bytes that claim to be gzip and are not.
``/redirect/<n>/<route>``, ``/redirect-loop``
    ``n`` redirects then ``<route>``; a loop that never ends.
``/drop``
    closes the connection without answering.
``/lying-charset/<file>``
    a fixture served with ``charset=utf-8`` whatever its declaration says.

Every request is recorded (path, query and headers) for assertions.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

API_ROUTES = {
    "/mastodon/api/v1/trends/tags": "mastodon_tags.json",
    "/mastodon/api/v1/trends/links": "mastodon_links.json",
    "/mastodon/api/v1/trends/statuses": "mastodon_statuses.json",
    "/hn/v0/topstories.json": "hn_topstories.json",
    "/reddit/r/italy/hot.json": "reddit_italy_hot.json",
    "/bsky/xrpc/app.bsky.unspecced.getTrendingTopics": "bluesky_trending.json",
}

LAST_MODIFIED = formatdate(1772312400, usegmt=True)
BIG = 6 * 1024 * 1024


@dataclass(frozen=True)
class Recorded:
    """One request the server saw."""

    path: str
    query: str
    headers: dict[str, str]


def content_type(name: str) -> str:
    """The Content-Type a real server would send for a fixture file."""
    if name.endswith(".json"):
        return "application/json; charset=utf-8"
    if name.endswith(".html"):
        return "text/html; charset=utf-8"
    if name.startswith("atom"):
        return "application/atom+xml"
    return "application/rss+xml"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.record(
            Recorded(parts.path, parts.query, {k.lower(): v for k, v in self.headers.items()})
        )
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route(parts.path)

    def route(self, path: str) -> None:
        if path.startswith("/slow/"):
            _, _, seconds, rest = path.split("/", 3)
            self.server.stopping.wait(float(seconds))
            self.route("/" + rest)
        elif path.startswith("/hang"):
            self.server.stopping.wait(60)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(300):
                if self.server.stopping.wait(0.2):
                    return
                self.wfile.write(b" ")
                self.wfile.flush()
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self.send_response(code)
            if code in {429, 503}:
                self.send_header("Retry-After", "120")
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"nope\n")
        elif path == "/big/declared":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            self.stream_zeros(BIG)
        elif path == "/big/streamed":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.stream_zeros(BIG)
        elif path == "/big/gzip":
            body = gzip.compress(b"<" + b" " * (10 * 1024 * 1024), compresslevel=9)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path.startswith("/gzip/"):
            body = gzip.compress((FIXTURES / path.rsplit("/", 1)[1]).read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/gzip-broken":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", "20")
            self.end_headers()
            self.wfile.write(b"\x1f\x8b\x08\x00not really gzip!")
        elif path.startswith("/redirect/"):
            _, _, count, rest = path.split("/", 3)
            left = int(count)
            target = f"/redirect/{left - 1}/{rest}" if left > 1 else "/" + rest
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif path == "/redirect-loop":
            self.send_response(302)
            self.send_header("Location", "/redirect-loop")
            self.end_headers()
        elif path == "/drop":
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path.startswith("/lying-charset/"):
            name = path.rsplit("/", 1)[1]
            self.send_body((FIXTURES / name).read_bytes(), "application/rss+xml; charset=utf-8")
        elif path.startswith("/feeds/"):
            name = path.rsplit("/", 1)[1]
            self.send_fixture(name)
        elif path in API_ROUTES:
            self.send_fixture(API_ROUTES[path])
        elif path.startswith("/hn/v0/item/") and path.endswith(".json"):
            item_id = path.rsplit("/", 1)[1].removesuffix(".json")
            items = json.loads((FIXTURES / "hn_items.json").read_text("utf-8"))
            if item_id in items:
                self.send_body(json.dumps(items[item_id]).encode(), "application/json")
            else:
                self.send_body(b"null", "application/json")
        else:
            self.send_response(404)
            self.end_headers()

    def stream_zeros(self, size: int) -> None:
        chunk = b"\0" * 65536
        sent = 0
        while sent < size and not self.server.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)

    def send_fixture(self, name: str) -> None:
        path = FIXTURES / name
        if not path.is_file() or "/" in name:
            self.send_response(404)
            self.end_headers()
            return
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers
            and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_body(data, content_type(name), etag=etag)

    def send_body(self, data: bytes, ctype: str, *, etag: str = "") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)


class FeedServer:
    """The server, started in a background thread; use as a context manager."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    @property
    def requests(self) -> list[Recorded]:
        """Every request seen so far (a copy)."""
        with self._server._lock:
            return list(self._server.requests)

    def requests_to(self, path: str) -> list[Recorded]:
        """The requests seen for ``path`` (exact match)."""
        return [r for r in self.requests if r.path == path]

    def start(self) -> FeedServer:
        """Start serving."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release every waiting handler and stop."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":  # pragma: no cover - manual poking
    with FeedServer() as server:
        print(server.base, flush=True)
        while True:
            time.sleep(3600)
