"""End-to-end: the live-event journey of issue #13, typed into a real terminal (tmux).

One story carried by four feeds is one row; the path from an event under the cursor to an
exported post is counted in keys; resizes leave the screen as a fresh start draws it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from rtc_tui.store import Store
from tests.e2e.tmux import have_tmux, terminal

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

STORY = {
    "ansa": "Sanremo, vince Olivia Marras con Vetro sottile",
    "world": "Olivia Marras wins Sanremo festival with Vetro sottile",
    "rai": "Olivia Marras vince Sanremo: la finale in diretta",
    "blog": "Sanremo, Olivia Marras vince con Vetro sottile: le pagelle",
}
"""One story, four sources, four ways to tell it."""

OTHER = "Pasta, il prezzo del grano duro ai minimi"


def _rss(name: str, titles: list[str]) -> bytes:
    now = datetime.now(UTC)
    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://{name}.example/{i}</link>"
        f"<guid>https://{name}.example/{i}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=5 + i))}</pubDate></item>"
        for i, t in enumerate(titles)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{name}</title><link>https://{name}.example/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def four_feeds() -> Iterator[str]:
    """Four RSS feeds on 127.0.0.1 carrying the same story (and one other item on one)."""
    feeds = {f"/{name}.xml": _rss(name, [title]) for name, title in STORY.items()}
    feeds["/ansa.xml"] = _rss("ansa", [STORY["ansa"], OTHER])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body = feeds.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_one_story_from_four_sources_is_one_row(tmp_path: Path, four_feeds: str) -> None:
    data = tmp_path / "data"
    Store(data)
    config = tmp_path / "config.yaml"
    sources = "".join(
        f"  - {{name: {name.upper()}, type: rss, url: '{four_feeds}/{name}.xml', every: 1h}}\n"
        for name in STORY
    )
    config.write_text(f"user: giulia\nsources:\n{sources}", encoding="utf-8")
    args = ["--data-dir", str(data), "--config", str(config)]
    with terminal(args, tmp_path, width=160, height=48) as term:
        screen = term.wait_for("4 sources", "grano duro")
        rows = [line for line in screen.splitlines() if "Marras" in line]
        assert len(rows) == 1, screen
        assert "▸ 4 sources" in rows[0]
        term.keys("Space")  # its copies, one per source, under it
        screen = term.wait_for("▾ 4 sources")
        copies = [line for line in screen.splitlines() if "└" in line]
        assert len(copies) == 4, screen
        assert {name.upper() for name in STORY} <= set(re.findall(r"[A-Z]{3,5}", screen))
        term.keys("Space")
        term.wait_for("▸ 4 sources")
        term.keys("q")
        assert term.wait_exit() == 0
