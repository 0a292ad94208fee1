"""Merging a refresh into the known events: history grows, triage survives, text is classified.

A source hands back fresh :class:`Event` objects every refresh. :func:`merge_refresh` folds
them into what is stored: an event seen before keeps its first-seen time, triage state and
drafts, gains a signal reading (the history velocity is measured on) and takes the new text;
an event never seen before is new. Sensitivity is classified on ingest, once per new or
changed text, from the title, summary and context together (a hashtag's meaning is in its
posts). A dismissed event comes back only if it changes; a snoozed one wakes when its time is
up. :func:`prune` keeps the store bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Protocol, TypeVar

import msgspec
from msgspec.structs import replace

from rtc_tui.core.models import Event, Sensitivity, SignalPoint, TriageState
from rtc_tui.core.trending.ranking import fold

MAX_HISTORY = 48
"""Signal readings kept per event (the newest)."""

KEEP = timedelta(hours=48)
"""Events not seen for longer than this leave the live store (unless pinned, reacted or drafted)."""

RESURFACE_FACTOR = 2.0
"""A dismissed event comes back when its signal reaches this multiple of its dismissed level."""

Classify = Callable[[str], Sensitivity]
ClassifyAll = Callable[[Sequence[str]], Sequence[Sensitivity]]
"""Many texts classified at once: each verdict what :data:`Classify` gives, in order."""


@dataclass
class MergeOutcome:
    """The merged events and what the refresh changed."""

    events: dict[str, Event]
    new_ids: list[str] = field(default_factory=list)
    """Events seen for the first time, in the order the sources gave them."""
    updated_ids: list[str] = field(default_factory=list)
    """Events already known that this refresh saw again."""
    pending: dict[str, str] = field(default_factory=dict)
    """By event id, the text whose verdict the event still waits for (``classify_later``)."""
    _settled: bool = field(default=False, repr=False, compare=False)

    def settle(self, classify_all: ClassifyAll) -> None:
        """Give each event still waiting for a verdict its own (the first call; then nothing).

        Nothing else of a merge reads a verdict before the ranking's stories do (the worst
        sensitivity of each): a caller that classifies as late as that gives another process
        classifying the same texts (:mod:`rtc_tui.desk.side_classifier`) the most time.
        """
        if self._settled:
            return
        self._settled = True
        pending, self.pending = self.pending, {}
        verdicts = classify_all(list(pending.values()))
        for ident, verdict in zip(pending, verdicts, strict=True):
            self.events[ident].sensitivity = verdict


def sensitivity_text(event: Event) -> str:
    """Everything about an event the lexicon should read: title, summary, context titles."""
    parts = [event.title, event.summary, *(c.title for c in event.context)]
    return "\n".join(p for p in parts if p)


def _changed(old: Event, new: Event) -> bool:
    return fold(old.title) != fold(new.title)


def _resurfaces(old: Event, new: Event) -> bool:
    if _changed(old, new):
        return True
    # A dismissal made on a triage record alone took no signal: the one stored then counts.
    at_dismissal = old.extra.get("dismissed_signal", old.signal)
    if isinstance(at_dismissal, int | float) and new.signal is not None:
        return new.signal >= max(float(at_dismissal), 1.0) * RESURFACE_FACTOR
    return False


def _history(old: list[SignalPoint], new: list[SignalPoint], limit: int) -> list[SignalPoint]:
    merged = {p.at: p for p in old}
    for point in new:
        merged[point.at] = point
    return [merged[at] for at in sorted(merged)][-limit:]


def _merge_one(old: Event, new: Event, limit: int) -> tuple[Event, str | None]:
    """``new`` folded into ``old``, and the text to classify (``None``: the old verdict holds)."""
    published = old.published
    if published is None or (
        old.extra.get("date_from_fetch") and not new.extra.get("date_from_fetch")
    ):
        published = new.published
    extra = {**old.extra, **new.extra}
    if not new.extra.get("date_from_fetch"):
        extra.pop("date_from_fetch", None)
    merged = replace(
        old,
        title=new.title,
        url=new.url or old.url,
        summary=new.summary or old.summary,
        lang=new.lang or old.lang,
        published=published,
        last_seen=max(old.last_seen, new.last_seen),
        signal=new.signal if new.signal is not None else old.signal,
        signal_history=_history(old.signal_history, new.signal_history, limit),
        context=list(new.context) or list(old.context),
        extra=extra,
        draft_ids=list(old.draft_ids),
    )
    text = sensitivity_text(merged)
    if old.state is TriageState.DISMISSED and _resurfaces(old, new):
        merged.state = TriageState.NEW
        merged.extra.pop("dismissed_signal", None)
        merged.extra["resurfaced"] = True
    return merged, (text if text != sensitivity_text(old) else None)


class Retained(Protocol):
    """What retention and waking read of a live event: an :class:`Event` or a :class:`LiveEvent`."""

    @property
    def id(self) -> str:
        """The event's id."""

    @property
    def state(self) -> TriageState:
        """Its triage state."""

    @property
    def snoozed_until(self) -> datetime | None:
        """When its snooze ends."""

    @property
    def draft_ids(self) -> Sequence[int]:
        """The drafts made from it."""

    @property
    def last_seen(self) -> datetime:
        """When a source last listed it."""


R = TypeVar("R", bound=Retained)


class LiveEvent(msgspec.Struct, frozen=True, gc=False):
    """A stored event without its body: what a merge needs of every live event.

    A store keeps these small (its id, when it was last seen, its triage record), so a merge
    decides retention and wakes snoozes without reading every body. A merge makes one per
    live event: they are not tracked by the cycle collector (their fields cannot form a
    cycle), so 20,000 of them do not set off collections.
    """

    id: str
    last_seen: datetime
    state: TriageState = TriageState.NEW
    snoozed_until: datetime | None = None
    draft_ids: tuple[int, ...] = ()

    @classmethod
    def of(cls, event: Event) -> LiveEvent:
        """The light row of ``event``."""
        return cls(
            event.id, event.last_seen, event.state, event.snoozed_until, tuple(event.draft_ids)
        )


def snooze_due(event: Retained, now: datetime) -> bool:
    """Whether ``event`` is snoozed and its time is up."""
    return event.state is TriageState.SNOOZED and (
        event.snoozed_until is None or event.snoozed_until <= now
    )


def wake_snoozed(events: Iterable[Event], now: datetime) -> list[str]:
    """Snoozed events whose time is up become new again; returns their ids."""
    woken: list[str] = []
    for event in events:
        if snooze_due(event, now):
            event.state = TriageState.NEW
            event.snoozed_until = None
            woken.append(event.id)
    return woken


def merge_refresh(
    known: Mapping[str, Event],
    fresh: Iterable[Event],
    *,
    now: datetime,
    classify: Classify,
    classify_all: ClassifyAll | None = None,
    max_history: int = MAX_HISTORY,
    classify_later: bool = False,
) -> MergeOutcome:
    """Fold ``fresh`` events into ``known`` ones (neither is modified) and classify new text.

    The texts to classify (new events, changed ones) are gathered first and classified in one
    call at the end: ``classify_all`` (when given) may share them with another process; it
    must answer what ``classify`` answers for each text, in order. With ``classify_later``
    they are left in :attr:`MergeOutcome.pending`, the new and changed events keeping the
    verdict they came with, until the caller's :meth:`MergeOutcome.settle`.
    """
    events = {ident: replace(e) for ident, e in known.items()}
    outcome = MergeOutcome(events)
    # By event id, the text its latest version must be classified on. An id met twice in
    # one refresh keeps its pending text unless the second sighting changes it.
    pending: dict[str, str] = {}
    for event in fresh:
        old = events.get(event.id)
        if old is None:
            added = replace(event, state=TriageState.NEW)
            pending[event.id] = sensitivity_text(added)
            events[event.id] = added
            outcome.new_ids.append(event.id)
        else:
            events[event.id], text = _merge_one(old, event, max_history)
            if text is not None:
                pending[event.id] = text
            if event.id not in outcome.new_ids:
                outcome.updated_ids.append(event.id)
    outcome.pending = pending
    if not classify_later:
        outcome.settle(classify_all or (lambda texts: [classify(t) for t in texts]))
    wake_snoozed(events.values(), now)
    return outcome


def _protected(event: Retained) -> bool:
    return event.state in {TriageState.PINNED, TriageState.REACTED} or bool(event.draft_ids)


def prune(
    events: Iterable[R], *, now: datetime, max_events: int, keep: timedelta = KEEP
) -> list[R]:
    """The events to keep live: seen within ``keep``, at most ``max_events`` of them.

    Pinned, reacted and drafted events always stay. The store archives the others.
    """
    horizon = now - keep
    rows = list(events)
    recent = list(map(horizon.__le__, map(attrgetter("last_seen"), rows)))
    if all(recent):  # the usual case, decided in C (20,000 rows at every merge)
        kept = rows
    else:
        kept = [e for e, fresh in zip(rows, recent, strict=True) if fresh or _protected(e)]
    if len(kept) <= max_events:
        return kept
    kept.sort(key=lambda e: (not _protected(e), -e.last_seen.timestamp(), e.id))
    protected = sum(1 for e in kept if _protected(e))
    return kept[: max(max_events, protected)]
