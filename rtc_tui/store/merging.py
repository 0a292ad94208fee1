"""``merge`` (every event given to the callback) written as a batch merge.

Both backends implement :meth:`~rtc_tui.store.interface.EventRepository.merge_batch` (the light
rows and the bodies on demand: its cost is what the batch touches). The data dir gets
:meth:`~rtc_tui.store.interface.EventRepository.merge` (a copy's restore, ranking every event
once) from here, as a batch that looks every event up; PostgreSQL has its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import filterfalse

from rtc_tui.core.models import Event
from rtc_tui.core.trending.ingest import LiveEvent
from rtc_tui.store.interface import BatchMerge, EventBatch, MergeResult, Ranker, merge_parts


class LazyBatch:
    """An :class:`EventBatch` over light rows and a reader of bodies (what a store hands over)."""

    def __init__(
        self, live: Mapping[str, LiveEvent], load: Callable[[Iterable[str]], dict[str, Event]]
    ) -> None:
        self._live = live
        self._load = load

    @property
    def live(self) -> Mapping[str, LiveEvent]:
        """Every live event's light row, in stored order."""
        return self._live

    def lookup(self, ids: Iterable[str]) -> dict[str, Event]:
        """The bodies of the live ids named (read on demand)."""
        return self._load(ids)


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch merge's callback answered, checked."""

    keep: list[str]
    """The ids that stay live, in order, each once."""
    written: dict[str, Event]
    """The events to write (those kept only; a repeated id: its last value)."""
    gone: list[str]
    """The stored ids that left (to archive), in stored order."""
    archive: list[Event]
    """New events the callback archived directly."""


def run_batch(
    merge: Callable[[EventBatch], BatchMerge],
    live: Mapping[str, LiveEvent],
    load: Callable[[Iterable[str]], dict[str, Event]],
) -> BatchOutcome:
    """Run a batch merge's callback over ``live`` rows and ``load``; its answer, checked.

    Raises:
        ValueError: the callback kept an id neither stored nor written.
    """
    result = merge(LazyBatch(live, load))
    keep = list(dict.fromkeys(result.keep))
    written: dict[str, Event] = {}
    for event in result.write:
        written[event.id] = event
    unknown = set(keep).difference(written, live)
    if unknown:
        first = [i for i in keep if i in unknown][:3]
        raise ValueError(f"a merge kept events neither stored nor written: {first}")
    kept = set(keep)
    written = {i: e for i, e in written.items() if i in kept}
    gone = list(filterfalse(kept.__contains__, live))  # (in C: 20,000 ids)
    return BatchOutcome(keep, written, gone, list(result.archive))


BatchMergeFn = Callable[[Callable[[EventBatch], BatchMerge]], list[Event]]


def merge_every(
    merge_batch: Callable[..., list[Event]],
    merge: Callable[[dict[str, Event]], Iterable[Event] | MergeResult],
    rank: Ranker | None,
) -> list[Event]:
    """``merge`` (every current event in, the events to keep out) run as a batch merge.

    Every live event is looked up and handed over; the events it returns are all written, in
    its order (a repeated id: its first place, its last value). Returns them.
    """
    kept_out: list[Event] = []

    def run(batch: EventBatch) -> BatchMerge:
        found = batch.lookup(batch.live)
        current = {i: found[i] for i in batch.live if i in found}
        merged, archive_new = merge_parts(merge(current))
        kept: dict[str, Event] = {}
        for event in merged:
            kept[event.id] = event
        kept_out[:] = kept.values()
        return BatchMerge(list(kept.values()), list(kept), archive_new)

    merge_batch(run, rank=rank)
    return kept_out


__all__ = ["BatchOutcome", "LazyBatch", "merge_every", "run_batch"]
