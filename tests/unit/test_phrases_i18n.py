"""The stored machine-made phrases (score factors, sources' summaries) shown in the language.

The ranking and the sources store these phrases in English; they are put into the interface
language only when shown, so rankings stored before (or by an English session) read in Italian
too, and a feed's own words are never touched.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.core import phrases
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from tests.conftest import FROZEN_NOW

ENGLISH = re.compile(
    r"\b(sources?|points?|comments?|uses?|accounts|today|old|searches|top of|on Bluesky|"
    r"by|just now|matches|brand keyword)\b"
)
"""Words of the English phrases that must not survive in Italian."""


def _every_phrase() -> list[str]:
    return [
        phrases.sources(3),
        phrases.rate(2.4, timedelta(hours=1)),
        phrases.rate(-0.12, timedelta(minutes=20)),
        phrases.age(timedelta(seconds=20)),
        phrases.age(timedelta(minutes=75)),
        phrases.age(timedelta(hours=5)),
        phrases.age(timedelta(days=3)),
        phrases.brand("pasta"),
        phrases.top_of(phrases.points(2400), "r/italy"),
        phrases.points(1),
        phrases.comments(1_234_567),
        phrases.uses(1800, 600),
        phrases.bluesky_rank(2),
        phrases.searches("50K+"),
    ]


@pytest.fixture
def italian() -> None:
    i18n.setup("it")


def test_english_shows_every_phrase_as_stored() -> None:
    for label in _every_phrase():
        assert phrases.shown(label) == label


@pytest.mark.usefixtures("italian")
def test_italian_shows_every_phrase_in_italian() -> None:
    for label in _every_phrase():
        shown = phrases.shown(label)
        assert shown != label or "% in " in label, label
        assert ENGLISH.search(shown) is None, (label, shown)


@pytest.mark.usefixtures("italian")
def test_italian_words_numbers_and_plurals() -> None:
    assert phrases.shown("3 sources") == "3 fonti"
    assert phrases.shown("+240% in 1 h") == "+240% in 1 h"
    assert phrases.shown("2 d old") == "2 g fa"
    assert phrases.shown("just now") == "adesso"
    assert phrases.shown("1 points") == "1 punto"
    assert phrases.shown("1,800 uses by 600 accounts today") == (
        "1.800 utilizzi da 600 account oggi"
    )
    assert phrases.shown("2,400 points (top of r/italy)") == "2.400 punti (tra i primi su r/italy)"
    assert phrases.shown("matches brand keyword 'pasta'") == (
        "contiene la parola del brand 'pasta'"
    )
    assert phrases.explain(["4 sources", "", "50K+ searches", "2 h old"]) == (
        "4 fonti · 50K+ ricerche · 2 h fa"
    )


@pytest.mark.usefixtures("italian")
def test_a_feeds_own_words_are_never_translated() -> None:
    assert phrases.shown("Olivia Marras wins Sanremo") == "Olivia Marras wins Sanremo"
    # A signal label written by a feed, with the phrase only around it.
    assert phrases.shown("lots of buzz (top of r/italy)") == "lots of buzz (tra i primi su r/italy)"


@pytest.mark.usefixtures("italian")
def test_a_source_made_summary_is_translated_and_a_posts_text_is_not() -> None:
    reddit = {"type": "reddit", "subreddit": "r/italy"}
    made = " · ".join(["r/italy", phrases.points(2400), phrases.comments(612)])
    assert phrases.shown_summary(made, reddit) == "r/italy · 2.400 punti · 612 commenti"
    own = "Ho visto 3 comments · e basta"
    assert phrases.shown_summary(own, reddit) == own
    hn = {"type": "hackernews"}
    made = " · ".join([phrases.points(88), phrases.comments(1), phrases.by("pg")])
    assert phrases.shown_summary(made, hn) == "88 punti · 1 commento · di pg"
    rss = {"type": "rss"}
    assert phrases.shown_summary("12 comments", rss) == "12 comments"


def test_the_demo_ranking_reads_in_italian_though_stored_in_english(tmp_path: Path) -> None:
    """The demo is fetched through the real parsers and ranked in English at ingest."""
    desk = Desk(
        Config(), FileStore(tmp_path / "d"), user="giulia", now=lambda: FROZEN_NOW, demo=True
    )
    desk.trending.seed_demo()
    ranked = desk.trending.ranked()
    assert ranked
    english = [phrases.explain(f.label for f in r.factors) for r in ranked]
    assert any(ENGLISH.search(line) for line in english)
    i18n.setup("it")
    for item in ranked:
        line = phrases.explain(f.label for f in item.factors)
        assert ENGLISH.search(line) is None, line
        summary = phrases.shown_summary(item.event.summary, item.event.extra)
        if item.event.extra.get("type") == "hackernews":
            assert ENGLISH.search(summary) is None, summary


@pytest.mark.usefixtures("italian")
def test_a_negative_spike_reads_in_italian() -> None:
    from datetime import UTC, datetime

    from rtc_tui.core.publish.spike import Spike

    since = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert Spike(5, 6, since).message == "5 risposte su 6 dalle 14:00 sono negative"
    assert Spike(1, 6, since).message == "1 risposta su 6 dalle 14:00 è negativa"
