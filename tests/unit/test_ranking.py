"""Ranking: normalisation, clustering across sources, explained and deterministic scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rtc_tui.core.models import Event, SignalPoint, event_id
from rtc_tui.core.trending.ranking import (
    RankSettings,
    age_label,
    brand_match,
    cluster,
    growth,
    rank,
    same_story,
    similar,
    title_tokens,
    words,
)

NOW = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


def ev(
    title: str,
    source: str = "News",
    *,
    age: timedelta = timedelta(0),
    signal: float | None = None,
    history: list[tuple[timedelta, float]] | None = None,
    summary: str = "",
    extra: dict[str, object] | None = None,
) -> Event:
    return Event(
        id=event_id(source, title),
        source=source,
        title=title,
        summary=summary,
        published=NOW - age,
        first_seen=NOW - age,
        last_seen=NOW,
        signal=signal,
        signal_history=[SignalPoint(NOW - ago, value) for ago, value in history or []],
        extra=dict(extra or {}),
    )


def test_words_fold_case_accents_and_split_hashtags() -> None:
    assert words("Perché l'Italia È #WhyIStayed #Sanremo2026") == [
        "perche",
        "l",
        "italia",
        "e",
        "why",
        "i",
        "stayed",
        "sanremo",
        "2026",
    ]


def test_title_tokens_drop_stop_words_in_both_languages() -> None:
    assert title_tokens("La finale della Coppa: the winner of the night") == {
        "final",
        "copp",
        "winne",
        "night",
    }


def test_light_stem_joins_inflections() -> None:
    assert title_tokens("elezione Milano Italia") == title_tokens("elezioni Milan italian")


def test_similar_needs_a_shared_word_not_just_a_number() -> None:
    assert similar(title_tokens("Bilancio 2026"), title_tokens("Sanremo 2026")) == 0.0


def test_short_searches_join_the_headline_containing_them() -> None:
    search = title_tokens("fiorentina torino")
    headline = title_tokens("Coppa Italia: la Fiorentina batte il Torino 2-1")
    assert similar(search, headline) == 1.0


def test_a_short_common_word_alone_is_not_a_story() -> None:
    assert similar(title_tokens("rai"), title_tokens("Rai, nuovo palinsesto")) == 0.0


def test_three_shared_names_make_the_same_story_across_languages() -> None:
    english = title_tokens("Italian singer Olivia Marras wins Sanremo festival")
    italian = title_tokens("Olivia Marras ha vinto Sanremo & nessuno se lo aspettava")
    assert same_story(english, italian)


def test_unrelated_headlines_are_not_the_same_story() -> None:
    assert not same_story(
        title_tokens("Blackout a Milano, quartieri al buio"),
        title_tokens("Milano, inaugurata la nuova linea del tram"),
    )


def test_cluster_groups_one_story_across_sources() -> None:
    events = [
        ev("Sanremo 2026, vince Olivia Marras con Vetro sottile", "News IT"),
        ev("Italian singer Olivia Marras wins Sanremo festival", "World"),
        ev("sanremo 2026", "Trends"),
        ev("#Sanremo2026", "Mastodon"),
        ev("Blackout a Milano, quartieri al buio per due ore", "News IT"),
        ev("blackout milano", "Trends"),
        ev("What caused the Milan blackout: a substation post-mortem", "HN"),
    ]
    groups = cluster(events)
    sanremo = {groups[e.id] for e in events[:4]}
    blackout = {groups[e.id] for e in events[4:]}
    assert len(sanremo) == 1
    assert len(blackout) == 1
    assert sanremo != blackout


def test_one_word_topics_do_not_chain_stories() -> None:
    events = [
        ev("Italia, il governo approva la manovra economica", "A"),
        ev("Italia campione: la nazionale vince la finale di pallavolo", "B"),
        ev("italia", "Trends"),
    ]
    groups = cluster(events)
    assert groups[events[0].id] != groups[events[1].id]


def test_cluster_is_deterministic_whatever_the_input_order() -> None:
    events = [
        ev("Sanremo 2026, vince Olivia Marras", "A"),
        ev("Olivia Marras vince Sanremo 2026", "B"),
        ev("sanremo", "C"),
    ]
    assert cluster(events) == cluster(list(reversed(events)))


def test_growth_over_the_window() -> None:
    history = [
        SignalPoint(NOW - timedelta(hours=3), 5.0),
        SignalPoint(NOW - timedelta(hours=1), 100.0),
        SignalPoint(NOW - timedelta(minutes=30), 200.0),
        SignalPoint(NOW, 340.0),
    ]
    assert growth(history, timedelta(hours=1)) == (2.4, timedelta(hours=1))


def test_growth_falls_back_to_the_previous_reading() -> None:
    history = [SignalPoint(NOW - timedelta(hours=2), 100.0), SignalPoint(NOW, 150.0)]
    assert growth(history, timedelta(hours=1)) == (0.5, timedelta(hours=2))


@pytest.mark.parametrize(
    "history",
    [
        [],
        [SignalPoint(NOW, 10.0)],
        [SignalPoint(NOW - timedelta(days=3), 10.0), SignalPoint(NOW, 20.0)],
    ],
)
def test_no_growth_without_two_recent_readings(history: list[SignalPoint]) -> None:
    assert growth(history, timedelta(hours=1)) is None


def test_brand_keywords_match_whole_words_without_accents() -> None:
    assert brand_match("Il prezzo della PASTA scende", ["pasta"]) == "pasta"
    assert brand_match("Pastasciutta day", ["pasta"]) is None
    assert brand_match("Caffè e cornetto", ["caffe"]) == "caffe"
    assert brand_match("Festa della mamma", ["festa della mamma"]) == "festa della mamma"


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=12), "12 min old"),
        (timedelta(minutes=60), "1 h old"),
        (timedelta(hours=3), "3 h old"),
        (timedelta(days=3), "3 d old"),
    ],
)
def test_age_label(age: timedelta, label: str) -> None:
    assert age_label(age) == label


def test_the_explanation_names_every_factor() -> None:
    events = [
        ev(
            "Pasta al pomodoro: record di ricerche per la ricetta",
            "Trends",
            signal=340,
            history=[(timedelta(hours=1), 100), (timedelta(0), 340)],
            extra={"signal_label": "340 searches"},
        ),
        ev("Pasta al pomodoro, la ricetta da record", "News"),
        ev("Record di ricette: la pasta al pomodoro", "Blog"),
    ]
    top = next(r for r in rank(events, now=NOW, keywords=["pasta"]) if r.event.source == "Trends")
    assert top.explanation == (
        "3 sources · +240% in 1 h · 340 searches · matches brand keyword 'pasta' · just now"
    )
    assert [f.name for f in top.factors] == ["sources", "velocity", "signal", "brand", "freshness"]


def test_confirmed_rising_fresh_brand_items_outrank_the_rest() -> None:
    events = [
        ev(
            "Sanremo: vince Olivia Marras",
            "A",
            history=[(timedelta(hours=1), 10), (timedelta(0), 50)],
            signal=50,
        ),
        ev("Olivia Marras vince Sanremo", "B"),
        ev("Olivia Marras trionfa a Sanremo", "C"),
        ev("Orari della biblioteca comunale", "D", age=timedelta(hours=12)),
    ]
    ranked = rank(events, now=NOW)
    assert ranked[0].event.source == "A"
    assert ranked[-1].event.source == "D"
    assert ranked[0].sources == ("A", "B", "C")
    assert set(ranked[0].members) == {e.id for e in events[:3]}


def test_freshness_halves_the_score_every_half_life() -> None:
    settings = RankSettings(half_life_hours=6)
    fresh = rank([ev("Una notizia qualunque di oggi")], now=NOW, settings=settings)[0]
    old = rank(
        [ev("Una notizia qualunque di oggi", age=timedelta(hours=6))], now=NOW, settings=settings
    )[0]
    assert old.score == pytest.approx(fresh.score / 2, abs=1e-3)


def test_signal_strength_is_relative_to_the_source() -> None:
    events = [ev(f"Storia numero {n} del giorno", "HN", signal=float(n)) for n in (10, 50, 900)]
    ranked = rank(events, now=NOW)
    assert [r.event.signal for r in ranked] == [900, 50, 10]


def test_falling_signal_is_shown_without_points() -> None:
    events = [
        ev("Tema in calo", history=[(timedelta(hours=1), 100), (timedelta(0), 50)], signal=50)
    ]
    (ranked,) = rank(events, now=NOW)
    velocity = next(f for f in ranked.factors if f.name == "velocity")
    assert (velocity.label, velocity.points) == ("-50% in 1 h", 0.0)


def test_rank_is_deterministic_and_pure() -> None:
    events = [ev(f"Titolo diverso numero {n}", f"S{n % 3}", signal=float(n % 4)) for n in range(30)]
    before = [e.to_dict() for e in events]
    first = [(r.event.id, r.score) for r in rank(events, now=NOW)]
    second = [(r.event.id, r.score) for r in rank(list(reversed(events)), now=NOW)]
    assert first == second
    assert [e.to_dict() for e in events] == before


def test_scores_stay_between_zero_and_one() -> None:
    events = [
        ev(
            "Sanremo vince Marras",
            f"S{n}",
            signal=1e9,
            history=[(timedelta(hours=1), 1), (timedelta(0), 1e9)],
        )
        for n in range(6)
    ]
    assert all(0.0 <= r.score <= 1.0 for r in rank(events, now=NOW, keywords=["sanremo"]))
