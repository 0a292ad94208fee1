"""A cursor move in the Trending table renders the rows it changed, and shows what Textual shows.

Textual's DataTable keys its rendered lines by the cursor's coordinate, so after every move it
rendered every visible row again; a move that scrolled the list cost a whole screen of rows.
The story table keys them by whether the cursor is on the row, and renders the rows of the
next move ahead, once a frame is out: these tests check that a move renders only the rows
whose look changed, that a move in the guessed direction renders none while its key waits,
and that what is on screen after moves, scrolls, edits, a re-sort, a focus change, a hover
and a theme change is exactly what a plain DataTable shows.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.widgets.data_table import DuplicateKey, RowKey

from rtc_tui.ui.widgets.story_table import StoryTable

ROWS = 40
HEIGHT = 10
"""The table's height: its header and nine rows."""

Lines = list[list[tuple[str, Style | None]]]
Step = Callable[[Pilot[None], DataTable[Text]], Awaitable[None]]


class TablesApp(App[None]):
    """A story table or a plain DataTable, same rows, cursor on rows, and a field to blur to."""

    CSS = "DataTable { height: 10; }"

    def __init__(self, story: bool) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        if self.story:
            yield StoryTable(threading.Event(), id="table")
        else:
            yield DataTable(id="table", cursor_type="row", zebra_stripes=False)
        yield Input(id="elsewhere")

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#table", DataTable)
        for key, width in (("state", 1), ("score", 5), ("title", 30)):
            table.add_column(key, width=width, key=key)
        for n in range(ROWS):
            state = Text("+", style="bold") if n % 3 else Text(" ")
            table.add_row(state, Text(f"{n * 7 % 100:5}"), Text(f"Story {n}"), key=f"s{n}")
        table.focus()


def shown(table: DataTable[Text]) -> Lines:
    """The table's lines as they were composed for the screen: text and style of each part."""
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await pilot.press(*pressed)
    await pilot.pause()


async def down_on_screen(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await keys(pilot, "down", "down", "down")


async def down_scrolling(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await keys(pilot, *["down"] * 12)


async def up_scrolling_back(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await keys(pilot, *["up"] * 14)


async def page_and_ends(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await keys(pilot, "pagedown", "end", "up", "home", "down")


async def cursor_row_edited(pilot: Pilot[None], table: DataTable[Text]) -> None:
    """A row under the cursor marked seen: its state cell rewritten in place."""
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    table.update_cell(key, "state", Text(" "))
    await pilot.pause()


def add_rows(table: DataTable[Text], count: int) -> None:
    """``count`` rows below the table's last, as the rest of the ranking arrives."""
    start = table.row_count
    for n in range(start, start + count):
        table.add_row(Text("+"), Text(f"{n:5}"), Text(f"Story {n}"), key=f"s{n}")


async def appended_then_edited(pilot: Pilot[None], table: DataTable[Text]) -> None:
    """Rows added below the others (the rest of the ranking), a row on screen edited, a move."""
    add_rows(table, 6)
    await pilot.pause()
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    table.update_cell(key, "title", Text("Edited after rows were added"))
    await keys(pilot, "down")


async def other_rows_edited(pilot: Pilot[None], table: DataTable[Text]) -> None:
    """Rows away from the cursor marked seen, one on screen and one below it; then down to it."""
    cursor = table.cursor_row
    for index in (cursor - 2, cursor + 6):
        key = table.coordinate_to_cell_key(Coordinate(index, 0)).row_key
        table.update_cell(key, "state", Text("*"))
        table.update_cell(key, "title", Text(f"Edited away from the cursor ({index})"))
    await pilot.pause()
    await keys(pilot, *["down"] * 6)


async def resorted(pilot: Pilot[None], table: DataTable[Text]) -> None:
    table.sort("title", key=lambda title: str(title)[::-1])
    await keys(pilot, "down")


async def blurred(pilot: Pilot[None], table: DataTable[Text]) -> None:
    pilot.app.query_one("#elsewhere").focus()
    await pilot.pause()


async def focused_again(pilot: Pilot[None], table: DataTable[Text]) -> None:
    table.focus()
    await keys(pilot, "down")


async def hovered(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await pilot.hover("#table", offset=(4, 3))
    await pilot.pause()


async def hovered_elsewhere(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await pilot.hover("#table", offset=(4, 6))
    await pilot.pause()


async def keys_after_hover(pilot: Pilot[None], table: DataTable[Text]) -> None:
    await keys(pilot, "down", "down")


async def new_theme(pilot: Pilot[None], table: DataTable[Text]) -> None:
    pilot.app.theme = "textual-light"
    await keys(pilot, "up")


STEPS: list[Step] = [
    down_on_screen,
    down_scrolling,
    up_scrolling_back,
    page_and_ends,
    cursor_row_edited,
    appended_then_edited,
    other_rows_edited,
    resorted,
    blurred,
    focused_again,
    hovered,
    hovered_elsewhere,
    keys_after_hover,
    new_theme,
]


async def screens(story: bool) -> list[Lines]:
    """The table's lines after each of :data:`STEPS`."""
    app = TablesApp(story)
    taken: list[Lines] = []
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one("#table", DataTable)
        taken.append(shown(table))
        for step in STEPS:
            await step(pilot, table)
            taken.append(shown(table))
    return taken


async def test_the_story_table_shows_what_a_plain_datatable_shows_after_every_step() -> None:
    plain = await screens(story=False)
    story = await screens(story=True)
    names = ["start", *(step.__name__ for step in STEPS)]
    for name, expected, got in zip(names, plain, story, strict=True):
        assert got == expected, f"after {name}, the story table shows something else"
    # The steps did change the screen (the comparison is not of blank tables).
    assert len({str(lines) for lines in plain}) == len(plain)


@asynccontextmanager
async def moved_down(
    story: bool, downs: int = 9
) -> AsyncIterator[tuple[Pilot[None], DataTable[Text]]]:
    """The app, its table's cursor ``downs`` rows down (9: on the last row, scrolled once)."""
    app = TablesApp(story)
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        await keys(pilot, *["down"] * downs)
        yield pilot, app.query_one("#table", DataTable)


def rendered_rows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Note each row Textual renders (cells, styles, segments) from now on."""
    seen: list[str] = []
    real = DataTable._render_line_in_row

    def noting(
        self: DataTable[Text],
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> object:
        seen.append(str(row_key.value))
        return real(self, row_key, line_no, base_style, cursor_location, hover_location)

    monkeypatch.setattr(DataTable, "_render_line_in_row", noting)
    return seen


async def test_a_move_renders_the_rows_it_changed_not_the_whole_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the rows of the next move rendered ahead (the next test), to see the cache alone.
    monkeypatch.setattr(StoryTable, "_warm_next_move", lambda self: None)
    async with moved_down(story=True) as (pilot, table):
        assert table.scroll_y == 1
        seen = rendered_rows(monkeypatch)
        await keys(pilot, "down")  # the list scrolls one more row
        assert table.scroll_y == 2
        # The row brought in (with the cursor) and the row the cursor left; not the header
        # nor the other seven rows on screen, which only moved up.
        assert sorted(set(seen)) == ["s10", "s9"]
        seen.clear()
        await keys(pilot, "up", "up")  # on screen: back over rows already rendered
        assert set(seen) <= {"s8", "s9", "s10"}
        seen.clear()
        await keys(pilot, "down", "down")  # the same rows, the same looks: all known
        assert seen == []


async def test_rows_added_below_render_no_row_on_screen_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(StoryTable, "_warm_next_move", lambda self: None)
    async with moved_down(story=True) as (pilot, table):
        seen = rendered_rows(monkeypatch)
        add_rows(table, 300)
        await pilot.pause()
        table.refresh()  # a frame is drawn: every line on screen comes from the cache
        await pilot.pause()
        assert seen == []
        # A cell changed is drawn again (the cache still follows what the rows show).
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        table.update_cell(key, "title", Text("Edited"))
        await pilot.pause()
        assert str(key.value) in seen


async def test_a_cell_updated_renders_its_own_row_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seen marks flip a few rows' cells: the other rows on screen are not drawn again."""
    monkeypatch.setattr(StoryTable, "_warm_next_move", lambda self: None)
    async with moved_down(story=True) as (pilot, table):
        seen = rendered_rows(monkeypatch)
        for index in (table.cursor_row - 3, table.cursor_row - 1):
            key = table.coordinate_to_cell_key(Coordinate(index, 0)).row_key
            table.update_cell(key, "state", Text(" "))
        await pilot.pause()
        table.refresh()
        await pilot.pause()
        assert sorted(set(seen)) == ["s6", "s8"]
        # Widening a column moves every row's cells: then every row is drawn again.
        seen.clear()
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        table.update_cell(
            key, "title", Text("A title wider than the column " * 3), update_width=True
        )
        await pilot.pause()
        assert {f"s{n}" for n in range(2, HEIGHT)} <= set(seen)


@pytest.mark.parametrize("change", ["a cell updated", "rows added below"])
async def test_a_plain_datatable_renders_every_row_on_screen_after(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the two tests above: Textual draws every visible row again."""
    async with moved_down(story=False) as (pilot, table):
        seen = rendered_rows(monkeypatch)
        if change == "a cell updated":
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row - 1, 0)).row_key
            table.update_cell(key, "state", Text(" "))
        else:
            add_rows(table, 300)
        await pilot.pause()
        table.refresh()
        await pilot.pause()
        assert {f"s{n}" for n in range(2, HEIGHT)} <= set(seen)


async def test_a_plain_datatable_renders_every_row_on_screen_when_it_scrolls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the story table avoids (if Textual stops doing it, the override can go)."""
    async with moved_down(story=False, downs=8) as (pilot, _table):
        seen = rendered_rows(monkeypatch)
        await keys(pilot, "down")
        assert {f"s{n}" for n in range(1, HEIGHT)} <= set(seen)


def cells_rendered_in_frames(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Note the row of each cell the table renders while it draws a frame (a key waits)."""
    drawing: list[bool] = []
    rendered: list[int] = []
    real_lines = StoryTable.render_lines
    real_cell = DataTable._render_cell

    def lines(self: StoryTable, crop: Region) -> object:
        drawing.append(True)
        try:
            return real_lines(self, crop)
        finally:
            drawing.pop()

    def cell(self: DataTable[Text], row_index: int, *args: object, **kwargs: object) -> object:
        if drawing:
            rendered.append(row_index)
        return real_cell(self, row_index, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryTable, "render_lines", lines)
    monkeypatch.setattr(DataTable, "_render_cell", cell)
    return rendered


async def test_the_rows_of_the_next_move_are_rendered_before_the_key_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with moved_down(story=True) as (pilot, table):
        rendered = cells_rendered_in_frames(monkeypatch)
        for _ in range(3):
            await keys(pilot, "down")  # each scrolls the list and repaints two rows...
        assert table.scroll_y == 4
        assert table.cursor_row == 12
        assert rendered == []  # ...rendered while no key waited
        await keys(pilot, "up")  # the other way: not guessed, the row left rendered in the frame
        assert set(rendered) == {12}
        rendered.clear()
        for _ in range(8):
            await keys(pilot, "up")  # from now on guessed again, scrolling up too
        assert table.scroll_y == 3
        assert rendered == []


async def test_without_rendering_ahead_a_scrolling_move_renders_its_new_row_in_the_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The control of the test above: the frame does render cells when nothing was ahead."""
    monkeypatch.setattr(StoryTable, "_warm_next_move", lambda self: None)
    async with moved_down(story=True) as (pilot, _table):
        rendered = cells_rendered_in_frames(monkeypatch)
        await keys(pilot, "down")
        assert set(rendered) == {9, 10}


class EmptyTableApp(App[None]):
    """An empty table (a story table or a plain one) with the columns of :class:`TablesApp`."""

    CSS = "DataTable { height: 10; }"

    def __init__(self, story: bool) -> None:
        super().__init__()
        self.story = story
        self.highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        if self.story:
            yield StoryTable(threading.Event(), id="table")
        else:
            yield DataTable(id="table", cursor_type="row", zebra_stripes=False)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#table", DataTable)
        for key, width in (("state", 1), ("score", 5), ("title", 30)):
            table.add_column(key, width=width, key=key)
        table.focus()

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        self.highlighted.append(message.cursor_row)


def _rows(start: int, count: int) -> list[tuple[str, list[Text]]]:
    return [
        (f"s{n}", [Text("+" if n % 2 else " "), Text(f"{n:5}"), Text(f"Story {n}")])
        for n in range(start, start + count)
    ]


async def _filled(story: bool) -> tuple[list[Lines], list[object], list[int]]:
    """Rows added in two batches (into the empty table, then below), lines after each."""
    app = EmptyTableApp(story)
    taken: list[Lines] = []
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one("#table", DataTable)
        for start, count in ((0, 5), (5, 30)):
            batch = _rows(start, count)
            if isinstance(table, StoryTable):
                table.append_rows(batch)
            else:
                for key, cells in batch:
                    table.add_row(*cells, key=key)
            await pilot.pause()
            taken.append(shown(table))
        table.move_cursor(row=33, animate=False)
        await pilot.pause()
        taken.append(shown(table))
        state = [
            table.row_count,
            [row.key.value for row in table.ordered_rows],
            table.get_row_at(7),
        ]
        return taken, state, app.highlighted


async def test_rows_appended_at_once_are_what_textual_adds_one_by_one() -> None:
    plain = await _filled(story=False)
    story = await _filled(story=True)
    assert story == plain
    lines, state, highlighted = story
    assert state[0] == 35
    assert highlighted  # the first rows of an empty table put the cursor on a row, as add_row
    texts = ["".join(text for line in screen for text, _style in line) for screen in lines]
    assert "Story 4" in texts[0]  # the first batch alone
    assert "Story 5" not in texts[0]
    assert "Story 33" in texts[-1]  # then the second one below it, the cursor down there


async def test_a_row_appended_twice_is_refused() -> None:
    app = EmptyTableApp(story=True)
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one("#table", StoryTable)
        table.append_rows(_rows(0, 3))
        with pytest.raises(DuplicateKey):
            table.append_rows(_rows(2, 2))  # s2 is in the table
        with pytest.raises(DuplicateKey):
            table.append_rows([*_rows(5, 2), *_rows(6, 1)])  # s6 twice
        with pytest.raises(ValueError, match="More values"):
            table.append_rows([*_rows(8, 1), ("s9", [Text("a"), Text("b"), Text("c"), Text("d")])])
        # Nothing of a refused batch was added.
        assert [row.key.value for row in table.ordered_rows] == ["s0", "s1", "s2"]
