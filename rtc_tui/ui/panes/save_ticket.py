"""A ticket a worker waits on until the Draft pane's saves asked for so far have ended.

Its own module, apart from the Draft pane's: the screen and the publisher hand out tickets
before the Draft pane (and its modules) is loaded.
"""

from __future__ import annotations

import threading

WAIT_SECONDS = 120.0
"""How long a worker waits for a save to end before going on (the store's lock times out
long before)."""


class SaveTicket:
    """Lets a worker wait until the saves asked for so far have ended (stored or not)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @classmethod
    def done(cls) -> SaveTicket:
        """A ticket for nothing to save."""
        ticket = cls()
        ticket.finish()
        return ticket

    def finish(self) -> None:
        """The saves have ended."""
        self._event.set()

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """Block (in a worker thread, never the UI's) until the saves end; ``False`` on timeout."""
        return self._event.wait(timeout)
