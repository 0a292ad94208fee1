"""A line of the Draft pane that costs one row's repaint to update, and nothing when unchanged.

Textual's ``Static.update`` re-lays out the whole screen, four panes and all: tens of
milliseconds, taken while the editor types, since the counters and the status line follow the
text. These lines are one row high (or, for the counters, as high as their wrapped text): an
update that leaves the text as shown does nothing, and one that keeps the height repaints the
line alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class QuietLine(Static):
    """A ``Static`` updated through :meth:`show` (see the module docstring)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._shown: Text | str | None = None

    def show(self, content: Text | str) -> None:
        """Show ``content`` unless it is what the line shows already."""
        if content == self._shown:
            return
        layout = self._shown is None or self._rows(content) != self._rows(self._shown)
        self._shown = content
        self.update(content, layout=layout)

    def _rows(self, content: Text | str) -> int:
        """Rows ``content`` takes at the line's width (1 for a line that cannot wrap)."""
        width = self.content_size.width
        height = self.styles.height
        if height is None or not height.is_auto or width <= 0:
            return 1
        text = content if isinstance(content, Text) else Text(content)
        return len(text.wrap(self.app.console, width))
