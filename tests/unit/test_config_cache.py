"""The config file from the cache: the same config, used only while exact, errors from the file.

Each test has its own ``XDG_CACHE_HOME`` (tests/conftest.py), so the cache starts empty. A
cached config is told apart from a freshly read one by planting, under the current key, values
the file does not hold: they come back while the file and the code are unchanged, never after.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from rtc_tui import config_cache, derived_cache, schema
from rtc_tui.config import Config, ConfigError, load_config
from rtc_tui.lazy_module import LazyModule

CONFIG = """\
user: alice
language: it
sources:
  - name: Ansa
    type: rss
    url: https://www.ansa.it/sito/ansait_rss.xml
    every: 5m
trending:
  max_events: 800
brand:
  keywords: [pasta, "no"]
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def cache_files() -> list[Path]:
    return list((Path(os.environ["XDG_CACHE_HOME"]) / "rtc-tui").glob("config-*.msgpack"))


def plant(path: Path, plain: object) -> None:
    """Keep ``plain`` as the cached values of ``path`` under its current key."""
    derived_cache.write_plain(config_cache.NAME, config_cache.config_key(path).digest(), plain)


def test_the_cached_config_is_the_config_the_file_gives(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", CONFIG)
    first = load_config(path)
    assert len(cache_files()) == 1
    again = load_config(path)
    assert again == first
    assert again.sources[0].every == 300.0  # the duration, decoded again
    assert isinstance(again.sources[0].every, schema.Duration)
    assert again.brand.keywords == ("pasta", "no")  # the quoted "no" stays text
    assert again.path == path


def test_a_cached_config_is_read_without_the_yaml_file_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "config.yaml", CONFIG)
    expected = load_config(path)

    def no_yaml(*_args: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(schema, "compose_yaml", no_yaml)
    assert load_config(path) == expected


def test_planted_values_come_back_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", CONFIG)
    load_config(path)
    plant(path, {"user": "planted"})
    assert load_config(path).user == "planted"
    # The same size, the same second: only the bytes tell the edit.
    stat = path.stat()
    write(path, CONFIG.replace("alice", "bruno"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_config(path).user == "bruno"


def test_the_same_bytes_elsewhere_are_another_file(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", CONFIG)
    load_config(first)
    plant(first, {"user": "planted"})
    second = write(tmp_path / "b.yaml", CONFIG)
    assert load_config(second).user == "alice"


def test_an_invalid_edit_is_reported_from_the_file_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", CONFIG)
    load_config(path)
    write(path, CONFIG.replace("every: 5m", "every: soon"))
    with pytest.raises(ConfigError, match=r"config\.yaml:7: sources\[0\]\.every: .*duration"):
        load_config(path)


def test_an_invalid_file_is_never_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", CONFIG.replace("max_events: 800", "max_events: -1"))
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"config\.yaml:9: trending\.max_events"):
            load_config(path)
    assert cache_files() == []


def test_cached_values_that_no_longer_validate_send_it_back_to_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", CONFIG)
    load_config(path)
    plant(path, {"trending": {"max_events": "many"}})
    assert load_config(path).trending.max_events == 800


def test_an_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = write(tmp_path / "config.yaml", CONFIG)
    assert load_config(path) == load_config(path)
    assert load_config(path).user == "alice"


def test_an_empty_config_file_is_the_defaults_from_the_cache_too(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", "")
    assert load_config(path) == load_config(path) == Config(path=path)


def test_a_lazy_module_is_imported_when_first_read() -> None:
    name = "tests.unit.lazy_target_never_imported"
    assert name not in sys.modules
    lazy = LazyModule("json")
    assert "json" in repr(lazy)
    assert lazy.dumps([1]) == "[1]"
    assert lazy.dumps is sys.modules["json"].dumps  # kept: the next read is plain
    with pytest.raises(ModuleNotFoundError):
        _ = LazyModule(name).anything
