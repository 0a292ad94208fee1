"""The side classifier: a real child process whose verdicts are exactly the lexicon's own.

Every test runs the real ``python -m rtc_tui.desk.side_classifier`` child. What is checked is
that :meth:`SideClassifier.classify_all` answers what :meth:`Lexicon.classify` answers here,
whatever the child has done by then: answered everything, part of it, nothing (it could not
start, or it died), and with the config's own lexicon changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtc_tui.config import SafetyEntry
from rtc_tui.core.models import Level, Sensitivity
from rtc_tui.desk import side_classifier
from rtc_tui.desk.safety_data import LexiconSpec, lexicon_of
from rtc_tui.desk.side_classifier import SideClassifier, worth_it
from tests.bench.words import WORDS_EN, WORDS_IT
from tests.safety_corpus import load_cases
from tests.waiting import wait_for

SHIPPED: LexiconSpec = ((), (), (), ())
BRAND: LexiconSpec = (
    (),
    (),
    (SafetyEntry("zorblax", "violence", "block", "a rival brand"),),
    ("death:strag{e,i}",),
)
"""A config's changes: a rival's name added, a shipped term switched off."""

CORPUS = [case.text for case in load_cases()]
HEADLINES = [
    "Strage in autostrada, dieci morti",
    "Sanremo, vince Marras: la finale più vista",
    "Zorblax lancia il nuovo modello, strage di prezzi",
    "Terremoto alla Juventus: via l'allenatore",
    "Earthquake hits the coast, 12 dead",
    "c@zz0 che partita #ForzaInter",
]


def _until(condition: Callable[[], bool]) -> None:
    wait_for(condition, timeout=30)


def _all_answered(spec: LexiconSpec, texts: list[str]) -> list[Sensitivity]:
    side = SideClassifier()
    side.start(spec)
    try:
        side.submit(texts)
        _until(lambda: len(side.verdicts) == len(set(texts)))
        classify = lexicon_of(spec).classify
        called: list[str] = []

        def here(text: str) -> Sensitivity:
            called.append(text)
            return classify(text)

        found = side.classify_all(texts, here)
        assert called == []  # every verdict came from the child
        return found
    finally:
        side.close()


def test_the_childs_verdicts_are_the_lexicons_on_the_corpus() -> None:
    texts = [*CORPUS, *HEADLINES, *HEADLINES]  # some texts twice
    found = _all_answered(SHIPPED, texts)
    classify = lexicon_of(SHIPPED).classify
    assert found == [classify(text) for text in texts]
    assert any(v.level is Level.BLOCK for v in found)
    assert any(v.level is Level.NONE for v in found)


def test_the_child_builds_the_configs_own_lexicon() -> None:
    found = _all_answered(BRAND, HEADLINES)
    classify = lexicon_of(BRAND).classify
    assert found == [classify(text) for text in HEADLINES]
    assert found != [lexicon_of(SHIPPED).classify(text) for text in HEADLINES]
    assert "zorblax" in found[2].terms


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*WORDS_IT, *WORDS_EN, "strage", "morti", "c@zz0"]), max_size=12),
        min_size=1,
        max_size=60,
    ),
    st.data(),
)
def test_whatever_the_child_has_answered_the_verdicts_are_the_same(
    headlines: list[list[str]], data: st.DataObject
) -> None:
    """Part of the texts answered by the child, part never sent: the same verdicts."""
    texts = [" ".join(words).capitalize() for words in headlines]
    sent = data.draw(st.integers(0, len(texts)))
    answered = data.draw(st.integers(0, len(set(texts[:sent]))))

    side = SideClassifier()
    side.start(SHIPPED)
    try:
        side.submit(texts[:sent])
        _until(lambda: len(side.verdicts) >= answered)
        found = side.classify_all(texts, lexicon_of(SHIPPED).classify)
    finally:
        side.close()
    classify = lexicon_of(SHIPPED).classify
    assert found == [classify(text) for text in texts]


def test_the_last_texts_sent_are_classified_here_until_the_child_has_answered() -> None:
    """The two ends meet: what the child has not reached is done here, from the end."""
    side = SideClassifier()
    side.start(SHIPPED)
    try:
        side.submit(HEADLINES[:3])
        _until(lambda: len(side.verdicts) == 3)
        side._closed = True  # the rest never reaches the child
        side.submit(HEADLINES[3:])
        called: list[str] = []
        classify = lexicon_of(SHIPPED).classify

        def here(text: str) -> Sensitivity:
            called.append(text)
            return classify(text)

        found = side.classify_all(HEADLINES, here)
    finally:
        side.close()
    assert called == HEADLINES[:2:-1]  # the last first, down to the child's last answer
    assert found == [classify(text) for text in HEADLINES]


def test_a_child_that_cannot_start_leaves_every_text_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    side = SideClassifier()
    side.start(SHIPPED)
    side.submit(HEADLINES)
    _until(lambda: side._gone)
    found = side.classify_all(HEADLINES, lexicon_of(SHIPPED).classify)
    side.close()
    assert found == [lexicon_of(SHIPPED).classify(text) for text in HEADLINES]


def test_a_child_that_dies_leaves_the_rest_here() -> None:
    side = SideClassifier()
    side.start(SHIPPED)
    try:
        _until(lambda: side._child is not None)
        assert side._child is not None
        side._child.kill()
        side._child.wait()
        side.submit(HEADLINES)  # written to a closed pipe, or not at all: no error
        _until(lambda: side._gone)
        side.submit(CORPUS[:5])
        texts = [*HEADLINES, *CORPUS[:5]]
        found = side.classify_all(texts, lexicon_of(SHIPPED).classify)
    finally:
        side.close()
    assert found == [lexicon_of(SHIPPED).classify(text) for text in texts]


def test_closing_ends_the_child_at_once() -> None:
    side = SideClassifier()
    side.start(SHIPPED)
    side.submit(CORPUS * 20)  # far more than it can classify before the close
    _until(lambda: bool(side.verdicts))
    child = side._child
    side.close()
    assert child is not None
    assert child.returncode is not None
    assert not any(thread.is_alive() for thread in side._threads)


def test_the_child_ends_when_its_parent_closes_its_input() -> None:
    """A parent that dies closes the pipe: the child stops reading and exits."""
    child = subprocess.run(
        [sys.executable, "-m", "rtc_tui.desk.side_classifier"],
        input=b"",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0
    assert child.stdout == b""


def test_only_a_refresh_of_several_sources_on_two_processors_uses_a_child(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(side_classifier, "processors", lambda: 2)
    assert not worth_it(1)
    assert not worth_it(side_classifier.MIN_SOURCES - 1)
    assert worth_it(side_classifier.MIN_SOURCES)
    monkeypatch.setattr(side_classifier, "processors", lambda: 1)
    assert not worth_it(50)


def test_processors_counts_what_this_process_may_use() -> None:
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    assert side_classifier.processors() == (expected or os.cpu_count() or 1)
