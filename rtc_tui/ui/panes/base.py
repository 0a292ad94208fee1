"""What every pane shares: its key, its title, where focus lands, and its messages to the screen.

The messages say what concerns the other panes; the screen routes them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.render import measure
from textual.widget import Widget
from textual.widgets import DataTable
from textual.worker import Worker

from rtc_tui.desk.views import Draft
from rtc_tui.i18n import _
from rtc_tui.ui.worker_errors import report_worker_failure


def measure_rows_now(table: DataTable[Any]) -> None:
    """Size ``table``'s auto-width columns to the rows just added, before the next paint.

    Textual's DataTable measures new rows in its idle handler, which runs only once the
    table's message queue is empty. While the app is busy (starting up, a resize, other panes
    filling) that can come more than a second later, and the table is painted meanwhile at
    its header widths (``Timi  not ti``, no ``[ ]`` markers) — it stayed so until focused, and
    a screen read in between showed it (issue #13, item 6). Measuring here, in the same turn
    that filled the rows, means the first paint has the right widths; the idle pass that
    follows finds nothing wider and only updates the scrollable size.
    """
    console = table.app.console
    for column in table.ordered_columns:
        if not column.auto_width:
            continue
        widths = (measure(console, cell, 1) for cell in table.get_column(column.key))
        column.content_width = max(column.content_width, measure(console, column.label, 1), *widths)
    table.refresh(layout=True)


class Pane(Vertical):
    """A titled, bordered pane of the main screen.

    Subclasses set :attr:`PANE_ID`, :attr:`PANE_TITLE` and :attr:`PANE_KEY`, and return the
    widget that should receive focus from :meth:`focus_target`. A pane does its own work with
    the desk; what other panes must hear of goes up as one of the messages below, which the
    screen routes.
    """

    PANE_ID: ClassVar[str] = ""
    PANE_TITLE: ClassVar[str] = ""
    PANE_KEY: ClassVar[str] = ""
    REPORTS_OWN_FAILURES: ClassVar[frozenset[str]] = frozenset()
    """Worker groups whose failures the pane reports itself (the rest: :meth:`_worker_failed`)."""

    class DataChanged(Message):
        """This pane wrote to the desk: what every pane shows should be re-read."""

    class DraftOpened(Message):
        """This pane created (or picked) a draft for the user to edit now."""

        def __init__(self, draft: Draft) -> None:
            self.draft = draft
            """The draft to open in the Draft pane."""
            super().__init__()

    class DraftUpdated(Message):
        """This pane changed a draft (status, export): the Draft pane should show it."""

        def __init__(self, draft: Draft) -> None:
            self.draft = draft
            """The draft as stored now."""
            super().__init__()

    class DraftShown(Message):
        """The Draft pane now shows ``draft`` (opened, saved, or changed by another session).

        Declared here with the other messages the screen routes between panes: the screen
        handles them before the Draft and Checklist panes (and their modules) are loaded.
        """

        def __init__(self, draft: Draft) -> None:
            self.draft = draft
            """The draft as the pane shows it (as last saved or loaded)."""
            super().__init__()

    class PublishRequested(Message):
        """The user wants to publish the draft (the screen opens the publish dialog)."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    class QueueRequested(Message):
        """The user wants the publishing queue and results."""

    shown: bool = True
    """Whether the pane is on screen: below 100 columns only the active one is (the screen
    says so through :meth:`set_shown`). A hidden pane keeps its state but leaves work nobody
    sees (counting, checks, the agenda) until it is shown: at 80x24 the first screen is
    Trending's alone, and the other panes' work would compete with it for the interpreter."""

    def set_shown(self, shown: bool) -> None:
        """The screen shows (or hides) this pane; work left while hidden is done now."""
        if shown == self.shown:
            return
        self.shown = shown
        if shown:
            self.catch_up()

    def catch_up(self) -> None:
        """The pane has just come on screen: catch up with what was left while hidden."""

    def on_mount(self) -> None:
        """Title the border with the pane's key and name, e.g. ``1 Trending``."""
        self.border_title = f"{self.PANE_KEY} {_(self.PANE_TITLE)}"

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """No worker of a pane fails silently: a failure the worker did not report is shown."""
        report_worker_failure(self, event, skip=self.REPORTS_OWN_FAILURES)

    def focus_target(self) -> Widget:
        """The widget that gets focus when the pane is activated."""
        return self

    def escape(self) -> bool:
        """Undo the pane's own passing state on ``escape`` (a filter); ``True`` if it did.

        The screen's ``escape`` asks the active pane first, then leaves the text field.
        """
        return False

    def reload(self) -> None:
        """Re-read the pane's data from the desk (after a change by this or another session)."""
