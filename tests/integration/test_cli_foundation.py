import json
from pathlib import Path

from tests.integration.cli import rtc


def test_draft_new_show_and_list(tmp_path: Path) -> None:
    created = rtc("draft", "new", "--title", "Finale", "--platform", "x", "-", stdin="Che rigore!")
    assert created.returncode == 0, created.stderr
    draft_id = int(created.stdout.strip())
    shown = rtc("draft", "show", str(draft_id), "--json")
    record = json.loads(shown.stdout)
    assert record["text"] == "Che rigore!"
    assert record["platforms"] == ["x"]
    for key in (
        "id",
        "title",
        "text",
        "variants",
        "platforms",
        "origin",
        "author",
        "status",
        "checklist",
        "revisions",
        "exports",
    ):
        assert key in record
    listed = json.loads(rtc("drafts", "--json").stdout)
    assert [d["id"] for d in listed] == [draft_id]
    assert set(listed[0]) >= {"id", "title", "status", "origin", "platforms", "updated_at"}


def test_global_options_work_before_and_after_the_command(tmp_path: Path) -> None:
    data = tmp_path / "elsewhere"
    assert rtc("--data-dir", str(data), "draft", "new", "--title", "a").returncode == 0
    assert rtc("draft", "new", "--title", "b", "--data-dir", str(data)).returncode == 0
    listed = json.loads(rtc("drafts", "--json", "--data-dir", str(data)).stdout)
    assert sorted(d["title"] for d in listed) == ["a", "b"]


def test_broken_yaml_config_is_one_line_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("brand:\n  name: [unclosed\n")
    result = rtc("--config", str(config), "drafts")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(config) in lines[0]
    assert ":3:" in lines[0] or ":2:" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_key_in_default_config_location(tmp_path: Path) -> None:
    config = tmp_path / "config" / "rtc-tui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("user: a\ncolour: red\n")
    result = rtc("drafts")
    assert result.returncode == 2
    assert f"{config}:2: colour: unknown key" in result.stderr


def test_corrupt_database_exit_2_and_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert rtc("draft", "new", "--title", "a").returncode == 0
    path = data / "drafts.json"
    path.write_text("{not json")
    result = rtc("drafts")
    assert result.returncode == 2
    assert "drafts.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert rtc("draft", "new", "--title", "b").returncode == 2
    assert path.read_text() == "{not json"


def test_unknown_draft_and_unreadable_file(tmp_path: Path) -> None:
    missing = rtc("draft", "show", "42")
    assert missing.returncode == 2
    assert "no draft with id 42" in missing.stderr
    bad = rtc("draft", "new", str(tmp_path / "nope.txt"))
    assert bad.returncode == 2
    assert "nope.txt: no such file" in bad.stderr


def test_themes_lists_shipped_and_user_themes(tmp_path: Path) -> None:
    user_dir = tmp_path / "config" / "rtc-tui" / "themes"
    user_dir.mkdir(parents=True)
    shipped = Path(__file__).resolve().parents[2] / "themes" / "rtc-dark.yaml"
    (user_dir / "mine.yaml").write_text(shipped.read_text().replace("name: rtc-dark", "name: mine"))
    (user_dir / "broken.yaml").write_text("name: [\n")
    result = rtc("themes")
    assert result.returncode == 0
    names = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert names["rtc-dark"] == "built-in"
    assert {"rtc-light", "high-contrast", "mono"} <= set(names)
    assert names["mine"] == "file"
    assert "broken.yaml" in result.stderr
