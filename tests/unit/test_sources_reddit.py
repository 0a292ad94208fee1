"""Reddit listings: raw_json=1, stickies skipped, score as signal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.reddit import listing_url, parse_reddit
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

REDDIT = source("reddit", "r/italy", "https://www.reddit.com/r/italy/hot.json", lang="it")


def test_listing_url_asks_for_raw_json_once() -> None:
    assert listing_url("https://www.reddit.com/r/italy/hot.json?limit=50") == (
        "https://www.reddit.com/r/italy/hot.json?limit=50&raw_json=1"
    )
    assert listing_url("https://www.reddit.com/r/italy/hot.json?raw_json=0") == (
        "https://www.reddit.com/r/italy/hot.json?raw_json=1"
    )


def test_posts_become_events_and_stickies_are_skipped() -> None:
    events = parse_reddit(fixture("reddit_italy_hot.json"), REDDIT, FETCHED_AT)
    assert [e.title for e in events] == [
        "Olivia Marras ha vinto Sanremo & nessuno se lo aspettava",
        "Blackout a Milano: qualcuno sa quando torna la luce a Lambrate?",
        "Il prezzo della pasta scende davvero? Confronto scontrini 2025 vs 2026",
    ]
    first = events[0]
    assert first.signal == 2450
    assert first.url == (
        "https://www.example-notizie.it/spettacolo/2026/02/28/sanremo-vince-marras.html"
    )
    assert first.context[0].title == "612 comments"
    assert first.context[0].url == (
        "https://www.reddit.com/r/italy/comments/1kzzz02/olivia_marras_ha_vinto_sanremo/"
    )
    assert first.published == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert events[1].summary == "Siamo al buio da un'ora, i semafori sono spenti."


@pytest.mark.parametrize("name", ["malformed.json", "reddit_truncated.json"])
def test_malformed_json_is_a_source_error(name: str) -> None:
    with pytest.raises(SourceError, match="malformed JSON"):
        parse_reddit(fixture(name), REDDIT, FETCHED_AT)


def test_other_json_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="not a Reddit listing"):
        parse_reddit(b'{"message": "Too Many Requests", "error": 429}', REDDIT, FETCHED_AT)
