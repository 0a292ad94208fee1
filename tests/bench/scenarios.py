"""Each measurement of issue 11, from outside the app, against its reference in the same run.

Every function returns table rows (:class:`tests.bench.report.Row`). Runs of the app and of its
reference alternate, so a busy moment of the machine hits both alike; figures are medians.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bench.feeds import FeedServer
from tests.bench.report import Row, median, ms, p90, size
from tests.bench.stores import copy_store, write_config
from tests.bench.terminal import Run, Tmux

PYTHON = sys.executable
RTC = str(Path(PYTHON).with_name("rtc"))
HELLO = [PYTHON, "-m", "tests.bench.apps.hello"]
TABLE = [PYTHON, "-m", "tests.bench.apps.table"]
TEXTAREA = [PYTHON, "-m", "tests.bench.apps.textarea"]
SCREEN_ROWS = 24
"""Rows of the floor app's table (tests.bench.apps.table): one 80x24 screen of them."""
ROW_MARKER = "Feed 0"
"""Text every Trending row of the benchmark stores shows (its source): the list is painted."""
CHECK_TEXT = (
    "Che finale! L'Italia in semifinale, tutti a vedere https://www.figc.it #ItaliaSpagna\n"
)


def timed(command: list[str], stdin: str | None = None) -> float:
    """Wall time of one run of ``command`` (checked: it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed: {done.stderr[-1000:]}")
    return elapsed


def interleaved(commands: dict[str, tuple[list[str], str | None]], rounds: int) -> dict[str, float]:
    """Median wall time of each command, the commands alternating round after round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, stdin) in commands.items():
            times[name].append(timed(command, stdin))
    return {name: median(values) for name, values in times.items()}


def cli_startup(store_5k: Path, work: Path, rounds: int = 7) -> list[Row]:
    """``rtc --version`` vs ``python -c pass``; ``check -`` and ``moments`` vs Textual's import."""
    data = copy_store(store_5k, work / "cli-5k")
    config = write_config(work / "cli.yaml", [])
    common = ["--config", str(config), "--data-dir", str(data)]
    got = interleaved(
        {
            "pass": ([PYTHON, "-c", "pass"], None),
            "version": ([RTC, "--version"], None),
            "textual": ([PYTHON, "-c", "import textual.app"], None),
            "check": ([RTC, "check", "-", *common], CHECK_TEXT),
            "moments": ([RTC, "moments", *common], None),
        },
        rounds,
    )
    return [
        Row.ratio_row("rtc --version vs python -c pass", got["version"], got["pass"], 3),
        Row.ratio_row(
            "rtc check - (5k store) vs import textual.app", got["check"], got["textual"], 1
        ),
        Row.ratio_row("rtc moments vs import textual.app", got["moments"], got["textual"], 1),
    ]


def fetch_scaling(server: FeedServer, work: Path, rounds: int = 3) -> list[Row]:
    """``rtc fetch``: 20 sources each answering after 1 s vs 1 such source (fresh stores)."""
    times: dict[int, list[float]] = {1: [], 20: []}
    for round_number in range(rounds):
        for count in (1, 20):
            sources = [(f"Slow {n}", server.url(f"/slow/1/feed/{n}")) for n in range(count)]
            config = write_config(work / f"fetch-{count}.yaml", sources)
            data = work / f"fetch-{count}-{round_number}"
            times[count].append(
                timed([RTC, "fetch", "--config", str(config), "--data-dir", str(data)])
            )
    return [
        Row.ratio_row(
            "rtc fetch: 20 slow sources vs 1 (1 s each)", median(times[20]), median(times[1]), 1.3
        )
    ]


def _label(store: Path) -> str:
    """A benchmark store's size, as its directory is named (``store-20k`` -> ``20k``)."""
    return store.name.removeprefix("store-")


def fetch_new_events(
    server: FeedServer, big: Path, small: Path, work: Path, rounds: int = 3
) -> list[Row]:
    """``rtc fetch`` bringing 100 new events (one new feed) into a big store vs a small one.

    Each run fetches into a fresh copy of the store; the rounds alternate the two stores and
    take a feed neither has seen (a new one each round).
    """
    times: dict[Path, list[float]] = {big: [], small: []}
    for round_number in range(rounds):
        feed = 900 + round_number
        config = write_config(
            work / "fetch-new.yaml", [(f"New {feed}", server.url(f"/feed/{feed}"))]
        )
        for store in (big, small):
            data = copy_store(store, work / f"fetch-new-{store.name}")
            times[store].append(
                timed([RTC, "fetch", "--config", str(config), "--data-dir", str(data)])
            )
    ratio = median(times[big]) / median(times[small])
    return [
        Row(
            f"rtc fetch of 100 new events, {_label(big)} store vs {_label(small)} store",
            ms(median(times[big])),
            ms(median(times[small])),
            ratio,
            "within +-20%",
            0.8 <= ratio <= 1.2,
        )
    ]


@dataclass(frozen=True)
class Rtc:
    """One way of running ``rtc`` measured against the references: a store and its label."""

    name: str
    """Its short name in the table (``5k``, ``100k on PostgreSQL``)."""
    stored: str
    """What it opens, for the ready row (``5k events + 300 drafts``)."""
    args: Callable[[str], list[str]]
    """rtc's command-line arguments for the run named so (a fresh copy of a data dir, say)."""
    ready_limit: float = 1.5
    """The ready target, a ratio to the hello app's."""
    marker: str = ROW_MARKER
    """Text only a painted Trending row shows (a store whose first rows are all stories of
    several sources shows ``▸ N sources`` there instead of a source's name)."""


def data_dir_rtc(name: str, stored: str, store: Path, work: Path, ready_limit: float) -> Rtc:
    """``rtc --data-dir`` on a fresh copy of ``store`` for each run, no sources configured."""
    config = write_config(work / "app.yaml", [])

    def args(run: str) -> list[str]:
        data = copy_store(store, work / f"app-{run}")
        return ["--config", str(config), "--data-dir", str(data)]

    return Rtc(name, stored, args, ready_limit)


def ready_quit_rss(tmux: Tmux, apps: list[Rtc], rounds: int = 3) -> list[Row]:
    """Time to first paint of the list, ctrl+q to exit, and peak RSS; hello app as reference.

    A bare DataTable with one screen of rows runs in the same rounds: its ready time is the
    floor under rtc's (the least a Textual app painting a table pays), shown beside the
    targets, not one of them.
    """
    floor: Rtc = Rtc("table", f"bare DataTable, {SCREEN_ROWS} rows", lambda _run: [])
    names: list[str] = ["hello", floor.name, *(app.name for app in apps)]
    ready: dict[str, list[float]] = {name: [] for name in names}
    quit_: dict[str, list[float]] = {name: [] for name in names}
    rss: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        for app in [None, floor, *apps]:
            name = "hello" if app is None else app.name
            if app is None:
                command = HELLO
            elif app is floor:
                command = [*TABLE, str(SCREEN_ROWS)]
            else:
                command = [RTC, *app.args(name)]
            run = tmux.start(command)
            seen = run.wait_for("Hello from the bench" if app is None else app.marker)
            run.settle(0.5)
            pressed = time.time()
            run.send("C-q")
            record = run.wait_exit()
            ready[name].append(seen - record["start"])
            quit_[name].append(record["exit"] - pressed)
            rss[name].append(record["rss_kib"] * 1024)
    rows: list[Row] = []
    hello_ready, hello_quit, hello_rss = (median(x["hello"]) for x in (ready, quit_, rss))
    floor_ready = median(ready[floor.name])
    rows.append(
        Row(
            f"ready, {floor.stored} vs hello (floor)",
            ms(floor_ready),
            ms(hello_ready),
            floor_ready / hello_ready,
            "reference",
            None,
        )
    )
    for app in apps:
        rows.append(
            Row.ratio_row(
                f"ready, {app.stored} vs hello",
                median(ready[app.name]),
                hello_ready,
                app.ready_limit,
            )
        )
    for app in apps:
        rows.append(
            Row.ratio_row(
                f"ctrl+q -> exit, {app.name} vs hello", median(quit_[app.name]), hello_quit, 1.2
            )
        )
    for app in apps:
        rows.append(
            Row.ratio_row(
                f"peak RSS, {app.name} vs hello",
                median(rss[app.name]),
                hello_rss,
                2.0,
                fmt="bytes",
            )
        )
    return rows


PREIMPORTED = [PYTHON, "-m", "tests.bench.apps.preimported"]


@dataclass(frozen=True)
class Bound:
    """One app's first rows, cold and with its modules imported first (medians)."""

    app: str
    cold: float
    """Seconds from the process's start to its first rows, as the ready rows time them."""
    warm: float
    """Seconds from its modules imported to its first rows: the app's own start-up work."""

    @property
    def imports(self) -> float:
        """The interpreter's start and the imports: the rest of the cold start."""
        return self.cold - self.warm


def ready_bound(tmux: Tmux, apps: list[Rtc], work: Path, rounds: int = 5) -> list[Bound]:
    """What bounds the ready rows: hello, the floor and rtc, cold and with modules imported.

    Each app runs once to list the modules it imported by its first rows
    (:mod:`tests.bench.apps.preimported`), then, round after round, cold (as the ready rows
    start it) and with those modules imported before its clock starts. The difference is what
    the interpreter and the imports cost; the rest is the app's own start-up work.
    """
    # (label, target, its arguments for a run named so, what its first rows show)
    runs: list[tuple[str, str, Callable[[str], list[str]], str]] = [
        ("hello", "tests.bench.apps.hello", lambda _run: [], "Hello from the bench"),
        (
            f"bare DataTable, {SCREEN_ROWS} rows (floor)",
            "tests.bench.apps.table",
            lambda _run: [str(SCREEN_ROWS)],
            ROW_MARKER,
        ),
    ]
    runs += [(f"rtc, {app.stored}", "rtc", app.args, app.marker) for app in apps]
    modules: dict[str, Path] = {}
    for index, (label, target, args, marker) in enumerate(runs):
        modules[label] = work / f"bound-{index}.modules"
        run = tmux.start(
            [
                *PREIMPORTED,
                "list",
                str(modules[label]),
                marker,
                "--",
                target,
                *args(f"bound-list-{index}"),
            ]
        )
        run.wait_for(marker)
        run.settle(0.5)
        run.send("C-q")
        run.wait_exit()
    cold: dict[str, list[float]] = {label: [] for label, *_ in runs}
    warm: dict[str, list[float]] = {label: [] for label, *_ in runs}
    for round_ in range(rounds):
        for index, (label, target, args, marker) in enumerate(runs):
            name = f"bound-{index}-{round_}"
            command = [RTC] if target == "rtc" else [PYTHON, "-m", target]
            run = tmux.start([*command, *args(f"{name}-cold")])
            seen = run.wait_for(marker)
            run.settle(0.5)
            run.send("C-q")
            cold[label].append(seen - run.wait_exit()["start"])
            start = work / f"{name}.start"
            run = tmux.start(
                [
                    *PREIMPORTED,
                    "run",
                    str(modules[label]),
                    str(start),
                    "--",
                    target,
                    *args(f"{name}-warm"),
                ]
            )
            seen = run.wait_for(marker)
            run.settle(0.5)
            run.send("C-q")
            run.wait_exit()
            warm[label].append(seen - float(start.read_text(encoding="utf-8")))
    return [Bound(label, median(cold[label]), median(warm[label])) for label, *_ in runs]


@dataclass(frozen=True)
class ImportCost:
    """What importing a module adds to a process that imported Textual's app already."""

    seconds: float
    rss: float
    """Bytes of peak resident set."""


_PEAK = (
    "import re, sys; sys.stdout.write("
    "re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))"
)
"""Prints the process's peak resident set in KiB: its own, from the kernel's status file.

Not ``getrusage``'s ``ru_maxrss``: a process forked from a big one (pytest's) and then running
Python keeps the forked copy's peak there, the same with or without the import."""


def import_cost(module: str, rounds: int = 7) -> ImportCost:
    """Median time and peak RSS that ``import module`` adds after ``import textual.app``."""
    seconds: list[float] = []
    rss: list[float] = []
    for _ in range(rounds):
        got: dict[bool, tuple[float, int]] = {}
        for with_module in (False, True):
            code = (
                "import time; import textual.app; t = time.perf_counter()"
                + (f"; import {module}" if with_module else "")
                + "; took = time.perf_counter() - t; "
                + _PEAK
                + "; sys.stdout.write(' ' + repr(took))"
            )
            done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
            peak, took = done.stdout.split()
            got[with_module] = (float(took), int(peak))
        seconds.append(got[True][0] - got[False][0])
        rss.append((got[True][1] - got[False][1]) * 1024.0)
    return ImportCost(median(seconds), median(rss))


def _keys(run: Run, key: str, count: int, gap: float = 0.05) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    written: list[int] = []
    for _ in range(count):
        latency, count_bytes = run.key(key)
        latencies.append(latency)
        written.append(count_bytes)
        time.sleep(gap)
    return latencies, written


MOVE_REGIMES = {"on screen": slice(1, 11), "scrolling": slice(26, 40)}
"""Which of the 40 ``down`` presses compare like with like, by what they make the list do.

A move that stays on screen repaints two rows; a move past the last visible row scrolls the
list and repaints every visible row, in the bare table as in Trending. The bare table shows
22 rows at 80x24 and Trending 15, so over all 40 presses the median would compare the
table's in-screen moves with Trending's scrolling ones: presses 2-11 stay on screen in both,
presses 27-40 scroll in both (the first press, which also marks its row seen, is left out).
"""


def trending_keys(tmux: Tmux, apps: list[Rtc]) -> list[Row]:
    """``down`` and ``pagedown`` in Trending vs a bare 5,000-row DataTable: latency, bytes."""
    results: dict[str, dict[str, tuple[list[float], list[int]]]] = {}
    for app in [None, *apps]:
        name = "table" if app is None else app.name
        run = tmux.start(TABLE if app is None else [RTC, *app.args(f"keys-{name}")])
        run.wait_for(ROW_MARKER if app is None else app.marker)
        run.settle(1.5)
        results[name] = {"down": _keys(run, "Down", 40), "pagedown": _keys(run, "NPage", 15)}
        run.send("C-q")
        run.wait_exit()
    rows: list[Row] = []
    ref_down, ref_down_bytes = results["table"]["down"]
    ref_page, _ = results["table"]["pagedown"]
    for name in (app.name for app in apps):
        down, down_bytes = results[name]["down"]
        page, _ = results[name]["pagedown"]
        rows += [
            Row.ratio_row(f"down in Trending {name}, median", median(down), median(ref_down), 1.5),
            Row.ratio_row(f"down in Trending {name}, p90", p90(down), p90(ref_down), 2.0),
            Row.ratio_row(
                f"pagedown in Trending {name}, median", median(page), median(ref_page), 1.5
            ),
        ]
        for regime, moves in MOVE_REGIMES.items():
            rows.append(
                Row.ratio_row(
                    f"bytes per move {regime}, Trending {name}",
                    median([float(b) for b in down_bytes[moves]]),
                    median([float(b) for b in ref_down_bytes[moves]]),
                    1.5,
                    fmt="bytes",
                )
            )
    return rows


def typing(tmux: Tmux, store: Path, work: Path, chars: int = 60) -> list[Row]:
    """Typing at the end of a long draft: rtc's Draft pane vs a bare TextArea."""
    config = write_config(work / "app.yaml", [])
    text = "abcdefghij" * (chars // 10)
    results: dict[str, tuple[list[float], float]] = {}
    for name in ("textarea", "rtc"):
        if name == "textarea":
            run = tmux.start(TEXTAREA)
            run.wait_for("Che finale")
        else:
            data = copy_store(store, work / "typing-run")
            run = tmux.start([RTC, "--config", str(config), "--data-dir", str(data)])
            run.wait_for("Trending")
            run.settle(1.0)
            run.send("3")
            run.settle(0.5)
            run.send("i")
        run.settle(0.5)
        run.send("C-End")
        run.settle(1.0)
        before = run.size()
        latencies = []
        for char in text:
            latency, _ = run.key(char, literal=True)
            latencies.append(latency)
            time.sleep(0.03)
        run.settle(1.0)
        per_char = (run.size() - before) / len(text)
        screen = run.screen()
        if "abcdefghij" not in screen.replace("\n", ""):
            raise AssertionError(f"{name}: the typed text is not on screen:\n{screen}")
        results[name] = (latencies, per_char)
        run.send("Escape")
        run.send("C-q")
        try:
            run.wait_exit(timeout=10)
        except TimeoutError:
            tmux.tmux("kill-session", "-t", run.name)
    rtc_lat, rtc_bytes = results["rtc"]
    ref_lat, ref_bytes = results["textarea"]
    return [
        Row.ratio_row("typing latency, median", median(rtc_lat), median(ref_lat), 1.3),
        Row.ratio_row("typing latency, p90", p90(rtc_lat), p90(ref_lat), 2.0),
        Row(
            "bytes per typed character (80x24)",
            size(rtc_bytes),
            f"TextArea {size(ref_bytes)}",
            rtc_bytes / ref_bytes if ref_bytes else None,
            "<= 1 KB",
            rtc_bytes <= 1024,
        ),
    ]


def key_during_parse(
    tmux: Tmux, server: FeedServer, store: Path, work: Path, parse_seconds: float
) -> list[Row]:
    """``down`` pressed while a 2.5 MB feed is parsed vs ``down`` when idle, same run."""
    config = write_config(work / "big.yaml", [("Big feed", server.url("/big/3"))])
    data = copy_store(store, work / "big")
    before = len(server.big_sent_at)
    run = tmux.start([RTC, "--config", str(config), "--data-dir", str(data)])
    run.wait_for(ROW_MARKER)
    presses: list[tuple[float, float]] = []
    deadline = time.time() + 30
    while time.time() < deadline:
        sent = time.time()
        latency, _ = run.key("Down")
        presses.append((sent, latency))
        time.sleep(0.05)
        if (
            len(server.big_sent_at) > before
            and time.time() > server.big_sent_at[-1] + parse_seconds + 1
        ):
            break
    run.send("C-q")
    run.wait_exit()
    if len(server.big_sent_at) == before:
        raise AssertionError("the app never fetched the big feed")
    sent_at = server.big_sent_at[-1]
    idle = [lat for at, lat in presses if at < sent_at - 0.2]
    busy = [lat for at, lat in presses if sent_at <= at <= sent_at + parse_seconds]
    if not idle or not busy:
        raise AssertionError(f"no key fell in a window: idle {len(idle)}, parsing {len(busy)}")
    return [
        Row(
            f"down while a {server.big_size / 1e6:.1f} MB feed is parsed (worst of {len(busy)})",
            ms(max(busy)),
            f"idle {ms(median(idle))}",
            max(busy) / median(idle),
            "<= 2x",
            max(busy) <= 2 * median(idle),
        )
    ]


def draft_cost(big: tuple[str, list[str]], small: tuple[str, list[str]]) -> list[Row]:
    """New draft from an event and a save, in-process: a big store vs a small one, in turns.

    Each is ``(its name in the table, the arguments of python -m tests.bench.draft_cost for
    that store)``; one process opens both and alternates between them (see
    :mod:`tests.bench.draft_cost`).
    """
    (big_name, big_args), (small_name, small_args) = big, small
    done = subprocess.run(
        [PYTHON, "-m", "tests.bench.draft_cost", *big_args, "--", *small_args],
        capture_output=True,
        text=True,
        check=True,
    )
    got: dict[str, dict[str, float]] = json.loads(done.stdout)
    rows = []
    for key, label in (("new", "new draft from an event"), ("save", "draft save")):
        ratio = got["big"][key] / got["small"][key]
        rows.append(
            Row(
                f"{label}, {big_name} vs {small_name}",
                ms(got["big"][key]),
                ms(got["small"][key]),
                ratio,
                "within +-20%",
                0.8 <= ratio <= 1.2,
            )
        )
    return rows
