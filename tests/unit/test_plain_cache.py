"""Parsed YAML kept in the cache: given back exactly, or not kept; calendar packs read from it.

Each test has its own ``XDG_CACHE_HOME`` (tests/conftest.py), so the cache starts empty.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from rtc_tui import calendar_files, derived_cache
from rtc_tui.calendar_files import PACK_CACHE, decode_pack, read_pack, shipped_pack_path
from rtc_tui.core.calendar.packs import SHIPPED_PACKS
from rtc_tui.core.calendar.rules import CalendarError


def kept(name: str) -> list[Path]:
    return list((Path(os.environ["XDG_CACHE_HOME"]) / "rtc-tui").glob(f"{name}-*.msgpack"))


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, None, True, "x"], "b": {"c": ""}},
        {"day": date(2026, 11, 4), "days": [date(2024, 2, 29)]},
        {"at": datetime(2026, 11, 4, 9, 30), "utc": datetime(2026, 11, 4, 9, 30, tzinfo=UTC)},
        {1: "whole-number key", "1": "text key"},
        None,
        [],
    ],
)
def test_plain_values_come_back_as_they_were(value: Any) -> None:
    derived_cache.write_plain("plain", "d" * 64, value)
    found = derived_cache.read_plain("plain", "d" * 64)
    assert found == [value]
    assert repr(found[0]) == repr(value)  # the same types: a date stays a date


@pytest.mark.parametrize(
    "value",
    [{"pair": (1, 2)}, {"tags": {"a", "b"}}, {"when": date(2026, 1, 1), "odd": object()}],
)
def test_values_msgpack_cannot_give_back_are_not_kept(value: Any) -> None:
    derived_cache.write_plain("plain", "e" * 64, value)
    assert derived_cache.read_plain("plain", "e" * 64) is None
    assert kept("plain") == []


def test_another_key_reads_nothing() -> None:
    derived_cache.write_plain("plain", "f" * 64, {"a": 1})
    assert derived_cache.read_plain("plain", "0" * 64) is None


def test_a_damaged_file_reads_nothing() -> None:
    derived_cache.write_plain("plain", "f" * 64, {"a": 1})
    (path,) = kept("plain")
    path.write_bytes(path.read_bytes()[:-3])
    assert derived_cache.read_plain("plain", "f" * 64) is None


def test_the_shipped_packs_are_the_same_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = [read_pack(shipped_pack_path(n), expected_name=n) for n in SHIPPED_PACKS]
    assert len(kept(PACK_CACHE)) == len(SHIPPED_PACKS)

    def no_yaml(*_args: object) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr(calendar_files, "_compose", no_yaml)
    again = [read_pack(shipped_pack_path(n), expected_name=n) for n in SHIPPED_PACKS]
    assert again == parsed
    assert [len(p.moments) for p in again] == [len(p.moments) for p in parsed]


PACK = """\
pack: team
language: it
moments:
  - id: festa
    name: Festa del team
    rule: "03-14"
    tone: celebratory
"""


def test_an_edited_pack_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    first = decode_pack(PACK, str(path))
    assert first.moments[0].name == "Festa del team"
    edited = decode_pack(PACK.replace("Festa del team", "Compleanno"), str(path))
    assert edited.moments[0].name == "Compleanno"


def test_an_invalid_pack_is_reported_with_its_line_and_never_kept(tmp_path: Path) -> None:
    bad = PACK.replace("tone: celebratory", "tone: [celebratory]")
    for _ in range(2):
        with pytest.raises(CalendarError, match=r"team\.yaml:7: moments\[0\]\.tone"):
            decode_pack(bad, str(tmp_path / "team.yaml"))
    assert kept(PACK_CACHE) == []
