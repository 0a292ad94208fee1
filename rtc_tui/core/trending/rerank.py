"""The stored ranking brought up to date one batch at a time, at the cost of what it touched.

A refresh brings a few new or changed events; the stored ranking already holds every other
event's standing. :func:`rank_batch` clusters the batch against the stored stories through
the token index (:class:`~.cluster_index.ClusterIndex`) and scores again only the events a
change can move:

* the events of every story the batch touched (sources, members, story sensitivity);
* the events of every source the batch touched (signal strength is a percentile within it);
* the batch itself (velocity, brand, text).

Freshness is the only part of a score that depends on the time: ``0.5 ** (age / half-life)``
with the age counted from the event's start. So a standing keeps its score at the ``now`` it
was computed for, and the order uses a key that does not depend on ``now`` at all:
``log2(score) + (ranked_at - epoch) / half-life`` (hours): two standings compare the same at
any later time as their scores decayed to that time do. Ranking every event at one ``now``
gives the very order :func:`~.ranking.rank` gives (the key is monotone in the score).
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, filterfalse
from operator import attrgetter

from rtc_tui.core.models import Event, Sensitivity
from rtc_tui.core.trending.cluster_index import (
    ClusterEntry,
    ClusterIndex,
    IndexEntries,
    NewTitle,
    TokenIndex,
    join_tokens,
)
from rtc_tui.core.trending.ranking import (
    Ranked,
    RankSettings,
    percentiles,
    score_event,
    strength_value,
)
from rtc_tui.core.trending.standing import Standing, standing_of
from rtc_tui.core.trending.stories import HEADLINE_WORDS, worst_sensitivity
from rtc_tui.core.trending.titles import title_tokens

NO_SCORE = -1e18
"""The key of a zero score (``log2(0)`` has no value JSON can hold)."""


BASIS_VERSION = 2
"""What the index's entries hold (2: each one's strength value); an older index ranks all."""


def order_key(score: float, ranked_at: datetime, settings: RankSettings) -> float:
    """The time-independent key a standing is ordered by (see the module docstring)."""
    if score <= 0:
        return NO_SCORE
    return math.log2(score) + ranked_at.timestamp() / 3600 / settings.half_life_hours


def basis_of(keywords: Sequence[str], settings: RankSettings) -> str:
    """What a ranking depends on besides the events: another basis ranks everything again."""
    text = repr((BASIS_VERSION, tuple(keywords), settings))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


@dataclass(frozen=True)
class RankUpdate:
    """What a batch changed in the stored ranking."""

    standings: list[Standing]
    """The standings computed again (new, or moved by the batch); the others stay as stored."""
    order: list[str]
    """Every live event's id, best first."""
    entries: dict[str, ClusterEntry]
    """The index after the batch, one entry per live event."""
    full: bool
    """Whether every event was ranked again (no usable stored index, or another basis)."""
    tokens: TokenIndex | None = None
    """The index's postings after the batch (``None``: none kept)."""
    changed: frozenset[str] | None = None
    """The ids whose entry the batch added or changed (``None``: not known, every one)."""
    removed: tuple[str, ...] = ()
    """The ids the batch took out of the index (events no longer live)."""

    @property
    def postings(self) -> dict[str, str] | None:
        """The index's postings after the batch, as stored.

        See :class:`~.cluster_index.TokenIndex`; ``None``: not storable (an id holds a space)
        or none kept, built again next time.
        """
        return None if self.tokens is None else self.tokens.stored()

    @property
    def ranking(self) -> list[Standing]:
        """The standings in order (only when :attr:`full`: the update then holds every one)."""
        by_id = {s.id: s for s in self.standings}
        return [by_id[i] for i in self.order]


Loader = Callable[[Collection[str]], Mapping[str, Event]]
"""The stored bodies of the live ids asked for (a store reads only those)."""


def rank_batch(
    events: Sequence[Event],
    changed: Collection[str] | None,
    previous: Mapping[str, ClusterEntry] | None,
    *,
    now: datetime,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
) -> RankUpdate:
    """Bring the ranking of ``events`` (every live event) up to date after a batch.

    Args:
        events: Every live event, as the store keeps them after the batch.
        changed: The ids the batch brought or changed (``None``: every event).
        previous: The stored index (``None``: none, rank every event).
        now: The time the new scores are computed for.
        keywords: The brand keywords.
        settings: The weights.
    """
    by_id = {e.id: e for e in events}
    stored = previous or {}
    batch = {i: e for i, e in by_id.items() if changed is None or i in changed or i not in stored}
    return rank_update(
        batch,
        list(by_id),
        None if changed is None else previous,
        lambda ids: {i: by_id[i] for i in ids},
        now=now,
        keywords=keywords,
        settings=settings,
    )


def rank_update(
    batch: Mapping[str, Event],
    live: Sequence[str],
    previous: Mapping[str, ClusterEntry] | None,
    load: Loader,
    *,
    now: datetime,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
    settle: Callable[[], None] | None = None,
) -> RankUpdate:
    """:func:`rank_batch` reading only the stored bodies the batch can move.

    Args:
        batch: The events the batch brought or changed, as they will be stored.
        live: Every live id after the batch (the batch's included).
        previous: The stored index (``None``: none, rank every event).
        load: Reads the stored bodies of live ids (every one when ranking everything; else
            the members of the stories the batch touched and the events of its sources).
        now: The time the new scores are computed for.
        keywords: The brand keywords.
        settings: The weights.
        settle: Called once the events are clustered and scored, before the standings are
            made: nothing before them reads a verdict, so a caller may classify the batch's
            texts only now (:meth:`~.ingest.MergeOutcome.settle`), leaving another process
            classifying them beside this one the most time.
    """
    settings = settings or RankSettings()
    basis = basis_of(keywords, settings)
    live_set = set(live)
    full = (
        previous is None
        or bool(set(map(attrgetter("basis"), previous.values())) - {basis})
        or bool(live_set.difference(previous.keys(), batch.keys()))
    )
    stored: Mapping[str, ClusterEntry] = {} if full or previous is None else previous
    by_id: dict[str, Event] = dict(batch)
    if full:
        by_id.update(load([i for i in live if i not in batch]))
        batch_ids = list(live)
    else:
        batch_ids = [i for i in live if i in batch]
    postings = stored.postings if isinstance(stored, IndexEntries) else None
    index = ClusterIndex(stored, settings.cluster_threshold, postings=postings)
    removed = list(stored.keys() - live_set)
    touched_sources = {stored[i].source for i in removed}
    touched_clusters = index.remove(removed)
    retitled = [i for i in batch_ids if i not in stored or _title_moved(stored[i], by_id[i])]
    moved = index.add(NewTitle(i, by_id[i].title, by_id[i].source) for i in retitled)
    for ident in batch_ids:
        entry = index.entries[ident]
        entry.source = by_id[ident].source
        entry.value = strength_value(by_id[ident])
        touched_sources.add(entry.source)
    touched_clusters |= {index.entries[i].cluster for i in (*moved, *batch_ids)}
    members, by_source = _groups(index.entries, touched_clusters, touched_sources)
    again = set(batch_ids)
    for cluster_id in touched_clusters:
        again.update(members.get(cluster_id, ()))
    for name in touched_sources:
        again.update(by_source.get(name, ()))
    # The story of each event scored again is read whole (its worst sensitivity), and its
    # source's values (the percentiles).
    stories = {index.entries[i].cluster for i in again}
    sources = {index.entries[i].source for i in again}
    more_members, more_sources = _groups(
        index.entries, stories - members.keys(), sources - by_source.keys()
    )
    members.update(more_members)
    by_source.update(more_sources)
    missing = [m for c in stories for m in members[c] if m not in by_id]
    if missing:
        by_id.update(load(missing))
    # A source's percentiles, for every source with an event to score again (from the
    # index's values: the other events of those sources are not read).
    strength: dict[str, float] = {}
    for name in {index.entries[i].source for i in again}:
        strength.update(
            percentiles((name, i, index.entries[i].value) for i in by_source.get(name, ()))
        )
    story: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    """Each story's members and sources, sorted once (a story may have thousands)."""
    scored: list[tuple[Ranked, bool]] = []
    for ident in sorted(again):
        event = by_id[ident]
        entry = index.entries[ident]
        if entry.cluster not in story:
            group = members[entry.cluster]
            names = tuple(sorted({index.entries[m].source for m in group}))
            story[entry.cluster] = (tuple(sorted(group)), names)
        group_ids, names = story[entry.cluster]
        score, factors = score_event(
            event,
            now=now,
            strength=strength.get(ident),
            sources=len(names),
            keywords=keywords,
            settings=settings,
        )
        ranked = Ranked(event, score, factors, entry.cluster, group_ids, names)
        scored.append((ranked, entry.word_count() >= HEADLINE_WORDS))
        entry.key = order_key(score, now, settings)
        entry.seen = event.first_seen.timestamp()
        entry.basis = basis
    # Only the standings read the verdicts (each story's worst, each light event's own).
    if settle is not None:
        settle()
    worst: dict[str, Sensitivity] = {}
    out: list[Standing] = []
    for ranked, headline in scored:
        cluster = ranked.cluster_id
        if cluster not in worst:
            worst[cluster] = worst_sensitivity(by_id[m].sensitivity for m in members[cluster])
        out.append(standing_of(ranked, now, worst[cluster], settings, headline=headline))
    order = None
    if isinstance(stored, IndexEntries) and stored.order is not None:
        order = reorder(index.entries, stored.order, again)
    if order is None:
        order = ranking_order(index.entries.values())
    changed = frozenset(index.touched.union(batch_ids, again))
    return RankUpdate(out, order, index.entries, full, index.tokens, changed, tuple(removed))


def ranking_order(entries: Iterable[ClusterEntry]) -> list[str]:
    """The ids best first: key descending, then first seen newest first, then id.

    Three stable sorts by one attribute each (C-level keys): a third of one sort by a tuple
    built in Python for every one of 20,000 entries.
    """
    by_id = sorted(entries, key=attrgetter("id"))
    by_seen = sorted(by_id, key=attrgetter("seen"), reverse=True)  # reverse keeps ties' order
    return [e.id for e in sorted(by_seen, key=attrgetter("key"), reverse=True)]


def reorder(
    entries: Mapping[str, ClusterEntry], previous: Sequence[str], moved: Collection[str]
) -> list[str] | None:
    """:func:`ranking_order` of ``entries`` from the ``previous`` one, when few ``moved``.

    ``previous`` is the stored order, which only the ``moved`` entries (scored again, new)
    left: it is filtered (the events that left drop out) and each moved entry is put in
    by a binary search, so 100 new events cost 100 searches instead of sorting 20,000
    entries. ``None`` (sort them all) when many moved or ``previous`` does not name every
    other entry.
    """
    if len(moved) * 20 > len(entries):
        return None
    # The stored order without the moved entries and those that left (filtered in C).
    skip = set(moved).union(set(previous).difference(entries.keys()))
    rest = list(filterfalse(skip.__contains__, previous))
    if len(rest) + len(moved) != len(entries):  # (the stored order names each id once)
        return None

    def key(ident: str) -> tuple[float, float, str]:
        entry = entries[ident]
        return (-entry.key, -entry.seen, ident)

    out: list[str] = []
    low = 0
    for ident in ranking_order(entries[i] for i in moved):
        place = bisect_left(rest, key(ident), lo=low, key=key)
        out += rest[low:place]
        out.append(ident)
        low = place
    out += rest[low:]
    return out


def _groups(
    entries: Mapping[str, ClusterEntry], clusters: Collection[str], sources: Collection[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The members of ``clusters`` and the events of ``sources``, in index order.

    The ids are picked out in C (``compress`` over each entry's story and source), then the
    few picked are grouped: a walk over every entry in Python was 4 ms at 20,000.
    """
    members: dict[str, list[str]] = {c: [] for c in clusters}
    by_source: dict[str, list[str]] = {s: [] for s in sources}
    if members:
        stories = list(map(attrgetter("cluster"), entries.values()))
        picked = compress(zip(entries, stories, strict=True), map(members.__contains__, stories))
        for ident, cluster in picked:
            members[cluster].append(ident)
    if by_source:
        names = list(map(attrgetter("source"), entries.values()))
        chosen = compress(zip(entries, names, strict=True), map(by_source.__contains__, names))
        for ident, name in chosen:
            by_source[name].append(ident)
    return members, by_source


def _title_moved(entry: ClusterEntry, event: Event) -> bool:
    return join_tokens(title_tokens(event.title)) != entry.tokens


def full_ranking(
    events: Sequence[Event],
    *,
    now: datetime,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
) -> list[Standing]:
    """Every event ranked at ``now``, best first: what :func:`~.standing.standings` gives."""
    update = rank_batch(events, None, None, now=now, keywords=keywords, settings=settings)
    return update.ranking


def ranker(
    *,
    now: datetime,
    changed: Collection[str] | None = None,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
    settle: Callable[[], None] | None = None,
) -> Callable[
    [Mapping[str, Event], Sequence[str], Mapping[str, ClusterEntry] | None, Loader], RankUpdate
]:
    """A store's ranking step (``events.merge(..., rank=...)``) for the batch ``changed``.

    ``changed`` may be filled in after this is made and before the store calls it (the merge
    it runs in says which events it brought); ``None`` ranks every event. The store hands it
    the events its merge wrote, every live id, the stored index and a reader of the other
    stored bodies; only the ids in ``changed`` (and those the index lacks) count as the batch.
    ``settle`` is handed to :func:`rank_update` (each time the store calls this: it must do
    nothing after its first call).
    """

    def run(
        written: Mapping[str, Event],
        live: Sequence[str],
        previous: Mapping[str, ClusterEntry] | None,
        load: Loader,
    ) -> RankUpdate:
        stored = previous or {}
        batch = {
            i: e for i, e in written.items() if changed is None or i in changed or i not in stored
        }
        return rank_update(
            batch,
            live,
            None if changed is None else previous,
            _with(written, load),
            now=now,
            keywords=keywords,
            settings=settings,
            settle=settle,
        )

    return run


def _with(written: Mapping[str, Event], load: Loader) -> Loader:
    """``load``, answering the ids in ``written`` from it (the merge's own version)."""

    def run(ids: Collection[str]) -> Mapping[str, Event]:
        found = {i: written[i] for i in ids if i in written}
        rest = [i for i in ids if i not in written]
        if rest:
            found.update(load(rest))
        return found

    return run


__all__ = [
    "NO_SCORE",
    "RankUpdate",
    "basis_of",
    "full_ranking",
    "order_key",
    "rank_batch",
    "rank_update",
    "ranking_order",
    "reorder",
    "BASIS_VERSION",
    "Loader",
    "ranker",
]
