"""Google Trends trending RSS: every news item kept, traffic as the signal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtc_tui.core.models import ContextItem
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.google_trends import parse_google_trends, parse_rfc822, parse_traffic
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

TRENDS = source(
    "google_trends", "Trends IT", "https://trends.google.com/trending/rss?geo=IT", lang="it"
)


def test_every_news_item_is_kept_in_order() -> None:
    events = parse_google_trends(fixture("google_trends_it.xml"), TRENDS, FETCHED_AT)
    assert [e.title for e in events] == [
        "sanremo 2026",
        "fiorentina torino",
        "blackout milano",
        "crollo catania",
    ]
    sanremo = events[0]
    assert sanremo.context == [
        ContextItem(
            'Sanremo 2026, vince Olivia Marras con "Vetro sottile"',
            "https://www.example-notizie.it/spettacolo/2026/02/28/sanremo-vince-marras.html",
            "Notizie Italia",
            "news",
        ),
        ContextItem(
            "Classifica finale di Sanremo: tutti i voti della serata",
            "https://spettacoli.example.it/sanremo-classifica-finale",
            "Spettacoli Oggi",
            "news",
        ),
        ContextItem(
            "Il monologo della co-conduttrice divide il pubblico",
            "https://tv.example.it/sanremo-monologo",
            "TV Sorrisi Esempio",
            "news",
        ),
    ]


def test_traffic_becomes_the_signal_with_a_label() -> None:
    sanremo = parse_google_trends(fixture("google_trends_it.xml"), TRENDS, FETCHED_AT)[0]
    assert sanremo.signal == 500_000
    assert sanremo.signal_history[0].value == 500_000
    assert sanremo.signal_history[0].at == FETCHED_AT
    assert sanremo.extra["signal_label"] == "500K+ searches"
    assert sanremo.published == datetime(2026, 2, 28, 21, 40, tzinfo=UTC)
    assert sanremo.url.startswith("https://trends.google.com/trends/explore?q=sanremo%202026")
    assert "geo=IT" in sanremo.url


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200K+", 200_000),
        ("1M+", 1_000_000),
        ("2,000+", 2_000),
        ("2.000+", 2_000),
        ("20.000+", 20_000),
        ("500+", 500),
        ("1.5M+", 1_500_000),
        ("", None),
        ("tanti", None),
    ],
)
def test_parse_traffic(text: str, value: float | None) -> None:
    assert parse_traffic(text) == value


def test_rfc822_ignores_the_day_name_but_not_an_italian_month() -> None:
    assert parse_rfc822("Sab, 28 Feb 2026 18:30:00 +0100") == datetime(
        2026, 2, 28, 17, 30, tzinfo=UTC
    )
    assert parse_rfc822("Sab, 28 Mag 2026 18:30:00 +0100") is None
    assert parse_rfc822("") is None


def test_declared_latin1_is_decoded() -> None:
    (event,) = parse_google_trends(fixture("google_trends_latin1.xml"), TRENDS, FETCHED_AT)
    assert event.title == "perché sanremo"
    assert event.signal == 2000
    assert event.context[0].title == "Città in festa, è già notte"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "entity-expansion"),
        ("external_entity.xml", "entity-expansion"),
        ("malformed.xml", "malformed XML"),
        ("atom_world.xml", "not a Google Trends RSS feed"),
    ],
)
def test_bad_documents_are_source_errors(name: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_google_trends(fixture(name), TRENDS, FETCHED_AT)


def test_region_comes_from_the_config_or_the_url() -> None:
    us = source("google_trends", "US", "https://trends.google.com/trending/rss?geo=US")
    event = parse_google_trends(fixture("google_trends_it.xml"), us, FETCHED_AT)[0]
    assert "geo=US" in event.url


def test_hostile_text_inside_news_items_is_cleaned() -> None:
    feed = (
        b'<rss version="2.0" xmlns:ht="https://trends.google.com/trending/rss"><channel>'
        b"<item><title>\x1b[31m[bold]x[/]</title><ht:approx_traffic>1K+</ht:approx_traffic>"
        b"<ht:news_item><ht:news_item_title>ok</ht:news_item_title>"
        b"<ht:news_item_url>javascript:alert(1)</ht:news_item_url></ht:news_item>"
        b"</item></channel></rss>"
    )
    with pytest.raises(SourceError, match="malformed XML"):
        # A raw ESC is not allowed in XML 1.0: the strict parser refuses the document.
        parse_google_trends(feed, TRENDS, FETCHED_AT)
    (event,) = parse_google_trends(feed.replace(b"\x1b[31m", b""), TRENDS, FETCHED_AT)
    assert event.title == "[bold]x[/]"
    assert event.context[0].url == ""
