"""Reading a safety data file through the team's schema helper, keeping every value's line.

:func:`rtc_tui.schema.load_yaml` decodes a file into a Struct with ``file:line: field: problem``
errors; the lexicon also needs the line of each *valid* entry, so a term with a bad syntax (a
problem the schema cannot see) and every finding's explanation can name where it comes from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rtc_tui.lazy_module import LazyModule
from rtc_tui.schema import PathPart, compose_yaml, compose_yaml_text, decode_node

if TYPE_CHECKING:
    import yaml
else:
    # Imported when a file is really parsed: ``rtc check`` reads its lexicon from the cache.
    yaml = LazyModule("yaml")

T = TypeVar("T")

Lines = dict[tuple[PathPart, ...], int]
"""The line (1-based) of each value, by its path of keys and indexes."""


def _walk(node: yaml.Node, at: tuple[PathPart, ...], lines: Lines) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, (*at, str(key.value)), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*at, index), lines)


def load(path: Path, kind: type[T]) -> tuple[T, Lines]:
    """Decode the file at ``path`` as ``kind``, with the line of every value.

    Raises:
        SchemaError: unreadable, not YAML, or not the shape ``kind`` wants (one line).
    """
    return _decoded(compose_yaml(path), kind, path)


def decode(text: str, kind: type[T], where: str) -> tuple[T, Lines]:
    """Decode YAML ``text`` as ``kind`` (``where`` names it in errors), with every line.

    Raises:
        SchemaError: not YAML, or not the shape ``kind`` wants (one line).
    """
    return _decoded(compose_yaml_text(text, where), kind, where)


def _decoded(node: yaml.Node | None, kind: type[T], where: Path | str) -> tuple[T, Lines]:
    lines: Lines = {}
    if node is not None:
        _walk(node, (), lines)
    return decode_node(node, kind, where), lines
