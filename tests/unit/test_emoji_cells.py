"""Emoji drawn in the cells the layout counted, on terminals that measure per character."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from rtc_tui.ui.emoji_cells import EmojiCells, EmojiMode, resolve_mode, simplify

SEQUENCES = [
    "❄️", "❤️", "☀️", "✔️", "1️⃣", "#️⃣",  # variation selector 16 (and a keycap)
    "🎅🏽", "👍🏿", "👋🏻", "🧑🏾‍🍳",  # skin tones, one of them joined
    "👩‍💻", "👨‍👩‍👧‍👦", "👩‍❤️‍👨", "🏳️‍🌈", "🏴‍☠️",  # joined sequences
    "🇮🇹", "🎄", "é", "ç", "漢字", "a", " ",  # what needs no change
]  # fmt: skip
"""Each kind of sequence Rich and a per-character terminal may disagree on, and some that not."""

DISPUTED = ("\u200d", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400)))


def per_character(text: str) -> int:
    """The width a terminal that measures each character alone gives ``text``."""
    return sum(cell_len(character) for character in text)


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_a_sequence_keeps_its_cells_and_loses_what_terminals_disagree_on(sequence: str) -> None:
    simple = simplify(sequence)
    assert cell_len(simple) == cell_len(sequence)
    assert per_character(simple) == cell_len(sequence)
    assert not any(character in simple for character in DISPUTED)


def test_random_mixtures_keep_every_width_and_leave_plain_text_alone() -> None:
    pick = random.Random(13)
    for _ in range(2000):
        text = "".join(pick.choice(SEQUENCES + ["x", "\u200d", "\ufe0f", "🏽"]) for _ in range(8))
        simple = simplify(text)
        assert cell_len(simple) == cell_len(text), repr(text)
        assert per_character(simple) == cell_len(text), repr(text)
    plain = "Che neve a Roma, 🎄 e 漢字"
    assert simplify(plain) is plain


def test_simplified_forms_keep_the_base_picture() -> None:
    assert simplify("Babbo 🎅🏽 e la dev 👩‍💻 ❄️!") == "Babbo 🎅 e la dev 👩 ❄ !"


def test_the_filter_rewrites_only_the_segments_that_need_it() -> None:
    bold = Style(bold=True)
    plain = Segment("Roma ", None)
    segments = [plain, Segment("🎅🏽❤️", bold), Segment("\u200d💻", None)]
    out = EmojiCells().apply(segments, Color(0, 0, 0))
    assert out[0] is plain
    assert out[1] == Segment("🎅❤ ", bold)
    assert out[2].text == ""  # Rich counts a leading joiner and what it joins as nothing
    assert [s.cell_length for s in out] == [s.cell_length for s in segments]
    untouched = [plain, Segment("ok", bold)]
    assert EmojiCells().apply(untouched, Color(0, 0, 0)) is untouched


@pytest.mark.parametrize(
    ("configured", "environ", "mode"),
    [
        ("auto", {"TERM": "xterm-256color"}, "simple"),  # over SSH: the terminal is unknown
        ("auto", {"TERM": "xterm-kitty"}, "full"),
        ("auto", {"TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"}, "full"),
        ("auto", {"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-0/default,1,0"}, "simple"),
        ("auto", {"TERM": "screen-256color", "KITTY_WINDOW_ID": "1"}, "simple"),
        ("full", {"TMUX": "/tmp/tmux-0/default,1,0"}, "full"),  # the user knows their terminal
        ("simple", {"TERM": "xterm-kitty"}, "simple"),
        ("full", {"RTC_EMOJI": "simple"}, "simple"),  # the environment wins over the config
        ("simple", {"RTC_EMOJI": " FULL "}, "full"),
        ("auto", {"RTC_EMOJI": "auto", "TERM": "xterm-kitty"}, "full"),
    ],
)
def test_the_mode_comes_from_the_environment_then_the_config_then_a_guess(
    configured: EmojiMode, environ: dict[str, str], mode: str
) -> None:
    assert resolve_mode(configured, environ) == mode
