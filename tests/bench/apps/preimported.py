"""An app started with its modules already imported: the ready rows' start-up work alone.

The ready rows time a whole start: the interpreter, every import, then the app's own work up to
its first rows. What bounds them is the split between the two, the same for the hello app, the
bare table (the floor) and rtc, so the benchmark runs each app twice over:

``python -m tests.bench.apps.preimported list OUT MARKER -- TARGET ARGS...``
    runs the app; when it first writes ``MARKER`` to the terminal, the names of every module
    imported by then go to ``OUT``, one per line, in the order they were imported (each after
    what it needs). The app runs on as usual.
``python -m tests.bench.apps.preimported run MODULES START -- TARGET ARGS...``
    imports every module ``MODULES`` names, writes the wall-clock time to ``START``, then runs
    the app: its first rows come that long after ``START`` as its own work takes.

``TARGET`` is ``rtc`` (its command line, as the ``rtc`` script runs it) or a module run as
``__main__`` (``tests.bench.apps.hello``).
"""

from __future__ import annotations

import importlib
import runpy
import sys
import time
from pathlib import Path
from typing import Any, TextIO


class _Watched:
    """The terminal stream Textual writes to: notes the modules at the first ``marker``."""

    def __init__(self, stream: TextIO, marker: str, out: Path) -> None:
        self._stream = stream
        self._marker = marker
        self._out = out
        self._done = False

    def write(self, data: str) -> int:
        written = self._stream.write(data)
        if not self._done and self._marker in data:
            self._done = True
            self._out.write_text("\n".join(sys.modules) + "\n", encoding="utf-8")
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _importable(name: str) -> bool:
    """Whether importing ``name`` again here is only an import (not a program's run)."""
    last = name.rsplit(".", 1)[-1]
    return last != "__main__" and name != "sitecustomize" and not name.startswith(__name__)


def _run(target: str, args: list[str]) -> None:
    if target == "rtc":
        from rtc_tui.cli import main

        sys.argv = ["rtc", *args]
        raise SystemExit(main())
    sys.argv = [target, *args]
    runpy.run_module(target, run_name="__main__", alter_sys=True)


def main() -> None:
    """``list`` or ``run``, as the module's docstring says."""
    mode, first, second, separator, target, *args = sys.argv[1:]
    assert separator == "--", __doc__
    if mode == "list":
        # Textual writes to the original standard error: watched before Textual is imported.
        assert sys.__stderr__ is not None
        watched = _Watched(sys.__stderr__, second, Path(first))
        sys.__stderr__ = sys.stderr = watched  # type: ignore[misc,assignment]
    else:
        for name in Path(first).read_text(encoding="utf-8").split():
            if _importable(name):
                try:
                    importlib.import_module(name)
                except Exception:
                    continue  # one that needs its importer's state: the app imports it then
        Path(second).write_text(repr(time.time()), encoding="utf-8")
    _run(target, args)


if __name__ == "__main__":
    main()
