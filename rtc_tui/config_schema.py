"""A small validator for YAML documents that keeps line numbers for every error.

PyYAML's node tree knows where each value came from; validating the nodes (rather than the
loaded Python values) lets an error say ``config.yaml:12: sources[0].every: ...`` so a user
finds the mistake at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """An invalid configuration file: the message is one line naming file and line."""


@dataclass(frozen=True)
class Spec:
    """The expected shape of one YAML value."""

    kind: str
    """One of str, int, float, bool, duration, list, map, record, any."""
    item: Spec | None = None
    fields: dict[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    nullable: bool = False


def s_str(*choices: str, nullable: bool = False) -> Spec:
    """A string, optionally one of ``choices``."""
    return Spec("str", choices=choices, nullable=nullable)


def s_int() -> Spec:
    """An integer."""
    return Spec("int")


def s_float() -> Spec:
    """A number."""
    return Spec("float")


def s_bool() -> Spec:
    """``true`` or ``false``."""
    return Spec("bool")


def s_duration() -> Spec:
    """A duration: seconds as a number, or ``30s``, ``5m``, ``1h``, ``1d``."""
    return Spec("duration")


def s_list(item: Spec) -> Spec:
    """A list of ``item``."""
    return Spec("list", item=item)


def s_map(item: Spec) -> Spec:
    """A mapping from free string keys to ``item``."""
    return Spec("map", item=item)


def s_record(required: tuple[str, ...] = (), **fields: Spec) -> Spec:
    """A mapping with known keys; unknown keys are an error."""
    return Spec("record", fields=fields, required=required)


def s_any() -> Spec:
    """Anything (validated later by the feature that owns it)."""
    return Spec("any")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    """Seconds in ``"90"``, ``"30s"``, ``"5m"``, ``"1h"`` or ``"1d"``; ``None`` if not one."""
    match = _DURATION.match(text)
    if not match:
        return None
    return float(match.group(1)) * _UNIT[match.group(2)]


def load_yaml_file(path: Path, spec: Spec) -> dict[str, Any]:
    """Read, parse and validate a YAML mapping, returning plain Python values.

    Raises:
        ConfigError: unreadable file, bad YAML or a value of the wrong shape.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ConfigError(f"{path}{line}: invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
    if node is None:
        return {}
    value = _validate(node, spec, path, "")
    assert isinstance(value, dict)
    return value


def _where(path: Path, node: yaml.Node, at: str) -> str:
    label = f" {at}:" if at else ""
    return f"{path}:{node.start_mark.line + 1}:{label}"


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _validate(node: yaml.Node, spec: Spec, path: Path, at: str) -> Any:  # noqa: C901
    if spec.kind == "any":
        return _construct(node)
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and spec.nullable:
        return None
    if spec.kind in {"record", "map"}:
        if not isinstance(node, yaml.MappingNode):
            raise ConfigError(f"{_where(path, node, at)} expected a mapping")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node)
            if not isinstance(key, str):
                raise ConfigError(f"{_where(path, key_node, at)} keys must be text")
            sub = f"{at}.{key}" if at else key
            if key in out:
                raise ConfigError(f"{_where(path, key_node, sub)} duplicate key")
            if spec.kind == "record":
                if key not in spec.fields:
                    known = ", ".join(sorted(spec.fields))
                    raise ConfigError(f"{_where(path, key_node, sub)} unknown key (known: {known})")
                out[key] = _validate(value_node, spec.fields[key], path, sub)
            else:
                assert spec.item is not None
                out[key] = _validate(value_node, spec.item, path, sub)
        for key in spec.required:
            if key not in out:
                raise ConfigError(f"{_where(path, node, at)} missing required key '{key}'")
        return out
    if spec.kind == "list":
        if not isinstance(node, yaml.SequenceNode):
            raise ConfigError(f"{_where(path, node, at)} expected a list")
        assert spec.item is not None
        return [_validate(n, spec.item, path, f"{at}[{i}]") for i, n in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode):
        raise ConfigError(f"{_where(path, node, at)} expected a single value")
    value = _construct(node)
    if spec.kind == "str":
        if not isinstance(value, str):
            if isinstance(value, bool | int | float):
                value = str(value)
            else:
                raise ConfigError(f"{_where(path, node, at)} expected text")
        if spec.choices and value not in spec.choices:
            raise ConfigError(
                f"{_where(path, node, at)} '{value}' is not one of: {', '.join(spec.choices)}"
            )
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{_where(path, node, at)} expected true or false")
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{_where(path, node, at)} expected a whole number")
        return value
    if spec.kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{_where(path, node, at)} expected a number")
        return float(value)
    if spec.kind == "duration":
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds: float | None = float(value)
        else:
            seconds = parse_duration(str(value))
        if seconds is None or seconds <= 0:
            raise ConfigError(
                f"{_where(path, node, at)} expected a duration like 30s, 5m, 1h (got {value!r})"
            )
        return seconds
    raise ConfigError(f"{_where(path, node, at)} unsupported value")
