"""A refresh of many sources parses here and in one warm child: same events, errors kept.

Real child processes (``python -m rtc_tui.sources.parse_pool``), real feeds.
"""

from __future__ import annotations

import asyncio
import functools
import os

import pytest

from rtc_tui.sources import parse_pool
from rtc_tui.sources.base import Body, fetch_one
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.parse_pool import MIN_SOURCES, ParsePool, parsing_pool
from rtc_tui.sources.rss import parse_rss, parse_rss_body
from tests.unit.sources_helpers import FETCHED_AT, fixture, source

RSS = source("rss", "News IT", lang="it")


async def _ready(pool: ParsePool) -> None:
    """Wait (at most 30 s, a loaded machine) for the child to have imported the parsers."""
    async with asyncio.timeout(30):
        assert await pool.until_ready()


async def test_both_workers_parse_and_give_what_a_parse_here_gives() -> None:
    data = fixture("rss2_ansa.xml")
    here = [e.to_dict() for e in parse_rss(data, RSS, FETCHED_AT)]
    parse = functools.partial(parse_rss_body, RSS, FETCHED_AT)
    async with parsing_pool(MIN_SOURCES) as pool:
        assert pool is not None
        assert parse_pool.current() is pool
        await _ready(pool)
        where = await asyncio.gather(*(pool.run(os.getpid) for _ in range(6)))
        results = await asyncio.gather(*(pool.run(parse, Body("u", data)) for _ in range(6)))
    assert parse_pool.current() is None
    assert os.getpid() in where  # this process took some
    assert set(where) - {os.getpid()}  # and the child others
    for events in results:
        assert [e.to_dict() for e in events] == here


async def test_a_parse_error_in_the_child_is_the_sources_error() -> None:
    parse = functools.partial(parse_rss_body, RSS, FETCHED_AT)
    async with parsing_pool(MIN_SOURCES) as pool:
        assert pool is not None
        await _ready(pool)
        pool._local_busy = True  # so the child takes it
        with pytest.raises(SourceError, match="entit|feed"):
            await pool.run(parse, Body("u", fixture("billion_laughs.xml")))
        pool._local_busy = False
        # The child is still there for the next one.
        assert await pool.run(os.getpid) in {os.getpid(), pool._child.pid}  # type: ignore[union-attr]


async def test_a_child_gone_leaves_the_parses_here() -> None:
    async with parsing_pool(MIN_SOURCES) as pool:
        assert pool is not None
        await _ready(pool)
        assert pool._child is not None
        pool._child.kill()
        await pool._child.wait()
        pids = await asyncio.gather(*(pool.run(os.getpid) for _ in range(4)))
    assert set(pids) == {os.getpid()}


async def test_few_sources_get_no_child_and_fetch_one_parses_in_a_thread() -> None:
    async with parsing_pool(MIN_SOURCES - 1) as pool:
        assert pool is None
        assert parse_pool.current() is None


async def test_fetch_one_uses_the_refreshs_pool_for_small_bodies() -> None:
    data = fixture("rss2_ansa.xml")
    parse = functools.partial(parse_rss_body, RSS, FETCHED_AT)
    seen: list[object] = []

    async def get(url: str) -> Body:
        return Body(url, data)

    async with parsing_pool(MIN_SOURCES) as pool:
        assert pool is not None
        original = pool.run

        async def run(*args: object) -> object:
            seen.append(args[0])
            return await original(*args)  # type: ignore[arg-type]

        pool.run = run  # type: ignore[method-assign,assignment]
        events = await fetch_one(get, "http://feed", parse)
    assert seen == [parse]
    assert [e.to_dict() for e in events or []] == [
        e.to_dict() for e in parse_rss(data, RSS, FETCHED_AT)
    ]
