"""Reading the sentiment lexicons (``rtc_tui/data/sentiment/*.yaml``) at the edge.

The core classifies replies with a :class:`~rtc_tui.core.publish.sentiment.SentimentModel`
and reads no files; this module reads the shipped lexicons once per process and hands the
model over. A malformed file is a one-line error naming it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rtc_tui.core.publish.sentiment import (
    LANGUAGES,
    SentimentLexiconError,
    SentimentModel,
    parse_emoji,
    parse_lexicon,
)

SENTIMENT_DIR = Path(__file__).resolve().parent / "data" / "sentiment"
"""The shipped lexicons: one YAML file per language, plus ``emoji.yaml``."""


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SentimentLexiconError(f"{path}: {exc}") from exc


@lru_cache(maxsize=2)
def load_sentiment(directory: Path = SENTIMENT_DIR) -> SentimentModel:
    """The model built from ``directory``'s lexicons (the shipped ones by default), read once.

    Raises:
        SentimentLexiconError: a file is missing or malformed (the message names it).
    """
    lexicons = {}
    for language in LANGUAGES:
        path = directory / f"{language}.yaml"
        lexicons[language] = parse_lexicon(_read_yaml(path), str(path))
    emoji_path = directory / "emoji.yaml"
    return SentimentModel(lexicons, parse_emoji(_read_yaml(emoji_path), str(emoji_path)))
