"""The side classifier: a real child process whose verdicts are exactly the lexicon's own.

Every test runs the real ``python -m rtc_tui.desk.side_classifier`` child. What is checked is
that :meth:`SideClassifier.classify_all` answers what :meth:`Lexicon.classify` answers here,
whatever the child has done by then: answered everything, part of it, nothing (it could not
start, or it died), and with the config's own lexicon changes.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtc_tui.config import SafetyEntry, SourceConfig
from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.desk import side_classifier
from rtc_tui.desk.safety_data import LexiconSpec, lexicon_of
from rtc_tui.desk.side_classifier import ChildParseError, SideClassifier, worth_it
from rtc_tui.sources.base import Body
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.rss import parse_rss_body
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
        child = side._child
        assert child is not None
        _until(lambda: child.poll() is not None)  # nothing more is asked of it: stopped
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


# -- parsing in the child ------------------------------------------------------------------

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
FEEDS = [
    "rss2_ansa.xml",
    "rss1_rdf.xml",
    "atom_world.xml",
    "italian_dates.xml",
    "hostile_ansi.xml",
    "hostile_markup.xml",
    "latin1.xml",
    "windows1252.xml",
]
FETCHED = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)


def _job(name: str) -> tuple[Callable[[Body], list[Event]], Body]:
    source = SourceConfig(f"Feed {name}", "rss", f"https://example.org/{name}")
    body = Body(source.url, (FIXTURES / name).read_bytes(), "application/rss+xml")
    return partial(parse_rss_body, source, FETCHED), body


def _ready(spec: LexiconSpec = SHIPPED) -> SideClassifier:
    side = SideClassifier()
    side.start(spec, ["rtc_tui.sources.rss"])
    _until(lambda: side.ready or side._gone)
    assert side.ready
    return side


def test_the_childs_events_are_the_parsers_own() -> None:
    side = _ready()
    try:
        for name in FEEDS:
            parse, body = _job(name)
            future = side.parse(parse, body)
            assert future is not None
            assert future.result(timeout=60) == parse(body), name
    finally:
        side.close()


def test_a_body_the_childs_parser_refuses_fails_its_future() -> None:
    """The error is not the child's to word: the body is parsed again here, and fails here."""
    side = _ready()
    try:
        for name in ("malformed.xml", "not_a_feed.html", "billion_laughs.xml"):
            parse, body = _job(name)
            future = side.parse(parse, body)
            assert future is not None
            with pytest.raises(ChildParseError):
                future.result(timeout=60)
            with pytest.raises(SourceError):
                parse(body)
        parse, body = _job("rss2_ansa.xml")  # the child is still there for the next one
        future = side.parse(parse, body)
        assert future is not None
        assert future.result(timeout=60) == parse(body)
    finally:
        side.close()


def test_a_parse_job_goes_before_the_texts_waiting() -> None:
    side = _ready()
    try:
        texts = [f"{text} {n}" for n in range(40) for text in CORPUS]
        side.submit(texts)
        parse, body = _job("rss2_ansa.xml")
        future = side.parse(parse, body)
        assert future is not None
        assert future.result(timeout=60) == parse(body)
        assert len(side.verdicts) < len(set(texts))  # answered before the texts sent before it
        _until(lambda: len(side.verdicts) == len(set(texts)))
        assert side.classify_all(texts, lexicon_of(SHIPPED).classify) == [
            lexicon_of(SHIPPED).classify(t) for t in texts
        ]
    finally:
        side.close()


def test_what_cannot_go_to_the_child_is_left_here() -> None:
    side = SideClassifier()
    parse, body = _job("rss2_ansa.xml")
    assert side.parse(parse, body) is None  # not started
    side.start(SHIPPED)
    try:
        _until(lambda: side.ready)
        assert side.parse(lambda body: parse(body), body) is None  # a closure: not sent
        assert not side._jobs
    finally:
        side.close()
    assert side.parse(parse, body) is None  # closed


def test_a_child_that_dies_fails_the_bodies_it_had() -> None:
    side = _ready()
    try:
        side.submit(CORPUS * 30)
        futures = [side.parse(*_job(name)) for name in FEEDS]
        assert side._child is not None
        side._child.kill()
        _until(lambda: side._gone)
        for future in futures:
            assert future is not None
            try:
                events = future.result(timeout=60)
            except ChildParseError:
                continue  # not parsed before the end: parsed here instead
            assert events  # parsed before the end: what it answered is whole
        assert side.parse(*_job("rss2_ansa.xml")) is None
    finally:
        side.close()


def test_a_body_is_parsed_here_when_the_child_is_busy_or_late(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The child gets a body only while it keeps up, and none after one came back late."""
    monkeypatch.setattr(side_classifier, "TAKE_BACK_AFTER", 60)  # however busy the machine
    side = _ready()
    try:
        beside = side_classifier.parser_beside(side)
        parse, body = _job("rss2_ansa.xml")
        assert asyncio.run(beside(parse, body)) == parse(body)  # idle: its job

        side.submit(f"{text} {n}" for n in range(5) for text in CORPUS)
        assert side.backlog() >= side_classifier.BACKLOG
        assert asyncio.run(beside(parse, body)) is None  # busy classifying: parsed here
        _until(lambda: side.backlog() == 0)

        sent: list[Future[list[Event]]] = []

        def never(parse: Any, body: Any) -> Future[list[Event]]:
            sent.append(Future())
            return sent[-1]  # a child that never gets the processor to answer

        monkeypatch.setattr(side, "parse", never)
        monkeypatch.setattr(side_classifier, "TAKE_BACK_AFTER", 0.01)
        assert asyncio.run(beside(parse, body)) is None  # too late: parsed here
        assert sent[0].cancelled()
        assert asyncio.run(beside(parse, body)) is None
        assert len(sent) == 1  # no more bodies for it
    finally:
        side.close()
