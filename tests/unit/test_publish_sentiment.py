"""Reply sentiment in Italian and English, against a hand-labelled set of replies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from rtc_tui.core.publish.sentiment import (
    Sentiment,
    SentimentLexiconError,
    parse_lexicon,
    tally,
)
from rtc_tui.sentiment_files import load_sentiment


def classify(text: str, language: str = "") -> Sentiment:
    return load_sentiment().classify(text, language)


def guess_language(text: str, hint: str = "") -> str:
    return load_sentiment().guess_language(text, hint)


LABELLED = Path(__file__).parent.parent / "fixtures" / "sentiment" / "labelled.yaml"


def labelled() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(LABELLED.read_text("utf-8"))
    return rows


def test_the_labelled_set_is_balanced_across_languages_and_labels() -> None:
    rows = labelled()
    by_label = Counter(r["label"] for r in rows)
    assert min(by_label.values()) >= 16
    assert len(rows) >= 60


@pytest.mark.parametrize("language", ["it", "en"])
def test_accuracy_on_the_labelled_set_per_language(language: str) -> None:
    rows = [r for r in labelled() if guess_language(r["text"], r["lang"]) == language]
    wrong = [
        (r["text"], r["label"], classify(r["text"], r["lang"]).label)
        for r in rows
        if classify(r["text"], r["lang"]).label != r["label"]
    ]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= 0.9, f"accuracy {accuracy:.2f}; wrong: {wrong}"


def test_no_negative_reply_is_read_as_positive_or_the_reverse() -> None:
    # Mistaking anger for praise is the costly error: it would hide a backlash.
    flipped = [
        r["text"]
        for r in labelled()
        if {r["label"], classify(r["text"], r["lang"]).label} == {"positive", "negative"}
    ]
    assert flipped == []


def test_negation_contrast_and_phrases() -> None:
    assert classify("Mi piace", "it").label == "positive"
    assert classify("Non mi piace", "it").label == "negative"
    assert classify("Non vedo l'ora", "it").label == "positive"  # a phrase is never negated
    assert classify("good", "en").score < classify("really good", "en").score
    assert classify("Bello ma fa schifo").label == "negative"
    verdict = classify("Read the room 🙄")
    assert verdict.language == "en"
    assert verdict.matched == ("read the room", "🙄")


def test_language_comes_from_the_network_else_from_the_words() -> None:
    assert guess_language("anything", "it-IT") == "it"
    assert guess_language("Can't wait!") == "en"
    assert guess_language("Quando arriva?") == "it"


def test_tally_counts_each_label() -> None:
    counts = tally(["positive", "negative", "negative", "neutral"])
    assert (counts.positive, counts.neutral, counts.negative, counts.total) == (1, 1, 2, 4)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"words": {}}, "expected a mapping with a 'language'"),
        ({"language": "it", "words": {"bello": 9}}, "'bello': valence must be -4..4"),
        ({"language": "it", "words": {}, "negators": ["non", False]}, r"negators\[1\]"),
    ],
)
def test_a_malformed_lexicon_names_the_file_and_entry(data: Any, message: str) -> None:
    with pytest.raises(SentimentLexiconError, match=message):
        parse_lexicon(data, "team.yaml")
