"""The checklist desk in-process: events inherited, second eyes, review, links, export records."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from msgspec.structs import replace

from rtc_tui.config import Config, ExportConfig
from rtc_tui.core.models import DraftStatus, Event, to_iso
from rtc_tui.desk import BadInputError, Desk, RefusedError
from rtc_tui.desk.checklist import LINKS_KEY
from rtc_tui.store import Store
from tests.conftest import FROZEN_NOW
from tests.safety_corpus import shipped_lexicon


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on both backends: the data dir and a real PostgreSQL database."""
    return any_store


MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


class LinkServer:
    """``/ok`` answers HEAD and GET; ``/nohead`` refuses HEAD (405) but answers GET; else 404."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self, *, head: bool) -> None:
                if self.path == "/ok" or (self.path == "/nohead" and not head):
                    status = 200
                elif self.path == "/nohead":
                    status = 405
                else:
                    status = 404
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_HEAD(self) -> None:
                self._answer(head=True)

            def do_GET(self) -> None:
                self._answer(head=False)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def links() -> Iterator[LinkServer]:
    server = LinkServer()
    yield server
    server.close()


def tick_all(desk: Desk, draft_id: int) -> None:
    """The author's items, and bob's second pair of eyes (a second desk on the same store)."""
    for item_id in MANUAL:
        desk.checklist.tick(draft_id, item_id)
    Desk(desk.config, desk.store, user="bob", now=desk.now).checklist.tick(draft_id, "second_eyes")


def store_event(desk: Desk, title: str, summary: str = "") -> Event:
    event = Event(
        id="ev1",
        source="ANSA",
        title=title,
        summary=summary,
        first_seen=FROZEN_NOW - timedelta(minutes=20),
        last_seen=FROZEN_NOW,
        sensitivity=shipped_lexicon().classify(f"{title} {summary}"),
    )
    desk.store.events.merge(lambda _current: [event])
    return event


def test_draft_from_a_sensitive_event_is_blocked_by_the_event(desk: Desk) -> None:
    store_event(desk, "Alluvione in Emilia", "Due vittime a Faenza")
    draft = desk.drafts.new(event_id="ev1", text="Restiamo all'asciutto!", platforms=["x"])
    tick_all(desk, draft.id)
    state = desk.checklist.check(draft.id)
    assert {m.id for m in state.gate.missing} == {
        "event:sensitive_social_issues:alluvione",
        "event:death_injury_military_conflict:vittime",
    }
    with pytest.raises(RefusedError, match="export refused: draft 1 has 2 thing"):
        desk.exports.export(draft.id, "md")


def test_export_records_time_since_the_event_was_first_seen(desk: Desk) -> None:
    store_event(desk, "Italia in finale agli Europei")
    draft = desk.drafts.new(event_id="ev1", text="Forza azzurri!", platforms=["x"])
    tick_all(desk, draft.id)
    result = desk.exports.export(draft.id, "txt")
    record = result.draft.exports[0]
    assert record.seconds_since_first_seen == 20 * 60
    assert record.by == "alice"
    assert Path(result.target).read_text(encoding="utf-8") == "Forza azzurri!\n"
    assert desk.drafts.get(draft.id).status is DraftStatus.EXPORTED


def test_hashtag_of_a_sensitive_trending_event_blocks_a_draft(desk: Desk) -> None:
    store_event(desk, "#WhyIStayed", "Survivors of domestic violence share their stories")
    draft = desk.drafts.new(text="#WhyIStayed You had pizza.", platforms=["x"])
    report = desk.checklist.safety_report(desk.drafts.get(draft.id))
    assert any(f.match == "#whyistayed" for f in report.blocking)


def test_brand_off_limits_words_block(store: Store, frozen_now: Callable[[], datetime]) -> None:
    config = replace(Config(), brand=replace(Config().brand, off_limits=("politica",)))
    desk = Desk(config, store, user="alice", now=frozen_now)
    draft = desk.drafts.new(text="La politica? Noi pensiamo alla pizza", platforms=["x"])
    assert [f.category for f in desk.checklist.check(draft.id).blocking] == ["brand_off_limits"]


def test_second_eyes_and_overrides_always_need_someone_else(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    author = Desk(Config(), store, user="alice", now=frozen_now)
    reviewer = Desk(Config(), store, user="bob", now=frozen_now)
    draft = author.drafts.new(text="Sparatoria in centro!", platforms=["x"])
    for item_id in MANUAL:
        author.checklist.tick(draft.id, item_id)
    key = "text:crime_harmful_acts:sparatoria"
    with pytest.raises(RefusedError, match="other than the author"):
        author.checklist.tick(draft.id, "second_eyes")
    with pytest.raises(RefusedError, match="other than the author"):
        author.checklist.override(draft.id, key, "it is an idiom")
    reviewer.checklist.tick(draft.id, "second_eyes")
    reviewer.checklist.override(draft.id, key, "Football idiom, checked")
    assert author.checklist.check(draft.id).gate.passed
    audit = store.state.audit_log()
    assert [(a["action"], a["by"]) for a in audit if a["action"] == "override"] == [
        ("override", "bob")
    ]


def test_approve_is_gated_and_send_back_keeps_a_private_note(desk: Desk) -> None:
    draft = desk.drafts.new(text="Che finale!", platforms=["x"])
    with pytest.raises(RefusedError, match="approve refused"):
        desk.checklist.approve(draft.id)
    tick_all(desk, draft.id)
    assert desk.checklist.approve(draft.id).status is DraftStatus.APPROVED
    back = desk.checklist.send_back(draft.id, "Più breve, per favore")
    assert back.status is DraftStatus.DRAFT
    assert back.review_notes == [
        {"by": "alice", "at": FROZEN_NOW.isoformat(), "note": "Più breve, per favore"}
    ]
    with pytest.raises(RefusedError, match="only a draft in review"):
        desk.checklist.send_back(draft.id, "again")
    with pytest.raises(BadInputError, match="needs a note"):
        desk.checklist.send_back(draft.id, "  ")
    # The ticks were given on the same content: sending back does not make them stale.
    assert desk.checklist.check(draft.id).gate.passed
    exported = desk.exports.export(draft.id, "json").rendered.content
    assert "Più breve" not in exported


async def test_links_are_checked_head_then_get_and_stored(desk: Desk, links: LinkServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/x"
    text = f"Vedi {links.url}/ok e {links.url}/nohead, non {links.url}/missing né {closed}"
    draft = desk.drafts.new(text=text, platforms=["mastodon"])
    assert desk.checklist.check(draft.id).get("links").status.value == "auto_pending"
    results = {r.url: r for r in await desk.checklist.check_links(draft.id)}
    assert results[f"{links.url}/ok"].ok
    assert results[f"{links.url}/nohead"].ok
    assert results[f"{links.url}/nohead"].status == 200
    assert not results[f"{links.url}/missing"].ok
    assert results[f"{links.url}/missing"].status == 404
    assert not results[closed].ok
    assert results[closed].error == "ConnectError"
    state = desk.checklist.check(draft.id)
    assert state.get("links").status.value == "auto_failed"
    assert {f.match for f in state.report.findings if f.category == "links"} == {
        f"{links.url}/missing",
        closed,
    }
    stored = desk.store.state.get(LINKS_KEY, {})
    assert stored[f"{links.url}/ok"]["at"] == to_iso(FROZEN_NOW)


def test_export_dir_from_config_and_bad_timezone(store: Store, tmp_path: Path) -> None:
    config = replace(Config(), export=ExportConfig(dir=str(tmp_path / "out"), timezone="Mars/Base"))
    desk = Desk(config, store, user="alice")
    draft = desk.drafts.new(text="Ciao", platforms=["x"])
    tick_all(desk, draft.id)
    with pytest.raises(BadInputError, match="unknown time zone"):
        desk.exports.export(draft.id, "md")
    good = replace(config, export=ExportConfig(dir=str(tmp_path / "out"), timezone="Europe/Rome"))
    result = Desk(good, store, user="alice").exports.export(draft.id, "md")
    assert Path(result.target).parent == tmp_path / "out"


def test_checklist_template_from_config_relative_to_the_config_file(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "team.yaml").write_text(
        "items:\n  - id: legal\n    label: Legal said yes\n", encoding="utf-8"
    )
    config = replace(Config(), path=tmp_path / "config.yaml", checklist="team.yaml")
    desk = Desk(config, store, user="alice")
    assert [i.id for i in desk.checklist.template().items] == ["legal"]
    broken = replace(config, checklist="missing.yaml")
    with pytest.raises(BadInputError, match="missing.yaml: cannot read"):
        Desk(broken, store, user="alice").checklist.template()
