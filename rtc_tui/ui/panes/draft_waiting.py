"""Saves that wait: for the running save, for the store's server; and workers waiting on them.

:class:`SaveQueue` holds the saves asked for while one runs (a worker waits on them with a
:class:`~rtc_tui.ui.panes.save_ticket.SaveTicket`). :class:`WaitingSaves` keeps saves that met
the server out of reach, one per draft, until the server is back.

A save that meets a server out of reach is neither lost nor a failure: its text stays in the
editor, the save waits here (the latest text of each draft), and when the connection returns
each waiting save is sent once more, on the revision it was based on, so a save made by
someone else meanwhile still ends on the conflict screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rtc_tui.ui.panes.draft_view import DraftPaneView

SaveRequested = DraftPaneView.SaveRequested


@dataclass
class SaveQueue:
    """Saves waiting for the running one, at most one per draft (the latest text wins)."""

    messages: list[SaveRequested] = field(default_factory=list)

    def put(self, message: SaveRequested) -> None:
        """Queue ``message`` (it replaces a queued save of the same draft)."""
        self.messages = [m for m in self.messages if m.draft_id != message.draft_id]
        self.messages.append(message)

    def pop(self) -> SaveRequested | None:
        """The oldest queued save, if any."""
        return self.messages.pop(0) if self.messages else None


class WaitingSaves:
    """The saves kept while the store's server is out of reach (for the pane's saver)."""

    def __init__(self, pane: DraftPaneView) -> None:
        self.pane = pane
        self.offline = False
        """Whether the server is out of reach: saves asked for now wait instead of failing."""
        self._messages: dict[int, SaveRequested] = {}

    def put(self, message: SaveRequested) -> None:
        """Keep ``message`` (it replaces an older waiting save of the same draft)."""
        self._messages.pop(message.draft_id, None)
        self._messages[message.draft_id] = message

    def keep(self, message: SaveRequested) -> None:
        """Keep ``message`` waiting; the draft's status line says so.

        No toast, even for ``ctrl+s``: at 80 columns it would cover that very line, and the
        status bar already says the database is out of reach.
        """
        self.put(message)
        pane = self.pane
        if pane.draft is not None and pane.draft.id == message.draft_id:
            pane.save_waiting = True
            pane.refresh_status()

    def send_again(self, request: Callable[[SaveRequested], object]) -> None:
        """The server is back: ``request`` each waiting save once, on the revision it was based on.

        The draft shown sends its working copy as it is now (with what was typed meanwhile);
        the pane's base has not moved, since nothing was stored.
        """
        self.offline = False
        pane = self.pane
        pane.save_waiting = False
        for message in self.take():
            shown = pane.draft
            if shown is not None and shown.id == message.draft_id:
                fresh = pane.pending_save(message.reason)
                if fresh is None:
                    continue
                message = fresh
            request(message)
        pane.refresh_status()

    def take(self) -> list[SaveRequested]:
        """Every waiting save, oldest first; none waits afterwards."""
        messages = list(self._messages.values())
        self._messages.clear()
        return messages
