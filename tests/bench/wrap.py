"""Run a command as the benchmark's tmux pane does, and record when it ran and its peak memory.

``python wrap.py RECORD GO -- COMMAND...``: waits until the file ``GO`` exists (so the
benchmark can attach its output pipe before the first byte), then runs ``COMMAND`` in this
terminal and, when it exits, writes ``RECORD`` as JSON: ``start`` and ``exit`` (wall clock, s),
``rss_kib`` (the command's peak resident set) and ``code``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def main() -> int:
    """Wait for the go file, run the command, write the record."""
    record, go, separator, *command = sys.argv[1:]
    assert separator == "--", "usage: wrap.py RECORD GO -- COMMAND..."
    while not os.path.exists(go):
        time.sleep(0.0005)
    start = time.time()
    code = subprocess.call(command)
    finished = time.time()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(record + ".tmp", "w", encoding="utf-8") as handle:
        json.dump({"start": start, "exit": finished, "rss_kib": peak, "code": code}, handle)
    os.replace(record + ".tmp", record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
