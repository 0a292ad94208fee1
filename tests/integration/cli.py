"""Run ``rtc`` as a real subprocess, as a user or a cron job would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def rtc(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m rtc_tui ARGS`` with the test's environment; text in, text out."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "rtc_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=Path(__file__).parent,
    )
