"""The trending desk on the bundled demo feeds (offline): refresh, rank, triage, mute, health."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtc_tui.config import Config, TrendingConfig
from rtc_tui.core.models import Level, TriageState
from rtc_tui.desk import BadInputError, Desk
from rtc_tui.desk.trending_views import ago
from rtc_tui.sources.demo import DemoFeeds, demo_sources
from rtc_tui.store import FileStore

NOW = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


@pytest.fixture
def demo_desk(tmp_path: Path) -> Desk:
    return Desk(
        Config(trending=TrendingConfig(max_events=5000)),
        FileStore(tmp_path / "data"),
        user="alice",
        now=lambda: NOW,
        demo=True,
    )


def test_demo_feeds_cover_every_source_type() -> None:
    assert {s.type for s in demo_sources()} == {
        "rss",
        "google_trends",
        "mastodon_trends",
        "hackernews",
        "reddit",
        "bluesky_trending",
    }


def test_demo_refresh_fills_the_store_through_the_real_parsers(demo_desk: Desk) -> None:
    report = demo_desk.trending.refresh_now()
    assert not report.all_failed
    assert all(s.ok for s in report.sources), [s.error for s in report.sources if not s.ok]
    assert all(s.total > 0 for s in report.sources)
    assert sum(s.new for s in report.sources) == len(report.new_ids) >= 12
    events = demo_desk.trending.events()
    assert len(events) == len(report.new_ids)
    levels = {e.sensitivity.level for e in events}
    assert Level.BLOCK in levels  # the building collapse, the earthquake
    assert report.top is not None
    assert report.top.event.id == demo_desk.trending.ranked()[0].event.id


def test_seed_demo_leaves_a_history_to_explain(demo_desk: Desk) -> None:
    demo_desk.trending.seed_demo()
    ranked = demo_desk.trending.ranked()
    rising = [r for r in ranked if any(f.name == "velocity" for f in r.factors)]
    assert rising
    assert "in 1 h" in rising[0].explanation
    assert demo_desk.now() == NOW


def test_second_refresh_adds_nothing_new(demo_desk: Desk) -> None:
    first = demo_desk.trending.refresh_now()
    second = demo_desk.trending.refresh_now()
    assert second.new_ids == ()
    assert len(demo_desk.trending.events()) == len(first.new_ids)


def test_triage_pin_dismiss_snooze_and_restore(demo_desk: Desk) -> None:
    demo_desk.trending.refresh_now()
    events = demo_desk.trending.events()
    low = events[-1]
    assert demo_desk.trending.triage(low.id, "pin").state is TriageState.PINNED
    assert demo_desk.trending.events()[0].id == low.id  # pinned on top
    dismissed = events[0]
    demo_desk.trending.triage(dismissed.id, "dismiss")
    assert dismissed.id not in {e.id for e in demo_desk.trending.events()}
    assert dismissed.id in {e.id for e in demo_desk.trending.events(include_hidden=True)}
    snoozed = demo_desk.trending.triage(events[1].id, "snooze")
    assert snoozed.snoozed_until == NOW + timedelta(hours=1)
    assert snoozed.id not in {e.id for e in demo_desk.trending.events()}
    demo_desk.trending.triage(dismissed.id, "restore")
    assert dismissed.id in {e.id for e in demo_desk.trending.events()}


def test_triage_refuses_unknown_action_or_event(demo_desk: Desk) -> None:
    with pytest.raises(BadInputError, match="unknown triage action"):
        demo_desk.trending.triage("x", "explode")
    with pytest.raises(BadInputError, match="no event"):
        demo_desk.trending.triage("nope", "pin")


def test_mark_seen_in_one_write(demo_desk: Desk) -> None:
    demo_desk.trending.refresh_now()
    ids = [e.id for e in demo_desk.trending.events()[:3]]
    demo_desk.trending.mark_seen(ids)
    states = {e.id: e.state for e in demo_desk.trending.events()}
    assert all(states[i] is TriageState.SEEN for i in ids)


def test_mute_hides_and_unmute_restores(demo_desk: Desk) -> None:
    demo_desk.trending.refresh_now()
    before = len(demo_desk.trending.events())
    assert "source:Bluesky" in demo_desk.trending.mute("source:Bluesky")
    assert not any(e.source == "Bluesky" for e in demo_desk.trending.events())
    assert len(demo_desk.trending.events(include_hidden=True)) == before
    demo_desk.trending.unmute("source:Bluesky")
    assert len(demo_desk.trending.events()) == before


@pytest.mark.parametrize("entry", ["", "   ", "re:(unclosed"])
def test_bad_mute_entries_are_refused(demo_desk: Desk, entry: str) -> None:
    with pytest.raises(BadInputError):
        demo_desk.trending.mute(entry)


def test_saved_filters_merge_config_and_app(tmp_path: Path) -> None:
    desk = Desk(
        Config(trending=TrendingConfig(filters={"calcio": "calcio|serie a"})),
        FileStore(tmp_path / "data"),
        user="alice",
    )
    assert desk.trending.save_filter("sanremo", "sanremo") == {
        "calcio": "calcio|serie a",
        "sanremo": "sanremo",
    }
    with pytest.raises(BadInputError, match="needs a name"):
        desk.trending.save_filter(" ", "x")


def test_event_detail_has_cluster_members_and_context(demo_desk: Desk) -> None:
    demo_desk.trending.refresh_now()
    sanremo = next(r for r in demo_desk.trending.ranked() if r.event.title == "#Sanremo2026")
    detail = demo_desk.trending.event_detail(sanremo.event.id)
    assert len(detail.members) >= 3
    assert {m.source for m in detail.members} >= {"Notizie Italia", "Bluesky"}
    assert detail.ranked.event.context  # the trending posts using the tag
    with pytest.raises(BadInputError):
        demo_desk.trending.event_detail("missing")


def test_event_rows_have_the_documented_shape(demo_desk: Desk) -> None:
    demo_desk.trending.refresh_now()
    rows = demo_desk.trending.event_rows(limit=2)
    assert len(rows) == 2
    assert set(rows[0]) == {
        "id",
        "title",
        "source",
        "url",
        "score",
        "sensitivity",
        "categories",
        "state",
    }


def test_health_summary_and_status(demo_desk: Desk) -> None:
    assert demo_desk.trending.health_summary() == "no sources fetched yet"
    assert demo_desk.trending.next_refresh_due() is None
    demo_desk.trending.refresh_now()
    assert demo_desk.trending.health_summary() == "8/8 sources ok · 0 s ago"
    statuses = demo_desk.trending.source_status()
    assert [s.source.name for s in statuses] == [s.name for s in demo_sources()]
    assert all(s.health.item_count > 0 for s in statuses)
    assert demo_desk.trending.next_refresh_due() == NOW + timedelta(minutes=5)


def test_a_desk_without_sources_has_nothing_due_and_no_fetcher(tmp_path: Path) -> None:
    # Before, "nothing configured" read as "due now": the app woke every second to fetch
    # nothing, and loaded the network stack to do it.
    desk = Desk(Config(sources=()), FileStore(tmp_path / "data"), user="alice", now=lambda: NOW)
    assert desk.trending.next_refresh_due() == NOW + timedelta(hours=1)
    assert desk.trending.source_status() == []
    assert desk.trending.health().configured == 0
    assert desk.trending._fetcher is None


def test_health_is_persisted_for_the_next_session(demo_desk: Desk, tmp_path: Path) -> None:
    demo_desk.trending.refresh_now()
    later = Desk(
        Config(), demo_desk.store, user="bob", now=lambda: NOW + timedelta(seconds=42), demo=True
    )
    assert later.trending.health_summary() == "8/8 sources ok · 42 s ago"


def test_demo_feeds_grow_their_signal_each_serving() -> None:
    feeds = DemoFeeds(lambda: NOW)
    assert feeds.render("{{n:100:2}} {{k:200000:2.5}}", 0) == "100 200K+"
    assert feeds.render("{{n:100:2}} {{k:200000:2.5}}", 1) == "200 500K+"
    assert feeds.render('{"score": "{{=n:10:1}}"}', 0) == '{"score": 10}'
    assert feeds.render("{{iso:-2h}}", 0) == (NOW - timedelta(hours=2)).isoformat()


def test_ago() -> None:
    assert [ago(timedelta(seconds=s)) for s in (5, 125, 7300, 200000)] == [
        "5 s ago",
        "2 min ago",
        "2 h ago",
        "2 d ago",
    ]


def test_refresh_can_run_inside_a_running_loop(demo_desk: Desk) -> None:
    async def run() -> int:
        report = await demo_desk.trending.refresh()
        await demo_desk.trending.aclose()
        return len(report.new_ids)

    assert asyncio.run(run()) > 0


def test_the_best_new_story_reported_is_the_first_of_the_ranked_list(demo_desk: Desk) -> None:
    # ``rtc fetch`` reports the best new story without aging every new row
    # (``_first_ranked``): it must be the one ``_ranked_from`` puts first, whatever the rows'
    # triage states (pins go first, hidden and muted rows are skipped).
    import random

    from msgspec.structs import replace

    demo_desk.trending.refresh_now()
    rows = demo_desk.trending.store.events.ranking()
    demo_desk.trending.mute("source:Bluesky")
    states = [TriageState.NEW, TriageState.PINNED, TriageState.DISMISSED, TriageState.SNOOZED]
    for seed in range(200):
        rng = random.Random(seed)
        changed = []
        for row in rng.sample(rows, rng.randint(1, len(rows))):
            event = replace(row.event, state=rng.choice(states))
            if event.state is TriageState.SNOOZED:
                event.snoozed_until = NOW + timedelta(hours=rng.choice([-1, 1]))
            changed.append(replace(row, event=event))
        ranked = demo_desk.trending._ranked_from(changed, include_hidden=False)
        assert demo_desk.trending._first_ranked(changed) == (ranked[0] if ranked else None)
