"""The Calendar pane: the view (:mod:`.calendar_view`) answered by the desk's calendar.

The view asks for a window of moments or a draft; the pane reads the agenda in a thread worker
(today comes from the desk's clock, with the data) and creates drafts for moments, handing the
new draft to the screen (:class:`Pane.DraftOpened`) for the Draft pane to open.
"""

from __future__ import annotations

from datetime import date

from textual import on, work

from rtc_tui.desk import Desk, DeskError
from rtc_tui.desk.views import CalendarView
from rtc_tui.ui.panes.calendar_view import CalendarPaneView


class CalendarPane(CalendarPaneView):
    """Planned moments with their prep state; ``n`` drafts for the one under the cursor."""

    def __init__(self, desk: Desk, *, id: str | None = None, load_on_mount: bool = True) -> None:
        super().__init__(id=id, load_on_mount=load_on_mount)
        self.desk = desk

    @on(CalendarPaneView.DataRequested)
    def _data_requested(self, message: CalendarPaneView.DataRequested) -> None:
        self.load(message.start, message.days, message.seq)

    # Not exclusive: cancelling a thread worker cannot stop it, and a cancelled worker makes
    # ``workers.wait_for_complete()`` fail; the pane shows only the latest request's answer.
    @work(thread=True, group="calendar", exit_on_error=False)
    def load(self, start: date | None, days: int | None, seq: int) -> None:
        """Compute the agenda (with prep states) off the UI thread, then show it."""
        view = self.desk.calendar.view(start, days)
        self.app.call_from_thread(self._show_loaded, view, seq)

    def _show_loaded(self, view: CalendarView, seq: int) -> None:
        self.show_view(view, seq)

    @on(CalendarPaneView.DraftRequested)
    def _new_draft_from_moment(self, message: CalendarPaneView.DraftRequested) -> None:
        try:
            draft = self.desk.calendar.new_draft(message.moment_id, message.day)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(self.DraftOpened(draft))
