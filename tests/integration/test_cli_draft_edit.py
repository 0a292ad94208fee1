"""``rtc draft edit``: on top of the latest, or refused (exit 1, nothing written) when stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.integration.cli import rtc


def _new(text: str) -> int:
    created = rtc("draft", "new", "--title", "Finale", "-", stdin=text)
    assert created.returncode == 0, created.stderr
    return int(created.stdout)


def _drafts_file() -> Path:
    return Path(os.environ["RTC_DATA_DIR"]) / "drafts.json"


def test_edit_without_a_revision_goes_on_top_and_prints_the_new_revision() -> None:
    draft_id = _new("Che finale!\n")
    edited = rtc("draft", "edit", str(draft_id), "-", "--user", "bob", stdin="Che partita!\n")
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout == "2\n"
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert shown["text"] == "Che partita!"
    assert [(r["number"], r["author"]) for r in shown["revisions"]][-1] == (2, "bob")


def test_a_stale_expected_revision_exits_1_naming_the_revision_and_author(
    tmp_path: Path,
) -> None:
    draft_id = _new("base")
    text = tmp_path / "mine.txt"
    text.write_text("bob's words\n", encoding="utf-8")
    bob = rtc("draft", "edit", str(draft_id), str(text), "--expect-revision", "1", "--user", "bob")
    assert bob.returncode == 0, bob.stderr
    before = _drafts_file().read_bytes()
    stale = rtc(
        "draft",
        "edit",
        str(draft_id),
        "-",
        "--expect-revision",
        "1",
        "--user",
        "alice",
        stdin="alice's words",
    )
    assert stale.returncode == 1
    assert stale.stdout == ""
    [line] = stale.stderr.splitlines()
    assert line.startswith(f"rtc: draft {draft_id} is at revision 2 (saved by bob at ")
    assert line.endswith("not 1: nothing was written")
    assert _drafts_file().read_bytes() == before


def test_title_only_with_json_prints_the_whole_record() -> None:
    draft_id = _new("testo")
    edited = rtc("draft", "edit", str(draft_id), "--title", "Nuovo", "--json")
    assert edited.returncode == 0, edited.stderr
    record = json.loads(edited.stdout)
    assert (record["id"], record["title"], record["text"]) == (draft_id, "Nuovo", "testo")
    assert len(record["revisions"]) == 1


def test_bad_edits_exit_2_with_one_line() -> None:
    draft_id = _new("testo")
    nothing = rtc("draft", "edit", str(draft_id))
    assert nothing.returncode == 2
    assert nothing.stderr.strip() == (
        "rtc: rtc draft edit: nothing to change (give FILE, - or --title)"
    )
    missing = rtc("draft", "edit", "99", "-", stdin="x")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "rtc: no draft with id 99"
    no_file = rtc("draft", "edit", str(draft_id), "nowhere.txt")
    assert no_file.returncode == 2
    assert "nowhere.txt: no such file" in no_file.stderr
    assert "Traceback" not in no_file.stderr + missing.stderr + nothing.stderr
