"""Merging refreshes, triage transitions, mute rules and filter-as-you-type."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from rtc_tui.core.models import (
    ContextItem,
    Event,
    Level,
    Sensitivity,
    SignalPoint,
    TriageState,
    event_id,
)
from rtc_tui.core.trending import ingest
from rtc_tui.core.trending.filters import (
    MuteError,
    compile_mute,
    filter_key,
    matches_query,
    muted_by,
    query_matcher,
)
from rtc_tui.core.trending.ingest import prune
from rtc_tui.core.trending.triage import TriageAction, apply, is_hidden
from tests.safety_corpus import shipped_lexicon

NOW = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


def merge_refresh(
    known: Mapping[str, Event], fresh: Iterable[Event], **kwargs: Any
) -> ingest.MergeOutcome:
    """:func:`rtc_tui.core.trending.ingest.merge_refresh` classifying with the shipped lexicon."""
    kwargs.setdefault("classify", shipped_lexicon().classify)
    return ingest.merge_refresh(known, fresh, **kwargs)


def ev(
    title: str,
    *,
    at: datetime = NOW,
    signal: float | None = None,
    source: str = "News",
    key: str = "",
    context: list[ContextItem] | None = None,
    summary: str = "",
) -> Event:
    return Event(
        id=event_id(source, key or title),
        source=source,
        title=title,
        summary=summary,
        published=at,
        first_seen=at,
        last_seen=at,
        signal=signal,
        signal_history=[SignalPoint(at, signal)] if signal is not None else [],
        context=list(context or []),
    )


def test_new_events_are_new_and_classified() -> None:
    outcome = merge_refresh({}, [ev("Strage in autostrada, dieci morti")], now=NOW)
    (event,) = outcome.events.values()
    assert outcome.new_ids == [event.id]
    assert event.state is TriageState.NEW
    assert event.sensitivity.level is Level.BLOCK


def test_context_counts_for_sensitivity() -> None:
    tag = ev(
        "#WhyIStayed", context=[ContextItem("I stayed because of domestic violence", kind="status")]
    )
    (event,) = merge_refresh({}, [tag], now=NOW).events.values()
    assert event.sensitivity.level is not Level.NONE


def test_a_known_event_keeps_triage_and_first_seen_and_grows_its_history() -> None:
    first = merge_refresh({}, [ev("Sanremo", signal=100, key="k")], now=NOW).events
    (ident,) = first
    first[ident].state = TriageState.PINNED
    first[ident].draft_ids = [3]
    later = NOW + timedelta(minutes=30)
    outcome = merge_refresh(
        first,
        [ev("Sanremo", at=later, signal=340, key="k")],
        now=later,
        classify=shipped_lexicon().classify,
    )
    event = outcome.events[ident]
    assert outcome.new_ids == []
    assert outcome.updated_ids == [ident]
    assert event.state is TriageState.PINNED
    assert event.draft_ids == [3]
    assert event.first_seen == NOW
    assert event.last_seen == later
    assert event.signal == 340
    assert [p.value for p in event.signal_history] == [100, 340]


def test_merge_does_not_modify_its_inputs() -> None:
    known = merge_refresh({}, [ev("Sanremo", signal=1, key="k")], now=NOW).events
    snapshot = {k: v.to_dict() for k, v in known.items()}
    merge_refresh(known, [ev("Sanremo", at=NOW + timedelta(hours=1), signal=2, key="k")], now=NOW)
    assert {k: v.to_dict() for k, v in known.items()} == snapshot


def test_history_is_capped() -> None:
    known: dict[str, Event] = {}
    for minute in range(10):
        at = NOW + timedelta(minutes=minute)
        known = merge_refresh(
            known, [ev("x", at=at, signal=minute, key="k")], now=at, max_history=4
        ).events
    (event,) = known.values()
    assert [p.value for p in event.signal_history] == [6, 7, 8, 9]


def test_a_date_from_the_fetch_keeps_the_first_sighting() -> None:
    first = ev("Tag", key="t")
    first.extra["date_from_fetch"] = True
    known = merge_refresh({}, [first], now=NOW).events
    again = ev("Tag", at=NOW + timedelta(hours=2), key="t")
    again.extra["date_from_fetch"] = True
    (event,) = merge_refresh(known, [again], now=NOW).events.values()
    assert event.published == NOW


def test_empty_context_keeps_the_previous_one() -> None:
    known = merge_refresh({}, [ev("Tag", key="t", context=[ContextItem("post")])], now=NOW).events
    (event,) = merge_refresh(known, [ev("Tag", key="t")], now=NOW).events.values()
    assert event.context == [ContextItem("post")]


def test_a_dismissed_event_stays_gone_until_it_changes() -> None:
    known = merge_refresh({}, [ev("Sanremo", signal=100, key="k")], now=NOW).events
    (ident,) = known
    apply(known[ident], TriageAction.DISMISS, now=NOW)
    same = merge_refresh(known, [ev("Sanremo", signal=150, key="k")], now=NOW).events
    assert same[ident].state is TriageState.DISMISSED
    surged = merge_refresh(same, [ev("Sanremo", signal=250, key="k")], now=NOW).events
    assert surged[ident].state is TriageState.NEW
    assert surged[ident].extra["resurfaced"] is True


def test_a_dismissed_event_with_a_new_title_comes_back() -> None:
    known = merge_refresh({}, [ev("Sanremo, la finale", key="k")], now=NOW).events
    (ident,) = known
    apply(known[ident], TriageAction.DISMISS, now=NOW)
    merged = merge_refresh(known, [ev("Sanremo, vince Marras", key="k")], now=NOW).events
    assert merged[ident].state is TriageState.NEW


def test_snoozed_events_wake_up_when_due() -> None:
    known = merge_refresh({}, [ev("Sanremo", key="k")], now=NOW).events
    (ident,) = known
    apply(known[ident], TriageAction.SNOOZE, now=NOW, snooze=timedelta(hours=1))
    assert is_hidden(known[ident], NOW + timedelta(minutes=59))
    early = merge_refresh(known, [], now=NOW + timedelta(minutes=59)).events
    assert early[ident].state is TriageState.SNOOZED
    woken = merge_refresh(known, [], now=NOW + timedelta(hours=1)).events
    assert woken[ident].state is TriageState.NEW
    assert woken[ident].snoozed_until is None


def test_pin_toggles() -> None:
    event = ev("x")
    assert apply(event, TriageAction.PIN, now=NOW).state is TriageState.PINNED
    assert apply(event, TriageAction.PIN, now=NOW).state is TriageState.SEEN


def test_seen_only_changes_new_events() -> None:
    event = ev("x")
    event.state = TriageState.PINNED
    assert apply(event, TriageAction.SEEN, now=NOW).state is TriageState.PINNED


def test_restore_undoes_a_dismiss() -> None:
    event = apply(ev("x", signal=5), TriageAction.DISMISS, now=NOW)
    assert is_hidden(event, NOW)
    apply(event, TriageAction.RESTORE, now=NOW)
    assert not is_hidden(event, NOW)
    assert "dismissed_signal" not in event.extra


def test_prune_drops_stale_events_but_keeps_protected_ones() -> None:
    old = ev("vecchio", at=NOW - timedelta(days=10))
    pinned = ev("fissato", at=NOW - timedelta(days=10))
    pinned.state = TriageState.PINNED
    drafted = ev("in bozza", at=NOW - timedelta(days=10))
    drafted.draft_ids = [1]
    fresh = [ev(f"nuovo {n}", at=NOW - timedelta(minutes=n)) for n in range(5)]
    kept = prune([old, pinned, drafted, *fresh], now=NOW, max_events=4)
    titles = {e.title for e in kept}
    assert "vecchio" not in titles
    assert {"fissato", "in bozza", "nuovo 0", "nuovo 1"} == titles


def test_mute_words_match_whole_words_without_accents() -> None:
    rule = compile_mute("calcio")
    assert rule.matches(ev("Il CALCIO italiano"))
    assert not rule.matches(ev("Calciomercato: tutte le trattative"))
    assert compile_mute("perché no").matches(ev("Perche no? La domanda del giorno"))


def test_mute_regex_and_source() -> None:
    rules = [compile_mute(entry) for entry in ("/^ask hn/", "source:Reddit", "re:^Meteo")]
    assert muted_by(ev("Ask HN: anything"), rules) is rules[0]
    assert muted_by(ev("qualcosa", source="reddit"), rules) is rules[1]
    assert muted_by(ev("meteo: pioggia"), rules) is rules[2]
    assert muted_by(ev("niente meteo"), rules) is None


def test_bad_mute_regex_is_an_error() -> None:
    with pytest.raises(MuteError, match="mute entry"):
        compile_mute("/(unclosed/")


def test_filter_matches_every_word_in_title_source_or_summary() -> None:
    key = filter_key(ev("Sanremo, vince Marras", source="Google Trends", summary="Città in festa"))
    assert matches_query(key, "sanremo")
    assert matches_query(key, "MARRAS google")
    assert matches_query(key, "citta")
    assert not matches_query(key, "sanremo juve")
    assert matches_query(key, "")
    assert matches_query(key, "juve|marras")
    assert not matches_query(key, "juve|serie a")
    assert matches_query(key, "|")


def test_a_query_worked_out_once_tests_every_key_against_it() -> None:
    keys = [
        filter_key(ev("Sanremo, vince Marras", source="Google Trends", summary="Città in festa")),
        filter_key(ev("Serie A: risultati", source="ANSA")),
        filter_key(ev("Juve, la finale")),
    ]
    expected = {
        "": [True, True, True],
        "|": [True, True, True],
        "CITTÀ festa": [True, False, False],
        "juve|serie a": [False, True, True],
        "juve finale|marras x": [False, False, True],
        "ansa risultati": [False, True, False],
        "x": [False, False, False],
    }
    for query, matched in expected.items():
        matcher = query_matcher(query)
        assert [matcher(key) for key in keys] == matched, query


def _merge_classifying_in_place(
    known: Mapping[str, Event], fresh: Iterable[Event], *, now: datetime, classify: Any
) -> ingest.MergeOutcome:
    """``merge_refresh`` as it was: each text classified the moment its event is merged."""
    events = {ident: replace(e) for ident, e in known.items()}
    outcome = ingest.MergeOutcome(events)
    for event in fresh:
        old = events.get(event.id)
        if old is None:
            added = replace(event, state=TriageState.NEW)
            added.sensitivity = classify(ingest.sensitivity_text(added))
            events[event.id] = added
            outcome.new_ids.append(event.id)
        else:
            merged, _text = ingest._merge_one(old, event, ingest.MAX_HISTORY)
            if ingest.sensitivity_text(merged) != ingest.sensitivity_text(old):
                merged.sensitivity = classify(ingest.sensitivity_text(merged))
            events[event.id] = merged
            if event.id not in outcome.new_ids:
                outcome.updated_ids.append(event.id)
    ingest.wake_snoozed(events.values(), now)
    return outcome


def _verdict(text: str) -> Sensitivity:
    """A verdict that names its text: a text classified in the wrong place shows."""
    return Sensitivity(Level.WARN, ("test",), (text,))


_EVENTS = st.builds(
    lambda key, title, summary, context, signal, hours: ev(
        title,
        key=key,
        summary=summary,
        context=[ContextItem(c) for c in context],
        signal=signal,
        at=NOW + timedelta(hours=hours),
    ),
    st.sampled_from("abcdef"),
    st.sampled_from(["Sanremo", "Strage in autostrada", "Sanremo, la finale", "Juve"]),
    st.sampled_from(["", "dieci morti", "vince Marras"]),
    st.lists(st.sampled_from(["post", "altro post"]), max_size=2),
    st.none() | st.sampled_from([1.0, 5.0, 50.0]),
    st.integers(0, 3),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_EVENTS, max_size=6),
    st.lists(_EVENTS, max_size=8),
    st.lists(st.sampled_from(list(TriageState)), min_size=6, max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_classifying_at_the_end_is_classifying_in_place(
    stored: list[Event],
    fresh: list[Event],
    states: list[TriageState],
    in_batch: bool,
    later: bool,
) -> None:
    """The merge gathers its texts and classifies them at once: same events as before.

    Ids repeat within a refresh and across the store; text changes or not; dismissed events
    resurface. ``classify_all`` (the side classifier's way in) gives the same too, and so
    does classifying later (``classify_later``, then ``settle``, as ``rtc fetch`` does once
    its batch is scored).
    """
    known: dict[str, Event] = {}
    for event, state in zip(stored, states, strict=False):
        event.state = state
        event.sensitivity = Sensitivity(Level.BLOCK, ("stored",), (event.title,))
        if state is TriageState.SNOOZED:
            event.snoozed_until = NOW + timedelta(hours=1)
        if state is TriageState.DISMISSED:
            event.extra["dismissed_signal"] = 2.0
        known[event.id] = event
    batches: list[list[str]] = []

    def classify_all(texts: Sequence[str]) -> list[Sensitivity]:
        batches.append(list(texts))
        return [_verdict(t) for t in texts]

    before = _merge_classifying_in_place(
        known, [replace(e) for e in fresh], now=NOW, classify=_verdict
    )
    after = ingest.merge_refresh(
        known,
        [replace(e) for e in fresh],
        now=NOW,
        classify=_verdict,
        classify_all=classify_all if in_batch else None,
        classify_later=later,
    )
    if later:
        assert batches == []
        waiting = set(after.pending)
        assert all(after.events[i].sensitivity == Sensitivity() for i in waiting - known.keys())
        after.settle(classify_all if in_batch else (lambda texts: [_verdict(t) for t in texts]))
        after.settle(classify_all)  # a second call does nothing
        assert after.pending == {}
    assert after.events == before.events
    assert after.new_ids == before.new_ids
    assert after.updated_ids == before.updated_ids
    assert len(batches) == (1 if in_batch else 0)
