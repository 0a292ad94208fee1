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


def test_store_copy_counts_in_italian_and_english(tmp_path: Path) -> None:
    _seeded(tmp_path / "source")
    english = rtc(
        "store",
        "copy",
        "--from",
        str(tmp_path / "source"),
        "--to",
        str(tmp_path / "b"),
        env=ENGLISH,
    )
    assert english.returncode == 0, english.stderr
    assert "(s)" not in english.stdout
    assert "2 drafts, " in english.stdout
    assert "1 record, " in english.stdout
    assert "0 posts " in english.stdout
    italian = rtc(
        "store",
        "copy",
        "--from",
        str(tmp_path / "source"),
        "--to",
        str(tmp_path / "c"),
        env=ITALIAN,
    )
    assert italian.returncode == 0, italian.stderr
    out = italian.stdout
    assert "(s)" not in out
    assert "2 bozze, " in out
    assert "1 record, " in out
    assert "voci del registro" in out
    assert "riletti, sono uguali" in out
    assert "draft" not in out
