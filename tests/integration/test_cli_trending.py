"""``rtc fetch`` and ``rtc events`` as a cron job would run them, against a local server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.httpserver import FeedServer
from tests.integration.cli import rtc


def write_config(path: Path, server: FeedServer, *, extra: str = "", broken: bool = False) -> Path:
    base = server.base
    sources = [
        ("News IT", "rss", f"{base}/feeds/rss2_ansa.xml"),
        ("Trends IT", "google_trends", f"{base}/feeds/google_trends_it.xml"),
        ("Mastodon", "mastodon_trends", f"{base}/mastodon"),
        ("HN", "hackernews", f"{base}/hn/v0"),
        ("Hostile", "rss", f"{base}/feeds/hostile_markup.xml"),
    ]
    if broken:
        sources = [
            ("Down", "rss", f"{base}/status/500"),
            ("Bomb", "rss", f"{base}/feeds/billion_laughs.xml"),
        ]
    lines = ["sources:"]
    for name, kind, url in sources:
        lines.append(f"  - {{name: {name}, type: {kind}, url: '{url}', timeout: 5}}")
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_fetch_json_then_events(tmp_path: Path, feed_server: FeedServer) -> None:
    config = write_config(tmp_path / "config.yaml", feed_server)
    data = tmp_path / "data"
    fetched = rtc("fetch", "--json", "--config", str(config), "--data-dir", str(data))
    assert fetched.returncode == 0, fetched.stderr
    report = json.loads(fetched.stdout)
    by_name = {s["name"]: s for s in report["sources"]}
    assert set(by_name) == {"News IT", "Trends IT", "Mastodon", "HN", "Hostile"}
    for source in report["sources"]:
        assert set(source) == {"name", "ok", "new", "total", "error", "ms"}
        assert source["ok"], source
    assert by_name["News IT"]["new"] == by_name["News IT"]["total"] == 5

    listed = rtc("events", "--json", "--config", str(config), "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    events = json.loads(listed.stdout)
    assert len(events) == sum(s["total"] for s in report["sources"])
    for item in events:
        assert set(item) == {
            "id",
            "title",
            "source",
            "url",
            "score",
            "sensitivity",
            "categories",
            "state",
        }
    scores = [e["score"] for e in events]
    assert scores == sorted(scores, reverse=True)
    assert "[bold red]x[/]" in {e["title"] for e in events}
    crollo = next(e for e in events if e["title"].startswith("Crollo di una palazzina"))
    assert crollo["sensitivity"] == "block"
    assert crollo["categories"]

    limited = json.loads(
        rtc(
            "events", "--json", "--limit", "3", "--config", str(config), "--data-dir", str(data)
        ).stdout
    )
    assert [e["id"] for e in limited] == [e["id"] for e in events[:3]]


def test_second_fetch_is_conditional_and_adds_no_duplicates(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    config = write_config(tmp_path / "config.yaml", feed_server)
    args = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    first = json.loads(rtc("fetch", "--json", *args).stdout)
    second = json.loads(rtc("fetch", "--json", *args).stdout)
    assert all(s["ok"] for s in second["sources"])
    assert [s["new"] for s in second["sources"]] == [0] * len(second["sources"])
    rss_requests = feed_server.requests_to("/feeds/rss2_ansa.xml")
    assert len(rss_requests) == 2
    assert "if-none-match" in rss_requests[1].headers
    events = json.loads(rtc("events", "--json", "--all", *args).stdout)
    assert len(events) == len({e["id"] for e in events})
    assert len(events) == sum(s["total"] for s in first["sources"])


def test_fetch_exits_1_only_when_every_source_fails(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    config = write_config(tmp_path / "config.yaml", feed_server, broken=True)
    result = rtc("fetch", "--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "FAIL  Down  HTTP 500 Internal Server Error" in result.stdout
    assert "entity-expansion" in result.stdout
    assert "Traceback" not in result.stderr


def test_fetch_succeeds_when_some_sources_fail(tmp_path: Path, feed_server: FeedServer) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "sources:\n"
        f"  - {{name: Good, type: rss, url: '{feed_server.base}/feeds/atom_world.xml'}}\n"
        f"  - {{name: Down, type: rss, url: '{feed_server.base}/status/503'}}\n",
        encoding="utf-8",
    )
    result = rtc("fetch", "--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "ok    Good  3 new / 3" in result.stdout


def test_events_all_includes_muted_and_dismissed(tmp_path: Path, feed_server: FeedServer) -> None:
    config = write_config(tmp_path / "config.yaml", feed_server, extra="mute: [sanremo]\n")
    args = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert rtc("fetch", *args).returncode == 0
    visible = json.loads(rtc("events", "--json", *args).stdout)
    everything = json.loads(rtc("events", "--json", "--all", *args).stdout)
    assert not any("sanremo" in e["title"].lower() for e in visible)
    assert any("sanremo" in e["title"].lower() for e in everything)


def test_bad_limit_is_usage_error(tmp_path: Path) -> None:
    result = rtc("events", "--limit", "0")
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr


def test_fetch_with_no_sources_is_bad_input(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    result = rtc("fetch", "--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "no sources configured" in result.stderr


def test_events_on_an_empty_store_says_so(tmp_path: Path, feed_server: FeedServer) -> None:
    config = write_config(tmp_path / "config.yaml", feed_server, extra="mute: ['source:News IT']\n")
    args = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    empty = rtc("events", *args)
    assert empty.returncode == 0
    assert empty.stdout == "No events yet: rtc fetch (or r in the app) fetches the sources.\n"
    assert json.loads(rtc("events", "--json", *args).stdout) == []  # machines get the list
    # Everything muted: it says how many are hidden and how to see them.
    only_news = write_config(tmp_path / "news.yaml", feed_server)
    news_args = ("--config", str(only_news), "--data-dir", str(tmp_path / "data"))
    assert rtc("fetch", *news_args).returncode == 0
    muted = write_config(tmp_path / "muted.yaml", feed_server, extra="mute: ['/./']\n")
    result = rtc("events", "--config", str(muted), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0
    assert result.stdout.startswith("No events to show: ")
    assert "hidden (rtc events --all lists them)." in result.stdout
