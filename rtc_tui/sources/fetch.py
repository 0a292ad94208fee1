"""Fetching every source concurrently over one shared client, safely and politely.

One :class:`Fetcher` per session wraps one ``httpx.AsyncClient``. A refresh fetches every due
source at once, so it takes as long as the slowest source, not the sum; each source has its
own per-request timeout and an overall deadline, a size cap enforced while streaming (a
``Content-Length`` over the cap is refused before a byte is read), conditional requests
(ETag / Last-Modified, so an unchanged feed costs a 304 and adds nothing) and exponential
backoff when it keeps failing. Whatever one source does (hang, trickle, explode, lie), the
others finish on time and the error comes back in words.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial

import httpx
import msgspec

from rtc_tui import __version__
from rtc_tui.config import SourceConfig
from rtc_tui.core.models import Event, Record, UtcTime
from rtc_tui.core.units import size_words
from rtc_tui.i18n import _
from rtc_tui.sources.base import BESIDE, PARSED, Beside, Body, Collector, Get
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.registry import COLLECTORS
from rtc_tui.sources.sanitize import clean_text

MAX_BYTES = 5 * 1024 * 1024
"""Largest response body read from a source (after decompression)."""

MAX_REDIRECTS = 5
"""Redirects followed before a source is reported as failing."""

MAX_BACKOFF = 3600.0
"""Longest wait, in seconds, before retrying a source that keeps failing."""

CONNECT_TIMEOUT = 5.0
"""Longest wait for a TCP/TLS connection, capped by the source's own timeout."""

USER_AGENT = f"rtc-tui/{__version__} (trending monitor; +https://pypi.org/project/rtc-tui/)"
"""Sent with every request: says what is asking and where to read about it."""

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "application/json;q=0.9, text/xml;q=0.8, */*;q=0.5"
)


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def make_client(
    *, transport: httpx.AsyncBaseTransport | None = None, trust_env: bool = True
) -> httpx.AsyncClient:
    """The shared client: honest User-Agent, limited redirects, compressed responses welcome."""
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(10.0, connect=CONNECT_TIMEOUT),
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        transport=transport,
        trust_env=trust_env,
    )


class SourceHealth(Record):
    """How one source has been doing: shown in the status bar and the sources screen."""

    name: str
    last_attempt: UtcTime | None = None
    last_success: UtcTime | None = None
    last_error: str = ""
    """Why the last attempt failed, in words (empty after a success)."""
    latency_ms: int | None = None
    """How long the last attempt took."""
    item_count: int = 0
    """Items the source gave on its last successful fetch."""
    failures: int = 0
    """Failures in a row (0 after a success); drives the backoff."""
    retry_at: UtcTime | None = None
    """While failing: no automatic retry before this time."""
    validators: dict[str, dict[str, str]] = msgspec.field(default_factory=dict)
    """Per URL: the ``etag`` and ``last_modified`` to send next time."""

    @property
    def ok(self) -> bool:
        """Whether the last attempt succeeded (``False`` before the first one)."""
        return self.last_attempt is not None and self.failures == 0

    def next_due(self, every: float) -> datetime | None:
        """When this source should be fetched next (``None``: now, it never was)."""
        if self.last_attempt is None:
            return None
        due = self.last_attempt + timedelta(seconds=every)
        if self.retry_at is not None and self.retry_at > due:
            return self.retry_at
        return due


@dataclass(frozen=True)
class FetchResult:
    """What one source gave in one refresh."""

    source: SourceConfig
    ok: bool
    events: list[Event] = field(default_factory=list)
    not_modified: bool = False
    """Every request was answered 304: nothing changed, nothing to add."""
    error: str = ""
    ms: int = 0


def _once(call: Callable[[], None]) -> Callable[[], None]:
    """``call``, run the first time only."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            call()

    return once


def _retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _seconds(value: float) -> str:
    return f"{value:g} s"


def describe(exc: BaseException, timeout: float) -> str:
    """An exception from fetching, in words for the health line."""
    if isinstance(exc, SourceError):
        return str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return _("could not connect within {seconds}").format(
            seconds=_seconds(min(timeout, CONNECT_TIMEOUT))
        )
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return _("no answer within {seconds}").format(seconds=_seconds(timeout))
    if isinstance(exc, httpx.TooManyRedirects):
        return _("more than {count} redirects").format(count=MAX_REDIRECTS)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _("not an http(s) address")
    if isinstance(exc, httpx.InvalidURL):
        return _("not a valid address ({reason})").format(reason=exc)
    if isinstance(exc, httpx.ConnectError):
        reason = str(exc) or _("refused")
        return _("could not connect: {reason}").format(reason=reason)
    if isinstance(exc, httpx.DecodingError):
        return _("the response could not be decompressed")
    if isinstance(exc, httpx.RemoteProtocolError):
        if str(exc):
            return _("broken HTTP response: {reason}").format(reason=exc)
        return _("the server closed the connection")
    if isinstance(exc, httpx.HTTPError):
        if str(exc):
            return _("network error: {reason}").format(reason=exc)
        return _("network error ({kind})").format(kind=type(exc).__name__)
    return _("unexpected error ({kind}): {reason}").format(kind=type(exc).__name__, reason=exc)


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The body of ``response``, decompressed, refusing more than ``limit`` bytes of it.

    Decompression is done here, a bounded step at a time, rather than by httpx: a gzip bomb
    (a few KB that inflate to gigabytes) is stopped after ``limit`` bytes of output instead
    of being inflated chunk by chunk into memory first.

    Raises:
        SourceError: the body is too large, or its compression is broken or unsupported.
    """
    too_big = SourceError(
        _("response larger than {size}; stopped reading").format(size=size_words(limit))
    )
    if response.is_stream_consumed:
        # Already read by the transport (the demo's in-memory one): only the cap is left.
        if len(response.content) > limit:
            raise too_big
        return response.content
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in {"", "identity"}:
        inflater = None
    elif encoding in {"gzip", "x-gzip", "deflate"}:
        inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # gzip or zlib header, detected
    else:
        raise SourceError(_("unsupported content encoding {name!r}").format(name=encoding))
    out = bytearray()
    try:
        async for chunk in response.aiter_raw():
            if inflater is None:
                out += chunk
                if len(out) > limit:
                    raise too_big
                continue
            pending = chunk
            while pending:
                # max_length is at least 1 here: 0 would mean "no limit" to zlib.
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise too_big
                pending = inflater.unconsumed_tail
        if inflater is not None:
            out += inflater.flush()
    except zlib.error as exc:
        raise SourceError(
            _("the response could not be decompressed ({reason})").format(reason=exc)
        ) from exc
    if len(out) > limit:
        raise too_big
    return bytes(out)


class Fetcher:
    """Fetches sources over one shared client and keeps their health.

    Health (with the ETag/Last-Modified validators) is plain data the caller may persist and
    hand back next time (:meth:`SourceHealth.to_dict`), so a cron ``rtc fetch`` also sends
    conditional requests. The last body of each URL is kept in memory for multi-request
    sources (a Mastodon instance's three endpoints), so one unchanged endpoint costs a 304
    without losing what it said.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        now: Callable[[], datetime] = utc_now,
        max_bytes: int = MAX_BYTES,
        max_backoff: float = MAX_BACKOFF,
        health: Iterable[SourceHealth] = (),
        collectors: Mapping[str, Collector] | None = None,
    ) -> None:
        self.client = client
        self.now = now
        self.max_bytes = max_bytes
        self.max_backoff = max_backoff
        self.health: dict[str, SourceHealth] = {h.name: h for h in health}
        self.collectors: Mapping[str, Collector] = collectors or COLLECTORS
        self._bodies: dict[str, dict[str, Body]] = {}

    def health_of(self, name: str) -> SourceHealth:
        """The health record of the source called ``name`` (created on first use)."""
        return self.health.setdefault(name, SourceHealth(name))

    def due(
        self, sources: Sequence[SourceConfig], now: datetime | None = None
    ) -> list[SourceConfig]:
        """The enabled sources whose interval (or backoff) has run out."""
        moment = now or self.now()
        due: list[SourceConfig] = []
        for source in sources:
            if not source.enabled:
                continue
            next_due = self.health_of(source.name).next_due(source.every)
            if next_due is None or next_due <= moment:
                due.append(source)
        return due

    def next_due(self, sources: Sequence[SourceConfig]) -> datetime | None:
        """The earliest time any enabled source falls due (``None``: one is due already)."""
        times = [self.health_of(s.name).next_due(s.every) for s in sources if s.enabled]
        if not times or any(t is None for t in times):
            return None
        return min(t for t in times if t is not None)

    def chosen(
        self, sources: Sequence[SourceConfig], *, only_due: bool = False
    ) -> list[SourceConfig]:
        """The sources a refresh fetches: every enabled one, or only the due ones."""
        return self.due(sources) if only_due else [s for s in sources if s.enabled]

    async def refresh(
        self, sources: Sequence[SourceConfig], *, only_due: bool = False
    ) -> list[FetchResult]:
        """Fetch every enabled source (or only the due ones) concurrently, in config order."""
        return await self.fetch_all(self.chosen(sources, only_due=only_due))

    async def fetch_all(
        self,
        sources: Sequence[SourceConfig],
        *,
        on_events: Callable[[SourceConfig, list[Event]], None] | None = None,
        on_waiting: Callable[[], None] | None = None,
        parse_beside: Beside | None = None,
    ) -> list[FetchResult]:
        """Fetch ``sources`` concurrently; their results in the same order.

        Args:
            sources: What to fetch.
            on_events: Told of a source's events as soon as they are parsed, in the thread
                that parsed them, and of all of them once the source is done, on the event
                loop: so the caller can start on them while the other sources are still being
                answered or parsed. It may hear of the same events more than once, from any
                thread.
            on_waiting: Called once, when every source has sent its first request and waits
                for the answer (or is done already): from then on, work of the caller's does
                not hold back a request.
            parse_beside: Offered each body before it is parsed in a thread: it may parse it
                elsewhere (``sources.base.BESIDE``).
        """
        if not sources:
            return []
        left = len(sources)

        def one_out() -> None:
            nonlocal left
            left -= 1
            if left == 0 and on_waiting is not None:
                on_waiting()

        async def one(source: SourceConfig) -> FetchResult:
            # Each source is a task of its own: what it sets in its context stays its own.
            if on_events is not None:
                PARSED.set(partial(on_events, source))
            if parse_beside is not None:
                BESIDE.set(parse_beside)
            out = _once(one_out)
            try:
                result = await self.fetch(source, sent=out)
            finally:
                out()
            if on_events is not None and result.events:
                on_events(source, result.events)
            return result

        return list(await asyncio.gather(*(one(source) for source in sources)))

    async def fetch(
        self, source: SourceConfig, *, sent: Callable[[], None] | None = None
    ) -> FetchResult:
        """Fetch one source; never raises (a failure is a result with ``ok=False``).

        ``sent`` is called each time one of its requests has gone out and waits for an answer.
        """
        health = self.health_of(source.name)
        started = time.perf_counter()
        fetched_at = self.now()
        validators: dict[str, dict[str, str]] = {}
        bodies: dict[str, Body] = {}
        collector = self.collectors.get(source.type)
        retry_after: float | None = None
        try:
            if collector is None:
                raise SourceError(_("unknown source type '{type}'").format(type=source.type))
            get = self._getter(source, health, validators, bodies, sent)
            # Every request has the source's timeout; the deadline stops a trickling answer
            # or a multi-request source from holding the whole refresh much longer.
            deadline = source.timeout * 2
            try:
                async with asyncio.timeout(deadline):
                    events = await collector(get, source, fetched_at)
            except TimeoutError:
                # Each read answered in time, the whole did not: say the time it really took.
                raise SourceError(
                    _(
                        "answer not complete after {seconds} "
                        "(the source's deadline, twice its timeout); stopped"
                    ).format(seconds=_seconds(deadline))
                ) from None
        except Exception as exc:  # a source must never break a refresh
            if isinstance(exc, SourceError):
                retry_after = exc.retry_after
            # A server's reason phrase or a parser's message may carry its text: clean it.
            error = clean_text(describe(exc, source.timeout), 300)
            ms = int((time.perf_counter() - started) * 1000)
            self._failed(source, health, fetched_at, error, ms, retry_after)
            return FetchResult(source, ok=False, error=error, ms=ms)
        ms = int((time.perf_counter() - started) * 1000)
        health.validators = validators
        self._bodies[source.name] = bodies
        health.last_attempt = fetched_at
        health.last_success = fetched_at
        health.last_error = ""
        health.latency_ms = ms
        health.failures = 0
        health.retry_at = None
        if events is None:
            return FetchResult(source, ok=True, not_modified=True, ms=ms)
        health.item_count = len(events)
        return FetchResult(source, ok=True, events=events, ms=ms)

    def _failed(
        self,
        source: SourceConfig,
        health: SourceHealth,
        at: datetime,
        error: str,
        ms: int,
        retry_after: float | None,
    ) -> None:
        health.last_attempt = at
        health.last_error = error
        health.latency_ms = ms
        health.failures += 1
        delay = min(source.every * 2 ** (health.failures - 1), max(self.max_backoff, source.every))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff))
        health.retry_at = at + timedelta(seconds=delay)

    def _getter(
        self,
        source: SourceConfig,
        health: SourceHealth,
        validators: dict[str, dict[str, str]],
        bodies: dict[str, Body],
        sent: Callable[[], None] | None = None,
    ) -> Get:
        cached = self._bodies.get(source.name, {})
        extensions: dict[str, object] = {}
        if sent is not None:

            async def trace(event: str, info: object) -> None:
                # httpcore's trace: the request is out, the answer's headers are awaited.
                if event.endswith(".receive_response_headers.started"):
                    sent()

            extensions["trace"] = trace
        timeout = httpx.Timeout(source.timeout, connect=min(source.timeout, CONNECT_TIMEOUT))
        limit = self.max_bytes

        async def get(url: str) -> Body | None:
            known = health.validators.get(url, {})
            headers: dict[str, str] = {}
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
            async with self.client.stream(
                "GET", url, headers=headers, timeout=timeout, extensions=extensions
            ) as response:
                if response.status_code == 304:
                    validators[url] = known
                    previous = cached.get(url)
                    if previous is None:
                        return None
                    bodies[url] = previous
                    return Body(url, previous.data, previous.content_type, fresh=False)
                if not response.is_success:
                    reason = response.reason_phrase or ""
                    raise SourceError(
                        f"HTTP {response.status_code} {reason}".strip(),
                        retry_after=_retry_after(response.headers.get("retry-after"), self.now()),
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise SourceError(
                        _("response larger than {size}; refused").format(size=size_words(limit))
                    )
                data = await read_capped(response, limit)
                found: dict[str, str] = {}
                if response.headers.get("etag"):
                    found["etag"] = response.headers["etag"]
                if response.headers.get("last-modified"):
                    found["last_modified"] = response.headers["last-modified"]
                if found:
                    validators[url] = found
                body = Body(url, data, response.headers.get("content-type", ""))
                bodies[url] = body
                return body

        return get
