"""The labelled safety corpus: loading it, running each case, scoring the results.

Shared by the corpus test (``tests/unit/test_safety_corpus.py``) and the report
(``python -m tests.safety_report``), so both judge the corpus the same way. Each case runs
through :func:`rtc_tui.core.safety.engine.check_texts`, the one path the gate, the checklist and
``rtc check`` use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rtc_tui.core.safety.context import EventContext, MomentContext, Setting
from rtc_tui.core.safety.engine import check_texts
from rtc_tui.core.safety.findings import SafetyReport
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.safety_files import load_lexicon

CORPUS_DIR = Path(__file__).parent / "fixtures" / "safety_corpus"
NOT_FAMILIES = frozenset({"readability", "platform_fit", "links", "solemn_day"})
"""Finding families that are checks, not topics: left out of the per-family figures."""


@dataclass(frozen=True)
class Case:
    """One labelled draft and its occasion."""

    id: str
    lang: str
    text: str
    expect: str
    families: frozenset[str]
    must: str = ""
    event: str = ""
    solemn_day: str = ""
    day: date | None = None
    moment: MomentContext | None = None
    market: str = "IT"
    politics_off_limits: bool = True
    source: str = ""

    def setting(self) -> Setting:
        """The occasion of the case."""
        return Setting(
            event=EventContext(self.event) if self.event else None,
            solemn_day=self.solemn_day,
            moment=self.moment,
            day=self.day,
            market=self.market,
            politics_off_limits=self.politics_off_limits,
        )


@dataclass(frozen=True)
class Outcome:
    """What the checks said about one case."""

    case: Case
    report: SafetyReport
    found: frozenset[str] = field(default_factory=frozenset)

    def __str__(self) -> str:
        return self.case.id

    @property
    def verdict(self) -> str:
        """``ok``, ``warn`` or ``block``."""
        return self.report.verdict.value


def _case(raw: dict[str, Any], source: str) -> Case:
    moment = raw.get("moment")
    day = raw.get("date")
    return Case(
        id=str(raw["id"]),
        lang=str(raw["lang"]),
        text=str(raw["text"]),
        expect=str(raw["expect"]),
        families=frozenset(raw.get("families", [])),
        must=str(raw.get("must", "")),
        event=str(raw.get("event", "")),
        solemn_day=str(raw.get("solemn_day", "")),
        day=date.fromisoformat(str(day)) if day else None,
        moment=MomentContext(
            str(moment["name"]), str(moment.get("tone", "")), tuple(moment.get("tags", ()))
        )
        if moment
        else None,
        market=str(raw.get("market", "IT")),
        politics_off_limits=bool(raw.get("politics_off_limits", True)),
        source=source,
    )


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case of every ``*.yaml`` file of the corpus."""
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(_case(raw, path.name))
    return cases


@functools.cache
def shipped_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once."""
    return load_lexicon()


def run(case: Case, lexicon: Lexicon | None = None) -> Outcome:
    """Check one case (base text only: no platform counts, so only the topics speak)."""
    report = check_texts(
        {"": case.text}, lexicon=lexicon or shipped_lexicon(), setting=case.setting()
    )
    found = frozenset(
        f.family for f in report.findings if f.family and f.family not in NOT_FAMILIES
    )
    return Outcome(case, report, found)


@dataclass(frozen=True)
class Score:
    """Precision and recall of one family over the corpus."""

    family: str
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        """Share of the cases flagged with the family that should be."""
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Share of the cases that should be flagged with the family that are."""
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0


def family_scores(outcomes: list[Outcome]) -> list[Score]:
    """Per-family precision and recall: a case counts when the family is found (any severity)."""
    families = sorted({f for o in outcomes for f in (o.found | o.case.families)})
    scores: list[Score] = []
    for family in families:
        tp = sum(1 for o in outcomes if family in o.found and family in o.case.families)
        fp = sum(1 for o in outcomes if family in o.found and family not in o.case.families)
        fn = sum(1 for o in outcomes if family not in o.found and family in o.case.families)
        scores.append(Score(family, tp, fp, fn))
    return scores
