"""A big feed parsed in a child process: same events, errors and deadlines kept (issue 11).

Real child processes (``python -m rtc_tui.sources.parse_process``), real feeds.
"""

from __future__ import annotations

import asyncio
import functools
import os
import time
from typing import Any

import pytest

from rtc_tui import i18n
from rtc_tui.sources.base import Body, fetch_one
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.parse_process import BIG_BODY, NICENESS, CannotSendError, in_process
from rtc_tui.sources.rss import MAX_ITEMS, parse_rss, parse_rss_body
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

RSS = source("rss", "News IT", lang="it")


def _big_feed() -> bytes:
    """An RSS document of more than :data:`BIG_BODY` bytes (600 long items)."""
    items = "".join(
        f"<item><title>Notizia {n} dal territorio</title><link>https://n.example/{n}</link>"
        f"<guid>n{n}</guid><description>{'Testo lungo della notizia. ' * 20}</description>"
        "</item>"
        for n in range(600)
    )
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
    data += "</channel></rss>"
    raw = data.encode()
    assert len(raw) >= BIG_BODY
    return raw


def _getter(body: Body) -> Any:
    async def get(url: str) -> Body:
        return body

    return get


async def test_a_parse_runs_in_another_process() -> None:
    assert await in_process(os.getpid) != os.getpid()


async def test_a_big_feed_gives_the_same_events_from_the_child() -> None:
    data = _big_feed()
    here = parse_rss(data, RSS, FETCHED_AT)
    there = await in_process(functools.partial(parse_rss_body, RSS, FETCHED_AT), Body("u", data))
    assert [e.to_dict() for e in there] == [e.to_dict() for e in here]
    assert len(there) == MAX_ITEMS  # the parser's cap on items per feed


async def test_fetch_one_sends_a_big_body_to_a_child_and_a_small_one_to_a_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[int] = []
    real = asyncio.create_subprocess_exec

    async def counted(*args: Any, **kwargs: Any) -> Any:
        child = await real(*args, **kwargs)
        sent.append(child.pid)
        return child

    monkeypatch.setattr(asyncio, "create_subprocess_exec", counted)
    parse = functools.partial(parse_rss_body, RSS, FETCHED_AT)
    big = await fetch_one(_getter(Body("u", _big_feed())), "u", parse)
    assert big is not None
    assert len(big) == MAX_ITEMS
    assert len(sent) == 1
    small = await fetch_one(_getter(Body("u", fixture("rss2_ansa.xml"))), "u", parse)
    assert small is not None
    assert len(small) == 5
    assert len(sent) == 1  # the small one stayed in this process


async def test_a_closure_cannot_be_sent_and_is_parsed_here_instead() -> None:
    with pytest.raises(CannotSendError):
        await in_process(lambda body: [], Body("u", b""))
    data = _big_feed()
    found = await fetch_one(
        _getter(Body("u", data)), "u", lambda body: parse_rss(body.data, RSS, FETCHED_AT)
    )
    assert found is not None
    assert len(found) == MAX_ITEMS


async def test_the_parsers_error_comes_back_as_it_was_raised() -> None:
    hostile = fixture("rss2_ansa.xml").replace(b"<rss", b"<!DOCTYPE x [<!ENTITY a 'b'>]><rss", 1)
    with pytest.raises(SourceError) as raised:
        parse_rss(hostile, RSS, FETCHED_AT)
    with pytest.raises(SourceError) as there:
        await in_process(functools.partial(parse_rss_body, RSS, FETCHED_AT), Body("u", hostile))
    assert str(there.value) == str(raised.value)


async def test_a_deadline_kills_the_child_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[asyncio.subprocess.Process] = []
    real = asyncio.create_subprocess_exec

    async def kept(*args: Any, **kwargs: Any) -> Any:
        child = await real(*args, **kwargs)
        children.append(child)
        return child

    monkeypatch.setattr(asyncio, "create_subprocess_exec", kept)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(1.0):
            await in_process(time.sleep, 60)
    assert time.monotonic() - started < 10
    assert await asyncio.wait_for(children[0].wait(), 10) != 0  # killed, not finished


async def test_a_child_that_dies_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="the parser stopped"):
        await in_process(os._exit, 3)


async def test_the_childs_errors_are_in_the_interface_language() -> None:
    hostile = fixture("rss2_ansa.xml").replace(b"<rss", b"<!DOCTYPE x [<!ENTITY a 'b'>]><rss", 1)
    i18n.setup("it")
    with pytest.raises(SourceError) as here:
        parse_rss(hostile, RSS, FETCHED_AT)
    with pytest.raises(SourceError) as there:
        await in_process(functools.partial(parse_rss_body, RSS, FETCHED_AT), Body("u", hostile))
    assert str(there.value) == str(here.value)
    assert "XML" in str(there.value)
    assert "refused" not in str(there.value)  # Italian, as the editor reads it
    with pytest.raises(SourceError, match="l'analisi si è interrotta"):
        await in_process(os._exit, 3)


def test_the_parsing_child_runs_below_the_app() -> None:
    """A big body's parse leaves the processors to the app's keys first (niceness +10)."""
    mine = os.nice(0)
    theirs = asyncio.run(in_process(os.nice, 0))
    assert theirs == min(19, mine + NICENESS)
