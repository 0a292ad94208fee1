"""Issue 11 through the desk: ranked once at ingest, triage without the bodies, retention.

A refresh is merged as ``rtc fetch`` and the app merge one (``_ingest`` on fetch results):
the ranking is stored with it, screens read that ranking, seen marks and a draft from an
event write triage records only, and what leaves the retention window is archived and
counted, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec

from rtc_tui.config import Config, SourceConfig
from rtc_tui.core.models import Event, TriageState, event_id
from rtc_tui.desk import Desk
from rtc_tui.sources.fetch import FetchResult
from rtc_tui.store import FileStore
from tests.conftest import FROZEN_NOW

SOURCE = SourceConfig("Notizie", "rss", "http://127.0.0.1/feed")


def _event(title: str, *, seen: datetime = FROZEN_NOW) -> Event:
    return Event(
        id=event_id(SOURCE.name, title),
        source=SOURCE.name,
        title=title,
        published=seen,
        first_seen=seen,
        last_seen=seen,
    )


def _ingest(desk: Desk, events: list[Event]) -> int:
    report = desk.trending._ingest([FetchResult(SOURCE, ok=True, events=events)])
    return report.archived


TITLES = (
    "Sciopero dei treni regionali in Lombardia",
    "Neve abbondante sulle Alpi piemontesi",
    "Finale della Coppa Italia allo stadio Olimpico",
    "Spread e borsa chiudono in rialzo",
    "Allerta meteo per pioggia in Liguria",
)


def _titles(count: int) -> list[str]:
    return list(TITLES[:count])


def test_the_ranking_is_stored_at_ingest_and_read_without_ranking(desk: Desk) -> None:
    _ingest(desk, [_event(t) for t in _titles(5)])
    stored = desk.store.events.ranking()
    assert len(stored) == 5
    stories, complete = desk.trending.first_stories()
    assert complete
    assert [s.id for s in stories] == [r.id for r in stored]
    assert {s.id for s in desk.trending.stories()} == {r.id for r in stored}


def test_seen_marks_and_a_draft_from_an_event_leave_the_bodies_alone(desk: Desk) -> None:
    assert isinstance(desk.store, FileStore)
    _ingest(desk, [_event(t) for t in _titles(3)])
    folder = desk.store.data_dir
    bodies = [folder / "events-live.json", *sorted((folder / "events.d").iterdir())]
    before = [p.stat().st_mtime_ns for p in bodies]
    [first, *_rest] = desk.trending.stories()
    desk.trending.mark_seen([first.id])
    draft = desk.drafts.new(event_id=first.id)
    assert [p.stat().st_mtime_ns for p in bodies] == before
    assert sorted((folder / "events.d").iterdir()) == bodies[1:]
    event = desk.store.events.get(first.id)
    assert event is not None
    assert event.state is TriageState.REACTED
    assert event.draft_ids == [draft.id]
    shown = {s.id: s.state for s in desk.trending.stories()}
    assert shown[first.id] is TriageState.REACTED


def test_events_past_the_window_are_archived_and_counted(
    store: FileStore, frozen_now: Callable[[], datetime]
) -> None:
    config = msgspec.structs.replace(
        Config(),
        trending=msgspec.structs.replace(Config().trending, retention=3600.0, max_events=3),
    )
    earlier = FROZEN_NOW - timedelta(hours=2)
    then = Desk(config, store, user="alice", now=lambda: earlier)
    desk = Desk(config, store, user="alice", now=frozen_now)
    old = _event("Una notizia di ieri sulle elezioni", seen=earlier)
    pinned = _event("Una notizia vecchia ma appuntata", seen=earlier)
    assert _ingest(then, [old, pinned]) == 0
    then.trending.triage(pinned.id, "pin")
    fresh = [_event(t) for t in _titles(4)]
    moved = _ingest(desk, fresh)
    live = {e.id for e in store.events.all()}
    archived = {e.id for e in store.events.archived()}
    assert pinned.id in live  # pinned stays
    assert old.id in archived  # the stale one moves
    assert moved == len(archived) == 1 + (len(fresh) + 1 - 3)  # window, then max_events
    assert live.isdisjoint(archived)
    assert {r["id"] for r in desk.trending.archived_rows()} == archived
