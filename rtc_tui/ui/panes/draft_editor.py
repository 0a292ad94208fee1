"""The draft's text field: Textual's ``TextArea``, repainting only the rows that changed.

Textual 8.2's ``TextArea`` repaints itself whole whenever its ``selection`` is set, which it
does after every keystroke (the reactive is ``always_update``): typing one character at the
end of a line resent the whole widget, about 4 KB at 80x24. This editor turns that repaint
into a repaint of the rows that can differ: the rows of the document line the cursor left and
of the one it reached (cursor and cursor-line highlight), and of the lines the keystroke
edited. Whenever that cannot be known cheaply (a selection, a bracket match, a line added or
removed, a line that wrapped onto one more or one fewer row, undo and redo, the placeholder of
an empty text) the whole widget is repainted, as Textual would.

Textual 8.2's ``TextArea`` also re-wraps its text when its size changes, but the frame drawn
for the new size in between (from the old wrap) can stay on screen: after 160x48 -> 60x20 the
editor showed words twice or missing until the text changed (issue #13), though the text
itself was intact. Repainting once the re-wrap is done shows the text as it is.

Keys arriving in a burst (a fast typist, a busy app, a paste of keys over SSH) must apply in
the order typed; Textual runs them out of order (see :mod:`rtc_tui.ui.key_order`), so this
editor runs its own editing keys where it inserts the letters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

from textual.events import Key, Resize
from textual.geometry import Region
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult, Location, Selection

from rtc_tui.ui.key_order import run_own_binding


class DraftEditor(TextArea):
    """A ``TextArea`` that repaints the rows a keystroke changed, and all of it after a resize."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._edited_lines: tuple[int, int] | None = None
        """Document lines the edit under way touches (first, last), while it runs."""
        self._height_before_edit = 0
        self._whole = False
        """Set while an operation runs whose repaint must stay whole (undo, redo)."""
        self._selection_rows: list[tuple[int, int]] | None = None
        """The rows (first, count) the selection change just made dirty, for ``refresh``."""

    async def _on_key(self, event: Key) -> None:
        """Letters as ``TextArea`` inserts them; its own bound keys run here, in key order."""
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def on_resize(self, event: Resize) -> None:
        """Runs after ``TextArea``'s own resize handler (which re-wraps): repaint it all."""
        self.refresh()

    def edit(self, edit: Edit) -> EditResult:
        """Perform ``edit``, noting the lines it touches so only their rows are repainted."""
        top, bottom = edit.top[0], edit.bottom[0]
        if top != bottom or "\n" in edit.text:
            # A line added or removed moves every row below it: that repaint stays whole.
            self._whole = True
        else:
            self._edited_lines = (top, bottom)
            self._height_before_edit = self.wrapped_document.height
        try:
            return super().edit(edit)
        finally:
            self._edited_lines = None
            self._whole = False

    @contextmanager
    def _repainted_whole(self) -> Iterator[None]:
        """While the block runs, a selection change repaints the whole widget."""
        self._whole = True
        try:
            yield
        finally:
            self._whole = False

    def _undo_batch(self, edits: Any) -> None:
        with self._repainted_whole():
            super()._undo_batch(edits)

    def _redo_batch(self, edits: Any) -> None:
        with self._repainted_whole():
            super()._redo_batch(edits)

    def _set_document(self, text: str, language: str | None) -> None:
        # A new text (load_text): every row may differ.
        with self._repainted_whole():
            super()._set_document(text, language)

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        matched_before = self._matching_bracket_location is not None
        super()._watch_selection(previous_selection, selection)
        # The reactive repaints right after its watchers: ``refresh`` takes these rows. A
        # bracket highlight, shown or cleared, may be on any row: then all of them.
        if matched_before:
            self._selection_rows = None
        else:
            self._selection_rows = self._changed_rows(previous_selection, selection)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Repaint as asked, but only the changed rows when a keystroke's selection asks."""
        rows, self._selection_rows = self._selection_rows, None
        if rows is None or regions or not repaint or layout or recompose:
            return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        for first, count in rows:
            self.refresh_lines(first, count)
        return self

    def _changed_rows(
        self, previous: Selection, selection: Selection
    ) -> list[tuple[int, int]] | None:
        """Rows that may differ after ``previous`` -> ``selection`` (``None``: all of them)."""
        if (
            self._whole
            or not self.is_mounted
            or previous.start != previous.end
            or selection.start != selection.end
            or self.show_line_numbers
            or self._matching_bracket_location is not None
            or not self.text
        ):
            return None
        lines = {previous.end[0], selection.end[0]}
        if self._edited_lines is not None:
            if self.wrapped_document.height != self._height_before_edit:
                return None  # a line gained or lost a row: the rows below it moved
            first, last = self._edited_lines
            lines.update(range(first, last + 1))
        rows = []
        for line in sorted(lines):
            row = self._first_row(line)
            if row is None:
                return None
            rows.append((row, len(self.wrapped_document.get_offsets(line)) + 1))
        return rows

    def _first_row(self, line: int) -> int | None:
        """The first wrapped row of document ``line`` (``None`` when it is not in the text)."""
        if not 0 <= line < self.document.line_count:
            return None
        location: Location = (line, 0)
        return self.wrapped_document.location_to_offset(location).y
