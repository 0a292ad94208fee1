"""Issue #13: the demo's exports outlive it, and ``--demo --data-dir`` is never ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from rtc_tui.config import Config, ExportConfig
from rtc_tui.desk.demo import DEMO_EXPORTS, demo_config, demo_session
from tests.integration.cli import rtc

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


def test_demo_with_data_dir_is_one_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "mine"
    result = rtc("--demo", "--data-dir", str(data), "drafts")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"--demo runs on a temporary copy of the demo data, not --data-dir {data}" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not data.exists()


def test_demo_exports_land_in_the_current_directory_and_survive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with demo_session(Config(), user="giulia") as desk:
        demo_dir = desk.data_dir
        draft = desk.drafts.new(title="Neve", text="Che neve!", platforms=["x"])
        for item in (*MANUAL, "second_eyes"):  # the demo is a solo desk: a self-review
            desk.checklist.tick(draft.id, item)
        result = desk.exports.export(draft.id, "md")
    assert not demo_dir.exists()  # the demo's own data is gone...
    written = Path(result.target)
    assert written == tmp_path / DEMO_EXPORTS / f"draft-{draft.id}.md"
    assert "Che neve!" in written.read_text(encoding="utf-8")  # ...its export is not


def test_a_configured_export_dir_wins_in_the_demo(tmp_path: Path) -> None:
    config = Config(export=ExportConfig(dir=str(tmp_path / "team-exports")))
    assert demo_config(config) is config
    assert demo_config(Config(), cwd=tmp_path).export.dir == str(tmp_path / DEMO_EXPORTS)
