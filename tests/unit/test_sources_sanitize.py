"""Feed text is data: escapes, controls, bidi, lengths and links."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtc_tui.core import invisible
from rtc_tui.core.invisible import strip_invisible
from rtc_tui.sources import sanitize
from rtc_tui.sources.sanitize import (
    TITLE_LIMIT,
    clean_text,
    clean_title,
    html_to_text,
    normalize_url,
    safe_url,
    strip_escapes,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mRosso\x1b[0m", "Rosso"),
        ("\x1b[1;5;38;2;255;0;0mblink\x1b[m", "blink"),
        ("\x1b]0;pwned\x07Titolo", "Titolo"),
        ("\x1b]8;;https://evil.example\x1b\\qui\x1b]8;;\x1b\\", "qui"),
        ("\x1b]52;c;cm0gLXJmIH4v\x07Appunti", "Appunti"),
        ("\x1bP1$r0m\x1b\\dcs", "dcs"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("\u202egirato\u202c", "girato"),
        ("\ufeffBOM", "BOM"),
        ("\x1b[2J\x1b[Hclear", "clear"),
    ],
)
def test_escapes_and_controls_are_stripped(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_markup_is_left_as_text() -> None:
    assert clean_title("[bold red]x[/]") == "[bold red]x[/]"


def test_whitespace_collapses_to_one_line() -> None:
    assert clean_title("  Due\n\trighe   qui \r\n") == "Due righe qui"


def test_emoji_and_accents_survive() -> None:
    assert clean_title("Perché così 💜 — già") == "Perché così 💜 — già"


def test_titles_are_capped_with_an_ellipsis() -> None:
    title = clean_title("parola " * 100)
    assert len(title) <= TITLE_LIMIT
    assert title.endswith("…")


def test_short_limits_cut_at_a_word() -> None:
    assert clean_text("alfa beta gamma delta epsilon", 20) == "alfa beta gamma…"


def test_non_strings_do_not_raise() -> None:
    assert clean_title(None) == ""
    assert clean_title(42) == "42"


def test_strip_escapes_keeps_newlines_for_callers() -> None:
    assert strip_escapes("a\nb\x1b[0m") == "a\nb"


def test_html_to_text_keeps_words_apart() -> None:
    html = "<p>Prima<br>seconda</p><ul><li>terza</li></ul><script>alert(1)</script>&amp; fine"
    assert html_to_text(html) == "Prima seconda terza & fine"


def test_html_to_text_strips_escapes_inside_html() -> None:
    assert html_to_text("<p>\x1b[31mrosso</p>") == "rosso"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "//example.org/no-scheme",
        "/relative/path",
        "https://",
        "https://exa mple.org/",
        "",
    ],
)
def test_only_absolute_http_links_are_kept(url: str) -> None:
    assert safe_url(url) == ""


def test_http_links_pass_trimmed() -> None:
    assert safe_url(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"


def test_normalize_url_drops_tracking_and_fragment() -> None:
    assert (
        normalize_url("HTTPS://Example.ORG:443/a/b/?utm_source=rss&id=7&fbclid=x#top")
        == "https://example.org/a/b?id=7"
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sanre\u200bmo", "Sanremo"),
        ("zero\u200cwidth\u2060joiners\u200d!", "zerowidthjoiners!"),
        ("\u2066isolato\u2069 \u202aembed\u202c \u202boverride\u202d", "isolato embed override"),
        ("file\u202egnp.exe", "filegnp.exe"),
        (
            "famiglia 👨\u200d👩\u200d👧 e 🏳\ufe0f\u200d🌈",
            "famiglia 👨\u200d👩\u200d👧 e 🏳\ufe0f\u200d🌈",
        ),
    ],
)
def test_bidi_and_zero_width_characters_are_stripped_but_emoji_kept(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


_PIECES = st.sampled_from(
    [
        *"ab à€ \t\r\n",
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\x1b",
        "\x9b1m",
        "\x9d8;;x\x9c",
        "\x07",
        "\x00",
        "\u202e",
        "\u200b",
        "\u200d",
        "👨\u200d👩",
        "\u2028",
        "\xa0",
        "http://a.example/",
    ]
)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.lists(_PIECES, max_size=12).map("".join), st.text(max_size=30)))
def test_the_shortcuts_change_nothing(text: str) -> None:
    # Escapes only start with ESC, 8-bit CSI or 8-bit OSC; invisible characters are never
    # ASCII; a stripped URL has a space inside exactly when splitting it gives two pieces.
    assert strip_invisible(text) == invisible._invisible().sub("", text)
    unshortened = strip_invisible(
        sanitize._CONTROLS.sub(
            "", sanitize._ESCAPES.sub("", text).replace("\t", " ").replace("\r", " ")
        )
    )
    assert strip_escapes(text) == unshortened
    url = unshortened.strip()
    assert (len(url.split()) > 1) == any(ch.isspace() for ch in url)
