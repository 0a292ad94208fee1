"""``rtc drafts``, ``rtc draft new`` and ``rtc draft show`` as a user runs them."""

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.store import FileStore
from tests.integration.cli import rtc


def _seed_event(first_seen: datetime) -> None:
    store = FileStore(Path(os.environ["RTC_DATA_DIR"]))
    event = Event(
        id="ev42",
        source="Google Trends IT",
        title="Sanremo, la finale",
        first_seen=first_seen,
        last_seen=first_seen,
        sensitivity=Sensitivity(level=Level.WARN, categories=("debated",)),
    )
    store.events.merge(lambda current: [event])


def test_new_from_an_event_lists_with_origin_and_text() -> None:
    _seed_event(datetime.now(UTC) - timedelta(minutes=30))
    created = rtc("draft", "new", "--event", "ev42", "-", stdin="Che serata! #Sanremo\n")
    assert created.returncode == 0, created.stderr
    draft_id = int(created.stdout)
    listed = json.loads(rtc("drafts", "--json").stdout)
    assert [(d["id"], d["text"]) for d in listed] == [(draft_id, "Che serata! #Sanremo")]
    origin = listed[0]["origin"]
    assert (origin["kind"], origin["ref"], origin["title"]) == (
        "event",
        "ev42",
        "Sanremo, la finale",
    )
    assert origin["sensitivity"]["level"] == "warn"
    shown = json.loads(rtc("draft", "show", str(draft_id), "--json").stdout)
    assert 30 * 60 <= shown["time_to_post_seconds"] < 40 * 60


def test_show_json_has_counts_for_each_platform() -> None:
    text = "a" * 290
    created = rtc(
        "draft", "new", "--platform", "x", "--platform", "mastodon", "--json", "-", stdin=text
    )
    assert created.returncode == 0, created.stderr
    record = json.loads(created.stdout)
    assert record["counts"]["x"] == record["counts"]["x"] | {
        "length": 290,
        "limit": 280,
        "ok": False,
    }
    assert record["counts"]["x"]["excess"] == 10
    assert record["counts"]["mastodon"]["ok"] is True
    assert record["time_to_post_seconds"] is None
    assert [r["number"] for r in record["revisions"]] == [1]


def test_show_text_marks_over_limit_without_colour() -> None:
    created = rtc("draft", "new", "--platform", "x", "-", stdin="b" * 281)
    shown = rtc("draft", "show", created.stdout.strip())
    assert shown.returncode == 0, shown.stderr
    assert "X 281/280 !+1" in shown.stdout


def test_file_argument_and_default_platforms(tmp_path: Path) -> None:
    source = tmp_path / "post.txt"
    source.write_text("Buona Festa della Repubblica 🇮🇹\n", encoding="utf-8")
    created = rtc("draft", "new", "--title", "2 giugno", str(source), "--json")
    assert created.returncode == 0, created.stderr
    record = json.loads(created.stdout)
    assert record["text"] == "Buona Festa della Repubblica 🇮🇹"
    assert record["platforms"] == ["x", "mastodon", "bluesky", "threads", "linkedin", "instagram"]
    assert record["counts"]["x"]["length"] == 31  # 29 letters and spaces, a flag


def test_unknown_event_is_exit_2() -> None:
    result = rtc("draft", "new", "--event", "nope")
    assert result.returncode == 2
    assert "no event with id nope" in result.stderr
    assert "Traceback" not in result.stderr
