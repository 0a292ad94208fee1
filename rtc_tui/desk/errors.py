"""Errors the desk raises for the CLI and the UI to turn into messages and exit codes."""


class DeskError(Exception):
    """Base class: the message is meant for the user, in one line."""


class BadInputError(DeskError):
    """Bad usage or bad input (CLI exit code 2)."""


class RefusedError(DeskError):
    """The action was refused or failed (CLI exit code 1), e.g. a blocked export."""
