"""``rtc moments`` and ``rtc ics`` as real subprocesses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.integration.cli import rtc

GOOGLE_STYLE = (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20200517\r\n"
    "DTEND;VALUE=DATE:20200518\r\n"
    "RRULE:FREQ=YEARLY\r\n"
    "UID:brand-birthday@google.com\r\n"
    "SUMMARY:Compleanno del brand\r\n"
    "DESCRIPTION:Hashtags: #BrandDay\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=Europe/Rome:20260112T093000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
    "UID:standup@google.com\r\n"
    "SUMMARY:Riunione\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_moments_json_shape_and_filters(tmp_path: Path) -> None:
    result = rtc("moments", "--from", "2026-11-20", "--days", "15", "--region", "US", "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    by_id = {r["id"]: r for r in records}
    assert [
        by_id[k]["date"] for k in ("us.thanksgiving", "global.black-friday", "global.cyber-monday")
    ] == [
        "2026-11-26",
        "2026-11-27",
        "2026-11-30",
    ]
    assert "global.giving-tuesday" in by_id
    assert all(r["region"] == "global" or "US" in r["regions"] for r in records)
    assert by_id["global.black-friday"]["regions"] == ["US", "IT", "GB"]
    for record in records:
        assert {"name", "date", "region", "days_until", "tags", "tone", "prep"} <= set(record)
    thanksgiving, cyber = by_id["us.thanksgiving"], by_id["global.cyber-monday"]
    assert cyber["days_until"] - thanksgiving["days_until"] == 4
    assert thanksgiving["name"] == "Thanksgiving"
    assert thanksgiving["tags"] == ["family", "food", "federal-holiday"]


def test_moments_uk_is_gb_and_names_are_in_the_chosen_language() -> None:
    uk = json.loads(
        rtc("moments", "--from", "2026-03-01", "--days", "31", "--region", "UK", "--json").stdout
    )
    assert "gb.mothering-sunday" in {r["id"] for r in uk}
    window = ("moments", "--from", "2026-05-01", "--days", "31", "--region", "IT", "--json")
    it = json.loads(rtc(*window, "--lang", "it").stdout)
    names = {r["id"]: r["name"] for r in it}
    assert names["it.festa-della-mamma"] == "Festa della mamma"
    assert names["it.festa-dei-lavoratori"] == "Festa dei lavoratori"
    assert {r["language"] for r in it} == {"it"}
    en = json.loads(rtc(*window, "--lang", "en").stdout)
    assert {r["id"]: r["name"] for r in en}["it.festa-della-mamma"] == "Mother's Day (Italy)"
    by_locale = json.loads(rtc(*window, env={"LANG": "it_IT.UTF-8"}).stdout)
    assert by_locale == it
    configured = rtc(*window, env={"LANG": "it_IT.UTF-8", "LC_ALL": "en_GB.UTF-8"})
    assert json.loads(configured.stdout) == en


def test_twins_show_once_in_the_readers_language() -> None:
    window = ("moments", "--from", "2027-01-27", "--days", "1", "--region", "IT", "--json")
    (memoria,) = json.loads(rtc(*window, "--lang", "it").stdout)
    assert (memoria["id"], memoria["name"]) == (
        "global.holocaust-remembrance-day",
        "Giorno della Memoria",
    )
    assert memoria["hashtags"] == ["#GiornoDellaMemoria"]
    assert memoria["tone"] == "solemn"


def test_an_unannounced_edition_shows_as_date_to_confirm() -> None:
    window = ("moments", "--from", "2027-02-23", "--days", "1", "--region", "IT")
    (record,) = json.loads(rtc(*window, "--json").stdout)
    assert (record["id"], record["to_confirm"]) == ("it.festival-di-sanremo", True)
    text = rtc(*window).stdout
    assert text[2:].startswith("Tue 2027-02-23")
    assert "Sanremo Music Festival (date to confirm)" in text


def test_moments_text_output_marks_solemn_days() -> None:
    result = rtc("moments", "--from", "2026-09-10", "--days", "3", "--region", "US")
    assert result.returncode == 0
    line = next(x for x in result.stdout.splitlines() if "September 11" in x)
    assert line.startswith("~ Fri 2026-09-11")
    assert "solemn" in line


def test_moments_bad_region_is_exit_2_one_line() -> None:
    result = rtc("moments", "--region", "Italia")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "rtc: --region: region 'Italia' is not a two-letter ISO country code (IT, US, GB)"
    ]


def test_invalid_user_moment_in_config_names_file_and_moment(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "calendar:\n  moments:\n"
        "    - {id: launch, name: Launch, rule: {nth: 9, weekday: mon, month: 5}}\n",
    )
    result = rtc("--config", str(config), "moments")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"rtc: {config}: moment 'launch': rule: nth must be 1-5 or last, not 9"
    )
    assert "Traceback" not in result.stderr


def test_user_moments_and_packs_from_config(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "calendar:\n"
        "  packs: [it]\n"
        "  regions: [IT]\n"
        "  holidays: []\n"
        "  moments:\n"
        "    - {id: launch, name: Lancio, rule: '09-15', regions: [IT], lead_days: 30}\n",
    )
    result = rtc(
        "--config", str(config), "moments", "--from", "2026-09-01", "--days", "30", "--json"
    )
    assert result.returncode == 0, result.stderr
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert ids == ["it.rientro-a-scuola", "user.launch"]


def test_ics_export_then_import_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    # Every Italian holiday is a pack moment's row; US holidays without a moment are their own.
    both = _config(tmp_path, "calendar:\n  regions: [IT, US]\n  holidays: [IT, US]\n")
    exported = rtc("--config", str(both), "ics", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert exported.stdout.startswith(f"exported {data.count(b'BEGIN:VEVENT')} moments to {out}")
    to_stdout = rtc("--config", str(both), "ics", "export")
    assert to_stdout.stdout.count("BEGIN:VEVENT") == data.count(b"BEGIN:VEVENT")
    # Shipped packs always load (for cross-pack rules), so re-importing our own export
    # duplicates nothing; public holidays of countries not configured come in as moments.
    ids = {
        line.split(":", 1)[1]
        for line in data.decode().split("\r\n")
        if line.startswith("X-RTC-ID:")
    }
    holidays = {i for i in ids if i.startswith("holiday.")}
    assert holidays
    bare = _config(tmp_path, "calendar:\n  holidays: []\n")
    other = tmp_path / "other"
    imported = rtc("--config", str(bare), "--data-dir", str(other), "ics", "import", str(out))
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert (
        lines[0] == f"imported {len(holidays)} moments from {out} ({len(holidays)} new, 0 updated)"
    )
    assert lines[1].startswith(f"{len(ids) - len(holidays)} already in the calendar")
    again = rtc("--config", str(bare), "--data-dir", str(other), "ics", "import", str(out))
    assert again.stdout.splitlines()[0].endswith(f"(0 new, {len(holidays)} updated)")


def test_ics_import_google_file_and_list_it(tmp_path: Path) -> None:
    path = tmp_path / "google.ics"
    path.write_text(GOOGLE_STYLE, encoding="utf-8")
    result = rtc("ics", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"imported 1 moment from {path} (1 new, 0 updated)"
    assert "Riunione: repeats weekly, not yearly" in result.stdout
    year = date.today().year + 1
    listed = json.loads(rtc("moments", "--from", f"{year}-05-17", "--days", "1", "--json").stdout)
    mine = [r for r in listed if r["origin"] == "ics"]
    assert [(r["name"], r["hashtags"]) for r in mine] == [("Compleanno del brand", ["#BrandDay"])]
    again = rtc("ics", "import", str(path))
    assert "(0 new, 1 updated)" in again.stdout


def test_ics_import_bad_file_is_exit_2_and_imports_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.ics"
    good.write_text(GOOGLE_STYLE, encoding="utf-8")
    bad = tmp_path / "bad.ics"
    bad.write_text(
        GOOGLE_STYLE.replace("END:VCALENDAR\r\n", "")
        + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Senza data\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    result = rtc("ics", "import", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"rtc: {bad}:")
    assert "'Senza data': event has no DTSTART" in lines[0]
    listed = json.loads(rtc("moments", "--from", "2027-05-17", "--days", "1", "--json").stdout)
    assert [r for r in listed if r["origin"] == "ics"] == []
    missing = rtc("ics", "import", str(tmp_path / "nope.ics"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"rtc: {tmp_path / 'nope.ics'}: no such file"


def test_draft_new_for_a_moment(tmp_path: Path) -> None:
    created = rtc("draft", "new", "--moment", "Festa della mamma", "--json")
    assert created.returncode == 0, created.stderr
    record = json.loads(created.stdout)
    assert record["origin"]["kind"] == "moment"
    assert record["origin"]["ref"] == "it.festa-della-mamma"
    assert record["origin"]["tone"] == "celebratory"
    unknown = rtc("draft", "new", "--moment", "Festa inventata")
    assert unknown.returncode == 2
    assert "no moment named 'Festa inventata'" in unknown.stderr
