"""The plain RSS reader gives exactly feedparser's events, or steps aside.

Every comparison parses the same bytes twice through :func:`parse_rss`: once as it runs (the
plain reader first) and once with the plain reader switched off (feedparser only), and the
events must be equal, field for field. Generated feeds mix what real ones carry: accents and
mojibake, ampersands and markup, relative and hostile links, permalink and opaque guids,
dates in many formats, repeated, unknown and namespaced elements.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rtc_tui.core.models import Event
from rtc_tui.sources import rss
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.rss import parse_rss
from rtc_tui.sources.rss_plain import read_plain_rss
from rtc_tui.sources.xmldoc import to_utf8
from tests.bench.feeds import feed_xml
from tests.unit.sources_helpers import FETCHED_AT, FIXTURES, fixture, source

RSS = source("rss", "News IT", url="https://news.example.org/rss/feed.xml")


def through_feedparser(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    """``parse_rss`` with the plain reader switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(rss, "read_plain_rss", lambda *_args: None)
        return parse_rss(data, RSS, FETCHED_AT)


def both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Event], list[Event]]:
    """The events as parsed now, and as feedparser alone parses them."""
    return parse_rss(data, RSS, FETCHED_AT), through_feedparser(data, monkeypatch)


def taken(data: bytes) -> bool:
    """Whether the plain reader read ``data`` itself (rather than stepping aside)."""
    return read_plain_rss(to_utf8(data), RSS.url, rss.MAX_ITEMS) is not None


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.xml")), ids=lambda p: p.name)
def test_every_fixture_feed_gives_feedparsers_events(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    try:
        expected = through_feedparser(data, monkeypatch)
    except SourceError as exc:
        with pytest.raises(SourceError, match=str(exc)[:20]):
            parse_rss(data, RSS, FETCHED_AT)
        return
    assert parse_rss(data, RSS, FETCHED_AT) == expected


def test_the_generated_news_feeds_are_read_plain_and_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    for number in range(5):
        data = feed_xml(number, now)
        assert taken(data)
        got, expected = both(data, monkeypatch)
        assert len(got) == 100
        assert got == expected


def test_a_long_feed_keeps_the_first_hundred_items(monkeypatch: pytest.MonkeyPatch) -> None:
    data = feed_xml(7, datetime(2026, 3, 1, tzinfo=UTC), items=250)
    assert taken(data)
    got, expected = both(data, monkeypatch)
    assert len(got) == rss.MAX_ITEMS
    assert got == expected


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("hostile_markup.xml", True),
        ("hostile_ansi.xml", False),  # C0 escapes make it malformed XML: feedparser's
        ("rss2_ansa.xml", False),  # namespaced elements and HTML descriptions
        ("atom_world.xml", False),
        ("rss1_rdf.xml", False),
    ],
)
def test_what_the_plain_reader_takes(name: str, plain: bool) -> None:
    assert taken(fixture(name)) is plain


# -- generated feeds ---------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Sanremo",
        "città",
        "perché",
        "Ã¨",  # UTF-8 read as Latin-1: feedparser repairs it
        "Dolce & Gabbana",
        "AT&amp;T",
        "<b>grassetto</b>",
        "1 < 2",
        "caffè €",
        "\u0085",
        "  spazi  ",
        "\t",
        "[bold]x[/]",
        "",
        "news",
        "😀",
        "a]]>b",
    ]
)
_PLAIN_WORDS = st.sampled_from(
    ["Sanremo", "città", "perché", "Ã¨", "news", "😀", "  a  ", "[b]x[/]"]
)
_TEXT = st.one_of(
    *[st.lists(_PLAIN_WORDS, max_size=4).map(" ".join)] * 3,
    st.lists(_WORDS, max_size=4).map(" ".join),
)
"""Mostly text the plain reader takes, a quarter with what sends it to feedparser."""
_LINKS = st.sampled_from(
    [
        "https://news.example.org/a/1",
        "http://news.example.org/a?x=1&y=2",
        "https://news.example.org/a?x=1&amp;y=2",
        "/relative/path",
        "relative.html",
        " https://news.example.org/spaced ",
        "javascript:alert(1)",
        "http:////news.example.org//x",
        "https://news.example.org/a?",
        "https://news.example.org/a#frag",
        "https://news.example.org/città",
        "mailto:a@b.it",
        "",
        "https://news.example.org/a?q=x&copy;",
    ]
)
_DATES = st.one_of(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ).map(format_datetime),
    st.sampled_from(
        [
            "Sat, 28 Feb 2026 23:58:00 +0100",
            "2026-02-28T23:58:00Z",
            "2026-02-28",
            "sab, 28 feb 2026 23:58:00 +0100",
            "Sat, 28 Feb 2026 23:58:00 GMT",
            "yesterday",
            "",
        ]
    ),
)


_PLAIN_KINDS = ("title", "link", "guid", "pubDate", "description", "author", "category")
_ODD_KINDS = ("dc:creator", "enclosure", "Title", "unknown", "title", "link", "guid")
"""Elements the plain reader steps aside for (the last three: as a repeat in one item)."""


def _element(draw: st.DrawFn, kind: str) -> str:
    if kind == "guid":
        attribute = draw(
            st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"', ' isPermaLink="x"'])
        )
        value = draw(st.one_of(_LINKS, _TEXT))
        return f"<guid{attribute}>{escape(value)}</guid>"
    if kind == "enclosure":
        return '<enclosure url="https://news.example.org/a.mp3" type="audio/mpeg" length="1"/>'
    if kind == "link":
        return f"<link>{escape(draw(_LINKS))}</link>"
    if kind == "pubDate":
        return f"<pubDate>{escape(draw(_DATES))}</pubDate>"
    if draw(st.booleans()):
        return f"<{kind}><![CDATA[{draw(_TEXT).replace(']]>', '')}]]></{kind}>"
    return f"<{kind}>{escape(draw(_TEXT))}</{kind}>"


@st.composite
def _item(draw: st.DrawFn) -> str:
    kinds = draw(st.lists(st.sampled_from(_PLAIN_KINDS), unique=True, max_size=7))
    if draw(st.integers(0, 9)) == 0:
        kinds.append(draw(st.sampled_from(_ODD_KINDS)))
    kinds = draw(st.permutations(kinds))
    return "<item>" + "".join(_element(draw, kind) for kind in kinds) + "</item>"


@st.composite
def _feed(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(_item(), max_size=5))
    head = ""
    if draw(st.booleans()):
        head += f"<language>{escape(draw(st.sampled_from(['it-IT', 'en', ' IT ', ''])))}</language>"
    if draw(st.booleans()):
        head += "<lastBuildDate>Sat, 28 Feb 2026 22:41:00 +0100</lastBuildDate>"
    if draw(st.booleans()):
        head += f"<title>{escape(draw(_TEXT))}</title><link>https://news.example.org/</link>"
    base = ""
    if draw(st.integers(0, 9)) == 0:
        base = " xml:base=" + quoteattr("https://other.example.org/x/")
    namespaces = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"{namespaces}>'
        f"<channel{base}>{head}{''.join(items)}</channel></rss>"
    ).encode()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_feed())
def test_generated_feeds_give_feedparsers_events(data: bytes) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        try:
            expected = through_feedparser(data, monkeypatch)
        except SourceError:
            expected = None
    if expected is None:
        with pytest.raises(SourceError):
            parse_rss(data, RSS, FETCHED_AT)
        return
    assert parse_rss(data, RSS, FETCHED_AT) == expected


_URL_PARTS = st.sampled_from(
    [
        "http",
        "https",
        "HTTP",
        "ftp",
        "://",
        "//",
        "/",
        "a",
        "b.c",
        "-",
        ":",
        "80",
        "?",
        "#",
        ";",
        "@",
        "%20",
        " ",
        "\t",
        "[",
        "]",
        "~",
        "x=1",
        "&amp;",
        "è",
        "..",
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    base=st.sampled_from(
        [
            "",
            "http://127.0.0.1:8080/feed/1",
            "https://example.org/a/b?c",
            "ftp://h/x",
            "http://[::1",
            "feed.xml",
            "HTTP://Example.org/",
        ]
    ),
    link=st.one_of(
        st.lists(_URL_PARTS, max_size=8).map("".join),
        st.from_regex(
            r"https?://[a-z0-9.-]{1,8}(:[0-9]{1,4})?(/[a-z0-9._~:@%/-]{0,10})?", fullmatch=True
        ),
    ),
)
@example(base="http://h/", link="http://a.b/x?")
@example(base="http://h/", link="http://a.b/x#")
@example(base="http://h/", link="http://a.b/x;p")
@example(base="http://h/", link="HTTP://a.b/x")
@example(base="http://h/", link="http:///a.b/x")
@example(base="http://h/", link="http://a.b/x y")
@example(base="http://[::1", link="http://a.b/x")
def test_a_plain_link_is_resolved_as_feedparser_resolves_it(base: str, link: str) -> None:
    """The shortcut for plain absolute links gives what feedparser's ``urljoin`` gives."""
    from feedparser.urls import _urljoin

    from rtc_tui.sources.rss_plain import _join

    assert _join(base, link) == _urljoin(base, link)
