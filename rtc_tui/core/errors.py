"""The one error type every layer raises for the user: its message is one line to show as is.

The store (a full disk, a read-only file system, a bad row) and the desk (bad input, a refused
export) both derive from it, so the UI, which catches the desk's errors, also shows a store
failure as a message instead of crashing, and the CLI turns each into its exit code.
"""


class UserFacingError(Exception):
    """An error whose message is meant for the user, in one line."""
