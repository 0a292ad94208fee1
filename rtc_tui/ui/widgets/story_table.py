"""The Trending list's table: Textual's DataTable that a reload touches only where it changed.

A refresh brings the same stories with a few new ones and a few scores moved: clearing the
table and adding every row again made Textual measure every cell of every row on the UI
thread (~70 ms at a few hundred rows, a key pressed meanwhile waited for it). :meth:`sync`
compares each row's signature (what it shows) with the one shown, removes the rows gone,
rewrites only the cells that changed, appends the new rows and, if the order moved, reorders
the rows in place (the table's own sort): the cursor, the scroll and the focus stay.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import zip_longest
from typing import cast

from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, DuplicateKey, Row, RowKey

REBUILD_MIN = 24
"""Removals made one by one; more rebuild the table, whatever its size.

A removal renumbers every row of the table (a pass over it), an added row costs one row's
work: rebuilding n rows costs about what 20-40 removals from them do, at 200 rows as at
5,000. (A share of the rows as the limit let a 17,000-row table take 477 removals: seconds.)"""

OFF_ROW = Coordinate(-2, 0)
"""Where a line's cache key says the cursor is when it is not on the line's row (no row is
at -2; the header is at -1)."""


def _as_seen_by(row: int, location: Coordinate) -> Coordinate:
    """What a row cursor (or the mouse) at ``location`` changes in row ``row``'s lines.

    Only whether it is on that row: ``(row, 0)`` if so, else :data:`OFF_ROW`. Two locations
    a row sees alike render its lines alike, so they share their cache entries.
    """
    return Coordinate(row, 0) if location.row == row else OFF_ROW


Signature = tuple[Hashable, ...]
"""What a row shows, one part per column (in column order), compared to touch changed cells."""


class StoryTable(DataTable[Text]):
    """The list of stories; says (once) when rows were first drawn into a frame.

    The desk reads drafts, computes the agenda and starts the sources' health only after the
    first screen is up: that work would otherwise hold the interpreter the paint needs.
    """

    class Painted(Message):
        """The first rows were drawn into a frame (posted once, handled once it is out).

        Posted from the rendering, it reaches the screen after the frame was handed to the
        terminal: work started then (the other panes, the refreshes) no longer delays it, as
        it did when started from the screen's next idle, which came before the paint.
        """

    def __init__(self, painted: threading.Event, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._painted = painted
        self._shown: dict[str, Signature] = {}
        """Each row's key and signature, in the table's order."""
        self._warm_queued = False
        """A warming of the next move's rows is queued (see :meth:`_warm_next_move`)."""
        self._warm_from = 0
        """The cursor's row when the last warming ran."""
        self._warm_step = 1
        """Which way the next move is guessed to go: 1 down, -1 up."""
        self._frame_style: Style | None = None
        """The table's style while it renders a frame (see :attr:`rich_style`)."""
        self._appended = 0
        """Rows added so far: each bumps Textual's update count but changes no line drawn
        before it (a row is added below every other), see :meth:`_render_line`."""
        self._cell_updates = 0
        """Cells updated so far: each bumps Textual's update count but changes only its own
        row's lines, whose count is in :attr:`_row_versions` (see :meth:`_render_line`)."""
        self._row_versions: dict[RowKey, int] = {}
        """Cells updated in each row so far (rows never updated are not in it)."""

    @property
    def rich_style(self) -> Style:
        """Textual's, worked out once per frame rather than once per line.

        Textual's DataTable asks for it for every line it renders, and each time it is built
        from every ancestor's styles: four of them here (the pane, the panes' container, the
        screen), 15 lines for a scrolling move. Nothing restyles the table while it renders.
        """
        if self._frame_style is not None:
            return self._frame_style
        return super().rich_style

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """Textual's line, cached by whether the cursor is on its row, not by where it is.

        Textual keys a rendered line by the cursor's coordinate: after every cursor move no
        visible line was in its cache, and a move that scrolled the list rendered every row
        on screen again (cells, styles, segments), most of what a ``down`` cost. With a row
        cursor a line shows only whether the cursor (or the mouse) is on its row: keyed by
        that, a move renders the two rows it changed and a scroll the row it brought in.
        The entries live in Textual's own line cache, so everything that clears it (a theme
        or focus change) clears them too. Rows removed or sorted change Textual's update
        count, which the key holds less the rows added and the cells updated:
        - a row added goes below every other and leaves the lines drawn as they were (the
          rest of the ranking arriving as the editor scrolls down rendered every visible row
          again);
        - a cell updated changes its own row's lines only, which the key tells by the count
          of that row's updates (the seen marks stored as the editor scrolls rewrite a few
          rows' cells: every visible row was rendered again, 15-30 ms, a key waiting).
        """
        if self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)
        try:
            row_key, _line = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row = self._row_index(row_key)
        key = (
            y,
            x1,
            x2,
            self.size.width,
            _as_seen_by(row, self.cursor_coordinate),
            _as_seen_by(row, self.hover_coordinate),
            base_style,
            self.cursor_type,
            self._show_hover_cursor,
            self._update_count - self._appended - self._cell_updates,
            self._row_versions.get(row_key, 0),
            self._pseudo_class_state,
        )
        # Textual types its line cache by its own key, which has no row update count.
        cache = cast("LRUCache[Hashable, Strip]", self._line_cache)
        strip = cache.get(key)
        if strip is None:
            strip = super()._render_line(y, x1, x2, base_style)
            cache[key] = strip
        return strip

    def add_row(
        self,
        *cells: Text,
        height: int | None = 1,
        key: str | None = None,
        label: Text | str | None = None,
    ) -> RowKey:
        """Textual's, counted (see :meth:`_render_line`)."""
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        self._appended += 1
        return row_key

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Text,
        *,
        update_width: bool = False,
    ) -> None:
        """Textual's, counted for the updated row alone (see :meth:`_render_line`).

        With ``update_width`` the column may widen, which moves every row's cells: counted as
        Textual counts it, for every line.
        """
        super().update_cell(row_key, column_key, value, update_width=update_width)
        if not update_width:
            key = RowKey(row_key) if isinstance(row_key, str) else row_key
            self._cell_updates += 1
            self._row_versions[key] = self._row_versions.get(key, 0) + 1

    def _row_index(self, row_key: RowKey) -> int:
        """The row's index, -1 for the header (as Textual numbers it)."""
        index = self._row_locations.get(row_key)
        return -1 if index is None else index

    def _warm_next_move(self) -> None:
        """Render, while no key waits, the two rows the next move would repaint.

        Run once the frame is out (after the refresh): the row the cursor would reach, with the
        cursor on it, and the row it would leave, without. A move then finds both in
        Textual's row cache and only lays their cells out (a scrolling ``down`` otherwise
        rendered the row it brought in while the key waited). The next move is guessed to go
        the way the last one went (``down`` at first); a guess missed costs what Textual does.
        """
        self._warm_queued = False
        if self.cursor_type != "row" or not self.row_count:
            return
        row, column = self.cursor_coordinate
        if row != self._warm_from:
            self._warm_step = 1 if row > self._warm_from else -1
            self._warm_from = row
        target = row + self._warm_step
        if not self.is_valid_row_index(target):
            return
        # As Textual's render_line calls it after that move: same style, cursor, mouse.
        cursor, hover, style = Coordinate(target, column), self.hover_coordinate, self.rich_style
        for index in (row, target):
            key = self._row_locations.get_key(index)
            if key is not None:
                self._render_line_in_row(key, 0, style, cursor, hover)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's rendering, noting the first time it held rows; the next move warmed after."""
        if not self._warm_queued:
            self._warm_queued = True
            self.call_after_refresh(self._warm_next_move)
        self._frame_style = super().rich_style
        try:
            lines = super().render_lines(crop)
        finally:
            self._frame_style = None
        if self.row_count and not self._painted.is_set():
            self._painted.set()
            self.post_message(self.Painted())
        return lines

    @property
    def shown_keys(self) -> list[str]:
        """The rows' keys, top to bottom."""
        return list(self._shown)

    def sync(
        self,
        rows: Sequence[tuple[str, Signature]],
        cells: Callable[[int], Sequence[Text]],
        *,
        rebuild: bool = False,
    ) -> None:
        """Show ``rows`` (key and signature, top to bottom), touching only what changed.

        ``cells(i)`` builds the cells of ``rows[i]``, asked only for rows added or changed.
        ``rebuild`` clears the table and adds every row (the columns were laid out again).
        The cursor stays at its index: the caller moves it to the row it follows.
        """
        wanted = dict(rows)
        gone = [key for key in self._shown if key not in wanted]
        if rebuild or len(gone) > REBUILD_MIN:
            self._rebuild(rows, cells)
            return
        for key in gone:
            self.remove_row(key)
            del self._shown[key]
        columns = [column.key for column in self.ordered_columns]
        added: list[tuple[str, Sequence[Text]]] = []
        for index, (key, signature) in enumerate(rows):
            before = self._shown.get(key)
            if before is None:
                added.append((key, cells(index)))
                self._shown[key] = signature
            elif before != signature:
                fresh = cells(index)
                for column, old, new, cell in zip(columns, before, signature, fresh, strict=False):
                    if old != new:
                        self.update_cell(key, column, cell)
                self._shown[key] = signature
        self.append_rows(added)
        order = [key for key, _signature in rows]
        if list(self._shown) != order:
            self._reorder(order, wanted)

    def _rebuild(
        self, rows: Sequence[tuple[str, Signature]], cells: Callable[[int], Sequence[Text]]
    ) -> None:
        self.clear()
        self.append_rows([(key, cells(index)) for index, (key, _signature) in enumerate(rows)])
        self._shown = dict(rows)

    def append_rows(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Textual's ``add_row`` for each of ``rows`` (key, cells), its per-table work done once.

        Textual's sets the cursor again (a reactive: validated, compared, watched), lists the
        columns twice and asks for an idle check for every row it adds: most of the UI
        thread's time when the rest of the ranking joins the list (300 rows). The rows are
        one line high, unlabelled, and go below the others, as ``add_row`` puts them.

        Raises:
            DuplicateKey: a key is in the table already, or twice in ``rows`` (none is added).
            ValueError: a row has more cells than the table has columns (none is added).
        """
        if not rows:
            return
        columns = [column.key for column in self.ordered_columns]
        keys = [RowKey(key) for key, _cells in rows]
        taken: set[RowKey] = set()
        for row_key in keys:
            if row_key in self._row_locations or row_key in taken:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            taken.add(row_key)
        if any(len(cells) > len(columns) for _key, cells in rows):
            raise ValueError("More values provided than there are columns.")
        was_empty = not self.rows
        for row_key, (_key, cells) in zip(keys, rows, strict=True):
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip_longest(columns, cells))
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does when the first row makes a cell
        self._update_count += 1
        self._appended += 1  # one bump of Textual's count, below every row drawn
        self.check_idle()

    def _reorder(self, order: list[str], signatures: dict[str, Signature]) -> None:
        """Put the rows in ``order`` with the table's own sort (rows keep their cells)."""
        # The sort hands the key function a row's cells only: each row's first cell is its
        # own object, so its identity names the row.
        first = self.ordered_columns[0].key
        place = {id(self.get_cell(key, first)): index for index, key in enumerate(order)}
        self.sort(first, key=lambda cell: place[id(cell)])
        self._shown = {key: signatures[key] for key in order}

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Textual's, without measuring every cell of the new rows when nothing needs it.

        Textual measures each new cell to widen auto-width columns; every column here has its
        width and every row one line, so the table's size is all there is to work out (the
        measuring was most of adding a few hundred rows, on the UI thread).
        """
        if any(column.auto_width for column in self.columns.values()) or any(
            self.rows[key].auto_height or self.rows[key].label is not None
            for key in new_rows
            if key in self.rows
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )

    def clear(self, columns: bool = False) -> StoryTable:
        """Textual's clear, forgetting the rows' signatures and update counts too."""
        super().clear(columns)
        self._shown = {}
        self._row_versions.clear()
        return self
