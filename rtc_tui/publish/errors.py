"""The one error the publishing clients raise: a sentence for people, and what to do next."""

from __future__ import annotations

from typing import Literal

Fault = Literal["auth", "rejected", "rate_limited", "unavailable", "not_found", "config"]


class PublishError(Exception):
    """Publishing failed; the message is one sentence and never contains a secret.

    Attributes:
        fault: What kind of failure: ``auth`` (token rejected), ``rejected`` (the network
            refused the content, e.g. 422), ``rate_limited`` (429), ``unavailable`` (timeout,
            connection, 5xx), ``not_found`` (the post is gone) or ``config`` (bad account).
        retry_after: Seconds the server asked to wait, if it said.
        outcome_unknown: The request may have been carried out although no answer came back;
            a post must then be retried only with the same idempotency key or record key.
    """

    def __init__(
        self,
        message: str,
        *,
        fault: Fault,
        retry_after: float | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.fault: Fault = fault
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown
        self.status: int | None = None
        """The HTTP status the server answered, if it answered."""
        self.code = ""
        """The server's error name (XRPC ``error``, Mastodon ``error``), cleaned."""

    @property
    def retryable(self) -> bool:
        """Whether trying again later may succeed without anyone changing anything."""
        return self.fault in {"rate_limited", "unavailable"}
