"""The main screen's handlers for the Calendar pane: data requests and drafts for moments.

A mixin of :class:`~rtc_tui.ui.screens.main.MainScreen`, like the draft handlers: the pane asks
for a window of moments or a draft, these call the desk (reads in a thread worker) and push the
answer back down.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from rtc_tui.core.calendar.agenda import CalendarView
from rtc_tui.desk import Desk, DeskError
from rtc_tui.ui.panes.calendar import CalendarPane

if TYPE_CHECKING:
    from rtc_tui.core.models import Draft


class CalendarHandlers(Screen[None]):
    """Turns :class:`CalendarPane` messages into desk calls."""

    desk: Desk

    if TYPE_CHECKING:

        def open_draft(self, draft: Draft) -> None:
            """Provided by the draft handlers: show a draft and go into its editor."""

    @on(CalendarPane.DataRequested)
    def _calendar_data_requested(self, message: CalendarPane.DataRequested) -> None:
        self.load_calendar(message.start, message.days, message.seq)

    # Not exclusive: cancelling a thread worker cannot stop it, and a cancelled worker makes
    # ``workers.wait_for_complete()`` fail; the pane shows only the latest request's answer.
    @work(thread=True, group="calendar", exit_on_error=False)
    def load_calendar(self, start: date | None, days: int | None, seq: int) -> None:
        """Compute the agenda (with prep states) off the UI thread, then show it."""
        view = self.desk.calendar.view(start, days)
        self.app.call_from_thread(self._show_calendar, view, seq)

    def _show_calendar(self, view: CalendarView, seq: int) -> None:
        self.query_one(CalendarPane).show_view(view, seq)

    @on(CalendarPane.DraftRequested)
    def _new_draft_from_moment(self, message: CalendarPane.DraftRequested) -> None:
        try:
            draft = self.desk.calendar.new_draft(message.moment_id, message.day)
        except DeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_draft(draft)
        self.query_one(CalendarPane).reload()
