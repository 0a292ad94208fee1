"""The labelled corpus (tests/fixtures/safety_corpus): the figures issue 14 asks for.

Every must-block case blocks, no must-pass case blocks, and at least 90% of all cases get the
verdict they are labelled with. ``python -m tests.safety_report`` prints the same figures with
precision and recall per family.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.safety_corpus import Case, Outcome, family_scores, load_cases, run

CASES = load_cases()
OUTCOMES = [run(case) for case in CASES]


def test_the_corpus_is_big_enough_and_covers_every_family_in_both_languages() -> None:
    assert len(CASES) >= 200
    assert len({c.id for c in CASES}) == len(CASES), "case ids are unique"
    assert sum(1 for c in CASES if c.must == "pass") >= 60
    langs = Counter(c.lang for c in CASES)
    assert langs["it"] >= 80
    assert langs["en"] >= 80
    wanted = {
        "disaster", "death", "politics", "hate", "sexism", "profanity", "alcohol",
        "gambling", "health", "minors", "deception", "sales",
    }  # fmt: skip
    for family in wanted:
        for lang in ("it", "en"):
            assert any(family in c.families and c.lang == lang for c in CASES), (family, lang)


@pytest.mark.parametrize("outcome", [o for o in OUTCOMES if o.case.must == "block"], ids=str)
def test_every_must_block_case_blocks(outcome: Outcome) -> None:
    assert outcome.verdict == "block", _explain(outcome.case, outcome)


@pytest.mark.parametrize("outcome", [o for o in OUTCOMES if o.case.must == "pass"], ids=str)
def test_no_must_pass_case_blocks(outcome: Outcome) -> None:
    assert outcome.verdict != "block", _explain(outcome.case, outcome)


def test_at_least_nine_cases_in_ten_get_the_expected_verdict() -> None:
    wrong = [_explain(o.case, o) for o in OUTCOMES if o.verdict != o.case.expect]
    assert len(wrong) <= 0.1 * len(OUTCOMES), wrong


def test_every_labelled_family_is_found_somewhere() -> None:
    for score in family_scores(OUTCOMES):
        if score.true_pos + score.false_neg:
            assert score.recall >= 0.9, score


def test_every_finding_explains_itself_on_one_line() -> None:
    for outcome in OUTCOMES:
        for finding in outcome.report.findings:
            assert finding.message, finding
            assert "\n" not in finding.message
            if finding.span is not None:
                assert finding.message.startswith(f"«{finding.match}»"), finding.message


def _explain(case: Case, outcome: Outcome) -> str:
    lines = [f"{case.source} {case.id}: expected {case.expect}, got {outcome.verdict}"]
    lines.extend(f"  {f.severity.value} {f.message}" for f in outcome.report.findings)
    return "\n".join(lines)
