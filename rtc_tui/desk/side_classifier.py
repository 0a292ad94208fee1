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

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import IO

import msgspec

from rtc_tui.core.models import Sensitivity

MIN_SOURCES = 4
"""A refresh of fewer sources classifies here alone (starting a child costs ~0.1 s of CPU)."""

CHUNK = 16
"""Verdicts the child sends at a time: the halfway point is found to within this many texts."""

NICENESS = 10
"""How much lower the child's priority is than its parent's."""

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

    Any thread may :meth:`submit`; the texts go to the child from a writer thread (a full pipe
    never blocks the caller) and the verdicts come back through a reader thread, so neither
    waits on the event loop, which is busy with the other sources' answers.
    :meth:`classify_all` is called once every text has been submitted.
    """

    def __init__(self) -> None:
        """Prepare a child; texts submitted before :meth:`start` wait for it."""
        self._spec: object = None
        self._sent: dict[str, int] = {}
        """Every text submitted, with its place in the order the child classifies them."""
        self.verdicts: list[Sensitivity] = []
        """The child's verdicts so far, in that order (only ever appended to)."""
        self._lock = threading.Lock()
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._child: subprocess.Popen[bytes] | None = None
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._gone = False
        """The child cannot take more texts (it ended, or could not start)."""

    def start(self, spec: object) -> None:
        """Start the child, from a thread of its own; returns at once.

        Args:
            spec: What the child builds its lexicon from (a ``LexiconSpec``).
        """
        self._spec = spec
        self._spawn_thread(self._write, "rtc-side-writer")

    def _spawn_thread(self, run: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=run, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _write(self) -> None:
        """The writer thread: start the child, send it the spec, then each message queued."""
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._gone = True
            return  # no child to be had: every text is classified here
        with self._lock:
            self._child = child
            if self._closed:
                return  # :meth:`close` stops it
            self._spawn_thread(self._read, "rtc-side-reader")
        stdin = child.stdin
        if stdin is None:  # a pipe: never
            return
        try:
            stdin.write(_frame(pickle.dumps(self._spec, pickle.HIGHEST_PROTOCOL)))
            stdin.flush()
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                stdin.flush()
        except (OSError, ValueError):
            self._gone = True  # the child has gone (or was stopped): its pipe is closed

    def _read(self) -> None:
        """The reader thread: the child's verdicts, appended as they come."""
        child = self._child
        stdout = child.stdout if child is not None else None
        try:
            while stdout is not None and (message := _read(stdout)) is not None:
                self.verdicts.extend(_verdicts.decode(message))
        except (OSError, ValueError, msgspec.DecodeError):
            pass  # the child has gone or said something wrong: no more verdicts from it
        finally:
            self._gone = True

    def submit(self, texts: Iterable[str]) -> None:
        """Hand ``texts`` to the child (those not handed to it already); any thread."""
        with self._lock:
            fresh: list[str] = []
            for text in texts:
                if text not in self._sent:
                    self._sent[text] = len(self._sent)
                    fresh.append(text)
            if fresh and not self._closed and not self._gone:
                self._outbox.put(_frame(_encode(fresh)))

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

    def close(self) -> None:
        """Stop the child (it may still be classifying texts nobody needs now)."""
        with self._lock:
            self._closed = True
            child = self._child
            threads = list(self._threads)
        self._outbox.put(None)
        if child is not None:
            _kill(child)  # its reader sees the end of its output, its writer a closed pipe
        for thread in threads:
            thread.join(timeout=5)
        child = self._child  # started meanwhile by the writer, which saw the close
        if child is not None:
            _kill(child)
            child.wait()
            for pipe in (child.stdin, child.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def _read(stream: IO[bytes]) -> bytes | None:
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

    # Beside the parent, never in its way: on a machine whose processors are all busy, the
    # child takes what is left over, and the parent (which classifies the rest) is not slowed.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
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
