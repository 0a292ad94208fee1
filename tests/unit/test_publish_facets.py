"""Bluesky facets: spans found as the official client finds them, offsets in UTF-8 bytes."""

from __future__ import annotations

import pytest

from rtc_tui.core.publish.facets import (
    FacetSpan,
    detect_facets,
    facet_records,
    is_valid_domain,
    mentioned_handles,
)


def sliced(text: str, span: FacetSpan) -> str:
    return text.encode("utf-8")[span.byte_start : span.byte_end].decode("utf-8")


def test_emoji_before_a_link_moves_the_byte_offsets_not_the_character_ones() -> None:
    text = "🎉🇮🇹 Forza! https://example.com/finale"
    (link,) = detect_facets(text)
    assert link.kind == "link"
    assert link.value == "https://example.com/finale"
    # 4 bytes for 🎉, 8 for the flag, then " Forza! " (8 bytes): the link starts at byte 20,
    # while it starts at character 11 — a character offset would point into the flag.
    assert (link.byte_start, link.byte_end) == (20, 46)
    assert text.index("https") == 11
    assert sliced(text, link) == link.value


def test_accents_mentions_and_hashtags_slice_back_to_their_own_text() -> None:
    text = "Perché sì: @Alice.bsky.social è al #Festivàl, più su città.it!"
    spans = detect_facets(text)
    # "città.it" is not a link: the official client only links ASCII domains without a scheme.
    assert [(s.kind, s.value) for s in spans] == [
        ("mention", "alice.bsky.social"),
        ("tag", "Festivàl"),
    ]
    assert sliced(text, spans[0]) == "@Alice.bsky.social"
    assert sliced(text, spans[1]) == "#Festivàl"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vedi https://rai.it/news.", "https://rai.it/news"),
        ("(https://rai.it/a)", "https://rai.it/a"),
        (
            "https://it.wikipedia.org/wiki/Roma_(città)",
            "https://it.wikipedia.org/wiki/Roma_(città)",
        ),
        ("su example.com/pagina oggi", "https://example.com/pagina"),
        ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
    ],
)
def test_links_drop_trailing_punctuation_and_unbalanced_parens(text: str, expected: str) -> None:
    (link,) = [s for s in detect_facets(text) if s.kind == "link"]
    assert link.value == expected
    assert sliced(text, link) in {expected, expected.removeprefix("https://")}


@pytest.mark.parametrize(
    "text", ["file.png is here", "v1.2 released", "@notahandle hi", "x#tag", "#123", "mail@rai.it"]
)
def test_things_that_only_look_like_facets_are_not(text: str) -> None:
    spans = detect_facets(text)
    assert [s for s in spans if s.kind != "link" or s.value != "https://rai.it"] == []


def test_hashtag_stops_before_trailing_punctuation_and_keeps_emoji() -> None:
    text = "Stasera #Sanremo2026! e #🎉party #a-b_c."
    tags = [s.value for s in detect_facets(text) if s.kind == "tag"]
    assert tags == ["Sanremo2026", "🎉party", "a-b_c"]


def test_hashtag_longer_than_the_lexicon_allows_is_not_a_facet() -> None:
    assert detect_facets("#" + "a" * 65) == []
    assert [s.value for s in detect_facets("#" + "a" * 64)] == ["a" * 64]
    # 64 graphemes of two code points each are still 64 graphemes.
    assert len(detect_facets("#" + "e\u0301" * 64)) == 1


def test_test_domains_are_handles_and_tlds_are_checked() -> None:
    assert mentioned_handles(detect_facets("ciao @bob.test e @bob.test")) == ["bob.test"]
    assert is_valid_domain("rai.it")
    assert is_valid_domain("brand.bsky.social")
    assert not is_valid_domain("photo.jpeg")
    assert not is_valid_domain("nodot")


def test_records_carry_the_lexicon_shape_and_drop_unresolved_mentions() -> None:
    text = "@known.bsky.social @ghost.bsky.social #Tag https://a.it"
    records = facet_records(detect_facets(text), {"known.bsky.social": "did:plc:known"})
    assert records == [
        {
            "index": {"byteStart": 0, "byteEnd": 18},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:known"}],
        },
        {
            "index": {"byteStart": 38, "byteEnd": 42},
            "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Tag"}],
        },
        {
            "index": {"byteStart": 43, "byteEnd": 55},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://a.it"}],
        },
    ]
