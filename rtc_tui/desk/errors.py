"""Errors the desk raises for the CLI and the UI to turn into messages and exit codes."""

from rtc_tui.core.errors import UserFacingError
from rtc_tui.core.models import Draft
from rtc_tui.store import StoreUnreachableError

DeskError = UserFacingError
"""Base class: the message is meant for the user, in one line. The store's errors (no space,
read-only, a bad row) are of this type too, so every ``except DeskError`` shows them."""


UnreachableError = StoreUnreachableError
"""The store's server is out of reach for now (a :class:`DeskError` too): nothing was written,
and the same action can succeed once it is back, so the UI keeps the work and waits."""


class BadInputError(DeskError):
    """Bad usage or bad input (CLI exit code 2)."""


class RefusedError(DeskError):
    """The action was refused or failed (CLI exit code 1), e.g. a blocked export."""


class DraftConflictError(RefusedError):
    """A save based on an older revision: someone saved the draft in between; nothing written.

    Carries what the conflict screen and ``rtc draft edit`` show: the draft as stored now (its
    latest revision, who saved it and when) next to the revision the save was based on.
    """

    def __init__(self, expected: int, current: Draft) -> None:
        self.expected = expected
        """The revision the refused save was based on."""
        self.current = current
        """The draft as stored now."""
        last = current.revisions[-1] if current.revisions else None
        self.author = last.author if last else current.author
        """Who saved the current revision."""
        self.at = last.at if last else current.updated_at
        """When the current revision was saved (UTC)."""
        super().__init__(
            f"draft {current.id} is at revision {current.revision} "
            f"(saved by {self.author} at {self.at:%Y-%m-%d %H:%M:%S} UTC), "
            f"not {expected}: nothing was written"
        )
