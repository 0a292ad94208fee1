"""A desk for two or more people in tmux: one data dir, one offline config, names by ``--user``."""

from __future__ import annotations

from pathlib import Path

from rtc_tui.store import FileStore


def offline_desk(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir (already created) and a config with no sources, so nothing goes online."""
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    FileStore(data)
    return data, config


def user_args(data: Path, config: Path, user: str) -> list[str]:
    """The ``rtc`` arguments for ``user`` working on that desk."""
    return ["--data-dir", str(data), "--config", str(config), "--user", user]
