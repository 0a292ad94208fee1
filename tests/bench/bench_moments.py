"""``rtc moments`` for a 365-day window across four regions, against ``rtc --version``.

Three measurements, medians over several runs:

- the desk call (packs, public holidays of four countries, prep states) in-process, cold (a
  fresh desk: packs parsed, holidays computed) and warm (the calendar cached);
- the whole command as a subprocess, ``rtc moments --days 365 --region IT --region US
  --region GB --region DE --json``, against ``rtc --version`` (interpreter and CLI start-up)
  in the same run, so the ratio says what the calendar itself costs.

Run with ``make bench``. Targets: the calendar work itself (a cold desk call: packs parsed,
holidays computed, prep states) well under a second (250 ms), and the command no more than
half a second slower than ``rtc --version``; the absolute time is printed, and is mostly the
CLI's start-up (imports), which the baseline measures.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from rtc_tui.config import load_config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore

REGIONS = ("IT", "US", "GB", "DE")
CONFIG = (
    "calendar:\n"
    "  regions: [IT, US, GB, DE]\n"
    "  holidays: [IT, US, GB, DE]\n"
    "  packs: [global, it, us, gb]\n"
)
RUNS_IN_PROCESS = 30
RUNS_SUBPROCESS = 7
COLD_BUDGET_SECONDS = 0.25
OVER_BASELINE_BUDGET_SECONDS = 0.5


def _median(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _rtc(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rtc_tui", *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "RTC_DATA_DIR": str(env_dir / "data"),
            "XDG_CONFIG_HOME": str(env_dir / "cfg"),
            "PATH": "",
        },
    )


def test_moments_365_days_four_regions(tmp_path: Path) -> None:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(CONFIG, encoding="utf-8")
    config = load_config(config_path, explicit=True)
    store = FileStore(tmp_path / "data")
    now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    start = date(2026, 1, 1)

    def cold() -> int:
        desk = Desk(config, store, user="bench", now=lambda: now)
        return len(desk.calendar.agenda(start, 365, REGIONS))

    warm_desk = Desk(config, store, user="bench", now=lambda: now)
    count = len(warm_desk.calendar.agenda(start, 365, REGIONS))

    def warm() -> int:
        return len(warm_desk.calendar.agenda(start, 365, REGIONS))

    cold_s = _median(cold, RUNS_IN_PROCESS)
    warm_s = _median(warm, RUNS_IN_PROCESS)

    args = ["--config", str(config_path), "moments", "--from", "2026-01-01", "--days", "365"]
    for region in REGIONS:
        args += ["--region", region]
    records = json.loads(_rtc(*args, "--json", env_dir=tmp_path).stdout)
    assert len(records) == count
    command_s = _median(lambda: _rtc(*args, "--json", env_dir=tmp_path), RUNS_SUBPROCESS)
    baseline_s = _median(lambda: _rtc("--version", env_dir=tmp_path), RUNS_SUBPROCESS)

    print()
    print(f"moments in window: {count} (365 days, regions {', '.join(REGIONS)})")
    print(f"desk.agenda cold (fresh desk, packs + holidays): median {cold_s * 1000:.1f} ms")
    print(f"desk.agenda warm (calendar cached):            median {warm_s * 1000:.1f} ms")
    print(f"rtc moments --json (subprocess):               median {command_s * 1000:.0f} ms")
    print(f"rtc --version (baseline, same run):            median {baseline_s * 1000:.0f} ms")
    print(
        f"ratio command/baseline: {command_s / baseline_s:.2f}x; "
        f"calendar cost over start-up: {(command_s - baseline_s) * 1000:.0f} ms"
    )
    assert cold_s < COLD_BUDGET_SECONDS
    assert command_s - baseline_s < OVER_BASELINE_BUDGET_SECONDS
