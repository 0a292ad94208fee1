"""Quitting waits for work that writes, never for work that only reads (rtc_tui.ui.quit_executor).

The executor tells the two apart by the Textual worker group that submits the work; here the
worker context is set as Textual sets it, and real threads block on events the test controls.
Nothing is timed: each test checks what has or has not finished when ``shutdown`` returns.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from concurrent.futures import Future
from types import SimpleNamespace
from typing import Any

import pytest
from textual.app import App
from textual.worker import active_worker

from rtc_tui.ui.quit_executor import READ_ONLY_GROUPS, QuitExecutor


def _submit_as(executor: QuitExecutor, group: str | None, gate: threading.Event) -> Future[str]:
    """Submit work that waits for ``gate``, from the context of a worker of ``group``."""

    def submit() -> Future[str]:
        if group is not None:
            active_worker.set(SimpleNamespace(group=group))  # type: ignore[arg-type]
        return executor.submit(lambda: gate.wait(30) and group or "none")

    return contextvars.copy_context().run(submit)


def test_shutdown_leaves_reading_work_running_and_its_thread_is_a_daemon() -> None:
    executor = QuitExecutor()
    gate = threading.Event()
    reading = _submit_as(executor, "reload", gate)
    executor.shutdown(wait=True)
    assert not reading.done()  # shutdown returned while the read still runs
    readers = [t for t in threading.enumerate() if t.name == "rtc-read"]
    assert readers
    assert all(t.daemon for t in readers)  # the interpreter will not join it at exit
    gate.set()
    assert reading.result(timeout=30) == "reload"


@pytest.mark.parametrize("group", ["trending-write", "checklist-write", "refresh", None])
def test_shutdown_waits_for_writing_work(group: str | None) -> None:
    executor = QuitExecutor()
    gate = threading.Event()
    writing = _submit_as(executor, group, gate)
    threading.Timer(0.2, gate.set).start()
    executor.shutdown(wait=True)
    assert writing.done()  # only returned once the write had finished
    assert writing.result() == (group or "none")


def test_no_work_is_taken_after_shutdown() -> None:
    executor = QuitExecutor()
    executor.shutdown(wait=True)
    with pytest.raises(RuntimeError):
        executor.submit(print)


def test_errors_reach_whoever_awaits_the_work() -> None:
    executor = QuitExecutor()

    def fail() -> None:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        executor.submit(fail).result(timeout=30)
    executor.shutdown(wait=True)


def test_the_reading_groups_are_groups_the_app_uses() -> None:
    # A renamed group would silently become "writing" (waited for): keep the list honest.
    from pathlib import Path

    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (Path(__file__).parents[2] / "rtc_tui" / "ui").rglob("*.py")
    )
    for group in READ_ONLY_GROUPS:
        assert f'group="{group}"' in source, group


async def test_the_app_runs_its_thread_workers_on_the_quit_executor() -> None:
    from rtc_tui.ui.app import RtcApp

    seen: dict[str, Any] = {}

    class Probe(App[None]):
        on_load = RtcApp.on_load

    app = Probe()
    async with app.run_test():
        seen["executor"] = asyncio.get_running_loop()._default_executor  # type: ignore[attr-defined]
    assert isinstance(seen["executor"], QuitExecutor)
