"""Bluesky trending topics: topics become events, suggestions are ignored."""

from __future__ import annotations

import pytest

from rtc_tui.sources.bluesky import parse_bluesky
from rtc_tui.sources.errors import SourceError
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

BSKY = source("bluesky_trending", "Bluesky", "https://public.api.bsky.app")


def test_topics_become_events_in_rank_order() -> None:
    events = parse_bluesky(fixture("bluesky_trending.json"), BSKY, FETCHED_AT)
    assert [e.title for e in events] == [
        "Sanremo",
        "Golden Lens Awards",
        "Coppa Italia",
        "earthquake",
    ]
    assert [e.extra["rank"] for e in events] == [1, 2, 3, 4]
    assert events[0].url == "https://bsky.app/profile/trending.bsky.app/feed/sanremo"
    assert events[0].summary == "Italy's song festival final"
    assert events[0].signal is None


def test_a_missing_topics_list_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no topics list"):
        parse_bluesky(b'{"suggested": []}', BSKY, FETCHED_AT)


def test_malformed_json_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="malformed JSON"):
        parse_bluesky(fixture("malformed.json"), BSKY, FETCHED_AT)
