"""The ranking one batch at a time: the same stories and standings as ranking every event.

Realistic titles (Italian and English headlines, searches, hashtags, several sources telling
one story) arrive source by source, as refreshes bring them; the stored index and standings
after the last batch are compared with one run over every event. Where a batch-by-batch run
cannot give the same stories, the case below says exactly how it differs.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from msgspec.structs import replace

from rtc_tui.core.models import Event, Level, Sensitivity, SignalPoint, event_id
from rtc_tui.core.trending.cluster_index import ClusterEntry, entry_from, entry_row, words_of
from rtc_tui.core.trending.ranking import RankSettings, cluster
from rtc_tui.core.trending.rerank import (
    basis_of,
    full_ranking,
    order_key,
    rank_batch,
    rank_update,
)
from rtc_tui.core.trending.standing import Standing, aged, standings
from rtc_tui.core.trending.titles import same_story, title_tokens

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

STORIES: dict[str, list[str]] = {
    "ANSA": [
        "Sanremo 2026, vince Olivia Marras con Vetro sottile",
        "Blackout a Milano, quartieri al buio per due ore",
        "Sciopero dei treni venerdì, le fasce garantite",
        "Allerta meteo in Liguria, scuole chiuse a Genova",
        "Il governo approva la manovra economica",
        "Inter-Milan 2-1, derby deciso nel recupero",
    ],
    "Corriere": [
        "Olivia Marras ha vinto Sanremo, nessuno se lo aspettava",
        "Milano al buio: il blackout ferma la metro",
        "Sciopero treni: cosa sapere sulle fasce garantite di venerdì",
        "Genova, allerta rossa: chiuse le scuole in Liguria",
        "Prezzo della pasta alle stelle, il grano rincara",
    ],
    "World": [
        "Italian singer Olivia Marras wins Sanremo festival",
        "What caused the Milan blackout: a substation post-mortem",
        "Storm warning in Liguria as Genoa closes schools",
        "Tech layoffs hit Milan startups",
    ],
    "Trends": [
        "sanremo 2026",
        "blackout milano",
        "sciopero treni",
        "allerta meteo genova",
        "prezzo pasta",
        "inter milan",
    ],
    "Mastodon": ["#Sanremo2026", "#blackout", "#sciopero", "#Genova", "#italia"],
    "HN": [
        "Show HN: An open source survey tool",
        "The Milan blackout post-mortem, explained by the grid operator",
        "Open source model release beats last year's record",
    ],
    "Reddit": [
        "Italia campione: la nazionale vince la finale di pallavolo",
        "Qualcuno sa se domani ci sono treni con lo sciopero?",
        "Milano senza corrente, ecco la mappa del blackout",
    ],
}


def _event(source: str, title: str, number: int) -> Event:
    rng = random.Random(f"{source}{title}")
    first = NOW - timedelta(minutes=rng.randint(0, 600))
    level = Level.WARN if "blackout" in title.lower() else Level.NONE
    return Event(
        id=event_id(source, title),
        source=source,
        title=title,
        published=first,
        first_seen=first,
        last_seen=NOW,
        signal=float(rng.randint(10, 5000)) if number % 2 else None,
        signal_history=[
            SignalPoint(NOW - timedelta(minutes=50), float(rng.randint(10, 100))),
            SignalPoint(NOW, float(rng.randint(100, 900))),
        ],
        sensitivity=Sensitivity(level=level, categories=("disaster",) if level else ()),
    )


def _by_source() -> dict[str, list[Event]]:
    return {
        source: [_event(source, title, n) for n, title in enumerate(titles)]
        for source, titles in STORIES.items()
    }


def _batches(groups: Iterable[Sequence[Event]], *, now: datetime = NOW) -> _Run:
    run = _Run()
    for group in groups:
        run.add(group, now=now)
    return run


class _Run:
    """A store's part of the ranking, kept the way both backends keep it."""

    def __init__(self) -> None:
        self.live: dict[str, Event] = {}
        self.rows: dict[str, Standing] = {}
        self.entries: dict[str, ClusterEntry] | None = None
        self.order: list[str] = []

    def add(self, group: Sequence[Event], *, now: datetime, remove: Sequence[str] = ()) -> None:
        for event in group:
            self.live[event.id] = event
        for ident in remove:
            self.live.pop(ident, None)
        # Stored and read back, as the stores do (one-letter-key rows).
        previous = (
            None
            if self.entries is None
            else {k: entry_from(entry_row(v)) for k, v in self.entries.items()}
        )
        update = rank_batch(list(self.live.values()), {e.id for e in group}, previous, now=now)
        for row in update.standings:
            self.rows[row.id] = row
        self.rows = {k: v for k, v in self.rows.items() if k in self.live}
        self.entries = update.entries
        self.order = update.order

    def clusters(self) -> dict[str, str]:
        assert self.entries is not None
        return {k: v.cluster for k, v in self.entries.items()}

    def ranking(self) -> list[Standing]:
        return [self.rows[i] for i in self.order]


def _partition(found: Mapping[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for ident, cluster_id in found.items():
        groups[cluster_id].append(ident)
    return sorted(sorted(g) for g in groups.values())


def test_one_batch_of_every_event_is_the_global_ranking() -> None:
    events = [e for group in _by_source().values() for e in group]
    assert full_ranking(events, now=NOW) == standings(events, now=NOW)


def _headlines(found: Mapping[str, str], events: Iterable[Event]) -> list[list[str]]:
    """The stories as groups of their titles of three words or more."""
    big = {e.id for e in events if words_of(title_tokens(e.title)) >= 3}
    return _partition({k: v for k, v in found.items() if k in big})


def _matches_its_story(found: Mapping[str, str], events: Sequence[Event]) -> None:
    """Every title in a story of several tells the same story as another title of it."""
    tokens = {e.id: title_tokens(e.title) for e in events}
    for group in _partition(found):
        for ident in group:
            if len(group) > 1:
                assert any(same_story(tokens[ident], tokens[o]) for o in group if o != ident)


def test_searches_and_tags_after_the_headlines_give_the_global_ranking_in_any_order() -> None:
    by_source = _by_source()
    events = [e for group in by_source.values() for e in group]
    expected = standings(events, now=NOW)
    stories = cluster(events)
    assert len(set(stories.values())) < len(events) - 10  # the stories do merge copies
    headlines = sorted(set(by_source) - {"Trends", "Mastodon"})
    for order in itertools.permutations(headlines):
        for last in (("Trends", "Mastodon"), ("Mastodon", "Trends")):
            run = _batches(by_source[name] for name in (*order, *last))
            assert run.clusters() == stories, order
            assert run.ranking() == expected, order


def test_in_any_order_the_headlines_tell_the_global_stories() -> None:
    """Source by source in every order: the same stories of headlines, always.

    A search or a tag (a title of one or two words) may sit in another story than in a
    global run: it keeps the story it first joined (see the test below); every title still
    tells the same story as another title of its story.
    """
    by_source = _by_source()
    events = [e for group in by_source.values() for e in group]
    stories = cluster(events)
    names = sorted(by_source)
    orders = list(itertools.permutations(names))
    for order in orders[:: len(orders) // 120]:
        found = _batches(by_source[name] for name in order).clusters()
        assert _headlines(found, events) == _headlines(stories, events), order
        _matches_its_story(found, events)


def test_small_batches_in_arrival_order_give_the_global_stories_of_headlines() -> None:
    events = sorted(
        (e for group in _by_source().values() for e in group), key=lambda e: e.first_seen
    )
    for size in (1, 3, 7):
        found = _batches(events[i : i + size] for i in range(0, len(events), size)).clusters()
        assert _headlines(found, events) == _headlines(cluster(events), events), size
        _matches_its_story(found, events)


def test_batches_at_later_times_keep_the_order_scores_decayed_to_now_would_give() -> None:
    by_source = _by_source()
    run = _Run()
    order = [*sorted(set(by_source) - {"Trends", "Mastodon"}), "Trends", "Mastodon"]
    for hours, name in enumerate(order):
        run.add(by_source[name], now=NOW + timedelta(hours=hours))
    later = NOW + timedelta(hours=len(by_source))
    events = list(run.live.values())
    expected = standings(events, now=later)
    shown = [aged(row, later) for row in run.ranking()]
    assert {r.event.id: r.cluster_id for r in shown} == {r.id: r.cluster_id for r in expected}
    want = {r.id: r.score for r in expected}
    for item in shown:
        assert abs(item.score - want[item.event.id]) <= 2e-4, item.event.title
    # The same order, up to scores equal at four decimals (rounded at different times).
    got_scores = [want[r.event.id] for r in shown]
    assert all(a >= b - 2e-4 for a, b in itertools.pairwise(got_scores))


def test_order_key_compares_as_scores_decayed_to_any_later_time() -> None:
    early, late = NOW, NOW + timedelta(hours=3)
    # 0.8 three hours ago (half-life 6 h) is 0.566 now: below 0.6 scored now.
    assert order_key(0.8, early, _settings()) < order_key(0.6, late, _settings())
    assert order_key(0.8, early, _settings()) > order_key(0.5, late, _settings())
    assert order_key(0.0, late, _settings()) < order_key(0.0001, early, _settings())


def _settings() -> RankSettings:
    return RankSettings()


def test_a_batch_scores_again_only_the_stories_and_sources_it_touched() -> None:
    by_source = _by_source()
    run = _batches(by_source[name] for name in sorted(by_source) if name != "HN")
    previous = dict(run.entries or {})
    update = rank_batch(
        [*run.live.values(), *by_source["HN"]],
        {e.id for e in by_source["HN"]},
        previous,
        now=NOW,
    )
    again = {s.id for s in update.standings}
    clusters = {k: v.cluster for k, v in update.entries.items()}
    touched = {clusters[e.id] for e in by_source["HN"]}
    expected = {k for k, c in clusters.items() if c in touched}
    assert not update.full
    assert again == expected  # the HN copies and the stories they joined, nothing else
    assert len(again) < len(clusters) // 2


def test_removed_events_leave_their_story_whole_and_its_rows_scored_again() -> None:
    by_source = _by_source()
    run = _batches(by_source[name] for name in sorted(by_source))
    before = run.clusters()
    world = [e.id for e in by_source["World"]]
    run.add([], now=NOW, remove=world)
    after = run.clusters()
    assert set(after) == set(before) - set(world)
    # A story never splits when a copy leaves: the others keep the story they had.
    assert all(after[k] == before[k] for k in after)
    for row in run.ranking():
        assert not set(row.members) & set(world)
        assert "World" not in row.sources


def test_another_basis_or_no_index_ranks_every_event_again() -> None:
    by_source = _by_source()
    run = _batches(by_source[name] for name in sorted(by_source))
    events = list(run.live.values())
    assert rank_batch(events, set(), run.entries, now=NOW, keywords=("pasta",)).full
    assert rank_batch(events, set(), None, now=NOW).full
    same = rank_batch(events, set(), run.entries, now=NOW)
    assert not same.full
    assert same.standings == []
    assert same.order == run.order
    assert basis_of(("pasta",), _settings()) != basis_of((), _settings())


def test_a_changed_title_joins_its_new_story_and_keeps_the_old_one() -> None:
    by_source = _by_source()
    run = _batches(by_source[name] for name in sorted(by_source))
    stories = run.clusters()
    pasta = next(e for e in by_source["Corriere"] if "pasta" in e.title)
    sanremo = next(e for e in by_source["ANSA"] if "Sanremo" in e.title)
    renamed = replace(pasta, title="Sanremo 2026: Olivia Marras canta Vetro sottile")
    run.add([renamed], now=NOW)
    after = run.clusters()
    # Stories only grow or merge: the pasta story and Sanremo's are one story now.
    assert after[renamed.id] == after[sanremo.id]
    pasta_story = [k for k, c in stories.items() if c == stories[pasta.id]]
    assert all(after[k] == after[sanremo.id] for k in pasta_story)


def test_a_short_title_keeps_the_story_it_joined_when_a_better_one_arrives_later() -> None:
    """The one way a batch-by-batch run differs from a global run, and why it is acceptable.

    ``#Genova`` matches two unrelated headlines equally well; a global run puts it with the
    more specific one (more content words), which here arrives in a later batch. Batch by
    batch, the tag keeps the story it joined when it arrived; the headlines' stories are the
    same in both runs (a one-word title never links two stories). Moving a title between
    stories would change a row the editor may have triaged already, and would mean looking
    at every short title again at every batch: stories only grow or merge.
    """
    bridge = _event("A", "Genova, inaugurato il nuovo ponte sul Polcevera", 0)
    tag = _event("M", "#Genova", 0)
    football = _event("B", "Genova calcio, esonerato l'allenatore dopo la sconfitta col Torino", 0)
    glob = cluster([bridge, tag, football])
    assert glob[tag.id] == glob[football.id] != glob[bridge.id]
    got = _batches([[bridge, tag], [football]]).clusters()
    assert got[tag.id] == got[bridge.id] != got[football.id]
    assert _headlines(got, [bridge, tag, football]) == _headlines(glob, [bridge, tag, football])
    # Had the tag arrived with or after both headlines, it would sit where a global run puts it.
    assert _batches([[bridge], [football], [tag]]).clusters() == glob
    assert _batches([[bridge], [tag, football]]).clusters() == glob


def test_a_waiting_tag_joins_the_headline_a_later_batch_brings() -> None:
    """A short title that matched nothing waits in the index; a later headline takes it up."""
    tag = _event("M", "#blackout", 0)
    other = _event("T", "sciopero treni", 0)
    headline = _event("A", "Blackout a Milano, quartieri al buio per due ore", 0)
    search = _event("T", "blackout milano", 0)
    run = _batches([[tag, other], [headline], [search]])
    everything = [tag, other, headline, search]
    assert run.clusters() == cluster(everything)
    found = run.clusters()
    assert found[tag.id] == found[headline.id] == found[search.id] != found[other.id]
    assert run.entries is not None
    assert not run.entries[tag.id].linked  # it joined a story: no longer waiting
    assert run.entries[other.id].linked


def test_verdicts_settled_once_the_batch_is_scored_give_the_same_standings() -> None:
    """A merge may classify its batch only when the ranking asks (``settle``): same standings.

    The batch arrives with no verdict; ``settle`` gives each its own, as a merge's
    :meth:`~rtc_tui.core.trending.ingest.MergeOutcome.settle` does. The standings (each
    light event's verdict, each story's worst, stored events' included) are those of the
    batch classified before the ranking, and ``settle`` runs once, after the scores.
    """
    by_source = _by_source()
    stored = [e for name in ("ANSA", "Trends", "HN") for e in by_source[name]]
    batch = [e for name in ("Corriere", "World", "Mastodon") for e in by_source[name]]
    first = rank_batch(stored, None, None, now=NOW)
    previous = {k: entry_from(entry_row(v)) for k, v in first.entries.items()}
    live = [*stored, *batch]

    classified = rank_update(
        {e.id: replace(e) for e in batch},
        [e.id for e in live],
        previous,
        lambda ids: {e.id: e for e in stored if e.id in ids},
        now=NOW,
    )

    waiting = {e.id: replace(e, sensitivity=Sensitivity()) for e in batch}
    verdicts = {e.id: e.sensitivity for e in batch}
    settled: list[int] = []

    def settle() -> None:
        settled.append(len(settled))
        for ident, event in waiting.items():
            event.sensitivity = verdicts[ident]

    late = rank_update(
        waiting,
        [e.id for e in live],
        previous,
        lambda ids: {e.id: e for e in stored if e.id in ids},
        now=NOW,
        settle=settle,
    )
    assert settled == [0]
    assert late.standings == classified.standings
    assert late.order == classified.order
    assert any(s.story_sensitivity.level is Level.WARN for s in late.standings)
    # Without the verdicts the standings would differ: the test does test something.
    unsettled = rank_update(
        {e.id: replace(e, sensitivity=Sensitivity()) for e in batch},
        [e.id for e in live],
        previous,
        lambda ids: {e.id: e for e in stored if e.id in ids},
        now=NOW,
    )
    assert unsettled.standings != classified.standings
