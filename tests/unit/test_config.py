from pathlib import Path

import pytest

from rtc_tui.config import Config, ConfigError, load_config, resolve_user
from rtc_tui.schema import parse_duration


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_default_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.yaml") == Config()


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope.yaml: config file not found"):
        load_config(tmp_path / "nope.yaml", explicit=True)


def test_full_example_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
user: giulia
brand: {name: Pastificio, keywords: [pasta], off_limits: [politica]}
sources:
  - {name: G, type: google_trends, url: "https://example.org/rss", every: 5m, timeout: 10}
mute: [oroscopo]
platforms: {default: [x, bluesky], limits: {mastodon: 1000}}
calendar: {regions: [IT], holidays: [], days: 30}
team: {mode: true}
trending: {snooze: 2h}
keys: {trending.new-draft: N}
""",
    )
    config = load_config(path)
    assert config.user == "giulia"
    assert config.sources[0].every == 300.0
    assert config.platforms.default == ("x", "bluesky")
    assert config.platforms.limits == {"mastodon": 1000}
    assert config.calendar.holidays == ()
    assert config.trending.snooze == 7200.0
    assert config.keys == {"trending.new-draft": "N"}
    assert resolve_user(None, config) == "giulia"
    assert resolve_user("bob", config) == "bob"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [\n", r"config.yaml:2: invalid YAML"),
        ("sourcez: []\n", r"config.yaml:1: sourcez: unknown key"),
        ("brand:\n  keywords: pasta\n", r"config.yaml:2: brand.keywords: expected a list"),
        (
            "sources:\n  - name: a\n    type: rss\n    url: u\n    every: often\n",
            r"config.yaml:5: sources\[0\].every: expected a duration",
        ),
        (
            "sources:\n  - name: a\n    type: rss\n",
            r"config.yaml:2: sources\[0\]: missing required key 'url'",
        ),
        ("team: {mode: yes please}\n", r"config.yaml:1: team.mode: expected true or false"),
        ("platforms: {default: [myspace]}\n", r"'myspace' is not one of"),
        ("platforms: {limits: {myspace: 3}}\n", r"unknown platform 'myspace'"),
    ],
)
def test_invalid_files_name_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected) as info:
        load_config(_write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_durations() -> None:
    assert parse_duration("30s") == 30
    assert parse_duration("5m") == 300
    assert parse_duration("1h") == 3600
    assert parse_duration("2") == 2
    assert parse_duration("soon") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n  - {name: a, type: rss, url: u}\n  - {name: a, type: rss, url: v}\n",
            r"config.yaml:3: sources\[1\].name: duplicate source name 'a'",
        ),
        ("platforms:\n  limits:\n    x: 10\n    myspace: 3\n", r"config.yaml:4: platforms.limits"),
        ("user: !!python/object:os.system ls\n", r"config.yaml:1: user: Python object tags"),
        ("export:\n  dir: a\n  dir: b\n", r"config.yaml:3: export.dir: duplicate key"),
        ("trending: {max_events: many}\n", r"config.yaml:1: trending.max_events: expected a"),
        (
            "team:\n  members:\n    - {name: ada, role: boss}\n",
            r"config.yaml:3: team.members\[0\].role: 'boss' is not one of",
        ),
        (
            "team:\n  members:\n    - {name: ada}\n    - {name: ada, role: approver}\n",
            r"config.yaml:4: team.members\[1\].name: duplicate member 'ada'",
        ),
        ("team: {solo: maybe}\n", r"config.yaml:1: team.solo: expected true or false"),
    ],
)
def test_more_invalid_files_name_the_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(_write(tmp_path, text))


def test_scalars_stay_the_text_written_where_text_is_wanted(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "user: 1.10\nbrand: {name: no, keywords: [2024]}\n"))
    assert config.user == "1.10"
    assert config.brand.name == "no"
    assert config.brand.keywords == ("2024",)


def test_empty_lists_keep_their_meaning(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "platforms: {default: []}\ncalendar: {packs: []}\n"))
    assert config.platforms.default == Config().platforms.default
    assert config.calendar.packs == ()
    assert config.path == tmp_path / "config.yaml"


def test_team_members_roles_and_solo(tmp_path: Path) -> None:
    text = "team:\n  solo: true\n  members:\n    - {name: ada, role: approver}\n    - {name: bo}\n"
    config = load_config(_write(tmp_path, text))
    policy = config.team.policy()
    assert policy.solo
    assert dict(policy.members) == {"ada": "approver", "bo": "editor"}
    assert config.warnings() == []


def test_retired_team_mode_still_loads_with_a_clear_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "team: {mode: true}\n")
    config = load_config(path)
    (warning,) = config.warnings()
    assert warning.startswith(f"{path}: team.mode is retired and ignored")
    assert "team.solo: true" in warning
