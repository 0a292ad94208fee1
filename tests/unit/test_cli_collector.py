"""The cycle collector is paused while a command starts, and runs for its work.

``rtc`` pauses it before the command runs (start-up allocates mostly what lives until the end:
walking it again and again cost ~8% of the imports) and turns it back on once the desk is built
(or, for the app, once the first rows are painted: tests/ui/test_first_paint.py), and in any
case when ``main`` returns, error or not.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.cli import main
from rtc_tui.desk import desk as desk_module
from rtc_tui.desk.calendar import CalendarService
from rtc_tui.desk.trending import TrendingService
from tests.httpserver import FeedServer


def test_paused_while_the_desk_is_built_running_for_the_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    states: list[tuple[str, bool]] = []
    real_init = desk_module.Desk.__init__
    real_agenda = CalendarService.agenda

    def init(self: desk_module.Desk, *args: Any, **kwargs: Any) -> None:
        states.append(("desk built", gc.isenabled()))
        real_init(self, *args, **kwargs)

    def agenda(self: CalendarService, *args: Any, **kwargs: Any) -> Any:
        states.append(("agenda", gc.isenabled()))
        return real_agenda(self, *args, **kwargs)

    monkeypatch.setattr(desk_module.Desk, "__init__", init)
    monkeypatch.setattr(CalendarService, "agenda", agenda)
    assert gc.isenabled()
    assert main(["moments", "--json", "--days", "7"]) == 0
    assert states == [("desk built", False), ("agenda", True)]
    assert gc.isenabled()
    assert capsys.readouterr().out.startswith("[")


def test_back_on_after_a_command_that_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", "show", "424242"]) != 0
    assert gc.isenabled()
    assert "424242" in capsys.readouterr().err


def test_paused_through_a_fetch_on_after_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``rtc fetch`` ends when its refresh does: the collector does not walk the refresh.

    A first fetch of 20 feeds is 2,000 events, their standings and index: collected again
    and again, 80-190 ms of the run (docs/storage.md). Back on when ``main`` returns.
    """
    states: list[bool] = []
    real_ingest = TrendingService._ingest

    def ingest(self: TrendingService, *args: Any, **kwargs: Any) -> Any:
        states.append(gc.isenabled())
        return real_ingest(self, *args, **kwargs)

    monkeypatch.setattr(TrendingService, "_ingest", ingest)
    with FeedServer() as server:
        config = tmp_path / "config.yaml"
        config.write_text(
            f"sources:\n  - {{name: News, type: rss, url: '{server.base}/feeds/rss2_ansa.xml'}}\n",
            encoding="utf-8",
        )
        code = main(["fetch", "--config", str(config), "--data-dir", str(tmp_path / "data")])
    assert code == 0
    assert states == [False]
    assert gc.isenabled()
    assert "5 new / 5" in capsys.readouterr().out
