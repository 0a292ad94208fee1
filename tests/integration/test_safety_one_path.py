"""The gate, the checklist and ``rtc check`` show the same findings for the same text and event.

One code path (:func:`rtc_tui.core.safety.engine.check_texts`) serves all three: this test
proves it end to end, with the CLI as a real subprocess on the same data dir as the desk.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtc_tui.config import Config
from rtc_tui.core.models import Event
from rtc_tui.desk import Desk, RefusedError
from rtc_tui.desk.safety_data import lexicon_for
from rtc_tui.store import FileStore
from tests.integration.cli import rtc

NOW = datetime(2026, 3, 8, 9, 30, tzinfo=UTC)
"""Women's Day 2026: the day rules apply to the draft, the checklist and the CLI alike."""

CASES = [
    ("Terremoto in Calabria: crolli e sfollati", "Anche noi tremiamo per i prezzi! Sconto 20%"),
    ("Sanremo, la finale: vince Olly", "Che terremoto di emozioni! 🎤"),
    ("Festa della donna in piazza", "Auguri! Per voi uno sconto sui detersivi"),
    ("Italia-Spagna stasera", "Scommetti sugli Azzurri con la quota maggiorata! bit.ly/x"),
]


def open_desk(data_dir: Path) -> Desk:
    return Desk(Config(), FileStore(data_dir), user="alice", now=lambda: NOW)


@pytest.mark.parametrize(("headline", "text"), CASES)
def test_gate_checklist_and_cli_agree(tmp_path: Path, headline: str, text: str) -> None:
    data_dir = Path(os.environ["RTC_DATA_DIR"])
    desk = open_desk(data_dir)
    event = Event(
        id="ev1",
        source="ANSA",
        title=headline,
        first_seen=NOW - timedelta(minutes=5),
        last_seen=NOW,
        sensitivity=lexicon_for(desk.config).classify(headline),
    )
    desk.store.events.merge(lambda _current: [event])
    draft = desk.drafts.new(event_id="ev1", text=text, platforms=["x"])

    checklist = [f.to_dict() for f in desk.checklist.check(draft.id).report.findings]

    post = tmp_path / "post.txt"
    post.write_text(text, encoding="utf-8")
    cli = rtc(
        "check", str(post), "--event", headline, "--platform", "x", "--json",
        "--date", NOW.date().isoformat(),
    )  # fmt: skip
    assert cli.returncode in (0, 1), cli.stderr
    assert json.loads(cli.stdout)["findings"] == checklist

    blocking = [f["severity"] == "block" for f in checklist]
    if any(blocking):
        with pytest.raises(RefusedError) as refused:
            desk.exports.export(draft.id, "md")
        for finding in desk.checklist.check(draft.id).report.blocking:
            assert finding.key in str(refused.value)
    assert checklist, "every case has something to say"
