"""Hacker News: top story ids, then items; points as signal, comments as context."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.hackernews import parse_item, parse_topstories
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

HN = source("hackernews", "Hacker News", "https://hacker-news.firebaseio.com/v0")
ITEMS = json.loads(fixture("hn_items.json"))


def item(key: str) -> bytes:
    return json.dumps(ITEMS[key]).encode()


def test_topstories_are_limited_and_filtered() -> None:
    assert parse_topstories(fixture("hn_topstories.json"), limit=3) == [
        43100001,
        43100002,
        43100003,
    ]
    assert parse_topstories(b'[1, "2", true, -4, 5]') == [1, 5]


def test_a_story_becomes_an_event() -> None:
    event = parse_item(item("43100001"), HN, FETCHED_AT)
    assert event is not None
    assert event.title == "Show HN: A terminal war room for social media teams"
    assert event.url == "https://github.example.com/pgdev/warroom"
    assert event.signal == 612
    assert event.summary == "612 points · 148 comments · by pgdev"
    assert event.published == datetime(2026, 2, 28, 21, 0, tzinfo=UTC)
    assert event.context[0].title == "148 comments"
    assert event.context[0].url == "https://news.ycombinator.com/item?id=43100001"
    assert event.lang == "en"


def test_a_text_post_links_to_its_discussion() -> None:
    event = parse_item(item("43100003"), HN, FETCHED_AT)
    assert event is not None
    assert event.url == "https://news.ycombinator.com/item?id=43100003"


@pytest.mark.parametrize("key", ["43100004", "43100005"])
def test_deleted_items_and_jobs_are_skipped(key: str) -> None:
    assert parse_item(item(key), HN, FETCHED_AT) is None


def test_null_item_is_skipped() -> None:
    assert parse_item(b"null", HN, FETCHED_AT) is None


@pytest.mark.parametrize("data", [b"<html>", b'{"not": "a list"}'])
def test_bad_topstories_are_source_errors(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_topstories(data)
