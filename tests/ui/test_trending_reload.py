"""A reload of the Trending list after a refresh: worked out off the UI thread, swapped in.

The reload's worker reads the ranking and works out every row's signature; the UI thread
compares them with the rows shown and touches only those that changed. The cursor stays on
its story, the filter typed and the focus stay where they were.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.text import Text

from rtc_tui.config import Config
from rtc_tui.core.models import Event, Level
from rtc_tui.core.trending.rerank import ranker
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.panes import trending_rows
from rtc_tui.ui.panes.trending_rows import Row, cells_of, prepare_rows
from rtc_tui.ui.panes.trending_view import FilterField
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.widgets.story_table import Signature
from tests.ui.test_trending_scale import _opened, _pane, _settle

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STORIES = 30
SPORT = "Sportiva"
SPORT_STORIES = {3, 7, 12}
"""The stories from the source the filter test types."""


def _word(n: int, salt: str) -> str:
    """A made-up word of its own for ``n``: consonants and vowels taken from a digest.

    Close titles make one story (``Zqcobalfa`` and ``Zqcobobalfa`` did): these share nothing.
    """
    digest = hashlib.sha256(f"{salt}{n}".encode()).digest()
    return "".join("bcdfghlmnprstvz"[b % 15] + "aeiou"[b % 5] for b in digest[:5])


def _event(n: int, source: str = "Notizie", minutes: int | None = None) -> Event:
    at = NOW - timedelta(minutes=n if minutes is None else minutes)
    title = " ".join(_word(n, salt) for salt in ("a", "b", "c")).capitalize()
    return Event(id=f"ev{n:04d}", source=source, title=title, first_seen=at, last_seen=at)


def _desk(tmp_path: Path) -> Desk:
    store = FileStore(tmp_path / "store")
    events = [_event(n, source=SPORT if n in SPORT_STORIES else "Notizie") for n in range(STORIES)]
    store.events.merge(lambda _current: events, rank=ranker(now=NOW))
    # No sources: only the test reloads the list.
    return Desk(Config(sources=()), store, user="alice", now=lambda: NOW)


def _add(desk: Desk, event: Event) -> None:
    """What a refresh stores: one more event, the ranking worked out again."""
    desk.store.events.merge(lambda current: [*current.values(), event], rank=ranker(now=NOW))


def _screen(app: RtcApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def _cells(app: RtcApp) -> dict[str, tuple[int, ...]]:
    """Each row's cells, by identity."""
    table = _pane(app).table
    return {
        str(row.key.value): tuple(id(table.get_cell(row.key, c.key)) for c in table.ordered_columns)
        for row in table.ordered_rows
    }


async def test_a_reload_touches_the_new_row_only_and_the_cursor_follows_its_story(
    tmp_path: Path,
) -> None:
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        pane = _pane(app)
        pane.table.move_cursor(row=10, animate=False)
        await _settle(pilot)
        followed = pane.current_row()
        assert followed is not None
        before = _cells(app)
        # A newer story from another source: it ranks first, every other row moves down.
        _add(desk, _event(900, source="Agenzia", minutes=0))
        _screen(app).reload()
        await _settle(pilot)
        after = _cells(app)
        assert set(after) - set(before) == {"ev0900"}
        assert pane.table.row_count == STORIES + 1
        keys = [row.key.value for row in pane.table.ordered_rows]
        assert keys.index("ev0900") < 10  # above the story followed
        # Every row that shows the same as before kept its cells: nothing was laid out again.
        assert {key for key in before if after[key] != before[key]} == set()
        current = pane.current_row()
        assert current is not None
        assert current.story.id == followed.story.id
        assert pane.table.cursor_row == 11


async def test_a_reload_keeps_the_filter_being_typed_and_its_focus(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        await pilot.press("slash", *"sportiva")
        await _settle(pilot)
        field = app.screen.query_one(FilterField)
        shown = {e.id for e in _pane(app).shown_events}
        assert shown == {f"ev{n:04d}" for n in SPORT_STORIES}
        _add(desk, _event(100, source=SPORT))
        _screen(app).reload()
        await _settle(pilot)
        assert field.value == "sportiva"
        assert app.focused is field
        assert {e.id for e in _pane(app).shown_events} == shown | {"ev0100"}
        # Typed into the filter still, not taken as keys of the list (x would dismiss).
        await pilot.press("x")
        await _settle(pilot)
        assert field.value == "sportivax"
        assert _pane(app).shown_events == []


async def test_the_rows_of_a_reload_and_their_cells_are_worked_out_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path)
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(pilot)
        threads: list[threading.Thread] = []
        built: list[tuple[threading.Thread, tuple[Text, ...]]] = []
        signature = Row.signature

        def signature_spied(row: Row) -> tuple[object, ...]:
            threads.append(threading.current_thread())
            return signature(row)

        def cells_spied(shown: Signature, level_style: Mapping[Level, str]) -> tuple[Text, ...]:
            cells = cells_of(shown, level_style)
            built.append((threading.current_thread(), cells))
            return cells

        monkeypatch.setattr(Row, "signature", signature_spied)
        monkeypatch.setattr(trending_rows, "cells_of", cells_spied)
        _add(desk, _event(901, source="Agenzia", minutes=0))
        _screen(app).reload()
        await _settle(pilot)
        assert "ev0901" in {e.id for e in _pane(app).shown_events}
        # Every row's, once a reload (the store's change feed may have asked for a second).
        assert threads
        assert len(threads) % (STORIES + 1) == 0
        assert threading.main_thread() not in threads
        # The table holds the very cells a worker built for the new row; the UI thread built
        # none.
        table = _pane(app).table
        shown = tuple(table.get_cell("ev0901", column.key) for column in table.ordered_columns)
        assert any(all(a is b for a, b in zip(cells, shown, strict=True)) for _t, cells in built)
        assert all(thread is not threading.main_thread() for thread, _cells in built)


def test_cells_built_with_the_rows_are_taken_once_and_only_if_they_show_what_is_asked(
    tmp_path: Path,
) -> None:
    stories, _complete = _desk(tmp_path).trending.first_stories()
    warn = {Level.WARN: "bold red", Level.BLOCK: "bold magenta"}
    rows = prepare_rows(stories, None, warn)
    first = rows.rows[0]
    signature = rows.signature(first)
    cells = rows.take_cells(first.key, signature, warn)
    assert looks(cells) == looks(cells_of(signature, warn))
    # Taken: the table keeps them, so the next row with that key gets cells of its own.
    again = rows.take_cells(first.key, signature, warn)
    assert [c.plain for c in again] == [c.plain for c in cells]
    assert all(a is not b for a, b in zip(again, cells, strict=True))
    # Another theme (the styles changed since the rows were read): built for it.
    second = rows.rows[1]
    other = {Level.WARN: "bold yellow", Level.BLOCK: "bold red"}
    taken = rows.take_cells(second.key, rows.signature(second), other)
    assert looks(taken) == looks(cells_of(rows.signature(second), other))
    assert looks(taken) != looks(cells_of(rows.signature(second), warn)) or not any(
        story.sensitivity.level in warn for story in stories[1:2]
    )
    # A row showing something else now (marked seen on the UI thread): built for that.
    third = rows.rows[2]
    seen = (" ", *rows.signature(third)[1:])
    taken = rows.take_cells(third.key, seen, warn)
    assert looks(taken) == looks(cells_of(seen, warn))
    assert taken[0].plain == " "
    # Without styles no cells are built with the rows.
    assert prepare_rows(stories).cells == {}


def looks(cells: tuple[Text, ...]) -> list[tuple[str, str, str | None]]:
    """What ``cells`` show: each one's text, style and justification."""
    return [(c.plain, str(c.style), c.justify) for c in cells]
