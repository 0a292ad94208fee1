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

The child parses too (:meth:`SideClassifier.parse`): a share of the sources' bodies is parsed
there, on the second processor, while this process reads the other answers off the network and
parses the rest; the events come back and their texts go to the child's classifier like any
other source's. A body the child has not parsed within :data:`TAKE_BACK_AFTER` (a busy child),
or cannot parse (a dead one, a parser error), is parsed here, as it would have been without
a child: the events are the same either way (the same parser, on the same bytes).

Messages are length-prefixed, then a byte saying what they are: the lexicon's spec pickled
first, parse jobs and their events pickled (both ends are this same rtc, nothing else is
unpickled), lists of texts in and lists of :class:`Sensitivity` out as MessagePack. The child
does parse jobs before texts (a parse holds up a source's whole merge, a text only itself).
The child's stderr goes nowhere: its failure is not the editor's business, the work is done
here instead. Closing the refresh kills the child; a parent that dies closes the child's stdin,
and the child ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import itertools
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Iterable, Sequence
from concurrent.futures import Future, InvalidStateError
from typing import IO, Any

import msgspec

from rtc_tui.core.models import Event, Sensitivity

MIN_SOURCES = 4
"""A refresh of fewer sources classifies here alone (starting a child costs ~0.1 s of CPU)."""

CHUNK = 16
"""Verdicts the child sends at a time: the halfway point is found to within this many texts."""

NICENESS = 10
"""How much lower the child's priority is than its parent's."""

BACKLOG = 200
"""Texts' worth of work the child may have waiting for a body to be sent to it to parse.

The child also classifies every text, which is most of its work: a body is sent only while
it keeps up, so it never holds back the verdicts the merge needs. A job counts as
:data:`JOB_TEXTS` texts (parsing a feed of 100 items takes about as long as classifying 40).
"""

JOB_TEXTS = 40
"""What a parse job counts for in :meth:`SideClassifier.backlog`."""

TAKE_BACK_AFTER = 0.05
"""Seconds after which a body the child has not parsed yet is parsed here instead (it takes
~5 ms there; a child this late is starved of processor time, and gets no more bodies)."""

_LENGTH = 4
"""Bytes of the big-endian length before each message."""

_SPEC, _TEXTS, _JOB = b"S", b"T", b"P"
"""What a message to the child holds: the lexicon's spec, texts, a parse job."""
_VERDICTS, _EVENTS, _READY = b"V", b"E", b"R"
"""What a message from the child holds: verdicts, a job's events, "my lexicon is built"."""

_texts = msgspec.msgpack.Decoder(list[str])
_verdicts = msgspec.msgpack.Decoder(list[Sensitivity])
_encode = msgspec.msgpack.Encoder().encode


def _frame(kind: bytes, payload: bytes) -> bytes:
    return (len(payload) + 1).to_bytes(_LENGTH, "big") + kind + payload


class ChildParseError(Exception):
    """The child did not parse a body (it failed, or has gone): it is parsed here."""


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
        self.ready = False
        """The child has started and built its lexicon: it takes parse jobs from now on."""
        self._jobs: dict[int, Future[list[Event]]] = {}
        """The parse jobs sent and not answered, by number."""
        self._numbers = itertools.count()

    def start(self, spec: object, parsers: Sequence[str] = ()) -> None:
        """Start the child, from a thread of its own; returns at once.

        Args:
            spec: What the child builds its lexicon from (a ``LexiconSpec``).
            parsers: The modules the bodies it may parse need (imported while the sources
                answer: the first job would wait ~0.1 s for feedparser's import).
        """
        self._spec = (spec, tuple(parsers))
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
            stdin.write(_frame(_SPEC, pickle.dumps(self._spec, pickle.HIGHEST_PROTOCOL)))
            stdin.flush()
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                stdin.flush()
        except (OSError, ValueError):
            self._gone = True  # the child has gone (or was stopped): its pipe is closed

    def _read(self) -> None:
        """The reader thread: the child's verdicts, appended as they come, and its events."""
        child = self._child
        stdout = child.stdout if child is not None else None
        try:
            while stdout is not None and (message := _read(stdout)) is not None:
                kind, payload = message[:1], message[1:]
                if kind == _VERDICTS:
                    self.verdicts.extend(_verdicts.decode(payload))
                elif kind == _EVENTS:
                    self._answered(*pickle.loads(payload))  # written by our own child
                elif kind == _READY:
                    self.ready = True
        except Exception:  # whatever the child did, the work is done here
            pass  # the child has gone or said something wrong: nothing more from it
        finally:
            with self._lock:
                self._gone = True
                jobs, self._jobs = self._jobs, {}
            for future in jobs.values():
                _settle(future, None)

    def _answered(self, number: int, events: list[Event] | None) -> None:
        """Job ``number``'s events (``None``: the child's parser failed on it)."""
        with self._lock:
            future = self._jobs.pop(number, None)
        if future is not None:
            _settle(future, events)

    def backlog(self) -> int:
        """The work the child has not answered yet, in texts (see :data:`BACKLOG`)."""
        return len(self._sent) - len(self.verdicts) + JOB_TEXTS * len(self._jobs)

    def parse(
        self, parse: Callable[[Any], list[Event]], body: object
    ) -> Future[list[Event]] | None:
        """Have the child run ``parse(body)``: the future of its events; any thread.

        ``None`` when the child cannot take it now (not started or not ready yet, gone, or
        ``parse`` cannot be sent: a closure): the caller parses it itself. The future fails
        with :class:`ChildParseError` when the child's parser fails or the child goes.
        """
        if not self.ready or self._gone or self._closed:
            return None
        number = next(self._numbers)
        try:
            payload = pickle.dumps((number, parse, body), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, AttributeError, TypeError):
            return None
        future: Future[list[Event]] = Future()
        with self._lock:
            if self._gone or self._closed:
                return None
            self._jobs[number] = future
            self._outbox.put(_frame(_JOB, payload))
        return future

    def submit(self, texts: Iterable[str]) -> None:
        """Hand ``texts`` to the child (those not handed to it already); any thread."""
        with self._lock:
            fresh: list[str] = []
            for text in texts:
                if text not in self._sent:
                    self._sent[text] = len(self._sent)
                    fresh.append(text)
            if fresh and not self._closed and not self._gone:
                self._outbox.put(_frame(_TEXTS, _encode(fresh)))

    def classify_all(
        self, texts: Sequence[str], classify: Callable[[str], Sensitivity]
    ) -> list[Sensitivity]:
        """The verdict on each of ``texts``, in order: the child's where it has one.

        Texts the child never had are classified here; of the others, the last submitted are
        classified here too, until one the child has already answered: it answers in order,
        so every text submitted before that one has its verdict too. The child is stopped
        then: nothing more is asked of it.
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
        # The child's work is over; what it would still send (verdicts on the texts done
        # here) would only take the interpreter from the rest of the merge, in the reader.
        self._stop()
        return [verdict for verdict in found if verdict is not None]

    def _stop(self) -> None:
        """Stop the child now, without waiting for anything (:meth:`close` does)."""
        with self._lock:
            self._closed = True
            child = self._child
        self._outbox.put(None)
        if child is not None:
            _kill(child)  # its reader sees the end of its output, its writer a closed pipe

    def close(self) -> None:
        """Stop the child (it may still be classifying texts nobody needs now)."""
        self._stop()
        with self._lock:
            threads = list(self._threads)
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


def _settle(future: Future[list[Event]], events: list[Event] | None) -> None:
    """Answer a parse job's future: its events, or ``None`` for a failure (see ``parse``).

    A future the caller gave up on (parsed here instead) is cancelled: left alone.
    """
    with contextlib.suppress(InvalidStateError):
        if events is None:
            future.set_exception(ChildParseError())
        else:
            future.set_result(events)


def parser_beside(
    side: SideClassifier,
) -> Callable[[Callable[[Any], list[Event]], Any], Coroutine[Any, Any, list[Event] | None]]:
    """What ``Fetcher.fetch_all(parse_beside=...)`` takes: some bodies parsed by ``side``.

    A body goes to the child while its :meth:`~SideClassifier.backlog` is under
    :data:`BACKLOG`. The events, or ``None`` when the body is this process's to parse: the
    child busy, not ready, failed, gone, or slower than :data:`TAKE_BACK_AFTER` (its answer
    is then dropped, and it gets no more bodies).
    """
    late = False

    async def beside(parse: Callable[[Any], list[Event]], body: Any) -> list[Event] | None:
        nonlocal late
        if late or side.backlog() >= BACKLOG:
            return None
        future = side.parse(parse, body)
        if future is None:
            return None
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), TAKE_BACK_AFTER)
        except TimeoutError:
            late = True  # the bodies still out wait no longer than this one did
            return None
        except ChildParseError:
            return None

    return beside


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
    """Read the lexicon's spec, then jobs and texts; write events and verdicts.

    A thread reads the messages as they come, so a parse job sent after a long list of texts
    is done before the rest of them: the texts are classified :data:`CHUNK` at a time, and
    waiting jobs go first between two chunks.
    """
    from rtc_tui.desk.safety_data import lexicon_of

    # Beside the parent, never in its way: on a machine whose processors are all busy, the
    # child takes what is left over, and the parent (which classifies the rest) is not slowed.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    spec = _read(stdin)
    if spec is None or spec[:1] != _SPEC:
        return 0
    lexicon_spec, parsers = pickle.loads(spec[1:])  # written by our own parent
    lexicon = lexicon_of(lexicon_spec)
    for name in parsers:
        importlib.import_module(name)
    stdout.write(_frame(_READY, b""))
    stdout.flush()
    inbox = _Inbox()
    threading.Thread(target=inbox.fill, args=(stdin,), daemon=True).start()
    while (work := inbox.next()) is not None:
        kind, payload = work
        if kind == _JOB:
            stdout.write(_frame(_EVENTS, _parsed(payload)))
        else:
            chunk = [lexicon.classify(text) for text in payload]
            stdout.write(_frame(_VERDICTS, _encode(chunk)))
        stdout.flush()
    return 0


def _parsed(job: bytes) -> bytes:
    """A parse job run: ``(number, events)``, the events ``None`` when the parser failed."""
    number, parse, body = pickle.loads(job)  # written by our own parent
    try:
        events = parse(body)
    except Exception:  # the parent parses it again, and reports the error
        events = None
    return pickle.dumps((number, events), pickle.HIGHEST_PROTOCOL)


class _Inbox:
    """The child's work as it comes: parse jobs first, then texts, :data:`CHUNK` at a time."""

    def __init__(self) -> None:
        self._jobs: deque[bytes] = deque()
        self._texts: deque[list[str]] = deque()
        self._ended = False
        self._ready = threading.Condition()

    def fill(self, stdin: IO[bytes]) -> None:
        """The reader thread: every message until the parent closes the pipe."""
        try:
            while (message := _read(stdin)) is not None:
                kind, payload = message[:1], message[1:]
                with self._ready:
                    if kind == _JOB:
                        self._jobs.append(payload)
                    elif kind == _TEXTS:
                        self._texts.append(_texts.decode(payload))
                    self._ready.notify()
        except (OSError, ValueError, msgspec.DecodeError):
            pass  # the parent has gone or said something wrong: stop
        finally:
            with self._ready:
                self._ended = True
                self._ready.notify()

    def next(self) -> tuple[bytes, Any] | None:
        """The next job, or the next texts to classify; ``None`` once the parent is gone."""
        with self._ready:
            while not self._jobs and not self._texts and not self._ended:
                self._ready.wait()
            if self._ended:
                return None  # nobody reads the answers any more
            if self._jobs:
                return _JOB, self._jobs.popleft()
            texts = self._texts.popleft()
            if len(texts) > CHUNK:
                self._texts.appendleft(texts[CHUNK:])
            return _TEXTS, texts[:CHUNK]


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        raise SystemExit(_child())
