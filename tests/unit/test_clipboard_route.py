"""Issue #13: the clipboard says honestly what happened (tmux drops OSC 52 unless told not to)."""

from __future__ import annotations

import subprocess
from typing import Any

from rtc_tui.ui.clipboard import clipboard_route


def tmux_says(value: str, returncode: int = 0) -> Any:
    calls: list[list[str]] = []

    def run(args: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        return subprocess.CompletedProcess(args, returncode, stdout=value + "\n", stderr="")

    run.calls = calls  # type: ignore[attr-defined]
    return run


def test_outside_tmux_it_is_sent_and_said_so_without_a_promise() -> None:
    run = tmux_says("on")
    route = clipboard_route({}, run)
    assert not route.dropped
    assert "OSC 52" in route.note
    assert run.calls == []  # tmux is not asked when the app does not run inside it


def test_inside_tmux_with_set_clipboard_on_it_arrives() -> None:
    run = tmux_says("on")
    route = clipboard_route({"TMUX": "/tmp/tmux-0/default,1,0"}, run)
    assert not route.dropped
    assert run.calls == [["tmux", "show", "-gv", "set-clipboard"]]


def test_inside_tmux_by_default_it_is_dropped_and_says_how_to_fix_it() -> None:
    route = clipboard_route({"TMUX": "x"}, tmux_says("external"))
    assert route.dropped
    assert "set-clipboard external" in route.note
    assert "tmux set -g set-clipboard on" in route.note


def test_an_unanswering_tmux_counts_as_dropped() -> None:
    def hang(args: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired(args, 2.0)

    assert clipboard_route({"TMUX": "x"}, hang).dropped
    assert clipboard_route({"TMUX": "x"}, tmux_says("", returncode=1)).dropped
