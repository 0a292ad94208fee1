"""A big body parsed in a child process: the app's keys never wait on feedparser.

A parser in a worker thread keeps the event loop free only between bytecodes: feedparser over
a 2.5 MB feed holds the interpreter (the GIL) for most of two seconds, so a key pressed then
answered several times slower, and a deadline could abandon the wait but not stop the work.
:func:`in_process` runs such a parse in a fresh ``python -m rtc_tui.sources.parse_process``:
the function and its arguments go in pickled on its stdin, the events come back pickled on its
stdout (both ends are this same rtc, nothing else is unpickled). A deadline or a cancelled
refresh kills the child at once. Only bodies of :data:`BIG_BODY` bytes or more take this way
(starting a child costs more than parsing a small feed), at most as many at once as there are
processors; when a child cannot be started the parse runs in a thread, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import sys
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from rtc_tui import i18n
from rtc_tui.i18n import _
from rtc_tui.sources.errors import SourceError

T = TypeVar("T")

NICENESS = 10
"""How much lower a parsing child's priority is than the app's."""

BIG_BODY = 256 * 1024
"""Bodies this big or bigger are parsed in a child process (feedparser: ~0.2 s per 256 KB)."""

_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


class CannotSendError(Exception):
    """The parse could not be handed to a child process; it has not run."""


def _slot() -> asyncio.Semaphore:
    """The running loop's limit on children parsing at once (one per processor)."""
    loop = asyncio.get_running_loop()
    slot = _slots.get(loop)
    if slot is None:
        slot = _slots[loop] = asyncio.Semaphore(max(1, os.cpu_count() or 1))
    return slot


async def in_process(parse: Callable[..., T], *args: Any) -> T:
    """``parse(*args)`` in a child process; its result, or the exception it raised.

    ``parse`` must be picklable (a module-level function, or a ``functools.partial`` of one),
    and so must its arguments and result.

    Raises:
        SourceError: what ``parse`` raised, or the child failed (its last line of stderr).
        CannotSendError: ``parse`` or its arguments cannot be pickled, or no child could be
            started: nothing ran (the caller parses in a thread instead).
    """
    try:
        # The interface language goes along: the parser's errors are shown to the editor.
        payload = pickle.dumps((i18n.language(), parse, args), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise CannotSendError(
            _("cannot send {parse} to a child: {reason}").format(parse=repr(parse), reason=exc)
        ) from exc
    async with _slot():
        try:
            child = await start_child(__name__, stderr=asyncio.subprocess.PIPE)
        except OSError as exc:
            raise CannotSendError(
                _("cannot start a child process: {reason}").format(reason=exc)
            ) from exc
        try:
            out, err = await child.communicate(payload)
        except BaseException:
            # A deadline or a cancelled refresh: the parse stops now, not when it is done.
            if child.returncode is None:
                child.kill()
            raise
    if child.returncode != 0 or not out:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        why = lines[-1] if lines else str(child.returncode)
        raise SourceError(_("the parser stopped: {why}").format(why=why))
    found: T = unpack(out)
    return found


async def start_child(module: str, *, stderr: int) -> asyncio.subprocess.Process:
    """``python -m module`` of this same interpreter, talking on its stdin and stdout.

    Raises:
        OSError: no process could be started.
    """
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=stderr,
    )


def unpack(answer: bytes) -> Any:
    """What a child's :func:`answer` says: the result, or its error raised here.

    Raises:
        SourceError: the parse failed (or the error it raised, when it could come back).
    """
    status, value = pickle.loads(answer)  # written by our own child
    if status == "ok":
        return value
    if isinstance(value, BaseException):
        raise value
    raise SourceError(str(value))


def answer(parse: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """``parse(*args)`` run, as the pickled ``("ok", result)`` or ``("error", ...)`` sent back."""
    try:
        result: tuple[str, Any] = ("ok", parse(*args))
    except Exception as exc:  # every failure goes back to the parent, which raises it
        result = ("error", exc)
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # an exception that cannot come back goes as words
    except Exception:
        data = pickle.dumps(("error", str(result[1])), protocol=pickle.HIGHEST_PROTOCOL)
    return data


def _child() -> int:
    """Read ``(parse, args)`` from stdin, write ``("ok", result)`` or the error to stdout.

    At a lower priority than the app (:data:`NICENESS`): on two processors the parse took one
    and competed with the app and its terminal for the other, and a key pressed meanwhile
    answered 2-4x slower than when idle; the app's keys now come first.
    """
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    language, parse, args = pickle.load(sys.stdin.buffer)  # written by our own parent
    i18n.setup(language)
    sys.stdout.buffer.write(answer(parse, args))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
