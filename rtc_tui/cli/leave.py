"""Ending the app's process: everything that must happen at exit, then no teardown.

After the full-screen app has quit (its terminal restored, the store closed, the webhooks
drained), the interpreter's own exit frees every object the session built, one by one: on a
store of a few thousand events that took most of a second after the screen was already back
to the shell (measured from ctrl+q to the process's end, issue #11). :func:`leave_now` does
what an exit must do (join the threads still writing, run the ``atexit`` handlers, flush the
output) and then ends the process without that teardown.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave_now(code: int) -> NoReturn:
    """End the process with ``code`` once the writing threads and exit handlers are done.

    Only for the end of a process (the ``rtc`` app command): nothing after it runs.
    """
    current = threading.current_thread()
    for thread in threading.enumerate():
        # Daemon threads only read (see rtc_tui.ui.quit_executor); the others may be writing.
        if thread is not current and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            continue
    os._exit(code)
