"""A refresh of many sources parses on two processors: here and in one warm child process.

Parsing is most of a refresh's work once the answers are in (feedparser: ~20 ms per feed of
100 items, all of it holding the interpreter), and twenty sources answering together then
parse one after another on one processor. :func:`parsing_pool` starts one child process when a
refresh begins (``python -m rtc_tui.sources.parse_pool``), which imports the parsers while
the requests are still on the network; each body is then parsed by whichever of the two is
free first: this process (in a thread, as before) or the child (the parse function and the
body go pickled on its stdin, the events come back pickled on its stdout; both ends are this
same rtc). A child not ready yet, or gone, leaves every parse here: nothing waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import pickle
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from rtc_tui import i18n
from rtc_tui.sources.parse_process import answer, start_child, unpack

T = TypeVar("T")

MIN_SOURCES = 4
"""A refresh of fewer sources parses here alone (a child costs more than it saves)."""

_current: contextvars.ContextVar[ParsePool | None] = contextvars.ContextVar(
    "rtc_parse_pool", default=None
)

_LENGTH = 8
"""Bytes of the length that comes before each pickled message."""


class ParsePool:
    """This process and one warm child, each parsing one body at a time."""

    def __init__(self) -> None:
        self._child: asyncio.subprocess.Process | None = None
        self._ready = False
        self._child_busy = False
        self._local_busy = False
        self._free = asyncio.Condition()
        self._starting: asyncio.Task[None] | None = None

    async def until_ready(self) -> bool:
        """Wait for the child to be ready or to have failed; whether it is ready.

        A refresh never waits for it (a parse goes to whichever worker is free); a test does.
        """
        if self._starting is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._starting)
        return self._ready

    def start(self) -> None:
        """Start the child in the background (it becomes ready once it has imported)."""
        self._starting = asyncio.get_running_loop().create_task(self._start())

    async def _start(self) -> None:
        try:
            child = await start_child(__name__, stderr=asyncio.subprocess.DEVNULL)
        except OSError:
            return  # no child: every parse runs here
        self._child = child
        assert child.stdout is not None
        try:
            ready = await child.stdout.readexactly(1)
        except (asyncio.IncompleteReadError, OSError):
            return
        if ready == b"+":
            async with self._free:
                self._ready = True
                self._free.notify_all()

    async def run(self, parse: Callable[..., T], *args: Any) -> T:
        """``parse(*args)`` here or in the child, whichever is free first."""
        async with self._free:
            await self._free.wait_for(
                lambda: not self._local_busy or (self._ready and not self._child_busy)
            )
            in_child = self._ready and not self._child_busy
            if in_child:
                self._child_busy = True
            else:
                self._local_busy = True
        try:
            if in_child:
                try:
                    return await self._in_child(parse, *args)
                except _ChildGoneError:
                    self._ready = False  # it is gone: this parse, and the next, run here
            return await asyncio.to_thread(parse, *args)
        finally:
            async with self._free:
                if in_child:
                    self._child_busy = False
                else:
                    self._local_busy = False
                self._free.notify_all()

    async def _in_child(self, parse: Callable[..., T], *args: Any) -> T:
        child = self._child
        if child is None or child.stdin is None or child.stdout is None:
            raise _ChildGoneError
        try:
            payload = pickle.dumps((i18n.language(), parse, args), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, AttributeError, TypeError) as exc:
            raise _ChildGoneError from exc  # cannot be sent: parsed here
        try:
            child.stdin.write(len(payload).to_bytes(_LENGTH, "big") + payload)
            await child.stdin.drain()
            size = int.from_bytes(await child.stdout.readexactly(_LENGTH), "big")
            reply = await child.stdout.readexactly(size)
        except (OSError, asyncio.IncompleteReadError) as exc:
            raise _ChildGoneError from exc
        except BaseException:
            # A deadline or a cancelled refresh: the child's answer would come out of step.
            self._ready = False
            child.kill()
            raise
        found: T = unpack(reply)
        return found

    async def close(self) -> None:
        """Let the child go (its stdin closes: it exits) and wait for it."""
        if self._starting is not None:
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._starting
        child = self._child
        if child is None:
            return
        if child.stdin is not None:
            child.stdin.close()
        try:
            async with asyncio.timeout(2):
                await child.wait()
        except TimeoutError:
            child.kill()
            await child.wait()


class _ChildGoneError(Exception):
    """The child cannot take this parse (gone, or it cannot be sent): it runs here."""


def current() -> ParsePool | None:
    """The pool of the refresh running in this task, if it has one."""
    return _current.get()


@contextlib.asynccontextmanager
async def parsing_pool(sources: int) -> AsyncIterator[ParsePool | None]:
    """A pool for a refresh of ``sources`` sources, for the tasks started inside the block.

    ``None`` (every parse here, as before) for a few sources or a single processor.
    """
    if sources < MIN_SOURCES or (os.cpu_count() or 1) < 2:
        yield None
        return
    pool = ParsePool()
    pool.start()
    token = _current.set(pool)
    try:
        yield pool
    finally:
        _current.reset(token)
        await pool.close()


def _serve() -> int:
    """The child: import the parsers, say so, then answer one parse after another."""
    import feedparser  # noqa: F401  (the slow import, done while the requests are out)

    out = sys.stdout.buffer
    out.write(b"+")
    out.flush()
    source = sys.stdin.buffer
    language_now: str | None = None
    while True:
        head = source.read(_LENGTH)
        if len(head) < _LENGTH:
            return 0
        language, parse, args = pickle.loads(source.read(int.from_bytes(head, "big")))
        if language != language_now:  # the parser's errors are shown to the editor
            i18n.setup(language)
            language_now = language
        data = answer(parse, args)
        out.write(len(data).to_bytes(_LENGTH, "big") + data)
        out.flush()


if __name__ == "__main__":
    raise SystemExit(_serve())
