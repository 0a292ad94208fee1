"""X weighted length against the public twitter-text conformance suite (v3 configuration).

The cases are twitter-text's own (``conformance/validate.yml``, Apache-2.0, copied with their
licence into ``tests/fixtures/twitter_text/``): every v3 weighted-length case, emoji sequences
included, and the directional-marker cases. What the suite calls ``valid`` is checked through
the project's X verdict too, except where twitter-text's verdict also rests on characters it
refuses outright (U+FFFE, U+FEFF, U+FFFF), which the project does not judge on the X counter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rtc_tui.core.drafting.counting import x_weighted_length
from rtc_tui.core.drafting.platforms import measure

SUITE = Path(__file__).parents[1] / "fixtures" / "twitter_text" / "validate_weighted.yml"
SECTIONS = ("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")
REFUSED_CHARACTERS = frozenset("\ufffe\ufeff\uffff")


def _cases() -> list[Any]:
    tests = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(case["text"], case["expected"], id=f"{section}: {case['description']}")
        for section in SECTIONS
        for case in tests[section]
    ]


CASES = _cases()


def test_the_suite_holds_every_v3_case() -> None:
    # 22 weighted-length cases with discounted emoji and 2 with directional markers.
    assert len(CASES) == 24


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_weighted_length_matches_twitter_text(text: str, expected: dict[str, Any]) -> None:
    assert x_weighted_length(text) == expected["weightedLength"]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_x_verdict_matches_twitter_text(text: str, expected: dict[str, Any]) -> None:
    if REFUSED_CHARACTERS & set(text):
        assert not expected["valid"]  # refused for the character, whatever its length
        return
    assert measure(text, "x").ok == expected["valid"]
