"""A data dir holding ranked events, as the app's first screen reads it (UI and start-up tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from rtc_tui.core.models import Event
from rtc_tui.core.trending.rerank import ranker
from rtc_tui.store import FileStore
from rtc_tui.store.interface import BatchMerge, EventBatch


def news_title(n: int) -> str:
    """Titles that differ enough to stay apart as stories."""
    return f"Notizia {n} delle {n % 24} sul tema {n * 7}"


def ranked_store(
    path: Path, count: int, now: datetime, title: Callable[[int], str] = news_title
) -> FileStore:
    """A FileStore at ``path`` with ``count`` events of one source, a minute apart, ranked."""
    store = FileStore(path)
    events = [
        Event(
            id=f"ev{n:04d}",
            source="Notizie",
            title=title(n),
            first_seen=now - timedelta(minutes=n),
            last_seen=now - timedelta(minutes=n),
        )
        for n in range(count)
    ]
    store.events.merge(lambda _current: events, rank=ranker(now=now))
    return store


def refresh(store: FileStore, events: list[Event], now: datetime) -> None:
    """One refresh's merge: ``events`` written (new or changed), every live event kept."""
    ids = [e.id for e in events]

    def merge(batch: EventBatch) -> BatchMerge:
        return BatchMerge(events, [*batch.live, *(i for i in ids if i not in batch.live)])

    store.events.merge_batch(merge, rank=ranker(now=now, changed=set(ids)))
