"""Mastodon trends: tags with their statuses as context, links as events."""

from __future__ import annotations

import pytest

from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.mastodon import parse_links, parse_statuses, parse_tags
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

MASTODON = source("mastodon_trends", "mastodon.example", "https://mastodon.example")


def test_tags_carry_todays_uses_as_signal() -> None:
    events = parse_tags(fixture("mastodon_tags.json"), MASTODON, FETCHED_AT)
    assert [e.title for e in events] == ["#Sanremo2026", "#CoppaItalia", "#blackout", "#WhyIStayed"]
    sanremo = events[0]
    assert sanremo.signal == 1840
    assert sanremo.extra["signal_label"] == "1,840 uses by 612 accounts today"
    assert sanremo.extra["history"][0] == [1772236800, 1840, 612]
    assert sanremo.url == "https://mastodon.example/tags/Sanremo2026"
    assert sanremo.published == FETCHED_AT


def test_statuses_become_the_context_of_their_tags() -> None:
    statuses = parse_statuses(fixture("mastodon_statuses.json"))
    events = parse_tags(fixture("mastodon_tags.json"), MASTODON, FETCHED_AT, statuses)
    by_title = {e.title: e for e in events}
    (status,) = by_title["#Sanremo2026"].context
    assert status.kind == "status"
    assert status.source == "@lucia"
    assert status.title == (
        'Ha vinto Olivia Marras! "Vetro sottile" era la più bella dalla prima sera #Sanremo2026'
    )
    assert status.url == "https://mastodon.example/@lucia/113999000000000001"
    assert "domestic" not in by_title["#WhyIStayed"].context[0].title.lower()[:10]
    assert "Sharing my story" in by_title["#WhyIStayed"].context[0].title
    assert by_title["#blackout"].context == []


def test_links_are_events_with_their_provider() -> None:
    events = parse_links(fixture("mastodon_links.json"), MASTODON, FETCHED_AT)
    assert [e.title for e in events] == [
        "Italian singer Olivia Marras wins Sanremo festival",
        "Survey: most open-source maintainers are unpaid volunteers",
    ]
    assert events[0].signal == 240
    assert events[0].lang == "en"
    assert events[0].context[0].source == "World Desk"


def test_tag_and_link_ids_differ_and_are_stable() -> None:
    tags = parse_tags(fixture("mastodon_tags.json"), MASTODON, FETCHED_AT)
    again = parse_tags(fixture("mastodon_tags.json"), MASTODON, FETCHED_AT)
    links = parse_links(fixture("mastodon_links.json"), MASTODON, FETCHED_AT)
    assert [e.id for e in tags] == [e.id for e in again]
    assert not {e.id for e in tags} & {e.id for e in links}


@pytest.mark.parametrize("data", [b"{not json", b'{"error": "trends disabled"}'])
def test_bad_answers_are_source_errors(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_tags(data, MASTODON, FETCHED_AT)


def test_odd_items_are_skipped_not_fatal() -> None:
    data = b'[null, 3, {"name": ""}, {"name": "ok", "history": [{"day": "x", "uses": null}]}]'
    (event,) = parse_tags(data, MASTODON, FETCHED_AT)
    assert event.title == "#ok"
    assert event.signal == 0
