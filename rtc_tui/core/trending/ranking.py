"""Explainable ranking: cluster the same story across sources, then score what is rising.

Titles are normalised (case, accents, punctuation, Italian and English stop words, a light
prefix stem) into token sets; events whose sets overlap enough form a cluster, the same story
seen by several sources. Each event's score in ``[0, 1]`` is a weighted sum of

* **signal**: where its traffic/uses/points sit among its own source's items,
* **velocity**: how much that signal grew between refreshes (``+240% in 1 h``),
* **confirmation**: how many distinct sources carry its cluster,
* **brand**: whether it matches a brand keyword,

times a **freshness** decay (half-life :attr:`RankSettings.half_life_hours`). Every factor
comes back with a label, so the detail view can say why an item ranks where it does. Nothing
here reads a clock: ``now`` is a parameter, so the same input always gives the same order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rtc_tui.core import phrases
from rtc_tui.core.models import Event, SignalPoint
from rtc_tui.core.trending.cluster_index import NewTitle, cluster_batch
from rtc_tui.core.trending.titles import (
    STEM,
    STOP_WORDS,
    fold,
    same_story,
    similar,
    stem,
    title_tokens,
    words,
)

__all__ = [
    "STEM",
    "STOP_WORDS",
    "Factor",
    "RankSettings",
    "Ranked",
    "age_label",
    "brand_match",
    "cluster",
    "fold",
    "growth",
    "rank",
    "same_story",
    "score_event",
    "similar",
    "stem",
    "strengths",
    "title_tokens",
    "words",
]


@dataclass(frozen=True)
class RankSettings:
    """Weights and constants of the score (the weights add up to 1)."""

    half_life_hours: float = 6.0
    """Age at which freshness halves the score."""
    velocity_window: timedelta = timedelta(hours=1)
    """Growth is measured over (about) this window."""
    velocity_saturation: float = 3.0
    """Growth (3.0 = +300%) at which the velocity factor is full."""
    cluster_threshold: float = 0.6
    """Least :func:`similar` value for two titles to be the same story."""
    w_base: float = 0.10
    w_signal: float = 0.20
    w_velocity: float = 0.30
    w_confirmation: float = 0.25
    w_brand: float = 0.15


@dataclass(frozen=True)
class Factor:
    """One reason an event scores what it does."""

    name: str
    """``sources``, ``velocity``, ``signal``, ``brand`` or ``freshness``."""
    label: str
    """For people: ``3 sources``, ``+240% in 1 h``, ``matches brand keyword 'pasta'``."""
    points: float
    """Contribution before freshness (for ``freshness``: the multiplier)."""


@dataclass(frozen=True)
class Ranked:
    """An event with its score, the factors behind it and its cluster."""

    event: Event
    score: float
    factors: tuple[Factor, ...]
    cluster_id: str
    members: tuple[str, ...]
    """Ids of every event in the same cluster, this one included."""
    sources: tuple[str, ...]
    """Distinct source names in the cluster."""

    @property
    def explanation(self) -> str:
        """The factors in one line: ``3 sources · +240% in 1 h · 20 min old`` (as stored, English).

        :func:`rtc_tui.core.phrases.explain` gives it in the interface language.
        """
        return " · ".join(f.label for f in self.factors if f.label)


def cluster(events: Sequence[Event], threshold: float = 0.6) -> dict[str, str]:
    """Event id -> cluster id (the id of the cluster's most specific title).

    Deterministic single linkage over :func:`same_story`, most specific titles first, with a
    guard against chaining. Titles of three words or more link to every title they match.
    A two-word title (a search like "blackout milano") joins the best match and bridges
    every headline that contains it whole. A one-word title ("italia", "#blackout") only
    joins its best match, so it cannot glue unrelated stories together. Short titles are
    never matched against later ones. This is the batch-by-batch index
    (:mod:`rtc_tui.core.trending.cluster_index`) given every event as one batch.
    """
    found, _entries = cluster_batch((NewTitle(e.id, e.title, e.source) for e in events), threshold)
    return found


def age_label(age: timedelta) -> str:
    """``12 min old``, ``3 h old``, ``2 d old`` (``just now`` under a minute).

    Stored in English like every factor's label (:mod:`rtc_tui.core.phrases` shows it in
    the interface language).
    """
    return phrases.age(age)


def growth(history: Sequence[SignalPoint], window: timedelta) -> tuple[float, timedelta] | None:
    """Relative growth of the signal over about ``window`` and the span it was measured on.

    The latest reading is compared with the earliest one inside the window, or, when the
    refreshes are further apart than that, with the reading just before (within a day).
    """
    if len(history) < 2:
        return None
    points = sorted(history, key=lambda p: p.at)
    last = points[-1]
    inside = [p for p in points[:-1] if p.at >= last.at - window]
    if inside:
        first = inside[0]
    else:
        first = points[-2]
        if last.at - first.at > timedelta(days=1):
            return None
    span = last.at - first.at
    if span <= timedelta(0):
        return None
    return (last.value - first.value) / max(first.value, 1.0), span


def strength_value(event: Event) -> float | None:
    """What an event's signal strength is a percentile of: its signal, or minus its position."""
    value = event.signal
    if value is None and isinstance(event.extra.get("rank"), int):
        value = -float(event.extra["rank"])  # a position: first is strongest
    return value


def strengths(events: Sequence[Event]) -> dict[str, float]:
    """Each event's signal as a percentile among its own source's events (0.5: no signal)."""
    return percentiles((e.source, e.id, strength_value(e)) for e in events)


def percentiles(values: Iterable[tuple[str, str, float | None]]) -> dict[str, float]:
    """``(source, id, value)`` as each id's percentile among its source's values.

    What :func:`strengths` computes, from the values alone (the ranking's index keeps them, so
    a batch need not read a whole source's bodies).
    """
    by_source: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for source, ident, value in values:
        if value is not None:
            by_source[source].append((value, ident))
    out: dict[str, float] = {}
    for rows in by_source.values():
        rows.sort()
        if len(rows) == 1:
            out[rows[0][1]] = 0.5
            continue
        positions: dict[float, list[int]] = defaultdict(list)
        for position, (value, _ident) in enumerate(rows):
            positions[value].append(position)
        last = len(rows) - 1
        for value, ident in rows:
            # Equal signals share their middle position, so they score equally.
            spots = positions[value]
            out[ident] = (spots[0] + spots[-1]) / 2 / last
    return out


def brand_match(text: str, keywords: Iterable[str]) -> str | None:
    """The first brand keyword found in ``text`` as whole words (accents and case ignored)."""
    if not keywords:
        return None
    joined = " " + " ".join(words(text)) + " "
    for keyword in keywords:
        wanted = " ".join(words(keyword))
        if wanted and f" {wanted} " in joined:
            return keyword
    return None


def score_event(
    event: Event,
    *,
    now: datetime,
    strength: float | None,
    sources: int,
    keywords: Sequence[str],
    settings: RankSettings,
) -> tuple[float, tuple[Factor, ...]]:
    """One event's score at ``now`` and the factors behind it (its story and source given)."""
    factors: list[Factor] = []
    if sources > 1:
        points = settings.w_confirmation * min(sources - 1, 3) / 3
        factors.append(Factor("sources", phrases.sources(sources), points))
    measured = growth(event.signal_history, settings.velocity_window)
    if measured is not None:
        rate, span = measured
        if rate > 0.005:
            full = math.log1p(settings.velocity_saturation)
            points = settings.w_velocity * min(1.0, math.log1p(rate) / full)
            factors.append(Factor("velocity", phrases.rate(rate, span), points))
        elif rate < -0.005:
            factors.append(Factor("velocity", phrases.rate(rate, span), 0.0))
    signal_label = str(event.extra.get("signal_label", ""))
    level = 0.5 if strength is None else strength
    if strength is not None and strength >= 0.9 and signal_label:
        signal_label = phrases.top_of(signal_label, event.source)
    factors.append(Factor("signal", signal_label, settings.w_signal * level))
    keyword = brand_match(f"{event.title} {event.summary}", keywords)
    if keyword:
        factors.append(Factor("brand", phrases.brand(keyword), settings.w_brand))
    started = event.published or event.first_seen
    age = max(timedelta(0), now - min(started, event.first_seen))
    freshness = 0.5 ** (age.total_seconds() / 3600 / settings.half_life_hours)
    factors.append(Factor("freshness", age_label(age), freshness))
    raw = settings.w_base + sum(f.points for f in factors if f.name != "freshness")
    return round(min(1.0, raw) * freshness, 4), tuple(factors)


def rank(
    events: Sequence[Event],
    *,
    now: datetime,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
) -> list[Ranked]:
    """Cluster and score ``events``; highest score first (ties: newest, then id).

    Pure and deterministic for a given ``now``; the events are not modified (the caller
    stores ``score`` and ``cluster_id`` back if it wants them persisted).
    """
    settings = settings or RankSettings()
    clusters = cluster(events, settings.cluster_threshold)
    members: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        members[clusters[event.id]].append(event)
    strength_of = strengths(events)
    ranked: list[Ranked] = []
    for event in events:
        group = members[clusters[event.id]]
        names = tuple(sorted({e.source for e in group}))
        score, factors = score_event(
            event,
            now=now,
            strength=strength_of.get(event.id),
            sources=len(names),
            keywords=keywords,
            settings=settings,
        )
        ranked.append(
            Ranked(
                event=event,
                score=score,
                factors=factors,
                cluster_id=clusters[event.id],
                members=tuple(sorted(e.id for e in group)),
                sources=names,
            )
        )
    ranked.sort(key=lambda r: (-r.score, -r.event.first_seen.timestamp(), r.event.id))
    return ranked
