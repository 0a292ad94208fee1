"""X weighted length (twitter-text v3 rules), from the published rules, case by case.

Each test names the rule it pins: the v3 weight ranges and their edges, NFC, URLs (with and
without a scheme, valid TLDs, label and length limits, t.co, what may precede a bare domain),
and emoji sequences (skin tones, ZWJ, flags, keycaps, VS16, tags) against plain symbols.
"""

from __future__ import annotations

import unicodedata

import pytest

from rtc_tui.core.drafting.counting import url_count, x_weighted_length
from rtc_tui.core.drafting.urls import url_spans


@pytest.mark.parametrize(
    ("code", "weight"),
    [
        (0x41, 1),
        (0x10FF, 1),  # last of 0-4351
        (0x1100, 2),  # Hangul Jamo: first above it
        (0x1FFF, 2),
        (0x2000, 1),  # en quad: 8192-8205
        (0x200D, 1),  # ZWJ, alone
        (0x200E, 2),  # left-to-right mark: between the ranges
        (0x2010, 1),  # hyphen: 8208-8223
        (0x201F, 1),
        (0x2020, 2),  # dagger
        (0x2032, 1),  # prime: 8242-8247
        (0x2037, 1),
        (0x2038, 2),
        (0x3042, 2),  # hiragana
        (0xFFFF, 2),  # a non-character still counts
        (0x1D11E, 2),  # musical symbol, astral, not an emoji
    ],
)
def test_each_code_point_weighs_by_the_v3_ranges(code: int, weight: int) -> None:
    assert x_weighted_length(chr(code)) == weight
    assert x_weighted_length("ab" + chr(code) + "cd") == 4 + weight


def test_text_is_nfc_normalised_before_weighing() -> None:
    decomposed = unicodedata.normalize("NFD", "Perché è così")
    assert x_weighted_length(decomposed) == len("Perché è così")


def test_combining_marks_without_a_precomposed_form_each_weigh_their_range() -> None:
    # q + combining acute has no precomposed form: two code points in 0-4351.
    assert x_weighted_length("q\u0301") == 2
    # Devanagari conjunct: 4 code points, all in range, one grapheme.
    assert x_weighted_length("\u0915\u094d\u0937\u093f") == 4


def test_cjk_and_kana_weigh_two_each() -> None:
    assert x_weighted_length("東京で会いましょう") == 18
    assert x_weighted_length("서울 가요") == 9


@pytest.mark.parametrize(
    ("emoji", "name"),
    [
        ("\U0001f600", "single astral"),
        ("\u231a", "BMP emoji presentation"),
        ("\U0001f44b\U0001f3ff", "skin tone"),
        ("\U0001f469\U0001f3fd\u200d\U0001f4bb", "skin tone inside ZWJ"),
        ("\U0001f3f3\ufe0f\u200d\U0001f308", "ZWJ with VS16"),
        ("\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2", "Unicode 15.1 family"),
        ("\U0001f1ef\U0001f1f5", "flag"),
        ("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "tag flag"),
        ("*\ufe0f\u20e3", "keycap with VS16"),
        ("7\u20e3", "keycap without VS16"),
        ("\u00a9\ufe0f", "copyright with VS16"),
        ("\u00ae\ufe0f", "registered with VS16"),
        ("\u2764\ufe0f", "heart with VS16"),
    ],
)
def test_an_emoji_sequence_weighs_two(emoji: str, name: str) -> None:
    assert x_weighted_length(emoji) == 2, name
    assert x_weighted_length(f"ok {emoji} ok") == 8, name


def test_bare_copyright_and_registered_are_text_and_weigh_one() -> None:
    assert x_weighted_length("\u00a9 2026 Acme\u00ae") == len("\u00a9 2026 Acme\u00ae")


def test_text_style_selector_keeps_a_symbol_as_text() -> None:
    # (c) + VS15 asks for the text glyph: (c) weighs 1, VS15 (outside the ranges) 2.
    assert x_weighted_length("\u00a9\ufe0e") == 3


def test_emoji_followed_by_a_combining_accent_is_not_one_sequence() -> None:
    assert x_weighted_length("\U0001f600\u0301") == 3


def test_adjacent_emoji_each_weigh_two() -> None:
    assert x_weighted_length("\U0001f1ee\U0001f1f9\U0001f1ea\U0001f1f8") == 4  # two flags
    assert x_weighted_length("\U0001f44d\U0001f3fd\U0001f44d") == 4


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "https://www.example.co.uk/path/to/page.html?x=1&y=2#top",
        "https://example.com:8080/a_(b)/c",
        "example.com",
        "sub.domain.example.org/",
        "www.rai.it/sport/calcio/",
        "https://t.co/abcDEF123",
        "http://\u0645\u062b\u0627\u0644.\u0645\u0635\u0631",  # Arabic host, Arabic IDN TLD
        "https://example.xn--p1ai/",
        "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444",  # Cyrillic host and TLD
    ],
)
def test_every_url_weighs_23(url: str) -> None:
    assert x_weighted_length(url) == 23
    assert x_weighted_length(f"Leggi: {url} ora!") == len("Leggi:  ora!") + 23


def test_a_url_ends_where_its_path_may_not_end() -> None:
    # Trailing punctuation is text, not part of the URL.
    assert x_weighted_length("vedi example.com/a.") == len("vedi ") + 23 + 1
    assert x_weighted_length("(https://example.com/a)") == 1 + 23 + 1


@pytest.mark.parametrize(
    "text",
    [
        "file.notarealtld",
        "ftp://example.com",  # only http(s) is a scheme
        "comeback.comx",  # a TLD must end the host
        "a" * 64 + ".com",  # a label over 63 characters
        "https://" + "あいうえおかきくけこ" * 6 + ".com",  # over 63 once punycode-encoded
        "https://t.co/" + "a" * 41,  # a t.co slug over 40
        "user@example.com",  # '@' before a bare domain
        "-example.com",
        "_example.com",
        "$example.com",
    ],
)
def test_what_is_not_a_url_counts_as_text(text: str) -> None:
    assert url_count(text) == 0
    weight = sum(1 if ord(c) <= 4351 else 2 for c in text)
    assert x_weighted_length(text) == weight


def test_a_url_stops_at_a_space_of_any_kind() -> None:
    assert url_spans("a example.com\u3000b") == ((2, 13),)
    assert x_weighted_length("a example.com\u3000b") == 1 + 1 + 23 + 2 + 1


def test_urls_are_found_with_their_offsets() -> None:
    text = "see https://a.example.com/x, then b.it and t.co/abc."
    assert [text[s:e] for s, e in url_spans(text)] == [
        "https://a.example.com/x",
        "b.it",
        "t.co/abc",
    ]
    assert url_spans(text, with_scheme_only=True) == (url_spans(text)[0],)


def test_the_longest_url_allowed_is_4096() -> None:
    base = "https://example.com/"
    assert url_count(base + "a" * (4096 - 2 * len("https://") - len("example.com/"))) == 1
    long_url = base + "a" * 4096
    assert url_count(long_url) == 0
    assert x_weighted_length(long_url) == len(long_url)


def test_counting_is_the_same_word_by_word_and_whole() -> None:
    words = ["Forza", "\U0001f1ee\U0001f1f9", "https://figc.it/", "Perché", "\u00a9", "東京"]
    text = " ".join(words)
    assert x_weighted_length(text) == sum(x_weighted_length(w) for w in words) + len(words) - 1
