"""Hostile input from outside (a config, a calendar file) ends in one line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.cli import rtc


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def _calendar(count: int, summary: str) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\nUID:{n}@test\nSUMMARY:{summary} {n}\nDTSTART;VALUE=DATE:20261201\n"
        "END:VEVENT\n"
        for n in range(count)
    )
    return _crlf(f"BEGIN:VCALENDAR\nVERSION:2.0\n{events}END:VCALENDAR")


def test_a_python_tag_in_the_config_is_one_line_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"user: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = rtc("drafts", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"rtc: {config}:1: user: ")
    assert not marker.exists()
    name = tmp_path / "name.yaml"
    name.write_text("user: !!python/name:os.system\n", encoding="utf-8")
    second = rtc("drafts", "--config", str(name))
    assert second.returncode == 2
    assert "Traceback" not in second.stderr
    assert "python/name:os.system" in second.stderr


def test_an_out_of_range_number_in_the_config_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("calendar:\n  days: 99999999999\n", encoding="utf-8")
    result = rtc("moments", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == f"rtc: {config}:2: calendar.days: expected `int` <= 3660"


def test_an_ics_import_is_capped_and_cleaned(tmp_path: Path) -> None:
    big = tmp_path / "big.ics"
    big.write_bytes(_calendar(2001, "Giorno"))
    refused = rtc("ics", "import", str(big))
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith(f"rtc: {big}: 2001 events, more than the 2000")
    assert not (Path(tmp_path / "data") / "state.json").exists() or "Giorno" not in (
        tmp_path / "data" / "state.json"
    ).read_text(encoding="utf-8")

    config = tmp_path / "config.yaml"
    config.write_text("calendar:\n  ics_max_events: 3\n", encoding="utf-8")
    five = tmp_path / "five.ics"
    five.write_bytes(_calendar(5, "Giorno"))
    capped = rtc("ics", "import", str(five), "--config", str(config))
    assert capped.returncode == 2
    assert "5 events, more than the 3" in capped.stderr

    few = tmp_path / "few.ics"
    few.write_bytes(_calendar(2, "\u202eavaj\u200b Day"))
    done = rtc("ics", "import", str(few))
    assert done.returncode == 0, done.stderr
    moments = json.loads(
        rtc("moments", "--from", "2026-11-30", "--days", "5", "--region", "IT", "--json").stdout
    )
    names = [m["name"] for m in moments if "Day" in m["name"]]
    assert names == ["avaj Day 0", "avaj Day 1"]
    listed = rtc("moments", "--from", "2026-11-30", "--days", "5")
    assert "\u202e" not in listed.stdout
    assert "\u200b" not in listed.stdout
