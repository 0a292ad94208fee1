"""Trending actions: refresh the sources, rank what is rising, triage it, explain it.

The same methods serve the Trending pane and ``rtc fetch`` / ``rtc events``. The network part
of a refresh is async (one shared ``httpx.AsyncClient`` per desk, injected or built on first
use); merging into the store and ranking are blocking and run in a thread, so an app's event
loop never waits on a file lock.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from rtc_tui.config import Config, SourceConfig
from rtc_tui.core.models import Event, Sensitivity, TriageState
from rtc_tui.core.phrases import explain
from rtc_tui.core.trending.cluster_index import ClusterEntry
from rtc_tui.core.trending.filters import MuteError, MuteRule, compile_mute, filter_key, muted_by
from rtc_tui.core.trending.ingest import (
    ClassifyAll,
    LiveEvent,
    MergeOutcome,
    merge_refresh,
    prune,
    sensitivity_text,
    snooze_due,
    wake_snoozed,
)
from rtc_tui.core.trending.ranking import Ranked
from rtc_tui.core.trending.rerank import RankUpdate, ranker
from rtc_tui.core.trending.standing import Standing, Triage, aged
from rtc_tui.core.trending.stories import Story, stories, worst_sensitivity
from rtc_tui.core.trending.triage import TriageAction, apply_story, is_hidden
from rtc_tui.desk.base import Clock
from rtc_tui.desk.errors import BadInputError
from rtc_tui.desk.trending_views import (
    EventDetail,
    HealthView,
    RefreshReport,
    SourceReport,
    SourceStatus,
)
from rtc_tui.i18n import _
from rtc_tui.store import Store
from rtc_tui.store.interface import BatchMerge, EventBatch, Ranker

if TYPE_CHECKING:
    # The network stack (httpx, the source parsers) is imported when a refresh needs it, so
    # ``rtc events``, ``rtc check`` and the app's first paint do not wait for it.
    import httpx

    from rtc_tui.desk.side_classifier import SideClassifier
    from rtc_tui.notify import Notifier
    from rtc_tui.sources.fetch import Fetcher, FetchResult

HEALTH_KEY = "source_health"
"""State key: per-source health (with ETag/Last-Modified validators)."""

MUTE_KEY = "trending_mute"
"""State key: mute entries added from the app (the config's ``mute:`` comes on top)."""

FILTERS_KEY = "trending_filters"
"""State key: saved filters added from the app (name -> query)."""


FIRST_SCREEN_ROWS = 200
"""Standings read for the first screen (the store keeps them apart for that)."""

NOTHING_DUE = timedelta(hours=1)
"""When a desk with no enabled source looks again for one that falls due."""

MAX_SPIKES_TOLD = 3
"""The most spikes one refresh tells the webhooks about."""

MAX_TEXTS_HANDED = 50_000
"""Texts a desk remembers handing to a side classifier (then it starts over): bounded memory."""

REQUESTS_OUT = 0.5
"""Longest wait, in seconds, for a refresh's requests to go out before its own work starts
(loading the lexicon, the side classifier): a host slow to connect does not hold it longer."""


def _each(classify: Callable[[str], Sensitivity], texts: Sequence[str]) -> list[Sensitivity]:
    """Each of ``texts`` classified here, in order (a refresh without a side classifier)."""
    return [classify(text) for text in texts]


def _triage_action(action: TriageAction | str) -> TriageAction:
    """The triage action named ``action``.

    Raises:
        BadInputError: no such action.
    """
    try:
        return TriageAction(action)
    except ValueError as exc:
        raise BadInputError(
            _("unknown triage action {action}").format(action=repr(action))
        ) from exc


def _event_row(event: Event, score: float) -> dict[str, Any]:
    """One ``rtc events --json`` row."""
    return {
        "id": event.id,
        "title": event.title,
        "source": event.source,
        "url": event.url,
        "score": score,
        "sensitivity": event.sensitivity.level.value,
        "categories": list(event.sensitivity.categories),
        "state": event.state.value,
    }


@dataclass(eq=False)
class TrendingService:
    """Everything the Trending pane and ``rtc fetch``/``rtc events`` do."""

    config: Config
    store: Store
    now: Clock
    demo: bool = False
    notifier: Notifier | None = None
    """Told about spikes (new stories scoring at least ``notify.spike_threshold``)."""
    _http_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _fetcher: Fetcher | None = field(default=None, init=False, repr=False)
    _texts_handed: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    """Event id -> hash of the text last handed to a side classifier (see ``_texts_to``)."""

    # -- services ----------------------------------------------------------------------

    def use_http_client(self, client: httpx.AsyncClient) -> None:
        """Inject the shared HTTP client (tests point it at a local server)."""
        self._http_client = client
        self._fetcher = None

    def _client(self) -> httpx.AsyncClient:
        if self._http_client is None:
            if self.demo:
                from rtc_tui.sources.demo import demo_client

                self._http_client = demo_client(self._clock)
            else:
                from rtc_tui.sources.fetch import make_client

                self._http_client = make_client()
        return self._http_client

    async def aclose(self) -> None:
        """Close the HTTP client (if this desk built it or was given one)."""
        if self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None
            self._fetcher = None

    def _clock(self) -> datetime:
        # Read ``self.now`` at each call: the demo seeding winds it back for one refresh.
        return self.now()

    @property
    def notify_threshold(self) -> float:
        """The score from which a new event is announced (config ``trending.notify_threshold``)."""
        return self.config.trending.notify_threshold

    @property
    def snooze_seconds(self) -> float:
        """How long a snooze lasts (config ``trending.snooze``)."""
        return self.config.trending.snooze

    def sources(self) -> tuple[SourceConfig, ...]:
        """The sources in use: the config's, or the bundled ones in the demo."""
        if self.demo:
            from rtc_tui.sources.demo import demo_sources

            return demo_sources()
        return tuple(self.config.sources)

    def fetcher(self) -> Fetcher:
        """The session's fetcher, its health loaded from the store on first use."""
        if self._fetcher is None:
            from rtc_tui.sources.fetch import Fetcher, SourceHealth

            stored = self.store.state.get(HEALTH_KEY, {}) or {}
            health = [SourceHealth.from_dict(h) for h in stored.values() if isinstance(h, dict)]
            self._fetcher = Fetcher(self._client(), now=self._clock, health=health)
        return self._fetcher

    # -- refresh ----------------------------------------------------------------------

    def prepare_refresh(self) -> None:
        """Import what a refresh needs: the fetcher and the parser of each source type in use.

        For an app's worker thread before its first refresh: imported by the refresh itself,
        they were imported on the app's event loop (the RSS parser and feedparser held a key
        ~60 ms before the first download started).
        """
        kinds = sorted({source.type for source in self.sources() if source.enabled})
        if not kinds:
            return  # a desk that fetches nothing never loads the network stack
        from rtc_tui.sources.registry import COLLECTORS, MODULES

        self.fetcher()
        for kind in kinds:
            if kind in MODULES:
                COLLECTORS[kind]  # the lookup imports the module

    async def refresh(self, *, only_due: bool = False) -> RefreshReport:
        """Fetch every source (or the due ones) concurrently and merge them into the store.

        While the sources answer, the lexicon is loaded (in a thread) and, for a refresh of
        many sources, a child process starts that classifies each source's new texts as it
        comes in (see :mod:`rtc_tui.desk.side_classifier`).
        """
        fetcher = self.fetcher()
        chosen = fetcher.chosen(self.sources(), only_due=only_due)
        if not chosen:
            return RefreshReport(())
        import asyncio

        from rtc_tui.desk import side_classifier

        side = None
        if side_classifier.worth_it(len(chosen)):
            side = side_classifier.SideClassifier()
        # The requests go out first (importing the safety modules here, or a thread loading
        # the lexicon, held them back ~0.1-0.3 s); then, in a thread, the child starts and the
        # lexicon loads, while the answers are awaited.
        waiting = asyncio.Event()
        fetching = asyncio.ensure_future(
            fetcher.fetch_all(
                chosen,
                on_events=None if side is None else self._texts_to(side),
                on_waiting=waiting.set,
                parse_beside=None if side is None else side_classifier.parser_beside(side),
            )
        )
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(REQUESTS_OUT):
                    await waiting.wait()
            await asyncio.to_thread(self._prepare_merge, side)
            results = await fetching
            return await asyncio.to_thread(self._ingest, results, side)
        finally:
            fetching.cancel()  # a no-op unless the refresh itself was cancelled
            if side is not None:
                await asyncio.to_thread(side.close)

    def _prepare_merge(self, side: SideClassifier | None) -> None:
        """Start ``side`` and load the lexicon the merge classifies with, while sources answer."""
        from rtc_tui.desk.safety_data import lexicon_for, lexicon_spec

        if side is not None:
            from rtc_tui.sources.registry import MODULES

            kinds = {source.type for source in self.sources() if source.enabled}
            side.start(
                lexicon_spec(self.config), [MODULES[k] for k in sorted(kinds) if k in MODULES]
            )
        # An invalid lexicon file is reported by the merge, after the fetch, as before.
        with contextlib.suppress(BadInputError):
            lexicon_for(self.config)

    def _texts_to(self, side: SideClassifier) -> Callable[[SourceConfig, list[Event]], None]:
        """What hands the texts of each source's events to ``side`` as they are parsed.

        An event whose text this desk handed over already (at an earlier refresh: most of a
        feed is the same from one refresh to the next) is left out: it is not classified
        again unless it changed, and if it is new after all (archived since), the merge
        classifies it here. Called from the parsing threads.
        """
        handed = self._texts_handed

        def hand(source: SourceConfig, events: list[Event]) -> None:
            texts: list[str] = []
            for event in events:
                text = sensitivity_text(event)
                mark = hash(text)
                if handed.get(event.id) != mark:
                    texts.append(text)
                    if len(handed) >= MAX_TEXTS_HANDED:
                        handed.clear()
                    handed[event.id] = mark
            side.submit(texts)

        return hand

    def refresh_now(self) -> RefreshReport:
        """:meth:`refresh` for callers without an event loop (the CLI); closes the client."""
        import asyncio

        async def run() -> RefreshReport:
            try:
                return await self.refresh()
            finally:
                await self.aclose()

        return asyncio.run(run())

    def _ingest(
        self, results: Sequence[FetchResult], side: SideClassifier | None = None
    ) -> RefreshReport:
        now = self.now()
        fresh = [e for r in results for e in r.events]
        new_ids: list[str] = []
        # The safety lexicon (its compiled terms, the ``regex`` module) is first needed here,
        # at the first refresh: imported at the top, it was a tenth of the app's first screen.
        from rtc_tui.desk.safety_data import lexicon_for

        classify = lexicon_for(self.config).classify
        classify_all: ClassifyAll = partial(_each, classify)
        if side is not None:
            classify_all = partial(side.classify_all, classify=classify)

        archived: list[int] = []
        changed: set[str] = set()
        updates: list[RankUpdate] = []
        merged: list[MergeOutcome] = []

        def settle() -> None:
            # Called by the ranking once it has clustered and scored the batch, before the
            # standings and any body is written: the side classifier has had that long more.
            for outcome in merged:
                outcome.settle(classify_all)

        def merge(batch: EventBatch) -> BatchMerge:
            # Only the stored events this refresh names (and the snoozes due) are read.
            known = batch.lookup(dict.fromkeys(e.id for e in fresh))
            outcome = merge_refresh(known, fresh, now=now, classify=classify, classify_later=True)
            merged[:] = [outcome]
            new_ids.extend(outcome.new_ids)
            changed.update(outcome.new_ids, outcome.updated_ids)
            snoozed = TriageState.SNOOZED  # the cheap test first: few live rows are snoozed
            states = map(attrgetter("state"), batch.live.values())
            due = (
                [
                    i
                    for i, row in batch.live.items()
                    if row.state is snoozed and i not in known and snooze_due(row, now)
                ]
                if snoozed in set(states)  # (in C: 20,000 rows)
                else []
            )
            woken = batch.lookup(due)
            wake_snoozed(woken.values(), now)
            written = {**outcome.events, **woken}
            rows: dict[str, LiveEvent | Event] = dict(batch.live)
            rows.update(written)
            kept = prune(
                rows.values(),
                now=now,
                max_events=self.config.trending.max_events,
                keep=timedelta(seconds=self.config.trending.retention),
            )
            archived.append(len(rows) - len(kept))
            # Stored events left out are archived by the store; new ones left out, here.
            kept_ids = list(map(attrgetter("id"), kept))
            live = set(kept_ids)
            surplus = [e for k, e in written.items() if k not in live and k not in batch.live]
            return BatchMerge([e for k, e in written.items() if k in live], kept_ids, surplus)

        if fresh or any(r.ok for r in results):
            self.store.events.merge_batch(merge, rank=self._ranker(changed, now, updates, settle))
            if any(outcome.pending for outcome in merged):  # a store that never ranked
                raise RuntimeError("a merge stored events its ranking never classified")
        fetcher = self.fetcher()
        names = {r.source.name for r in results}
        self.store.state.update(
            HEALTH_KEY,
            lambda old: {
                **(old or {}),
                **{n: fetcher.health_of(n).to_dict() for n in names},
            },
            default={},
        )
        new_set = set(new_ids)
        new_by_source = Counter(e.source for e in fresh if e.id in new_set)
        reports = tuple(
            SourceReport(
                name=r.source.name,
                ok=r.ok,
                new=new_by_source.get(r.source.name, 0),
                total=len(r.events),
                error=r.error,
                ms=r.ms,
                not_modified=r.not_modified,
            )
            for r in results
        )
        top = None
        if new_set and updates:
            # The new events' standings came with the update: no need to read the ranking.
            update = updates[-1]
            standings = {s.id: s for s in update.standings if s.id in new_set}
            rows = [standings[i] for i in update.order if i in standings]
            if self.notifier is not None and self.notifier.enabled:
                ranked = self._ranked_from(rows, include_hidden=False)
                top = ranked[0] if ranked else None
                self._tell_spikes(ranked)
            else:  # only the best new story is reported: the others are not aged for nothing
                top = self._first_ranked(rows)
        return RefreshReport(reports, tuple(new_ids), top, archived=sum(archived))

    def _tell_spikes(self, new_stories: Iterable[Ranked]) -> None:
        """Tell the webhooks about the new stories at or above ``notify.spike_threshold``.

        Only stories this refresh brought in: the merge runs under the store's lock, so when
        several sessions (and a cron ``rtc fetch``) refresh one data dir, exactly one of them
        finds a story new, and the channel hears about it once. At most
        :data:`MAX_SPIKES_TOLD` per refresh, the best first, so a first fetch is not a flood.
        """
        if self.notifier is None or not self.notifier.enabled:
            return
        threshold = self.config.notify.spike_threshold
        spikes = [story for story in new_stories if story.score >= threshold]
        for story in sorted(spikes, key=lambda s: -s.score)[:MAX_SPIKES_TOLD]:
            event = story.event
            link = f" {event.url}" if event.url else ""
            self.notifier.tell(
                "spike",
                _("{title} ({sources}; score {score}: {why}){link}").format(
                    title=event.title,
                    sources=", ".join(story.sources),
                    score=f"{story.score * 100:.0f}",
                    why=explain(f.label for f in story.factors),
                    link=link,
                ),
            )

    def seed_demo(self) -> None:
        """Fill a demo data dir: two refreshes of the bundled feeds, an hour apart.

        The first one runs on a clock set an hour back, so the demo opens with a signal
        history and velocity to explain, like a desk that has been running for a while.
        """
        import asyncio

        real_now = self.now
        earlier = real_now() - timedelta(hours=1)

        async def run() -> None:
            try:
                self.now = lambda: earlier
                await self.refresh()
            finally:
                self.now = real_now
            try:
                await self.refresh()
            finally:
                await self.aclose()

        asyncio.run(run())

    def next_refresh_due(self) -> datetime | None:
        """When the next source falls due (``None``: one is due now).

        With no enabled source nothing falls due: an hour from now (the app checks again
        then), rather than "now" — which had the app wake every second to fetch nothing, and
        load the network stack to do it.
        """
        enabled = [s for s in self.sources() if s.enabled]
        if not enabled:
            return self.now() + NOTHING_DUE
        return self.fetcher().next_due(enabled)

    # -- reading ----------------------------------------------------------------------

    def mute_rules(self) -> list[MuteRule]:
        """The config's mute entries and the ones added in the app, compiled.

        Raises:
            BadInputError: an entry is an invalid regular expression.
        """
        try:
            return [compile_mute(e) for e in self.mutes() if e.strip()]
        except MuteError as exc:
            raise BadInputError(str(exc)) from exc

    def mutes(self) -> list[str]:
        """Every mute entry: the config's, then those added in the app."""
        return list(dict.fromkeys([*self.config.mute, *self.added_mutes()]))

    def mute(self, entry: str) -> list[str]:
        """Add a mute entry (a word, ``/regex/`` or ``source:Name``); returns the list.

        Raises:
            BadInputError: an empty entry or an invalid regular expression.
        """
        entry = entry.strip()
        if not entry:
            raise BadInputError(_("nothing to mute"))
        try:
            compile_mute(entry)
        except MuteError as exc:
            raise BadInputError(str(exc)) from exc
        self.store.state.update(
            MUTE_KEY, lambda old: list(dict.fromkeys([*(old or []), entry])), default=[]
        )
        return self.mutes()

    def added_mutes(self) -> list[str]:
        """The mute entries added in the app (the ones ``unmute`` can remove)."""
        return [str(e) for e in self.store.state.get(MUTE_KEY, []) or []]

    def unmute(self, entry: str) -> list[str]:
        """Remove a mute entry added in the app (the config's stay); returns the list."""
        self.store.state.update(
            MUTE_KEY, lambda old: [e for e in (old or []) if e != entry], default=[]
        )
        return self.mutes()

    def saved_filters(self) -> dict[str, str]:
        """Named filters: the config's ``trending.filters`` and those saved in the app."""
        saved = self.store.state.get(FILTERS_KEY, {}) or {}
        return {**self.config.trending.filters, **{str(k): str(v) for k, v in saved.items()}}

    def save_filter(self, name: str, query: str) -> dict[str, str]:
        """Save (or replace) a named filter; returns every filter.

        Raises:
            BadInputError: an empty name.
        """
        name = name.strip()
        if not name:
            raise BadInputError(_("a saved filter needs a name"))
        self.store.state.update(FILTERS_KEY, lambda old: {**(old or {}), name: query}, default={})
        return self.saved_filters()

    def _ranker(
        self,
        changed: set[str] | None,
        now: datetime,
        updates: list[RankUpdate] | None = None,
        settle: Callable[[], None] | None = None,
    ) -> Ranker:
        """The ranking step of a merge (run by the store, inside it): the batch ``changed``.

        ``changed`` is read when the store calls it, after the merge filled it in (``None``:
        every event). Each body keeps its score and cluster id too (the store writes the
        bodies it lent through ``load``), so a story's copies are found without the ranking.
        The update is appended to ``updates`` when given. ``settle`` gives the merged events
        their verdicts, once they are scored (see :func:`~rtc_tui.core.trending.rerank.ranker`).
        """
        rank = ranker(now=now, changed=changed, keywords=self.config.brand.keywords, settle=settle)

        def run(
            written: Mapping[str, Event],
            live: Sequence[str],
            previous: Mapping[str, ClusterEntry] | None,
            load: Callable[[Collection[str]], Mapping[str, Event]],
        ) -> RankUpdate:
            update = rank(written, live, previous, load)
            ids = [s.id for s in update.standings]
            bodies = {**load([i for i in ids if i not in written]), **written}
            for row in update.standings:
                body = bodies.get(row.id)
                if body is not None:
                    body.score = row.score
                    body.cluster_id = row.cluster_id
            if updates is not None:
                updates.append(update)
            return update

        return run

    def _standings(self, limit: int | None = None) -> list[Standing]:
        """The stored ranking; a store that has events but no ranking yet is ranked once."""
        rows = self.store.events.ranking(limit)
        if rows:
            return rows
        if not self.store.events.all():
            return []
        self.store.events.merge(
            lambda current: list(current.values()), rank=self._ranker(None, self.now())
        )
        return self.store.events.ranking(limit)

    def ranked(self, *, include_hidden: bool = False, limit: int | None = None) -> list[Ranked]:
        """Events ranked, pinned first; dismissed, snoozed and muted ones only on request.

        Read from the ranking stored at ingest: nothing is clustered or scored here.
        """
        return self._ranked_from(self._standings(limit), include_hidden=include_hidden)

    def _first_ranked(self, rows: Sequence[Standing]) -> Ranked | None:
        """``_ranked_from(rows, include_hidden=False)[0]`` (or ``None``), aging that one only."""
        now = self.now()
        rules = self.mute_rules()
        first: Standing | None = None
        for row in rows:
            event = row.event
            if is_hidden(event, now) or muted_by(event, rules):
                continue
            if event.state is TriageState.PINNED:
                return aged(row, now)  # pins are lifted above the rest
            if first is None:
                first = row
        return None if first is None else aged(first, now)

    def _ranked_from(self, rows: Sequence[Standing], *, include_hidden: bool) -> list[Ranked]:
        now = self.now()
        rules = self.mute_rules()
        out: list[Ranked] = []
        for row in rows:
            event = row.event
            if not include_hidden and (is_hidden(event, now) or muted_by(event, rules)):
                continue
            out.append(aged(row, now))
        # The stored order is by score already (decay keeps it): a stable sort lifts pins.
        out.sort(key=lambda r: r.event.state is not TriageState.PINNED)
        return out

    def stories(self, *, include_hidden: bool = False, limit: int | None = None) -> list[Story]:
        """The ranked events as stories: one per cluster, pinned first, then by best score.

        A story is made of its visible copies (a dismissed copy of a story still trending
        leaves the others); its sensitivity is the worst of every copy, hidden ones included
        (worked out at ingest). With ``limit``, only the first standings are read: the first
        screen, before the whole list.
        """
        return self._stories_of(self._standings(limit), include_hidden=include_hidden)

    def _stories_of(self, rows: Sequence[Standing], *, include_hidden: bool) -> list[Story]:
        worst = {row.cluster_id or row.id: row.story_sensitivity for row in rows}
        headlines = {row.id for row in rows if row.headline}
        grouped = stories(
            self._ranked_from(rows, include_hidden=include_hidden),
            headline=lambda member: member.event.id in headlines,
        )
        out: list[Story] = []
        for story in grouped:
            level = worst.get(story.cluster_id or story.id, story.sensitivity)
            level = worst_sensitivity([level, story.sensitivity])
            out.append(story if level == story.sensitivity else replace(story, sensitivity=level))
        return out

    def sensitive_events(self) -> list[Event]:
        """The ranking's sensitive events that may name a tag (light copies): for the checks."""
        self._standings(limit=1)  # events merged without a ranking are ranked first
        return self.store.events.sensitive()

    def first_stories(self, rows: int | None = FIRST_SCREEN_ROWS) -> tuple[list[Story], bool]:
        """The stories of the ranking's first ``rows`` standings, and whether that is all.

        The first screen reads the small first part of the stored ranking, so it costs the
        same at 500 or 20,000 events; more rows are read as the editor goes down the list
        (``None``: every row).
        """
        found = self._standings(rows)
        complete = rows is None or len(found) < rows
        return self._stories_of(found, include_hidden=False), complete

    def story_events(self, event_id: str) -> list[Event]:
        """Every stored copy of the story ``event_id`` belongs to, itself first.

        Hidden copies (dismissed, snoozed, muted) count: the story is as sensitive as its
        worst copy whether or not the editor still sees that copy. Unknown id: empty. The
        copies share the cluster id the ingest stored in their bodies.

        The ranking is not read (a new draft from an event must cost the same at 100 or
        10,000 events): only an event stored without a cluster id, merged before any
        ranking, has the store ranked once and its story read again.
        """
        copies = self.store.events.story(event_id)
        if copies and not copies[0].cluster_id:
            self._standings(limit=1)  # events merged without a ranking are ranked first
            copies = self.store.events.story(event_id)
        if not copies:
            return []
        event, others = copies[0], copies[1:]
        return [event, *sorted(others, key=lambda e: (-e.score, e.id))]

    def events(self, *, include_hidden: bool = False) -> list[Event]:
        """Stored events in ranked order, ``score`` and ``cluster_id`` filled in."""
        out: list[Event] = []
        for item in self.ranked(include_hidden=include_hidden):
            event = item.event
            event.score = item.score
            event.cluster_id = item.cluster_id
            out.append(event)
        return out

    def event_rows(
        self, *, include_hidden: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """``rtc events --json``: ``{"id", "title", "source", "url", "score", ...}`` each."""
        return [
            _event_row(item.event, item.score)
            for item in self.ranked(include_hidden=include_hidden)[:limit]
        ]

    def archived_rows(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """``rtc events --archived``: archived events, newest first, as ``event_rows`` gives."""
        return [_event_row(e, e.score) for e in self.store.events.archived()[:limit]]

    def event_detail(self, event_id: str) -> EventDetail:
        """The event, why it ranks where it does, and the rest of its cluster.

        Raises:
            BadInputError: no event with that id.
        """
        copies = self.story_events(event_id)
        if not copies:
            raise BadInputError(_("no event with id {id}").format(id=event_id))
        event, members = copies[0], copies[1:]
        standing = self.store.events.standing(event_id)
        if standing is None:
            raise BadInputError(_("no event with id {id}").format(id=event_id))
        ranked = replace(aged(standing, self.now()), event=event)
        rule = muted_by(event, self.mute_rules())
        worst = worst_sensitivity([event.sensitivity, *(m.sensitivity for m in members)])
        return EventDetail(ranked, tuple(members), rule.text if rule else "", worst)

    @staticmethod
    def filter_keys(events: Iterable[Event]) -> dict[str, str]:
        """Per event id, the folded text filter-as-you-type searches (built once per load)."""
        return {e.id: filter_key(e) for e in events}

    # -- triage ------------------------------------------------------------------------

    def triage(self, event_id: str, action: TriageAction | str) -> Triage:
        """Pin, dismiss, snooze, restore or mark an event seen; its triage record is stored.

        Raises:
            BadInputError: unknown action or event.
        """
        chosen = _triage_action(action)
        changed = self._change_triage([event_id], chosen)
        if not changed:
            raise BadInputError(_("no event with id {id}").format(id=event_id))
        return changed[0]

    def _change_triage(self, event_ids: Sequence[str], action: TriageAction) -> list[Triage]:
        """Apply ``action`` to the triage records of a story's copies in one write."""
        now = self.now()
        snooze = timedelta(seconds=self.config.trending.snooze)
        return self.store.events.change_triage(
            list(dict.fromkeys(event_ids)),
            lambda records: apply_story(records, action, now=now, snooze=snooze),
        )

    def triage_story(self, event_ids: Sequence[str], action: TriageAction | str) -> None:
        """Triage every copy of a story at once (one write of their triage records).

        Raises:
            BadInputError: unknown action, or none of the events is stored.
        """
        chosen = _triage_action(action)
        wanted = list(dict.fromkeys(event_ids))
        if not self._change_triage(wanted, chosen):
            raise BadInputError(
                _("no event with id {id}").format(id=wanted[0] if wanted else "(none)")
            )

    def mark_seen(self, event_ids: Iterable[str]) -> None:
        """Mark new events seen in one small write (the pane batches the rows the cursor passed)."""
        wanted = list(dict.fromkeys(event_ids))
        if wanted:
            self._change_triage(wanted, TriageAction.SEEN)

    # -- health ------------------------------------------------------------------------

    def source_status(self) -> list[SourceStatus]:
        """Every configured source with its health and when it is due next."""
        sources = self.sources()
        if not sources:
            return []  # no fetcher: a desk that fetches nothing never loads the network stack
        fetcher = self.fetcher()
        return [
            SourceStatus(s, fetcher.health_of(s.name), fetcher.health_of(s.name).next_due(s.every))
            for s in sources
        ]

    def health(self) -> HealthView:
        """How the enabled sources are doing, for the status bar (which words it itself)."""
        statuses = [s for s in self.source_status() if s.source.enabled]
        tried = [s.health for s in statuses if s.health.last_attempt is not None]
        attempts = [h.last_attempt for h in tried if h.last_attempt is not None]
        return HealthView(
            configured=len(statuses),
            tried=len(tried),
            ok=sum(1 for h in tried if h.ok),
            last_attempt=max(attempts, default=None),
        )

    def health_summary(self) -> str:
        """The status bar's words: ``6/7 sources ok · 12 s ago``."""
        return self.health().summary(self.now())
