"""The two merges of the event interface, each written in terms of the other.

A backend implements one of :meth:`~rtc_tui.store.interface.EventRepository.merge` (every event
given to the callback) and :meth:`~rtc_tui.store.interface.EventRepository.merge_batch` (the
light rows and the bodies on demand) natively and gets the other from here. The data dir
implements the batch merge (its cost is what the batch touches) and gets ``merge`` (a copy's
restore, ranking every event once) as a batch that looks every event up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from rtc_tui.core.models import Event
from rtc_tui.core.trending.ingest import LiveEvent
from rtc_tui.store.interface import BatchMerge, EventBatch, MergeResult, Ranker, merge_parts

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


class MemoryBatch:
    """An :class:`EventBatch` over events already read (a backend that reads them all)."""

    def __init__(self, current: Mapping[str, Event]) -> None:
        self.current = current
        self._live = {i: LiveEvent.of(e) for i, e in current.items()}

    @property
    def live(self) -> Mapping[str, LiveEvent]:
        """Every live event's light row, in stored order."""
        return self._live

    def lookup(self, ids: Iterable[str]) -> dict[str, Event]:
        """The events named that are live."""
        return {i: self.current[i] for i in ids if i in self.current}


def batch_as_every(
    merge: Callable[[EventBatch], BatchMerge], written: list[Event]
) -> Callable[[dict[str, Event]], MergeResult]:
    """A batch merge as a callback given every event (what ``merge`` takes).

    The events it writes are appended to ``written``.
    """

    def run(current: dict[str, Event]) -> MergeResult:
        result = merge(MemoryBatch(current))
        changed = {e.id: e for e in result.write}
        written[:] = changed.values()
        keep = list(dict.fromkeys(result.keep))
        kept = [changed.get(i) or current[i] for i in keep if i in changed or i in current]
        return MergeResult(kept, list(result.archive))

    return run


__all__ = ["MemoryBatch", "batch_as_every", "merge_every"]
