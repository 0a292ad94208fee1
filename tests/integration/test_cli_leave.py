"""rtc_tui.cli.leave: the app's process ends without the interpreter's teardown, losing nothing.

Real processes: a script starts a thread that is still writing, a daemon thread that never
ends, an exit handler and unflushed output, then calls ``leave_now``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import atexit, sys, threading, time
    from pathlib import Path
    from rtc_tui.cli.leave import leave_now

    out = Path(sys.argv[1])
    release = threading.Event()

    def write():
        release.wait(30)
        (out / "written.txt").write_text("saved", encoding="utf-8")

    threading.Thread(target=write).start()
    threading.Thread(target=threading.Event().wait, daemon=True).start()  # never ends
    atexit.register(lambda: (out / "atexit.txt").write_text("ran", encoding="utf-8"))
    sys.stdout.write("no newline yet")
    threading.Timer(0.2, release.set).start()
    leave_now(3)
    (out / "after.txt").write_text("must not run", encoding="utf-8")
    """
)


def test_leave_now_joins_writers_runs_exit_handlers_and_flushes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == "no newline yet"
    assert (tmp_path / "written.txt").read_text(encoding="utf-8") == "saved"
    assert (tmp_path / "atexit.txt").read_text(encoding="utf-8") == "ran"
    assert not (tmp_path / "after.txt").exists()
    assert done.stderr == ""
