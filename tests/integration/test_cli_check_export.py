"""``rtc check`` and ``rtc export`` as real subprocesses, with a real webhook on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.safety_files.checklist import load_template
from rtc_tui.store import FileStore
from tests.integration.cli import rtc

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


class WebhookServer:
    """A tiny HTTP server recording every POST: ``/hook`` answers 200, ``/fail`` 500."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                server.received.append((self.path, dict(self.headers), body))
                status = 200 if self.path.startswith("/hook") else 500
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"boom")

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> WebhookServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def webhook() -> Iterator[WebhookServer]:
    with WebhookServer() as server:
        yield server


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["RTC_DATA_DIR"])


def local_desk(data_dir: Path, user: str = "reviewer") -> Desk:
    """The same data dir the subprocesses use, opened in this process to tick items."""
    return Desk(Config(), FileStore(data_dir), user=user)


def new_draft(text: str, *platforms: str, title: str = "Finale") -> int:
    args = ["draft", "new", "--title", title]
    for platform in platforms or ("x",):
        args += ["--platform", platform]
    result = rtc(*args, "-", stdin=text)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def tick_everything(data_dir: Path, draft_id: int) -> None:
    """Every manual item and the second pair of eyes, by "reviewer" (not the author)."""
    desk = local_desk(data_dir)
    for item_id in (*MANUAL, "second_eyes"):
        desk.checklist.tick(draft_id, item_id)
    assert desk.checklist.check(draft_id).gate.passed


# -- rtc check ---------------------------------------------------------------------------


def test_check_safe_text_is_ok_with_the_json_contract() -> None:
    result = rtc(
        "check", "--platform", "x", "--json", "-", stdin="Italia campione! Pizza per tutti"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "verdict": "ok",
        "platforms": {"x": {"length": 32, "limit": 280, "ok": True}},
        "findings": [],
    }


def test_check_blocking_text_exits_1() -> None:
    result = rtc("check", "--platform", "x", "--json", stdin="Tre morti in autostrada")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "block"
    (finding,) = data["findings"]
    assert finding == {
        "severity": "block",
        "category": "death_injury_military_conflict",
        "match": "morti",
        "where": "text",
        "family": "death",
        "span": [4, 9],
        "message": finding["message"],
    }
    assert finding["message"].startswith("«morti» Death: ")


def test_check_inherits_the_event_and_reads_a_file(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("#WhyIStayed You had pizza.\n", encoding="utf-8")
    event = "#WhyIStayed: survivors of domestic violence explain why they stayed"
    result = rtc("check", str(post), "--event", event, "--platform", "x", "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    contract = [{k: f[k] for k in ("severity", "category", "match", "where")} for f in findings]
    assert {
        "severity": "block",
        "category": "sensitive_social_issues",
        "match": "domestic violence",
        "where": "event",
    } in contract


def test_check_human_output_and_default_platforms() -> None:
    result = rtc(
        "check",
        stdin="Oggi 20% di sconto!",
    )
    assert result.returncode == 0
    assert result.stdout.startswith("verdict: ok")
    assert "X 19/280" in result.stdout
    assert "Instagram 19/2200" in result.stdout


def test_check_over_the_limit_blocks() -> None:
    result = rtc("check", "--platform", "bluesky", "--json", stdin="Pizza! " * 50)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["platforms"]["bluesky"]["ok"] is False
    assert data["findings"][0]["category"] == "platform_fit"


def test_check_missing_file_is_exit_2_one_line(tmp_path: Path) -> None:
    result = rtc("check", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nope.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


# -- rtc export ----------------------------------------------------------------------------


def test_export_is_refused_with_everything_missing_then_written_when_ticked(data_dir: Path) -> None:
    draft_id = new_draft("Italia campione! Stasera pizza tricolore per tutti", "x", "mastodon")
    refused = rtc("export", str(draft_id), "--format", "md")
    assert refused.returncode == 1
    labels = [item.label for item in load_template().items if item.id in MANUAL]
    for item_id, label in zip(MANUAL, labels, strict=True):
        assert f"{item_id}: {label} (not ticked)" in refused.stderr
    assert not (data_dir / "exports").exists()

    tick_everything(data_dir, draft_id)
    done = rtc("export", str(draft_id), "--format", "md")
    assert done.returncode == 0, done.stderr
    path = data_dir / "exports" / "draft-1.md"
    assert str(path) in done.stdout
    brief = path.read_text(encoding="utf-8")
    assert "> Italia campione! Stasera pizza tricolore per tutti" in brief
    assert "[x] Timing is right — reviewer," in brief

    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert shown["status"] == "exported"
    assert [(e["format"], e["target"]) for e in shown["exports"]] == [("md", str(path))]
    audit = FileStore(data_dir).state.audit_log()
    assert [a["action"] for a in audit if a["action"] == "export"] == ["export"]


def test_an_edit_makes_ticks_stale_and_export_is_refused_again(data_dir: Path) -> None:
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    assert rtc("export", str(draft_id), "--format", "txt").returncode == 0
    local_desk(data_dir).drafts.save(draft_id, text="Che finale, ragazzi!")
    refused = rtc("export", str(draft_id), "--format", "md")
    assert refused.returncode == 1
    assert "timing: Timing is right (stale: ticked before the last edit)" in refused.stderr


def test_existing_files_are_never_overwritten(data_dir: Path, tmp_path: Path) -> None:
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    first = rtc("export", str(draft_id), "--format", "json")
    second = rtc("export", str(draft_id), "--format", "json")
    assert first.returncode == second.returncode == 0
    names = sorted(p.name for p in (data_dir / "exports").iterdir())
    assert names == ["draft-1-2.json", "draft-1.json"]

    taken = tmp_path / "mine.md"
    taken.write_text("keep me", encoding="utf-8")
    clash = rtc("export", str(draft_id), "--format", "md", "--out", str(taken))
    assert clash.returncode == 1
    assert "already exists" in clash.stderr
    assert taken.read_text(encoding="utf-8") == "keep me"

    folder = tmp_path / "out"
    folder.mkdir()
    into = rtc("export", str(draft_id), "--format", "md", "--out", str(folder))
    assert into.returncode == 0
    assert (folder / "draft-1.md").exists()


def test_title_cannot_escape_the_exports_folder(data_dir: Path, tmp_path: Path) -> None:
    draft_id = new_draft("Ciao", title="../../../evil")
    tick_everything(data_dir, draft_id)
    result = rtc("export", str(draft_id), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert (data_dir / "exports" / "draft-1.md").exists()
    assert not list(tmp_path.rglob("*evil*"))


def test_csv_exports_are_one_file_per_platform_variant(data_dir: Path) -> None:
    draft_id = new_draft("Forza azzurri, tutti davanti alla TV", "x", "threads")
    tick_everything(data_dir, draft_id)
    # Several files cannot go to standard output: one line, exit 2, nothing written.
    refused = rtc("export", str(draft_id), "--format", "csv-buffer", "--out", "-")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "one file per platform (x, threads)" in refused.stderr
    assert not (data_dir / "exports").exists()
    one = rtc("export", str(draft_id), "--format", "csv-buffer", "--platform", "x", "--out", "-")
    assert one.returncode == 0, one.stderr
    rows = list(csv.reader(io.StringIO(one.stdout)))
    assert rows == [
        ["Text", "Image URL", "Tags", "Posting Time"],
        ["Forza azzurri, tutti davanti alla TV", "", "", ""],
    ]
    hootsuite = rtc("export", str(draft_id), "--format", "csv-hootsuite")
    assert hootsuite.returncode == 0
    assert hootsuite.stdout.count("exported as csv-hootsuite") == 2
    for platform in ("x", "threads"):
        path = data_dir / "exports" / f"draft-1-{platform}-hootsuite.csv"
        assert list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))) == [
            ["", "Forza azzurri, tutti davanti alla TV", ""]
        ]
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert [e["format"] for e in shown["exports"]] == ["csv-buffer"] + ["csv-hootsuite"] * 2


def test_blocking_finding_refuses_until_overridden_with_a_reason(data_dir: Path) -> None:
    draft_id = new_draft("Sparatoria in centro stasera!")
    desk = local_desk(data_dir)
    for item_id in (*MANUAL, "second_eyes"):
        desk.checklist.tick(draft_id, item_id)
    assert not desk.checklist.check(draft_id).gate.passed
    refused = rtc("export", str(draft_id), "--format", "md")
    assert refused.returncode == 1
    key = "text:crime_harmful_acts:sparatoria"
    assert (
        f"{key}: Crime & harmful acts to individuals and society: sparatoria (text)"
        in refused.stderr
    )
    local_desk(data_dir).checklist.override(draft_id, key, "Football idiom for many goals")
    assert rtc("export", str(draft_id), "--format", "md").returncode == 0
    audit = [a for a in FileStore(data_dir).state.audit_log() if a["action"] == "override"]
    assert audit[0]["finding"] == key
    assert audit[0]["reason"] == "Football idiom for many goals"


def test_unknown_draft_is_exit_2() -> None:
    result = rtc("export", "99", "--format", "md")
    assert result.returncode == 2
    assert "no draft with id 99" in result.stderr


# -- webhook -----------------------------------------------------------------------------


def export_webhook(draft_id: int, url: str) -> subprocess.CompletedProcess[str]:
    """``rtc export ID --format webhook`` with the URL in the environment, as a team sets it."""
    return rtc("export", str(draft_id), "--format", "webhook", env={"RTC_WEBHOOK_URL": url})


def test_webhook_export_reaches_the_server_with_the_right_body(
    data_dir: Path, webhook: WebhookServer
) -> None:
    draft_id = new_draft("Pizza & birra <3 stasera")
    tick_everything(data_dir, draft_id)
    result = export_webhook(draft_id, f"{webhook.url}/hook/T0K3N")
    assert result.returncode == 0, result.stderr
    assert "T0K3N" not in result.stdout + result.stderr
    [(path, headers, body)] = webhook.received
    assert path == "/hook/T0K3N"
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"text": "Pizza &amp; birra &lt;3 stasera"}
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert shown["status"] == "exported"
    assert [(e["format"], e["target"]) for e in shown["exports"]] == [("webhook", "webhook")]


def test_failing_webhook_is_a_clear_error_and_nothing_is_marked(
    data_dir: Path, webhook: WebhookServer
) -> None:
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    result = export_webhook(draft_id, f"{webhook.url}/fail/S3CRET")
    assert result.returncode == 1
    assert "webhook failed: it answered HTTP 500" in result.stderr
    assert "S3CRET" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert len(webhook.received) == 1
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert shown["status"] == "draft"
    assert shown["exports"] == []


def test_unreachable_webhook_is_a_clear_error(data_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    url = f"http://127.0.0.1:{port}/hook/S3CRET"
    result = rtc("export", str(draft_id), "--format", "webhook", env={"RTC_WEBHOOK_URL": url})
    assert result.returncode == 1
    assert result.stderr.startswith("rtc: webhook failed: ConnectError")
    assert "S3CRET" not in result.stderr
    assert json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)["exports"] == []


def test_webhook_without_configuration_is_exit_2(data_dir: Path) -> None:
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    result = rtc("export", str(draft_id), "--format", "webhook")
    assert result.returncode == 2
    assert "no webhook configured" in result.stderr


def test_webhook_url_from_config(data_dir: Path, tmp_path: Path, webhook: WebhookServer) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"export:\n  webhook_url: {webhook.url}/hook/cfg\n", encoding="utf-8")
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    result = rtc("--config", str(config), "export", str(draft_id), "--format", "webhook")
    assert result.returncode == 0, result.stderr
    assert webhook.received[0][0] == "/hook/cfg"


def test_export_files_are_private_and_named_without_the_title(data_dir: Path) -> None:
    draft_id = new_draft('=HYPERLINK("http://x") gol!', title="Segreto: il lancio di domani")
    tick_everything(data_dir, draft_id)
    for fmt in ("md", "json", "txt", "csv-buffer", "csv-hootsuite"):
        result = rtc("export", str(draft_id), "--format", fmt)
        assert result.returncode == 0, result.stderr
    exports = data_dir / "exports"
    assert oct(exports.stat().st_mode & 0o7777) == oct(0o700)
    names = sorted(p.name for p in exports.iterdir())
    assert names == [
        "draft-1-x-buffer.csv",
        "draft-1-x-hootsuite.csv",
        "draft-1-x.txt",
        "draft-1.json",
        "draft-1.md",
    ]
    for path in exports.iterdir():
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), path.name
    buffer = list(csv.reader(io.StringIO((exports / "draft-1-x-buffer.csv").read_text("utf-8"))))
    assert buffer[1][0] == '\'=HYPERLINK("http://x") gol!'


def test_team_group_exports_are_shared_with_the_group(data_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.yaml"
    config.write_text("team:\n  group: users\n", encoding="utf-8")
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    result = rtc("export", str(draft_id), "--format", "md", "--config", str(config))
    assert result.returncode == 0, result.stderr
    written = data_dir / "exports" / "draft-1.md"
    st = written.stat()
    assert (oct(st.st_mode & 0o777), st.st_gid) == (oct(0o660), 100)
    assert oct(data_dir.stat().st_mode & 0o7777) == oct(0o2770)


def test_an_unknown_team_group_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "team.yaml"
    config.write_text("team:\n  group: no-such-group-here\n", encoding="utf-8")
    result = rtc("drafts", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"rtc: {config}: team.group: no group named 'no-such-group-here'"
    )


def test_an_invalid_webhook_url_is_one_line_without_the_url(data_dir: Path) -> None:
    draft_id = new_draft("Che finale!")
    tick_everything(data_dir, draft_id)
    result = export_webhook(draft_id, "http://[::1:bad/?token=SECRET")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "rtc: the webhook URL (export.webhook_url or $RTC_WEBHOOK_URL) is not a valid address"
    )
    assert "SECRET" not in result.stderr
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert shown["exports"] == []


def test_check_on_a_solemn_date_blocks_sales_and_explains_why() -> None:
    text = "Solo oggi sconto del 20% su tutto"
    neutral = rtc("check", "--platform", "x", "--json", "--date", "2026-06-16", stdin=text)
    assert neutral.returncode == 0, neutral.stderr
    assert json.loads(neutral.stdout)["verdict"] == "ok"
    solemn = rtc("check", "--platform", "x", "--json", "--date", "2026-01-27", stdin=text)
    assert solemn.returncode == 1
    findings = json.loads(solemn.stdout)["findings"]
    sales = [f for f in findings if f["family"] == "sales"]
    assert {f["match"] for f in sales} >= {"sconto", "20%"}
    assert all("Holocaust Remembrance Day" in f["message"] for f in sales)
    assert {f["category"] for f in sales} == {"commercial_on_solemn_day"}


def test_check_for_a_moment_applies_its_rules() -> None:
    text = "Auguri a tutte le donne! Per voi uno sconto sui detersivi"
    plain = rtc("check", "--platform", "x", "--json", stdin=text)
    assert json.loads(plain.stdout)["verdict"] == "ok"
    womens_day = rtc(
        "check", "--platform", "x", "--json", "--moment", "Festa della donna", stdin=text
    )
    assert womens_day.returncode == 1
    (sexism,) = [f for f in json.loads(womens_day.stdout)["findings"] if f["family"] == "sexism"]
    assert sexism["match"] == "detersivi"
    start, end = sexism["span"]
    assert text[start:end] == "detersivi"
    assert "Women's Day" in sexism["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-40"], "not a date (YYYY-MM-DD)"),
        (["--moment", "Festa del nulla"], "no moment named 'Festa del nulla'"),
    ],
)
def test_check_bad_date_or_moment_is_usage_error(args: list[str], message: str) -> None:
    result = rtc("check", "--platform", "x", *args, stdin="Ciao")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
