"""PostgreSQL databases for the benchmark: 100,000 events and 10,000 drafts, filled the copy's way.

A real ``rtc fetch --store URL`` of 1,000 generated feeds (100,000 events) takes about four
minutes on the two-core machine the benchmark runs on (``rtc fetch`` of 100 feeds alone takes
12 to 20 s, into a data dir or a database alike: HTTP and parsing, not the store), more than
the whole PostgreSQL part may take. So the database is filled the way ``rtc store copy --from
DIR --to URL`` fills one, through :meth:`PgStore.restore`, with what an ingest would have
stored:

- the events are the real RSS parser's (:func:`rtc_tui.sources.rss.parse_rss`) reading of the
  same generated feeds ``make bench`` serves over HTTP (:mod:`tests.bench.feeds`), merged and
  classified by the ingest's own :func:`rtc_tui.core.trending.ingest.merge_refresh`;
- the drafts are copies of one made through the desk (``desk.drafts.new``, as ``rtc draft new``
  and the app's ``n`` make them), each with its own id and title;
- the ranking is computed by the desk on the first read after the copy
  (:meth:`rtc_tui.desk.trending.TrendingService.first_stories`), as the first ``rtc`` or app
  started on a copied database does; that one-off cost is reported with the table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from rtc_tui.config import Config, SourceConfig
from rtc_tui.core.models import Event
from rtc_tui.core.trending.ingest import merge_refresh
from rtc_tui.desk import Desk
from rtc_tui.desk.safety_data import lexicon_for
from rtc_tui.sources.rss import parse_rss
from rtc_tui.store import FileStore, StoreSnapshot
from rtc_tui.store.postgres import PgStore
from tests.bench.drafts import draft_text
from tests.bench.feeds import ITEMS_PER_FEED, feed_xml, source_name
from tests.conftest import PG_TEMPLATE
from tests.pgserver import PgServer


@dataclass(frozen=True)
class Filled:
    """A database the benchmark filled: where, how much, and what filling it cost."""

    url: str
    events: int
    drafts: int
    restore_seconds: float
    """:meth:`PgStore.restore` of the snapshot (what ``rtc store copy`` spends writing)."""
    rank_seconds: float
    """The desk's first read after the copy: ranks every event once and stores the ranking."""


def create_database(server: PgServer, name: str) -> str:
    """A new migrated database ``name`` (a copy of the session's template); its URL."""
    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
    return server.url(name)


def feed_events(feeds: int, now: datetime) -> list[Event]:
    """The events an ingest of generated feeds ``0..feeds-1`` stores (parsed, classified)."""
    fresh: list[Event] = []
    for number in range(feeds):
        source = SourceConfig(source_name(number), "rss", f"http://127.0.0.1/feed/{number}")
        fresh += parse_rss(feed_xml(number, now), source, now)
    classify = lexicon_for(Config()).classify
    return list(merge_refresh({}, fresh, now=now, classify=classify).events.values())


def desk_drafts(count: int, work: Path) -> list[dict[str, Any]]:
    """``count`` draft rows shaped as the desk makes them (ids 1..count)."""
    desk = Desk(Config(), FileStore(work / "draft-shape"), user="bench")
    made = desk.drafts.new(title="Bench draft", text=draft_text(400), platforms=["x", "mastodon"])
    row = made.to_dict()
    return [
        {**row, "id": number, "title": f"Bench draft {number}"} for number in range(1, count + 1)
    ]


def fill(server: PgServer, name: str, *, events: int, drafts: int, work: Path) -> Filled:
    """Database ``name`` with about ``events`` events and ``drafts`` drafts, ranked."""
    now = datetime.now(UTC)
    url = create_database(server, name)
    rows = [e.to_dict() for e in feed_events(max(1, events // ITEMS_PER_FEED), now)]
    snapshot = StoreSnapshot(
        drafts=desk_drafts(drafts, work / name) if drafts else [],
        next_draft=drafts + 1,
        events=rows,
    )
    store = PgStore(url, data_dir=work / name / "local")
    try:
        started = time.perf_counter()
        store.restore(snapshot)
        restored = time.perf_counter() - started
        started = time.perf_counter()
        Desk(Config(), store, user="bench").trending.first_stories()
        ranked = time.perf_counter() - started
    finally:
        store.close()
    return Filled(url, len(rows), drafts, restored, ranked)
