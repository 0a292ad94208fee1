"""One HTTP call to a network, with the faults handled as the sources handle theirs.

Every request has a timeout and a response size cap; a 429 is waited out when the server's
``Retry-After`` (or rate-limit reset) is short, and reported with it when it is not; timeouts,
dropped connections and 5xx answers are retried a bounded number of times — but only when
replaying the request is harmless. That last condition is the whole point for a post: a request
whose answer was lost may have been carried out, so it is replayed only when the caller says a
replay cannot double-post (Mastodon's ``Idempotency-Key``, a DELETE, a GET). Otherwise the error
says the outcome is unknown and the caller checks before trying again.

Errors never carry the secret: server messages are cleaned and scrubbed of it, and headers are
never logged or put in an exception.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from rtc_tui.i18n import _
from rtc_tui.publish.accounts import AccountConfig
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.secrets import Secret
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.fetch import CONNECT_TIMEOUT, describe, read_capped
from rtc_tui.sources.sanitize import clean_text

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
"""Largest answer read from a network (a thread of replies fits many times over)."""

TIMEOUT = 15.0
"""Seconds per request."""

MAX_ATTEMPTS = 3
"""Tries per call, the first included, for passing faults."""

MAX_WAIT = 30.0
"""Longest ``Retry-After`` waited out inside one call; longer ones are reported instead."""

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Answer:
    """A successful answer: status and decoded JSON (``None`` for an empty body)."""

    status: int
    data: Any


def as_mapping(value: Any) -> dict[str, Any]:
    """``value`` if the server sent an object there, else an empty one (never trust shapes)."""
    return value if isinstance(value, dict) else {}


def as_count(value: Any) -> int:
    """A count from a server: a non-negative integer, else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def retry_after(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds to wait, from ``Retry-After`` or the networks' rate-limit reset headers.

    ``Retry-After`` is seconds or an HTTP date; Bluesky sends ``RateLimit-Reset`` as UNIX
    seconds; Mastodon sends ``X-RateLimit-Reset`` as an ISO 8601 time.
    """
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    when: datetime | None = None
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
    reset = headers.get("ratelimit-reset", "").strip()
    if when is None and reset.isdigit():
        when = datetime.fromtimestamp(int(reset), UTC)
    mastodon_reset = headers.get("x-ratelimit-reset", "").strip()
    if when is None and mastodon_reset:
        try:
            when = datetime.fromisoformat(mastodon_reset.replace("Z", "+00:00"))
        except ValueError:
            when = None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer`` as the request leaves, so no header dict of ours holds it.

    httpx's own ``Headers`` repr masks the header, so even a traceback printed with its
    locals does not show the token.
    """

    def __init__(self, secret: Secret) -> None:
        self._secret = secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the header and send the request once."""
        request.headers["Authorization"] = f"Bearer {self._secret.reveal()}"
        yield request


class Transport:
    """Calls one account's server; see the module docstring for the fault handling."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        account: AccountConfig,
        secret: Secret,
        *,
        timeout: float = TIMEOUT,
        max_attempts: int = MAX_ATTEMPTS,
        max_wait: float = MAX_WAIT,
        sleep: Sleep = asyncio.sleep,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.account = account
        self.secret = secret
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.max_wait = max_wait
        self.sleep = sleep
        self.now = now

    def clean(self, text: object, limit: int = 200) -> str:
        """Server text made safe for a message: one line, capped, the secret masked."""
        return self.secret.scrub(clean_text(text, limit))

    async def call(
        self,
        method: str,
        path: str,
        *,
        replay_safe: bool,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        bearer: Secret | None = None,
    ) -> Answer:
        """Send one request (retrying passing faults) and decode its JSON answer.

        Args:
            method: ``GET``, ``POST``, ``DELETE``.
            path: Appended to the account's server (``/api/v1/statuses``).
            replay_safe: Whether sending it twice cannot do anything twice.
            headers: Extra headers.
            params: Query parameters.
            body: A JSON body.
            bearer: The token to send as ``Authorization: Bearer`` (also masked in messages).

        Raises:
            PublishError: what went wrong, in one sentence with the account's name.
        """
        url = self.account.base + path
        auth = BearerAuth(bearer) if bearer is not None else None
        secrets = (bearer,) if bearer is not None else ()
        headers = {"Accept": "application/json", **(headers or {})}
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, CONNECT_TIMEOUT))
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self.max_attempts
            try:
                async with self.client.stream(
                    method,
                    url,
                    headers=headers,
                    params=params,
                    json=body,
                    timeout=timeout,
                    auth=auth,
                ) as response:
                    log.info("%s %s -> %s", method, path, response.status_code)
                    if response.status_code == 429:
                        wait = retry_after(response.headers, self.now())
                        if not last and wait is not None and wait <= self.max_wait:
                            await self.sleep(wait)
                            continue
                        raise PublishError(
                            _("rate limited by {server} for {account}").format(
                                server=self.account.base, account=self.account.name
                            )
                            + (
                                _(": retry in {seconds} s").format(seconds=f"{wait:.0f}")
                                if wait is not None
                                else ""
                            ),
                            fault="rate_limited",
                            retry_after=wait,
                        )
                    data = await read_capped(response, MAX_BYTES)
                    status = response.status_code
                    reason = response.reason_phrase
            except PublishError:
                raise
            except SourceError as exc:
                raise PublishError(
                    f"{self.account.name}: {exc}", fault="unavailable", outcome_unknown=True
                ) from None
            except httpx.HTTPError as exc:
                # A request that never connected was never seen; any later failure may have
                # been carried out by the server without our hearing of it.
                unseen = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if (unseen or replay_safe) and not last:
                    await self.sleep(0.5 * 2 ** (attempt - 1))
                    continue
                raise PublishError(
                    f"{self.account.name}: {self._mask(describe(exc, self.timeout))}",
                    fault="unavailable",
                    outcome_unknown=not unseen,
                ) from None
            if status >= 500:
                # 503 means "not now" and nothing was done; other 5xx answers may come after
                # the work was done (a proxy timing out), so only a safe replay is retried.
                if (replay_safe or status == 503) and not last:
                    await self.sleep(0.5 * 2 ** (attempt - 1))
                    continue
                raise PublishError(
                    _("{account}: {server} answered HTTP {status} {reason}")
                    .format(
                        account=self.account.name,
                        server=self.account.base,
                        status=status,
                        reason=self.clean(reason),
                    )
                    .rstrip(),
                    fault="unavailable",
                    outcome_unknown=status != 503,
                )
            return self._answer(status, data, secrets)

    def _mask(self, text: str, secrets: tuple[Secret, ...] = ()) -> str:
        for secret in (self.secret, *secrets):
            text = secret.scrub(text)
        return text

    def _answer(self, status: int, data: bytes, secrets: tuple[Secret, ...]) -> Answer:
        decoded: Any = None
        if data.strip():
            try:
                decoded = json.loads(data)
            except ValueError:
                if status < 400:
                    raise PublishError(
                        _("{account}: {server} answered with something that is not JSON").format(
                            account=self.account.name, server=self.account.base
                        ),
                        fault="unavailable",
                        outcome_unknown=True,
                    ) from None
        if status < 400:
            return Answer(status, decoded)
        raise self._refusal(status, decoded, secrets)

    def _refusal(self, status: int, decoded: Any, secrets: tuple[Secret, ...]) -> PublishError:
        code, message = "", ""
        if isinstance(decoded, dict):
            code = self._mask(clean_text(decoded.get("error"), 200), secrets)
            message = self._mask(clean_text(decoded.get("message"), 200), secrets)
        detail = ": ".join(part for part in (code, message) if part)
        name = self.account.name
        if status == 401:
            error = PublishError(
                _("token rejected for {account}").format(account=name), fault="auth"
            )
        elif status == 403:
            error = PublishError(
                _("not allowed for {account}: {detail}").format(
                    account=name, detail=detail or "HTTP 403"
                ),
                fault="auth",
            )
        elif status == 404:
            error = PublishError(
                _("{account}: not found ({detail})").format(
                    account=name, detail=detail or "HTTP 404"
                ),
                fault="not_found",
            )
        else:
            error = PublishError(
                _("{server} refused the request for {account}: {detail}").format(
                    server=self.account.base, account=name, detail=detail or f"HTTP {status}"
                ),
                fault="rejected",
            )
        error.status = status
        error.code = code
        return error
