"""Errors the desk raises for the CLI and the UI to turn into messages and exit codes."""

from rtc_tui.core.errors import UserFacingError

DeskError = UserFacingError
"""Base class: the message is meant for the user, in one line. The store's errors (no space,
read-only, a bad row) are of this type too, so every ``except DeskError`` shows them."""


class BadInputError(DeskError):
    """Bad usage or bad input (CLI exit code 2)."""


class RefusedError(DeskError):
    """The action was refused or failed (CLI exit code 1), e.g. a blocked export."""
