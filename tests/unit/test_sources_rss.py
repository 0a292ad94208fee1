"""RSS 2.0, RSS 1.0 and Atom through feedparser, made safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.rss import parse_rss
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

RSS = source("rss", "News IT", lang="it")


def test_rss2_items_become_events() -> None:
    events = parse_rss(fixture("rss2_ansa.xml"), RSS, FETCHED_AT)
    assert len(events) == 5
    first = events[0]
    assert first.title == (
        'Sanremo 2026, vince Olivia Marras con "Vetro sottile": la finale all\'Ariston'
    )
    assert first.source == "News IT"
    assert first.lang == "it"
    assert first.published == datetime(2026, 2, 28, 22, 58, tzinfo=UTC)
    assert first.summary.startswith("La cantante sarda vince la 76ª edizione del Festival.")
    assert "<" not in first.summary
    assert first.first_seen == first.last_seen == FETCHED_AT
    assert first.extra["type"] == "rss"


def test_ids_are_stable_and_per_source() -> None:
    once = parse_rss(fixture("rss2_ansa.xml"), RSS, FETCHED_AT)
    again = parse_rss(fixture("rss2_ansa.xml"), RSS, datetime(2026, 3, 2, tzinfo=UTC))
    other = parse_rss(fixture("rss2_ansa.xml"), source("rss", "Other"), FETCHED_AT)
    assert [e.id for e in once] == [e.id for e in again]
    assert once[0].id != other[0].id
    assert len({e.id for e in once}) == 5


def test_rss1_rdf_is_read() -> None:
    events = parse_rss(fixture("rss1_rdf.xml"), RSS, FETCHED_AT)
    assert [e.title for e in events] == [
        "Elezioni regionali, exit poll: testa a testa in Lombardia",
        "Affluenza in calo alle regionali: alle 19 ha votato il 38%",
    ]
    assert events[0].published == datetime(2026, 2, 28, 21, 5, tzinfo=UTC)


def test_atom_is_read_with_its_language() -> None:
    events = parse_rss(fixture("atom_world.xml"), source("rss", "World"), FETCHED_AT)
    assert len(events) == 3
    assert events[0].url == "https://worlddesk.example.com/culture/2026/feb/28/sanremo-winner"
    assert events[0].summary == "The ballad Vetro sottile topped the final vote at the Ariston."
    assert events[1].published == datetime(2026, 2, 28, 21, 0, tzinfo=UTC)  # <updated> only


def test_markup_titles_are_kept_literally() -> None:
    events = parse_rss(fixture("hostile_markup.xml"), RSS, FETCHED_AT)
    assert [e.title for e in events] == [
        "[bold red]x[/]",
        "[link=https://evil.example/phish]Clicca qui per il premio[/link] [@click=app.quit]esci[/]",
        "Unclosed [bold tag and a stray [/] closer",
    ]


def test_escapes_are_stripped_and_bad_links_dropped() -> None:
    events = parse_rss(fixture("hostile_ansi.xml"), RSS, FETCHED_AT)
    assert [e.title for e in events] == [
        "Rosso e lampeggiante",
        "Titolo normale con campanello",
        "Appunti avvelenati",
        "Testo girato al contrario e schermo pulito",
    ]
    assert [e.url for e in events] == [
        "",
        "",
        "https://hostile.example/osc52",
        "https://hostile.example/spaced",
    ]
    assert events[0].summary == "Click qui ora"


def test_italian_dates_fall_back_to_the_fetch_time() -> None:
    events = parse_rss(fixture("italian_dates.xml"), RSS, FETCHED_AT)
    assert [e.published for e in events] == [
        FETCHED_AT,
        FETCHED_AT,
        datetime(2026, 2, 28, 7, 0, tzinfo=UTC),
    ]
    assert events[0].extra["date_from_fetch"] is True
    assert "date_from_fetch" not in events[2].extra


def test_future_dates_are_clamped_to_the_fetch_time() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Dal futuro</title>'
        b"<pubDate>Fri, 01 Jan 2100 00:00:00 +0000</pubDate></item></channel></rss>"
    )
    (event,) = parse_rss(feed, RSS, FETCHED_AT)
    assert event.published == FETCHED_AT


def test_declared_latin1_survives() -> None:
    (event,) = parse_rss(fixture("latin1.xml"), RSS, FETCHED_AT)
    assert event.title == "Perché la città è già in festa: più di mille persone in piazza"
    assert event.summary == "Così è, se vi pare: caffè, pietà, virtù."


def test_windows_1252_survives() -> None:
    (event,) = parse_rss(fixture("windows1252.xml"), RSS, FETCHED_AT)
    assert event.title == "“Virgolette” – trattini e perché"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "entity-expansion"),
        ("external_entity.xml", "entity-expansion"),
        ("malformed.xml", "malformed feed"),
        ("not_a_feed.html", "malformed feed"),
        ("malformed.json", "malformed feed"),
    ],
)
def test_bad_documents_are_source_errors(name: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_rss(fixture(name), RSS, FETCHED_AT)


def test_an_empty_but_valid_feed_has_no_events() -> None:
    empty = b'<rss version="2.0"><channel><title>Vuoto</title></channel></rss>'
    assert parse_rss(empty, RSS, FETCHED_AT) == []


def test_untitled_and_duplicate_items_are_skipped() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><guid>a</guid><title>Uno</title></item>"
        b"<item><guid>a</guid><title>Uno di nuovo</title></item>"
        b"<item><guid>b</guid><title>   </title></item>"
        b"</channel></rss>"
    )
    assert [e.title for e in parse_rss(feed, RSS, FETCHED_AT)] == ["Uno"]
