"""The shared YAML loader: typed decoding, and every error as ``file:line: path: problem``."""

from pathlib import Path
from typing import Literal

import msgspec
import pytest

from rtc_tui.schema import (
    Duration,
    FieldError,
    SchemaError,
    format_path,
    load_yaml,
    parse_duration,
)


class Step(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    wait: Duration = Duration(60)
    kind: Literal["manual", "auto"] = "manual"


class Plan(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: str
    steps: tuple[Step, ...] = ()
    limits: dict[str, int] = {}
    count: int = 0

    def __post_init__(self) -> None:
        for index, step in enumerate(self.steps):
            if step.name == self.title:
                raise FieldError("a step may not repeat the title", at=("steps", index, "name"))


def _load(tmp_path: Path, text: str) -> Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, Plan)


def test_a_valid_file_decodes_into_the_struct(tmp_path: Path) -> None:
    plan = _load(
        tmp_path,
        "title: Launch\nsteps:\n  - {name: write, wait: 5m}\n  - name: check\n    kind: auto\n"
        "limits: {x: 280}\n",
    )
    assert plan == Plan(
        "Launch",
        (Step("write", Duration(300)), Step("check", kind="auto")),
        limits={"x": 280},
    )
    assert isinstance(plan.steps[0].wait, float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [\n", "plan.yaml:2: invalid YAML: "),
        ("titel: x\n", "plan.yaml:1: titel: unknown key (known: count, limits, steps, title)"),
        ("steps: []\n", "plan.yaml:1: missing required key 'title'"),
        (
            "title: t\nsteps:\n  - name: a\n  - wait: 1h\n",
            "plan.yaml:4: steps[1]: missing required",
        ),
        (
            "title: t\nsteps:\n  - name: a\n    wait: soon\n",
            "plan.yaml:4: steps[0].wait: expected a",
        ),
        (
            "title: t\nsteps:\n  - {name: a, kind: robot}\n",
            "plan.yaml:3: steps[0].kind: 'robot' is",
        ),
        ("title: t\ncount: lots\n", "plan.yaml:2: count: expected a whole number"),
        ("title: t\nsteps: {name: a}\n", "plan.yaml:2: steps: expected a list"),
        (
            "title: t\nlimits:\n  x: 280\n  y: many\n",
            "plan.yaml:4: limits.y: expected a whole number",
        ),
        ("title: t\ntitle: u\n", "plan.yaml:2: title: duplicate key"),
        ("title: t\nsteps:\n  - {name: t}\n", "plan.yaml:3: steps[0].name: a step may not repeat"),
        ("title: !!python/object/apply:os.system [ls]\n", "plan.yaml:1: title: Python object tags"),
        ("title: !custom x\n", "plan.yaml:1: title: tag '!custom' is not allowed"),
        ("- a\n", "plan.yaml:1: expected a mapping"),
    ],
)
def test_every_error_is_one_line_naming_file_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(SchemaError) as info:
        _load(tmp_path, text)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / expected.split(":", 1)[0]))
    assert f"plan.yaml{expected.split('plan.yaml', 1)[1]}" in message


def test_where_text_is_wanted_the_text_written_is_kept(tmp_path: Path) -> None:
    plan = _load(tmp_path, "title: 1.10\nsteps:\n  - name: no\n  - name: 2024-12-25\n")
    assert plan.title == "1.10"
    assert [s.name for s in plan.steps] == ["no", "2024-12-25"]


def test_merge_keys_work_as_in_safe_load(tmp_path: Path) -> None:
    plan = _load(
        tmp_path,
        "title: t\nsteps:\n  - &s {name: a, wait: 2m, kind: auto}\n  - {<<: *s, name: b}\n",
    )
    assert plan.steps[1] == Step("b", Duration(120), "auto")


def test_an_empty_file_is_an_empty_mapping(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"plan.yaml: missing required key 'title'"):
        _load(tmp_path, "# nothing yet\n")


def test_unreadable_and_non_utf8_files_are_clean_errors(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"missing.yaml: cannot read"):
        load_yaml(tmp_path / "missing.yaml", Plan)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caff\xe8\n".encode("latin-1"))
    with pytest.raises(SchemaError, match=r"latin.yaml: not UTF-8 text"):
        load_yaml(latin, Plan)


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(SchemaError):
        _load(tmp_path, f"title: !!python/object/apply:pathlib.Path.touch [{marker}]\n")
    assert not marker.exists()


def test_durations_and_paths() -> None:
    assert parse_duration("30s") == 30
    assert parse_duration("1d") == 86400
    assert parse_duration("later") is None
    assert format_path(("sources", 0, "every")) == "sources[0].every"
    assert format_path(()) == ""
