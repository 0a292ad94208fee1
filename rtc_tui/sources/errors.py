"""The one error a source reports: a message in words, meant for the health line."""

from __future__ import annotations


class SourceError(Exception):
    """A source failed: unreachable, too slow, too big, hostile or unparseable.

    The message is one short sentence for people ("HTTP 503 Service Unavailable", "no answer
    within 10 s"); ``retry_after`` carries a server's ``Retry-After`` in seconds, if it sent one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
