"""What every pane shares: its number key, its title and where focus lands in it."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical
from textual.widget import Widget

from rtc_tui.i18n import _


class Pane(Vertical):
    """A titled, bordered pane of the main screen.

    Subclasses set :attr:`PANE_ID`, :attr:`PANE_TITLE` and :attr:`PANE_KEY`, and return the
    widget that should receive focus from :meth:`focus_target`.
    """

    PANE_ID: ClassVar[str] = ""
    PANE_TITLE: ClassVar[str] = ""
    PANE_KEY: ClassVar[str] = ""

    def on_mount(self) -> None:
        """Title the border with the pane's key and name, e.g. ``1 Trending``."""
        self.border_title = f"{self.PANE_KEY} {_(self.PANE_TITLE)}"

    def focus_target(self) -> Widget:
        """The widget that gets focus when the pane is activated."""
        return self

    def reload(self) -> None:
        """Re-read the pane's data from the desk (after a change by this or another session)."""
