"""The ranking as stored: computed once per ingest, read by every screen without re-ranking.

Ranking needs every event (clusters span sources, signal strength is a percentile within a
source), so it runs where every event is read anyway: when a refresh is merged into the store.
What it produces is kept as one :class:`Standing` per event, in ranked order, holding what the
Trending list shows and filters on (a light copy of the event: no context items, no full
signal history) and why it ranks where it does. Opening the app reads these rows, never the
event bodies, and never clusters or brand-matches anything.

Scores decay with age by the same factor for every event (freshness is ``0.5 ** (age /
half-life)``), so the stored order stays right as time passes; :func:`aged` brings a stored
score and its age label up to ``now`` for display.

The triage state (new, seen, pinned, dismissed, snoozed, reacted, linked drafts) is kept apart
from the bodies as one :class:`Triage` per triaged event: the cursor moving over a row or a key
pressed on it writes that small record, never the events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import msgspec
from msgspec.structs import replace

from rtc_tui.core.models import (
    Event,
    Fixed,
    Record,
    Sensitivity,
    SignalPoint,
    TriageState,
    UtcTime,
)
from rtc_tui.core.trending.ranking import Factor, Ranked, RankSettings, age_label, rank
from rtc_tui.core.trending.stories import is_headline, worst_sensitivity

LIGHT_EXTRAS = ("signal_label", "rank", "date_from_fetch", "tags")
"""The ``extra`` keys a standing's light event keeps (what the list and the ranking read)."""

TRIAGE_EXTRAS = ("dismissed_signal", "resurfaced")
"""The ``extra`` keys that belong to the triage state, not to the event's body."""


class FactorRow(Fixed, frozen=True):
    """A stored :class:`~rtc_tui.core.trending.ranking.Factor`."""

    name: str
    label: str
    points: float


class Standing(Record):
    """One event's place in the stored ranking: the light event, its score and its story."""

    event: Event
    """The event without context items, with only the two signal readings growth is read on."""
    score: float
    factors: list[FactorRow] = msgspec.field(default_factory=list)
    cluster_id: str = ""
    members: list[str] = msgspec.field(default_factory=list)
    """Ids of every event of the same story, this one included."""
    sources: list[str] = msgspec.field(default_factory=list)
    ranked_at: UtcTime | None = None
    """The ``now`` the score was computed for (:func:`aged` brings it up to date)."""
    story_sensitivity: Sensitivity = msgspec.field(default_factory=Sensitivity)
    """The worst sensitivity of every copy of the story, hidden ones included."""
    tag_like: bool = False
    """Whether the event may stand for a tag (:func:`reads_as_tag`): what the checks compare
    a draft's hashtags with, when it is sensitive."""
    headline: bool = False
    """Whether the title reads as a headline (:func:`~.stories.is_headline`): the story's
    row shows the best-scored headline among its copies."""

    @property
    def id(self) -> str:
        """The event's id."""
        return self.event.id


class Triage(Record):
    """An event's triage state, stored apart from its body."""

    id: str
    state: TriageState = TriageState.NEW
    snoozed_until: UtcTime | None = None
    draft_ids: list[int] = msgspec.field(default_factory=list)
    extra: dict[str, Any] = msgspec.field(default_factory=dict)
    """Only :data:`TRIAGE_EXTRAS` (the signal a dismissal was made at, a resurfacing)."""


def reads_as_tag(event: Event) -> bool:
    """Whether an event may name a tag (what ``event_checks.trending_tags`` reads).

    A hashtag in its title, a title of three words or fewer, or tags given by its source.
    """
    return "#" in event.title or len(event.title.split()) <= 3 or bool(event.extra.get("tags"))


def triage_of(event: Event) -> Triage:
    """The triage part of ``event``."""
    return Triage(
        id=event.id,
        state=event.state,
        snoozed_until=event.snoozed_until,
        draft_ids=list(event.draft_ids),
        extra={k: event.extra[k] for k in TRIAGE_EXTRAS if k in event.extra},
    )


def is_default(triage: Triage) -> bool:
    """Whether ``triage`` says nothing an event without a record would not (new, untouched)."""
    return (
        triage.state is TriageState.NEW
        and triage.snoozed_until is None
        and not triage.draft_ids
        and not triage.extra
    )


def with_triage(event: Event, triage: Triage | None) -> Event:
    """``event`` with its triage state replaced by ``triage`` (in place; returned)."""
    if triage is None:
        return event
    event.state = triage.state
    event.snoozed_until = triage.snoozed_until
    event.draft_ids = list(triage.draft_ids)
    extra = {k: v for k, v in event.extra.items() if k not in TRIAGE_EXTRAS}
    extra.update(triage.extra)
    event.extra = extra
    return event


def _growth_points(history: Sequence[SignalPoint], window: timedelta) -> list[SignalPoint]:
    """The (at most two) readings :func:`growth` compares, so it answers the same on them."""
    if len(history) < 2:
        return list(history)
    points = sorted(history, key=lambda p: p.at)
    last = points[-1]
    inside = [p for p in points[:-1] if p.at >= last.at - window]
    return [inside[0] if inside else points[-2], last]


def light(event: Event, settings: RankSettings | None = None) -> Event:
    """What a standing keeps of ``event``: no context, two signal readings, a few extras."""
    settings = settings or RankSettings()
    return replace(
        event,
        context=[],
        signal_history=_growth_points(event.signal_history, settings.velocity_window),
        extra={k: event.extra[k] for k in (*LIGHT_EXTRAS, *TRIAGE_EXTRAS) if k in event.extra},
        draft_ids=list(event.draft_ids),
    )


def standing_of(
    item: Ranked,
    now: datetime,
    story: Sensitivity,
    settings: RankSettings | None = None,
    *,
    headline: bool | None = None,
) -> Standing:
    """What the ranking stores of ``item`` (ranked at ``now``; ``story``: its worst copy).

    ``headline`` is :func:`~.stories.is_headline` of its title when the caller knows it
    (the clustering index has the title's words already).
    """
    return Standing(
        event=light(item.event, settings),
        score=item.score,
        factors=[FactorRow(f.name, f.label, f.points) for f in item.factors],
        cluster_id=item.cluster_id,
        members=list(item.members),
        sources=list(item.sources),
        ranked_at=now,
        story_sensitivity=story,
        headline=is_headline(item.event.title) if headline is None else headline,
        tag_like=reads_as_tag(item.event),
    )


def standings(
    events: Sequence[Event],
    *,
    now: datetime,
    keywords: Sequence[str] = (),
    settings: RankSettings | None = None,
) -> list[Standing]:
    """Rank ``events`` (cluster, score) and return one standing each, best first.

    Every event at once; :func:`~.rerank.rank_batch` gives the same standings batch by batch.
    """
    settings = settings or RankSettings()
    ranked = rank(events, now=now, keywords=keywords, settings=settings)
    by_cluster: dict[str, list[Sensitivity]] = defaultdict(list)
    for item in ranked:
        by_cluster[item.cluster_id].append(item.event.sensitivity)
    worst = {key: worst_sensitivity(found) for key, found in by_cluster.items()}
    return [standing_of(item, now, worst[item.cluster_id], settings) for item in ranked]


def aged(standing: Standing, now: datetime, settings: RankSettings | None = None) -> Ranked:
    """The standing as a :class:`Ranked` at ``now``: score decayed, age label current.

    Every score decays by the same factor, so this never changes the stored order.
    """
    settings = settings or RankSettings()
    score = standing.score
    factors = [Factor(f.name, f.label, f.points) for f in standing.factors]
    if standing.ranked_at is not None and now > standing.ranked_at:
        hours = (now - standing.ranked_at).total_seconds() / 3600
        score = round(score * 0.5 ** (hours / settings.half_life_hours), 4)
        event = standing.event
        started = event.published or event.first_seen
        age = max(timedelta(0), now - min(started, event.first_seen))
        factors = [
            Factor(f.name, age_label(age), f.points) if f.name == "freshness" else f
            for f in factors
        ]
    return Ranked(
        event=standing.event,
        score=score,
        factors=tuple(factors),
        cluster_id=standing.cluster_id,
        members=tuple(standing.members),
        sources=tuple(standing.sources),
    )


def overlay(rows: Iterable[Standing], triage: dict[str, Triage]) -> list[Standing]:
    """``rows`` with each light event's triage state taken from ``triage`` (in place)."""
    out = list(rows)
    if triage:
        for row in out:
            with_triage(row.event, triage.get(row.event.id))
    return out


__all__ = [
    "FactorRow",
    "Standing",
    "Triage",
    "aged",
    "is_default",
    "light",
    "overlay",
    "standing_of",
    "standings",
    "triage_of",
    "with_triage",
]
