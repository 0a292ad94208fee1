"""Counts in the CLI's output take the proper singular or plural in Italian (no ``post(s)``).

Real subprocesses with ``LANG`` set, on real file stores.
"""

from __future__ import annotations

from pathlib import Path

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.desk.demo import seed_drafts
from rtc_tui.store import FileStore
from tests.conftest import FROZEN_NOW
from tests.integration.cli import rtc
from tests.integration.test_cli_italian_output import ENGLISH, ITALIAN


def _seeded(data: Path) -> None:
    desk = Desk(Config(), FileStore(data), user="giulia", now=lambda: FROZEN_NOW, demo=True)
    desk.trending.seed_demo()
    seed_drafts(desk)


def _copy(source: Path, target: Path, env: dict[str, str]) -> str:
    """``rtc store copy`` from ``source`` into a new ``target``; its output."""
    result = rtc("store", "copy", "--from", str(source), "--to", str(target), env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_store_copy_counts_in_italian_and_english(tmp_path: Path) -> None:
    _seeded(tmp_path / "source")
    english = _copy(tmp_path / "source", tmp_path / "b", ENGLISH)
    assert "(s)" not in english
    assert "2 drafts, " in english
    assert "1 record, " in english
    assert "0 posts " in english
    out = _copy(tmp_path / "source", tmp_path / "c", ITALIAN)
    assert "(s)" not in out
    assert "2 bozze, " in out
    assert "1 record, " in out
    assert "voci del registro" in out
    assert "riletti, sono uguali" in out
    assert "draft" not in out
