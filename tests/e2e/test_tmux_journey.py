"""End-to-end: the live-event journey of issue #13, typed into a real terminal (tmux).

One story carried by four feeds is one row; the path from an event under the cursor to an
exported post is counted in keys; resizes leave the screen as a fresh start draws it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from rtc_tui.core.models import Event, event_id
from rtc_tui.store import FileStore
from tests.e2e.tmux import POLL_SECONDS, WAIT_SECONDS, Terminal, have_tmux, terminal
from tests.integration.cli import rtc

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
        def do_GET(self) -> None:
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
    FileStore(data)
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


class CountingTerminal:
    """Keys sent through here are counted; typed text (the post itself) is not."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.keys_sent: list[str] = []

    def key(self, *keys: str) -> None:
        self.keys_sent.extend(keys)
        self.term.keys(*keys)


MANUAL_ITEMS = 7
"""The default checklist's items a person ticks (the rest are computed)."""

JOURNEY_KEYS = 5
"""Issue #13: n, ctrl+s, one key to the checklist, e, enter (beyond the text and the ticks)."""


def test_event_to_exported_post_in_five_keys_and_one_per_tick(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("user: giulia\nsources: []\n", encoding="utf-8")
    now = datetime.now(UTC)
    title = "Neve a Roma, fiocchi anche al Colosseo"
    FileStore(data).events.merge(
        lambda _current: [
            Event(
                id=event_id("ANSA", "https://ansa.example/neve"),
                source="ANSA",
                title=title,
                url="https://ansa.example/neve",
                first_seen=now - timedelta(minutes=3),
                last_seen=now,
            )
        ]
    )
    args = ["--data-dir", str(data), "--config", str(config)]
    with terminal(args, tmp_path) as raw:
        raw.wait_for("Colosseo")
        term = CountingTerminal(raw)
        started = time.monotonic()
        term.key("n")  # the draft opens with the cursor in its text
        raw.wait_for("#1 event:")
        raw.wait_for("esc: leave text")
        raw.type("Roma imbiancata: cioccolata calda per tutti")
        raw.wait_for("per tutti")
        term.key("C-s")
        raw.wait_for(re.compile(r"r\d+ · saved"))
        term.key("Tab")  # from the text straight to the checklist
        raw.wait_for("[4 Checklist]", "Timing is right")
        ticks = CountingTerminal(raw)
        ticks.key(*["Space"] * MANUAL_ITEMS)  # a burst: each space ticks the next open item
        raw.wait_for("[ ]  Second pair of eyes", re.compile(r"· 9/10\b"))
        # The second pair of eyes is a colleague's (issue #12), given from a script: no key here.
        review = rtc("checklist", "1", "--tick", "second_eyes", "--user", "marco", *args)
        assert review.returncode == 0, review.stderr
        raw.wait_for("ready to export")
        term.key("e")
        raw.wait_for("Export #1")
        term.key("Enter")  # the last-used format (the first offer, the clipboard, at first)
        raw.wait_gone("Export #1")
        # This tmux has the default set-clipboard (external): the copy cannot arrive, and
        # the notice says so; the text is in a file as well.
        raw.wait_for(re.compile(r"[Tt]mux drops"))
        deadline = time.monotonic() + WAIT_SECONDS
        while len(_exports(data, config)) < 2 and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        elapsed = time.monotonic() - started
        raw.keys("q")
        assert raw.wait_exit() == 0
    exports = _exports(data, config)
    assert [e["format"] for e in exports] == ["clipboard", "txt"]
    [saved] = (data / "exports").glob("draft-1-*.txt")
    assert saved.read_text(encoding="utf-8") == "Roma imbiancata: cioccolata calda per tutti\n"
    assert len(ticks.keys_sent) == MANUAL_ITEMS
    print(
        f"\njourney: {len(term.keys_sent)} keys beyond the text + {len(ticks.keys_sent)} ticks"
        f" ({' '.join(term.keys_sent)}), {elapsed:.1f} s wall time"
    )
    assert len(term.keys_sent) <= JOURNEY_KEYS, term.keys_sent


def _exports(data: Path, config: Path) -> list[dict[str, object]]:
    shown = rtc("draft", "show", "1", "--json", "--data-dir", str(data), "--config", str(config))
    if shown.returncode != 0:
        return []
    record = json.loads(shown.stdout)
    exports = record.get("exports") or []
    assert isinstance(exports, list)
    return exports
