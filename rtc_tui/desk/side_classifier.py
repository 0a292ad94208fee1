"""A big refresh's new texts classified on the second processor, beside this process.

When twenty sources answer together, what follows the network wait is CPU for thousands of new
events, and classifying their texts with the safety lexicon is the largest part of it (about
100 µs each). A :class:`SideClassifier` starts one child process as the refresh begins
(``python -m rtc_tui.desk.side_classifier``): it builds the same lexicon while the requests are
on the network, then classifies each source's texts as soon as that source is parsed
(:meth:`SideClassifier.submit`), while this process parses the others. When the merge needs the
verdicts (:meth:`SideClassifier.classify_all`) it takes the ones the child has sent and
classifies the rest itself, starting from the last one sent, so the two meet halfway and this
process never waits for the child: a slow, busy or dead child only leaves more of the work
here, never a different verdict (the child runs the same :meth:`Lexicon.classify` on the same
lexicon).

Messages are length-prefixed: the lexicon's spec pickled first (both ends are this same rtc,
nothing else is unpickled), then lists of texts in and lists of :class:`Sensitivity` out as
MessagePack. The child's stderr goes nowhere: its failure is not the editor's business, the
verdicts are made here instead. Closing the refresh kills the child; a parent that dies closes
the child's stdin, and the child ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO

import msgspec

from rtc_tui.core.models import Sensitivity

MIN_SOURCES = 4
"""A refresh of fewer sources classifies here alone (starting a child costs ~0.1 s of CPU)."""

CHUNK = 16
"""Verdicts the child sends at a time: the halfway point is found to within this many texts."""

_LENGTH = 4
"""Bytes of the big-endian length before each message."""

_texts = msgspec.msgpack.Decoder(list[str])
_verdicts = msgspec.msgpack.Decoder(list[Sensitivity])
_encode = msgspec.msgpack.Encoder().encode


def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(_LENGTH, "big") + payload


def processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not every platform can say; then every processor
        return os.cpu_count() or 1


def worth_it(sources: int) -> bool:
    """Whether a refresh of ``sources`` sources should classify beside this process."""
    return sources >= MIN_SOURCES and processors() >= 2


class SideClassifier:
    """One child process classifying texts for one refresh (see the module docstring).

    :meth:`start`, :meth:`submit` and :meth:`aclose` are called on the event loop;
    :meth:`classify_all` from the merge's thread once every text has been submitted.
    """

    def __init__(self, spec: object) -> None:
        """Prepare a child that will build the lexicon of ``spec`` (a ``LexiconSpec``)."""
        self._spec = spec
        self._sent: dict[str, int] = {}
        """Every text submitted, with its place in the order the child classifies them."""
        self.verdicts: list[Sensitivity] = []
        """The child's verdicts so far, in that order (only ever appended to)."""
        self._waiting: list[bytes] = []
        """Messages submitted before the child was started."""
        self._child: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self._gone = False
        """The child cannot take more texts (it ended, or was never started)."""

    def start(self) -> None:
        """Start the child in the background (on the running loop); returns at once."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        try:
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                __name__,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
            )
        except OSError:
            self._gone = True
            return  # no child to be had: every text is classified here
        self._child = child
        if self._closed:
            _kill(child)
            await child.wait()
            return
        stdin, stdout = child.stdin, child.stdout
        if stdin is None or stdout is None:  # both are pipes: never
            return
        try:
            stdin.write(_frame(pickle.dumps(self._spec, pickle.HIGHEST_PROTOCOL)))
            for message in self._waiting:
                stdin.write(message)
            self._waiting.clear()
            while True:
                size = int.from_bytes(await stdout.readexactly(_LENGTH), "big")
                self.verdicts.extend(_verdicts.decode(await stdout.readexactly(size)))
        except (OSError, asyncio.IncompleteReadError, msgspec.DecodeError, RuntimeError):
            pass  # the child has gone or said something wrong: no more verdicts from it
        finally:
            self._gone = True

    def submit(self, texts: Iterable[str]) -> None:
        """Hand ``texts`` to the child (those not handed to it already)."""
        fresh: list[str] = []
        for text in texts:
            if text not in self._sent:
                self._sent[text] = len(self._sent)
                fresh.append(text)
        if not fresh or self._closed or self._gone:
            return
        message = _frame(_encode(fresh))
        child = self._child
        if child is None or child.stdin is None:
            self._waiting.append(message)
            return
        with contextlib.suppress(OSError, RuntimeError):
            child.stdin.write(message)

    def classify_all(
        self, texts: Sequence[str], classify: Callable[[str], Sensitivity]
    ) -> list[Sensitivity]:
        """The verdict on each of ``texts``, in order: the child's where it has one.

        Texts the child never had are classified here; of the others, the last submitted are
        classified here too, until one the child has already answered: it answers in order,
        so every text submitted before that one has its verdict too.
        """
        found: list[Sensitivity | None] = [None] * len(texts)
        sent: list[tuple[int, int]] = []
        for place, text in enumerate(texts):
            order = self._sent.get(text)
            if order is None:
                found[place] = classify(text)
            else:
                sent.append((order, place))
        sent.sort(reverse=True)
        verdicts = self.verdicts
        for order, place in sent:
            if order < len(verdicts):
                found[place] = verdicts[order]
            else:
                found[place] = classify(texts[place])
        return [verdict for verdict in found if verdict is not None]

    async def aclose(self) -> None:
        """Stop the child (it may still be classifying texts nobody needs now)."""
        self._closed = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        child = self._child
        if child is not None:
            _kill(child)
            await child.wait()


def _kill(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def _read(stream: BinaryIO) -> bytes | None:
    """One message from ``stream`` (``None`` at its end)."""
    head = stream.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "big")
    payload = stream.read(size)
    return payload if len(payload) == size else None


def _child() -> int:
    """Read the lexicon's spec, then texts; write the verdicts, :data:`CHUNK` at a time."""
    from rtc_tui.desk.safety_data import lexicon_of

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    spec = _read(stdin)
    if spec is None:
        return 0
    lexicon = lexicon_of(pickle.loads(spec))  # written by our own parent
    while (message := _read(stdin)) is not None:
        texts = _texts.decode(message)
        for start in range(0, len(texts), CHUNK):
            chunk = [lexicon.classify(text) for text in texts[start : start + CHUNK]]
            stdout.write(_frame(_encode(chunk)))
            stdout.flush()
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        raise SystemExit(_child())
