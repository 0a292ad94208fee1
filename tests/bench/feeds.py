"""Generated news feeds served over real HTTP on 127.0.0.1, for the benchmark's stores and loads.

Every feed is a plain RSS 2.0 document of up to 100 items (what one source gives per fetch),
with Italian and English headlines made of common news words, so ranking and clustering see
text like the real thing. Routes (all GET):

``/feed/<n>``         feed number ``n`` (stable content: the same items every time)
``/slow/<s>/feed/<n>`` the same, answered after ``s`` seconds
``/big/<s>``          a ~2.5 MB feed (many long items), answered after ``s`` seconds; the time
                      the last byte was sent is recorded in :attr:`FeedServer.big_sent_at`
"""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from tests.bench.words import WORDS_EN, WORDS_IT

ITEMS_PER_FEED = 100
"""What one source gives per fetch (the RSS parser keeps at most 100)."""


def source_name(number: int) -> str:
    """The configured name of feed ``number`` (what the Trending list shows per row)."""
    return f"Feed {number:03d}"


def feed_xml(
    number: int,
    now: datetime,
    *,
    items: int = ITEMS_PER_FEED,
    summary: int = 1,
    html: bool = False,
) -> bytes:
    """Feed ``number``: ``items`` headlines published over the last ten hours before ``now``.

    ``html``: each description is escaped HTML (a paragraph with a link), as aggregators send
    it; such a feed goes through feedparser, not the plain RSS reader.
    """
    rng = random.Random(number)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>{source_name(number)}</title><link>https://feed{number}.example.org/</link>",
        "<description>bench</description><language>it-it</language>",
    ]
    for index in range(items):
        words = WORDS_IT if (number + index) % 3 else WORDS_EN
        title = " ".join(rng.choice(words) for _ in range(rng.randint(4, 11))).capitalize()
        at = now - timedelta(minutes=rng.randint(0, 600))
        body = " ".join(rng.choice(words) for _ in range(30 * summary))
        if html:
            body = f'<p>{body} <a href="https://feed{number}.example.org/{index}">more</a></p>'
        parts.append(
            f"<item><title>{escape(title)} {number}-{index}</title>"
            f"<link>https://feed{number}.example.org/{index}</link>"
            f"<guid>feed{number}-{index}</guid>"
            f"<pubDate>{format_datetime(at)}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def big_feed_xml(now: datetime) -> bytes:
    """A ~2.5 MB feed: 900 items with long HTML descriptions (a busy aggregator's full dump).

    HTML, so feedparser parses it (seconds, the case the key-during-parse row is about): a
    plain one is read by the fast plain RSS reader in a few hundredths of a second.
    """
    return feed_xml(999, now, items=900, summary=12, html=True)


class _ManySourcesServer(ThreadingHTTPServer):
    """A threaded server whose listen backlog holds a whole refresh's connections at once.

    The standard library's backlog is 5: when ``rtc fetch`` opens 20 connections at once (20
    sources, which in real life are 20 different hosts), the kernel drops the SYNs past the
    backlog and the client resends them after its 1 s retransmission timeout, so a third of
    the sources looked a second slower than they are, whatever the fetcher did.
    """

    request_queue_size = 256
    daemon_threads = True


class FeedServer:
    """A threaded HTTP server for the routes above, on an ephemeral 127.0.0.1 port."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self._cache: dict[int, bytes] = {}
        self._big = big_feed_xml(self.now)
        self._lock = threading.Lock()
        self.big_sent_at: list[float] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                parts = self.path.split("?")[0].strip("/").split("/")
                if parts[0] == "slow":
                    time.sleep(float(parts[1]))
                    parts = parts[2:]
                if parts[0] == "big":
                    time.sleep(float(parts[1]))
                    self._send(server._big)
                    server.big_sent_at.append(time.time())
                    return
                if parts[0] == "feed" and len(parts) == 2 and parts[1].isdigit():
                    self._send(server.feed(int(parts[1])))
                    return
                self.send_error(404)

            def _send(self, data: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _ManySourcesServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def feed(self, number: int) -> bytes:
        """Feed ``number``'s bytes (built once)."""
        with self._lock:
            if number not in self._cache:
                self._cache[number] = feed_xml(number, self.now)
            return self._cache[number]

    @property
    def big_size(self) -> int:
        """Bytes in the big feed."""
        return len(self._big)

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
