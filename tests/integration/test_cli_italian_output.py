"""The CLI's own output in Italian: events, drafts, a draft, the audit log, the doctor, a refusal.

The demo is seeded (through the real parsers) by an English session, so what the ranking and
the sources stored is English; an Italian ``rtc`` shows it in Italian, and an English one as it
was stored. Real subprocesses with ``LANG`` set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.desk.demo import seed_drafts
from rtc_tui.store import FileStore
from tests.conftest import FROZEN_NOW
from tests.integration.cli import rtc

ITALIAN = {"LANG": "it_IT.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

LEFT_IN_ENGLISH = re.compile(
    r"\b(sources|points|comments|uses|accounts today|searches|old|top of|draft_created|"
    r"title=|refused|thing\(s\)|missing|no problems found|event:|moment:|by giulia)\b"
)
"""English the Italian output must not carry (the feeds' own titles aside)."""


@pytest.fixture
def desk_args(tmp_path: Path) -> list[str]:
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    desk = Desk(Config(), FileStore(data), user="giulia", now=lambda: FROZEN_NOW, demo=True)
    desk.trending.seed_demo()
    seed_drafts(desk)
    return ["--data-dir", str(data), "--config", str(config)]


def _out(args: list[str], *more: str, env: dict[str, str], code: int = 0) -> str:
    result = rtc(*args, *more, env=env)
    assert result.returncode == code, result.stderr
    return result.stdout + result.stderr


def test_events_explain_their_score_in_the_language(desk_args: list[str]) -> None:
    italian = _out(["events", *desk_args], "--limit", "8", env=ITALIAN)
    assert re.search(r"\d+ fonti · \+\d+% in 1 h", italian), italian
    assert "utilizzi da" in italian or "punti" in italian or "ricerche" in italian
    explanations = [line for line in italian.splitlines() if line.startswith("          ")]
    assert explanations
    for line in explanations:
        assert LEFT_IN_ENGLISH.search(line) is None, line
    english = _out(["events", *desk_args], "--limit", "8", env=ENGLISH)
    assert re.search(r"\d+ sources · \+\d+% in 1 h", english), english


def test_drafts_a_draft_the_audit_log_and_the_doctor_in_italian(desk_args: list[str]) -> None:
    drafts = _out(["drafts", *desk_args], env=ITALIAN)
    assert re.search(r"#1\s+bozza\s", drafts), drafts
    assert "[evento: " in drafts
    assert "[momento: " in drafts
    shown = _out(["draft", "show", "1", *desk_args], env=ITALIAN)
    assert "(bozza, di giulia, r1)" in shown
    assert "origine: evento: " in shown
    audit = _out(["audit", *desk_args], env=ITALIAN)
    assert "bozza creata #1  titolo=" in audit
    verify = _out(["audit", "--verify", *desk_args], env=ITALIAN)
    assert "registro di audit integro: 2 voci" in verify
    doctor = _out(["doctor", *desk_args], env=ITALIAN)
    assert "nessun problema trovato" in doctor
    for text in (drafts, shown, audit, verify, doctor):
        assert LEFT_IN_ENGLISH.search(text) is None, text


def test_a_refused_export_says_what_is_missing_in_italian(desk_args: list[str]) -> None:
    refused = _out(["export", "1", "--format", "md", *desk_args], env=ITALIAN, code=1)
    assert "impossibile esportare: alla bozza 1 mancano 8 requisiti:" in refused
    assert LEFT_IN_ENGLISH.search(refused) is None, refused
    english = _out(["export", "1", "--format", "md", *desk_args], env=ENGLISH, code=1)
    assert "export refused: draft 1 has 8 things missing:" in english
