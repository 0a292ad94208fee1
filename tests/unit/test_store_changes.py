"""The store's change feed: real files, a real watcher thread, writes from another process."""

import queue
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from watchdog.events import FileModifiedEvent

from rtc_tui.config import Config
from rtc_tui.core.models import Draft
from rtc_tui.desk import Desk
from rtc_tui.desk.trending_views import HealthView
from rtc_tui.store import FileStore, StoreChange

WAIT = 10.0
"""Seconds a notification may take under load (the feed usually answers in milliseconds)."""

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _write_draft_elsewhere(data_dir: Path, title: str) -> None:
    """Create a draft from a separate process, as another editor's session would."""
    code = (
        "import sys; from pathlib import Path; from rtc_tui.config import Config; "
        "from rtc_tui.desk import Desk; from rtc_tui.store import FileStore; "
        "Desk(Config(), FileStore(Path(sys.argv[1])), user='bob').drafts.new(title=sys.argv[2])"
    )
    subprocess.run([sys.executable, "-c", code, str(data_dir), title], check=True)


def _next(changes: "queue.Queue[StoreChange]") -> StoreChange:
    return changes.get(timeout=WAIT)


def test_another_process_writing_a_draft_is_reported(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    changes: queue.Queue[StoreChange] = queue.Queue()
    subscription = store.changes.subscribe(changes.put)
    try:
        _write_draft_elsewhere(tmp_path, "From bob")
        assert [d.title for d in store.drafts.all()] == ["From bob"]
        final = store.changes.stamp()
        # Each write is reported (creating the file is one); the last report has the final stamp.
        seen = [_next(changes)]
        while seen[-1].stamp != final:
            seen.append(_next(changes))
        # The draft and its audit record ("draft_created", in the state file) are two writes.
        assert any("drafts" in change.tables for change in seen)
        assert all(change.tables <= {"drafts", "state"} for change in seen)
    finally:
        subscription.close()


def test_each_table_is_named_and_other_files_are_ignored(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    desk = Desk(Config(), store, user="alice", now=lambda: NOW)
    changes: queue.Queue[StoreChange] = queue.Queue()
    subscription = desk.changes.subscribe(changes.put)
    try:
        (tmp_path / "notes.txt").write_text("not a table", encoding="utf-8")
        desk.prefs.set("theme", "mono")
        change = _next(changes)
        assert change.tables == frozenset({"state"})
        desk.trending.mute("calcio")
        assert "state" in _next(changes).tables
    finally:
        subscription.close()


def test_a_closed_subscription_hears_nothing_more(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    closed: queue.Queue[StoreChange] = queue.Queue()
    still_open: queue.Queue[StoreChange] = queue.Queue()
    first = store.changes.subscribe(closed.put)
    second = store.changes.subscribe(still_open.put)
    try:
        first.close()
        first.close()  # idempotent
        _write_draft_elsewhere(tmp_path, "After close")
        assert "drafts" in _next(still_open).tables
        assert closed.empty()
    finally:
        second.close()


def test_health_is_worded_as_of_the_moment_it_is_shown() -> None:
    last = NOW - timedelta(seconds=12)
    health = HealthView(configured=7, tried=7, ok=6, last_attempt=last)
    assert health.summary(NOW) == "6/7 sources ok · 12 s ago"
    assert health.summary(NOW + timedelta(minutes=3)) == "6/7 sources ok · 3 min ago"
    assert HealthView(0, 0, 0, None).summary(NOW) == "no sources configured"
    assert HealthView(3, 0, 0, None).summary(NOW) == "no sources fetched yet"


def test_two_writes_seen_in_one_read_announce_both_tables(tmp_path: Path) -> None:
    # A draft and then its review request, written in a row by another process: the watcher's
    # first event (drafts.json) may read a stamp that already holds the state write, and the
    # second event (state.json) then finds nothing new. The review count must still be told.
    store = FileStore(tmp_path)
    changes: queue.Queue[StoreChange] = queue.Queue()
    subscription = store.changes.subscribe(changes.put)
    try:
        subscription.close()  # no watcher thread: the events are handed over below, in order
        store.drafts.create(lambda new_id: Draft(id=new_id, title="Da rivedere"))
        store.state.set("review-requests", {"1": "bob"})
        seen = subscription.seen  # type: ignore[attr-defined]
        seen(FileModifiedEvent(str(tmp_path / "drafts.json")))
        seen(FileModifiedEvent(str(tmp_path / "state.json")))
        announced: set[str] = set()
        while not changes.empty():
            announced |= changes.get_nowait().tables
        assert {"drafts", "state"} <= announced
    finally:
        subscription.close()
