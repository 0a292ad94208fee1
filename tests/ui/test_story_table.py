"""The Trending table touches only what a reload changed: cells, new rows, the order.

A refresh brings a few new stories and moves a few scores; the table must not be cleared and
filled again (every row added and measured on the UI thread while a key waits).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from rtc_tui.ui.widgets.story_table import Signature, StoryTable

COLUMNS = ("state", "score", "title")

Rows = list[tuple[str, Signature]]


class TableApp(App[None]):
    """One story table with fixed-width columns, as the Trending pane lays it out."""

    def compose(self) -> ComposeResult:
        yield StoryTable(threading.Event(), id="table")

    def on_mount(self) -> None:
        table = self.query_one(StoryTable)
        for key, width in zip(COLUMNS, (1, 5, 30), strict=True):
            table.add_column(key, width=width, key=key)


def rows(*titles: str, score: str = "10") -> Rows:
    return [(title.lower(), ("+", score, title)) for title in titles]


def cells(shown: Sequence[tuple[str, Signature]], built: list[str]) -> Callable[[int], list[Text]]:
    """The cells of ``shown[i]``; notes in ``built`` which rows had theirs built."""

    def build(index: int) -> list[Text]:
        key, signature = shown[index]
        built.append(key)
        return [Text(str(part)) for part in signature]

    return build


def table_rows(table: StoryTable) -> list[tuple[str, ...]]:
    return [
        (str(row.key.value), *(str(table.get_cell(row.key, c)) for c in COLUMNS))
        for row in table.ordered_rows
    ]


def cell_ids(table: StoryTable) -> dict[tuple[str, str], int]:
    return {
        (str(row.key.value), column): id(table.get_cell(row.key, column))
        for row in table.ordered_rows
        for column in COLUMNS
    }


async def test_a_changed_score_rewrites_that_cell_only() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(StoryTable)
        first = rows("Alfa", "Beta", "Gamma")
        table.sync(first, cells(first, []))
        before = cell_ids(table)
        second = [*first[:1], ("beta", ("+", "99", "Beta")), *first[2:]]
        built: list[str] = []
        table.sync(second, cells(second, built))
        after = cell_ids(table)
        assert built == ["beta"]
        changed = {cell for cell in before if before[cell] != after[cell]}
        assert changed == {("beta", "score")}
        assert table_rows(table) == [
            ("alfa", "+", "10", "Alfa"),
            ("beta", "+", "99", "Beta"),
            ("gamma", "+", "10", "Gamma"),
        ]


async def test_a_new_story_on_top_is_added_and_the_others_move_down_untouched() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(StoryTable)
        first = rows("Alfa", "Beta", "Gamma")
        table.sync(first, cells(first, []))
        table.move_cursor(row=1, animate=False)
        before = cell_ids(table)
        second = rows("Delta", "Alfa", "Beta", "Gamma")
        built: list[str] = []
        table.sync(second, cells(second, built))
        assert built == ["delta"]
        assert [r[0] for r in table_rows(table)] == ["delta", "alfa", "beta", "gamma"]
        after = cell_ids(table)
        assert all(after[cell] == before[cell] for cell in before)
        # The cursor stays at its index: the pane moves it after the story it follows.
        assert table.cursor_row == 1


async def test_gone_and_reordered_rows_follow_the_new_order() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(StoryTable)
        first = rows("Alfa", "Beta", "Gamma", "Delta")
        table.sync(first, cells(first, []))
        second = rows("Gamma", "Alfa", "Epsilon")
        built: list[str] = []
        table.sync(second, cells(second, built))
        assert built == ["epsilon"]
        assert table_rows(table) == [
            ("gamma", "+", "10", "Gamma"),
            ("alfa", "+", "10", "Alfa"),
            ("epsilon", "+", "10", "Epsilon"),
        ]
        assert table.shown_keys == ["gamma", "alfa", "epsilon"]


async def test_a_list_replaced_wholesale_is_laid_out_again() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(StoryTable)
        first = rows(*(f"Old {n}" for n in range(100)))
        table.sync(first, cells(first, []))
        second = rows(*(f"New {n}" for n in range(60)), "Old 5")
        table.sync(second, cells(second, []))
        assert [r[0] for r in table_rows(table)] == [key for key, _ in second]
        assert table.row_count == 61
        await pilot.pause()  # the table works its size out when idle
        # Every column has its width: the virtual size is the columns' and one line a row.
        assert table.virtual_size.height == 61 + 1
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert table.virtual_size.width == widths


async def test_rebuild_adds_every_row_again() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(StoryTable)
        first = rows("Alfa", "Beta")
        table.sync(first, cells(first, []))
        built: list[str] = []
        table.sync(first, cells(first, built), rebuild=True)
        assert built == ["alfa", "beta"]
        assert [r[0] for r in table_rows(table)] == ["alfa", "beta"]


async def test_many_rows_gone_from_a_big_table_rebuild_it_instead_of_one_removal_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each removal renumbers the whole table: 477 of them from 17,000 rows took seconds."""
    app = TableApp()
    async with app.run_test():
        table = app.query_one(StoryTable)
        first = rows(*(f"Story {n}" for n in range(2000)))
        table.sync(first, cells(first, []))
        removed: list[object] = []
        real_remove = table.remove_row

        def counting_remove(key: object) -> None:
            removed.append(key)
            real_remove(key)  # type: ignore[arg-type]

        monkeypatch.setattr(table, "remove_row", counting_remove)
        # A few gone: removed one by one, the other rows untouched.
        few = [row for row in first if row[0] not in {"story 3", "story 700"}]
        table.sync(few, cells(few, []))
        assert removed == ["story 3", "story 700"]
        # A twentieth gone (a hundred rows, far less than a quarter of the table): one
        # rebuild, no removals.
        removed.clear()
        many = [row for index, row in enumerate(few) if index % 20]
        built: list[str] = []
        table.sync(many, cells(many, built))
        assert removed == []
        assert len(built) == len(many)
        assert table.shown_keys == [key for key, _ in many]
        assert [r[0] for r in table_rows(table)] == [key for key, _ in many]
