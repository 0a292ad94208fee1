"""The draft's text field: Textual's ``TextArea``, repainted after a resize.

Textual 8.2's ``TextArea`` re-wraps its text when its size changes, but the frame drawn for
the new size in between (from the old wrap) can stay on screen: after 160x48 -> 60x20 the
editor showed words twice or missing until the text changed (issue #13), though the text
itself was intact. Repainting once the re-wrap is done shows the text as it is.
"""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import TextArea


class DraftEditor(TextArea):
    """A ``TextArea`` that repaints itself after each resize's re-wrap."""

    def on_resize(self, event: Resize) -> None:
        """Runs after ``TextArea``'s own resize handler (which re-wraps): repaint it all."""
        self.refresh()
