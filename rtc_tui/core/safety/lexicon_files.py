"""Loading the lexicon files: the YAML term lists and the word lists used to split hashtags.

The lexicon lives in ``rtc_tui/data/lexicon/*.yaml``, one file per GARM category (or per topic
of a category). Each file looks like this::

    category: death_injury_military_conflict
    label: Death, injury or military conflict
    topic: ""                      # optional: a finer topic inside the category
    kind: garm                     # garm (default) or commercial
    terms:
      it:
        block: ["mort{o,i,a,e}", "strag{e,i}", "uccis{o,a,i,e}"]
        warn: ["ferit{o,a,i,e}"]
      en:
        block: ["kill{,s,ed,ing}", "dead", "death{,s}"]
    allow: ["star war{,s}", "morte nera", "killer app{,s}"]

The terms use the syntax of :mod:`rtc_tui.core.safety.lexicon_terms`. The ``allow`` phrases are
idioms whose words are not hits (*Star Wars*, *Morte Nera*, *killer app*).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rtc_tui.core.models import Level
from rtc_tui.core.safety.lexicon_terms import ALLOW, LexiconError, Term, compile_term, normalise

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"
"""Where the shipped lexicon files live."""

WORDS_DIR = DATA_DIR / "words"
"""Plain word lists (one word a line) used to split joined hashtags."""

KINDS = ("garm", "commercial")
"""File kinds: GARM sensitivity categories, or commercial wording."""

CATEGORY_LABELS: dict[str, str] = {
    "adult_explicit": "Adult & explicit sexual content",
    "arms_ammunition": "Arms & ammunition",
    "crime_harmful_acts": "Crime & harmful acts to individuals and society",
    "death_injury_military_conflict": "Death, injury or military conflict",
    "online_piracy": "Online piracy",
    "hate_speech_aggression": "Hate speech & acts of aggression",
    "obscenity_profanity": "Obscenity & profanity",
    "drugs_tobacco_alcohol": "Illegal drugs, tobacco, e-cigarettes, vaping, alcohol",
    "spam_harmful": "Spam or harmful content",
    "terrorism": "Terrorism",
    "sensitive_social_issues": "Debated sensitive social issues",
    "commercial": "Commercial wording",
}
"""The GARM brand-safety categories (plus commercial wording) and their display labels."""


def load_file(path: Path) -> list[Term]:
    """Compile the terms and allow phrases of one lexicon file.

    Raises:
        LexiconError: The file is malformed (the message names it).
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with 'category' and 'terms'")
    category = data.get("category")
    kind = data.get("kind", "garm")
    if kind not in KINDS:
        raise LexiconError(f"{path}: kind must be one of {', '.join(KINDS)}")
    if not isinstance(category, str) or category not in CATEGORY_LABELS:
        raise LexiconError(f"{path}: unknown category {category!r}")
    topic = str(data.get("topic", ""))
    by_lang = data.get("terms")
    if not isinstance(by_lang, dict):
        raise LexiconError(f"{path}: 'terms' must map a language to block/warn lists")
    terms: list[Term] = []
    for lang, by_severity in by_lang.items():
        if not isinstance(by_severity, dict):
            raise LexiconError(f"{path}: terms.{lang} must map block/warn to lists")
        for severity_name, sources in by_severity.items():
            if severity_name not in ("block", "warn"):
                raise LexiconError(f"{path}: terms.{lang}: severity must be block or warn")
            if not isinstance(sources, list):
                raise LexiconError(f"{path}: terms.{lang}.{severity_name} must be a list")
            for source in sources:
                terms.append(
                    compile_term(
                        str(source),
                        category=category,
                        severity=Level(severity_name),
                        lang=str(lang),
                        topic=topic,
                        kind=kind,
                        where=str(path),
                    )
                )
    allow = data.get("allow", [])
    if not isinstance(allow, list):
        raise LexiconError(f"{path}: 'allow' must be a list of phrases")
    for source in allow:
        terms.append(
            compile_term(
                str(source),
                category=category,
                severity=Level.NONE,
                lang="any",
                topic=topic,
                kind=ALLOW,
                where=str(path),
            )
        )
    return terms


def load_words(directory: Path) -> set[str]:
    """The normalised words of every ``*.txt`` word list in ``directory`` (``#`` comments)."""
    words: set[str] = set()
    if directory.is_dir():
        for path in sorted(directory.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    words.update(normalise(w) for w in line.split())
    return words
