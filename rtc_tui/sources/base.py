"""What every source module shares: the response body, the getter and the collector shapes.

A source module has two halves. Pure parsers turn bytes into core :class:`Event` objects
(easy to unit test from fixture files). A small async ``collect`` function decides which URLs
to ask for, through a :class:`Get` the fetcher hands it; the fetcher owns the HTTP client,
timeouts, size cap, conditional requests and health, so a source module never sees httpx.
``collect`` runs its parsers through :func:`off_loop`, never on the event loop itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, Protocol, TypeVar

from rtc_tui.config import SourceConfig
from rtc_tui.core.models import ContextItem, Event, SignalPoint
from rtc_tui.i18n import _
from rtc_tui.sources.errors import SourceError
from rtc_tui.sources.parse_process import BIG_BODY, CannotSendError, in_process


@dataclass(frozen=True)
class Body:
    """One HTTP response body, already size-checked."""

    url: str
    data: bytes
    content_type: str = ""
    fresh: bool = True
    """``False`` when the server answered 304 and this is the copy kept from last time."""


class Get(Protocol):
    """Fetch one URL: the body, or ``None`` when it is unchanged (304) and nothing is cached."""

    def __call__(self, url: str) -> Coroutine[Any, Any, Body | None]:
        """Fetch ``url``.

        Raises:
            SourceError: the request failed (the message says why, in words).
        """
        ...


T = TypeVar("T")
P = ParamSpec("P")

Collector = Callable[[Get, SourceConfig, datetime], Awaitable[list[Event] | None]]
"""A source type's collect function: events, or ``None`` when nothing changed (all 304)."""


async def off_loop(parse: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a parser in a worker thread and wait for it without blocking the event loop.

    Parsing is the CPU-heavy part of a refresh (feedparser takes seconds over a 2.5 MB feed):
    on the event loop it would freeze the app's keys for that long, and the fetcher's deadline
    (``asyncio.timeout``) could not fire until it finished. In a thread, the loop keeps
    serving keys and other sources, and a deadline abandons the wait at once (the thread's
    result is then dropped).
    """
    return await asyncio.to_thread(parse, *args, **kwargs)


def load_json(data: bytes, what: str) -> Any:
    """Decode a JSON body.

    Raises:
        SourceError: it is not valid JSON.
    """
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SourceError(
            _("malformed JSON from {what}: {reason}").format(what=what, reason=exc)
        ) from exc


def join_url(base: str, path: str) -> str:
    """``base`` (an instance or API root, with or without trailing slash) + ``path``."""
    return base.rstrip("/") + "/" + path.lstrip("/")


async def gather_all(*calls: Coroutine[Any, Any, T]) -> list[T]:
    """Run ``calls`` concurrently; the first failure cancels the rest and is raised as is."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(call) for call in calls]
    except BaseExceptionGroup as failed:
        first: BaseException = failed
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
    return [task.result() for task in tasks]


def seen_now(
    fetched_at: datetime,
    *,
    id: str,
    source: str,
    title: str,
    url: str = "",
    summary: str = "",
    lang: str = "",
    published: datetime | None = None,
    signal: float | None = None,
    context: Sequence[ContextItem] = (),
    extra: dict[str, Any] | None = None,
) -> Event:
    """An event first and last seen at ``fetched_at``, its signal (if any) its first reading.

    Every parser builds its events this way, so what "new" means is written once: the merge
    with the stored events then keeps the earliest ``first_seen`` and extends the history.
    """
    return Event(
        id=id,
        source=source,
        title=title,
        url=url,
        summary=summary,
        lang=lang,
        published=published,
        first_seen=fetched_at,
        last_seen=fetched_at,
        signal=signal,
        signal_history=[SignalPoint(fetched_at, signal)] if signal is not None else [],
        context=list(context),
        extra=extra or {},
    )


PARSED: ContextVar[Callable[[list[Event]], None] | None] = ContextVar("rtc_parsed", default=None)
"""Told of the events each :func:`fetch_one` parses, at once, in the thread that parsed them.

The fetcher sets it per source (see ``Fetcher.fetch_all``): a caller can start on a source's
events before the event loop, busy with the other sources' answers, gets to them.
"""


Beside = Callable[[Callable[[Body], list[Event]], Body], Awaitable[list[Event] | None]]
"""Parses a body elsewhere: its events, or ``None`` when it is to be parsed here after all."""

BESIDE: ContextVar[Beside | None] = ContextVar("rtc_beside", default=None)
"""Offered each body :func:`fetch_one` parses, before it is parsed here (a thread).

The fetcher sets it per source (see ``Fetcher.fetch_all``): a refresh of many sources has a
share of its bodies parsed in another process, on another processor.
"""


def _parse_and_tell(parse: Callable[[Body], list[Event]], body: Body) -> list[Event]:
    events = parse(body)
    _tell(events)
    return events


async def fetch_one(get: Get, url: str, parse: Callable[[Body], list[Event]]) -> list[Event] | None:
    """Fetch ``url`` and parse its body off the event loop; ``None`` when it is unchanged.

    A big body is parsed in a child process (:mod:`rtc_tui.sources.parse_process`) when
    ``parse`` can be sent there (a module-level function or a ``functools.partial`` of one):
    in a thread it would hold the interpreter, and the app's keys, for seconds. Any other is
    offered to :data:`BESIDE` (if set), then parsed in a thread. The events parsed are told
    to :data:`PARSED`, if set.
    """
    body = await get(url)
    if body is None or not body.fresh:
        return None
    if len(body.data) >= BIG_BODY:
        try:
            events = await in_process(parse, body)
        except CannotSendError:
            pass  # a closure, or no process to be had: a thread, as for a small body
        else:
            _tell(events)
            return events
    beside = BESIDE.get()
    if beside is not None:
        found = await beside(parse, body)
        if found is not None:
            _tell(found)
            return found
    return await off_loop(_parse_and_tell, parse, body)


def _tell(events: list[Event]) -> None:
    tell = PARSED.get()
    if tell is not None:
        tell(events)
