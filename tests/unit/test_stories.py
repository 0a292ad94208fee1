"""One row per story: grouping ranked events, the worst sensitivity, and checks on the story."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rtc_tui.core.models import Event, Level, Sensitivity, SignalPoint, TriageState, event_id
from rtc_tui.core.trending.ranking import rank
from rtc_tui.core.trending.stories import (
    lead_of,
    stories,
    story_context_text,
    story_state,
    worst_sensitivity,
)
from rtc_tui.desk import Desk
from tests.conftest import FROZEN_NOW
from tests.safety_corpus import shipped_lexicon

SANREMO = (
    ("Notizie", "Sanremo, vince Olivia Marras con Vetro sottile", 900.0, 300.0),
    ("World", "Olivia Marras wins Sanremo festival", None, None),
    ("Trends", "sanremo", 50000.0, 20000.0),
    ("Mastodon", "#Sanremo2026", 400.0, 100.0),
)


def make(source: str, title: str, signal: float | None, before: float | None) -> Event:
    at = FROZEN_NOW - timedelta(minutes=30)
    history = []
    if signal is not None and before is not None:
        history = [SignalPoint(at, before), SignalPoint(FROZEN_NOW, signal)]
    return Event(
        id=event_id(source, title),
        source=source,
        title=title,
        published=at,
        first_seen=at,
        last_seen=FROZEN_NOW,
        signal=signal,
        signal_history=history,
        sensitivity=shipped_lexicon().classify(title),
    )


def test_one_story_from_four_sources_is_one_item() -> None:
    events = [make(*row) for row in SANREMO]
    events.append(make("Notizie", "Pasta, il prezzo del grano duro ai minimi", None, None))
    grouped = stories(rank(events, now=FROZEN_NOW))
    assert len(grouped) == 2
    story = next(s for s in grouped if len(s.members) == 4)
    assert sorted(story.sources) == ["Mastodon", "Notizie", "Trends", "World"]
    # The best-scored headline, not a bare search term or tag, tells the story.
    assert story.lead.event.title in {SANREMO[0][1], SANREMO[1][1]}
    # The strongest rise of any copy: Mastodon went 100 -> 400 (+300%).
    assert story.rise == 3.0
    assert story.rise_label.startswith("+300% in")
    assert story.score == max(m.score for m in story.members)
    assert set(story.event_ids) == {e.id for e in events[:4]}


def test_a_lone_tag_leads_only_when_no_copy_has_a_headline() -> None:
    ranked = rank([make("Trends", "sanremo", 5.0, 1.0)], now=FROZEN_NOW)
    assert lead_of(ranked).event.title == "sanremo"


def test_order_follows_the_first_member_so_pinned_stories_stay_on_top() -> None:
    events = [make(*row) for row in SANREMO]
    pasta = make("Notizie", "Pasta, il prezzo del grano duro ai minimi", None, None)
    pasta.state = TriageState.PINNED
    ranked = rank([*events, pasta], now=FROZEN_NOW)
    ranked.sort(key=lambda r: r.event.state is not TriageState.PINNED)
    grouped = stories(ranked)
    assert grouped[0].lead.event.id == pasta.id
    assert grouped[0].state is TriageState.PINNED


def test_worst_sensitivity_keeps_what_made_it_so() -> None:
    warn = Sensitivity(Level.WARN, ("politics",), ("elezioni",))
    block = Sensitivity(Level.BLOCK, ("death",), ("morti",))
    block2 = Sensitivity(Level.BLOCK, ("disaster",), ("crollo",))
    worst = worst_sensitivity([Sensitivity(), warn, block, block2])
    assert worst.level is Level.BLOCK
    assert worst.categories == ("death", "disaster")
    assert worst.terms == ("morti", "crollo")
    assert worst_sensitivity([]) == Sensitivity()
    assert worst_sensitivity([Sensitivity(), warn]) == warn


def test_story_state_prefers_pinned_then_new() -> None:
    a, b = make(*SANREMO[0]), make(*SANREMO[1])
    a.state, b.state = TriageState.SEEN, TriageState.NEW
    assert story_state([a, b]) is TriageState.NEW
    b.state = TriageState.PINNED
    assert story_state([a, b]) is TriageState.PINNED
    b.state = TriageState.REACTED
    assert story_state([a, b]) is TriageState.REACTED


def test_story_context_names_the_other_copies() -> None:
    a = make("Notizie", "Crollo a Catania", None, None)
    a.summary = "Una palazzina"
    b = make("World", "Building collapse in Catania, three dead", None, None)
    text = story_context_text(a, [a, b])
    assert text.splitlines() == ["Una palazzina", "Building collapse in Catania, three dead"]


def _store(desk: Desk, events: list[Event]) -> None:
    desk.store.events.merge(lambda _current: events)


def test_a_draft_from_an_unflagged_copy_is_checked_against_the_whole_story(desk: Desk) -> None:
    # The same collapse told by two sources: only the second copy names the dead.
    quiet = make("Notizie", "Palazzina a Catania, soccorsi al lavoro in via Etnea", None, None)
    grave = make("World", "Palazzina a Catania, tre morti in via Etnea", None, None)
    assert quiet.sensitivity.level.rank < grave.sensitivity.level.rank
    _store(desk, [quiet, grave])
    assert {e.id for e in desk.trending.story_events(quiet.id)} == {quiet.id, grave.id}
    [story] = desk.trending.stories()
    assert story.sensitivity.level is grave.sensitivity.level
    draft = desk.drafts.new(event_id=quiet.id, text="Che giornata!", platforms=["x"])
    # The snapshot on the draft is the story's, not the quiet copy's.
    assert draft.origin is not None
    assert draft.origin.sensitivity.level is grave.sensitivity.level
    report = desk.checklist.safety_report(desk.drafts.get(draft.id))
    event_findings = [f for f in report.findings if f.where == "event"]
    assert any(f.severity is grave.sensitivity.level for f in event_findings)
    assert report.verdict.value == grave.sensitivity.level.value


def test_a_story_triage_applies_to_every_copy_and_pin_toggles_the_story(desk: Desk) -> None:
    events = [make(*row) for row in SANREMO]
    _store(desk, events)
    ids = tuple(e.id for e in events)
    desk.trending.triage(ids[1], "pin")  # one copy pinned: the story is pinned
    desk.trending.triage_story(ids, "pin")  # so p unpins the whole story
    assert {e.state for e in desk.store.events.all()} == {TriageState.SEEN, TriageState.NEW}
    assert not any(e.state is TriageState.PINNED for e in desk.store.events.all())
    desk.trending.triage_story(ids, "pin")
    assert all(e.state is TriageState.PINNED for e in desk.store.events.all())
    desk.trending.triage_story(ids, "dismiss")
    assert desk.trending.stories() == []


def test_a_draft_from_a_ranked_event_does_not_read_the_ranking(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ranking grows with the store; a draft from an event reads its story's copies only.
    quiet = make("Notizie", "Palazzina a Catania, soccorsi al lavoro in via Etnea", None, None)
    grave = make("World", "Palazzina a Catania, tre morti in via Etnea", None, None)
    _store(desk, [quiet, grave])
    desk.trending.stories()  # ranked once: the bodies carry their cluster ids from now on
    reads: list[int | None] = []
    ranking = desk.store.events.ranking

    def counted(limit: int | None = None) -> list[object]:
        reads.append(limit)
        return list(ranking(limit))

    monkeypatch.setattr(desk.store.events, "ranking", counted)
    draft = desk.drafts.new(event_id=quiet.id, platforms=["x"])
    assert draft.origin is not None
    assert draft.origin.sensitivity.level is grave.sensitivity.level
    assert reads == []
