"""The command line in Italian and English: chosen by the config, else the locale."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.cli import rtc

ITALIAN = {"LANG": "it_IT.UTF-8"}


def test_help_follows_the_locale() -> None:
    italian = rtc("--help", env=ITALIAN)
    assert italian.returncode == 0
    assert italian.stdout.startswith("uso: rtc")
    assert "opzioni:" in italian.stdout
    assert "mostra questo aiuto ed esce" in italian.stdout
    assert "i prossimi momenti pianificati (agenda)" in italian.stdout
    english = rtc("--help")
    assert english.stdout.startswith("usage: rtc")
    assert "planned moments coming up (agenda)" in english.stdout


def test_usage_errors_are_in_the_chosen_language() -> None:
    result = rtc("moments", "--days", "many", env=ITALIAN)
    assert result.returncode == 2
    assert "atteso un numero di giorni, non 'many'" in result.stderr
    assert "errore:" in result.stderr


def test_the_config_language_wins_over_the_locale(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("language: it\n", encoding="utf-8")
    result = rtc("--config", str(config), "moments", "--from", "2026-12-24", "--days", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0][2:].startswith("ven 2026-12-25")
    assert "Natale (festività: Natale)" not in result.stdout  # same name: said once
    assert any("Natale" in line and "nessuna bozza" in line for line in lines)
    assert any(line[2:].startswith("sab 2026-12-26") and "Santo Stefano" in line for line in lines)
    bad = tmp_path / "bad.yaml"
    bad.write_text("language: fr\n", encoding="utf-8")
    refused = rtc("--config", str(bad), "moments")
    assert refused.returncode == 2
    assert str(bad) in refused.stderr


def test_moments_text_in_italian_and_english() -> None:
    window = ("moments", "--from", "2027-02-23", "--days", "1", "--region", "IT")
    italian = rtc(*window, "--lang", "it").stdout
    assert italian[2:].startswith("mar 2027-02-23")
    assert "Festival di Sanremo (data da confermare)" in italian
    english = rtc(*window, "--lang", "en").stdout
    assert english[2:].startswith("Tue 2027-02-23")
    assert "Sanremo Music Festival (date to confirm)" in english
    records = json.loads(rtc(*window, "--lang", "it", "--json").stdout)
    assert [(r["id"], r["name"], r["language"]) for r in records] == [
        ("it.festival-di-sanremo", "Festival di Sanremo", "it")
    ]
