"""``rtc checklist``, ``rtc review`` and ``rtc audit`` as real subprocesses on one data dir."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fakes.server import FakeServer, Reply
from tests.integration.cli import rtc

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        "sources: []\nteam:\n  members:\n"
        "    - {name: alice, role: editor}\n"
        "    - {name: bob, role: editor}\n"
        "    - {name: carol, role: approver}\n",
        encoding="utf-8",
    )
    return path


def as_user(user: str, config: Path, *args: str) -> list[str]:
    return [*args, "--user", user, "--config", str(config)]


def new_draft(config: Path) -> int:
    result = rtc(
        *as_user("alice", config, "draft", "new", "--title", "Finale", "--platform", "x", "-"),
        stdin="Che finale!",
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_a_scripted_flow_passes_the_gate_only_with_an_approvers_eyes(config: Path) -> None:
    draft = str(new_draft(config))
    ticks = [a for item in MANUAL for a in ("--tick", item)]
    done = rtc(*as_user("alice", config, "checklist", draft, *ticks, "--json"))
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout)
    assert state["author"] == "alice"
    assert [m["id"] for m in state["gate"]["missing"]] == ["second_eyes"]

    own = rtc(*as_user("alice", config, "checklist", draft, "--tick", "second_eyes"))
    assert own.returncode == 1
    assert own.stderr.strip().count("\n") == 0
    assert "only someone other than the author (alice) may tick second_eyes" in own.stderr
    editor = rtc(*as_user("bob", config, "checklist", draft, "--tick", "second_eyes"))
    assert editor.returncode == 1
    assert "bob is an editor: only an approver may tick second_eyes" in editor.stderr
    assert rtc(*as_user("alice", config, "export", draft, "--format", "md")).returncode == 1

    approver = rtc(*as_user("carol", config, "checklist", draft, "--tick", "second_eyes"))
    assert approver.returncode == 0, approver.stderr
    assert "ready to export" in approver.stdout
    assert "[x] second_eyes: Second pair of eyes — carol," in approver.stdout
    exported = rtc(*as_user("alice", config, "export", draft, "--format", "md"))
    assert exported.returncode == 0, exported.stderr


def test_review_request_lands_in_the_reviewers_queue(config: Path) -> None:
    draft = new_draft(config)
    refused = rtc(*as_user("alice", config, "review", "request", str(draft), "--to", "bob"))
    assert refused.returncode == 1
    assert "cannot ask bob: bob is an editor" in refused.stderr
    asked = rtc(*as_user("alice", config, "review", "request", str(draft), "--to", "carol"))
    assert asked.returncode == 0, asked.stderr
    assert "Review of #1 asked of carol" in asked.stdout

    queue = rtc(*as_user("carol", config, "review", "list", "--json"))
    assert queue.returncode == 0, queue.stderr
    [waiting] = json.loads(queue.stdout)
    assert {k: waiting[k] for k in ("draft", "title", "author", "by", "to")} == {
        "draft": draft,
        "title": "Finale",
        "author": "alice",
        "by": "alice",
        "to": "carol",
    }
    assert json.loads(rtc(*as_user("bob", config, "review", "list", "--json")).stdout) == []
    assert "Nothing waits" in rtc(*as_user("bob", config, "review", "list")).stdout
    everything = rtc(*as_user("bob", config, "review", "list", "--all"))
    assert "alice -> carol  Finale" in everything.stdout


def test_audit_lists_verifies_and_names_a_hand_edit(config: Path) -> None:
    draft = new_draft(config)
    rtc(*as_user("alice", config, "checklist", str(draft), "--tick", "timing"))
    rtc(*as_user("alice", config, "review", "request", str(draft)))
    listed = rtc(*as_user("alice", config, "audit", "--draft", str(draft), "--json"))
    assert listed.returncode == 0, listed.stderr
    records = json.loads(listed.stdout)
    assert [(r["action"], r["by"]) for r in records] == [
        ("draft_created", "alice"),
        ("tick", "alice"),
        ("status", "alice"),
        ("review_requested", "alice"),
    ]
    assert all(len(r["hash"]) == 64 for r in records)
    human = rtc(*as_user("alice", config, "audit"))
    assert "alice  ticked #1  content hash=" in human.stdout

    ok = rtc(*as_user("alice", config, "audit", "--verify"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [
        "audit log intact: 4 records",
        f"last hash: {records[-1]['hash']}",
    ]

    state = Path(os.environ["RTC_DATA_DIR"]) / "state.json"
    document = json.loads(state.read_text(encoding="utf-8"))
    document["audit"]["2"]["item"] = "facts"
    state.write_text(json.dumps(document), encoding="utf-8")
    broken = rtc(*as_user("alice", config, "audit", "--verify"))
    assert broken.returncode == 1
    assert broken.stderr.strip().count("\n") == 0
    assert broken.stderr.startswith("rtc: audit record 2 (")
    assert "tick by alice): its hash does not match its content (edited by hand)" in (broken.stderr)


def test_a_retired_team_mode_loads_with_one_warning_line(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("sources: []\nteam: {mode: true}\n", encoding="utf-8")
    result = rtc("drafts", "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"rtc: warning: {path}: team.mode is retired and ignored: the second pair of eyes and "
        "overrides always need someone other than the author now; a one-person desk sets "
        "team.solo: true\n"
    )


def test_a_review_request_reaches_the_teams_webhook(tmp_path: Path) -> None:
    with FakeServer(lambda _request: Reply(200, {"ok": True})) as server:
        config = tmp_path / "config.yaml"
        config.write_text(
            f"sources: []\nnotify:\n  webhooks:\n    - {server.base}/hook/T0K3N\n",
            encoding="utf-8",
        )
        draft = str(new_draft(config))
        asked = rtc(*as_user("alice", config, "review", "request", draft, "--to", "bob"))
        assert asked.returncode == 0, asked.stderr
        ticks = [a for item in MANUAL for a in ("--tick", item)]
        assert rtc(*as_user("alice", config, "checklist", draft, *ticks)).returncode == 0
        given = rtc(*as_user("bob", config, "checklist", draft, "--tick", "second_eyes"))
        assert given.returncode == 0, given.stderr
        texts = [r.json()["text"] for r in server.requests_to("/hook/T0K3N", "POST")]
    assert texts == ["[rtc] Review requested · draft #1 · by alice: Finale (asks bob)"]
