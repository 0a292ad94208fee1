"""The checklist template: loading and validating the team's YAML list of items.

The template is YAML (``rtc_tui/data/checklist.yaml`` by default, replaceable per team). A
manual item is ticked by a person; auto items (``platform_fit``, ``links``) are computed from
the safety report. An item with role ``not_author`` (the second pair of eyes) applies in team
mode only. ``label`` and ``help`` are text, or text per language (``{en: ..., it: ...}``): the
reader's language is picked, else English, else the first given. Every problem is reported on
one line naming the file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from rtc_tui.core.models import ChecklistItem

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "data" / "checklist.yaml"
"""The shipped checklist template."""

AUTO_ITEMS = ("platform_fit", "links")
"""Ids an ``auto`` item may have: the computed checks the checklist knows."""

KINDS = ("manual", "auto")
ROLES = ("anyone", "not_author")

_ID = regex.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = frozenset({"id", "label", "help", "required", "kind", "role"})


class ChecklistError(ValueError):
    """A bad template, or a tick or override that is not allowed (the message says why)."""


@dataclass(frozen=True)
class Template:
    """A validated checklist template."""

    items: tuple[ChecklistItem, ...]
    path: Path | None = None

    def get(self, item_id: str) -> ChecklistItem:
        """The item with ``item_id``.

        Raises:
            ChecklistError: No item has that id.
        """
        for item in self.items:
            if item.id == item_id:
                return item
        raise ChecklistError(f"no checklist item {item_id!r}")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _in_language(value: Any, language: str) -> Any:
    """``value`` itself, or its entry for ``language`` (else ``en``, else the first)."""
    if not isinstance(value, dict) or not value:
        return value
    for key in (language, "en"):
        if key in value:
            return value[key]
    return next(iter(value.values()))


def parse_template(text: str, where: str = "<checklist>", language: str = "") -> Template:
    """Parse and validate a template, with labels and help in ``language`` where given.

    Raises:
        ChecklistError: One line naming ``where``, the line and the problem.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{where}: {exc}".replace("\n", " ")) from exc
    if not isinstance(root, yaml.MappingNode):
        raise ChecklistError(f"{where}:1: expected a mapping with 'items'")
    items_node = next((v for k, v in root.value if k.value == "items"), None)
    if not isinstance(items_node, yaml.SequenceNode) or not items_node.value:
        line = _line(items_node) if items_node is not None else 1
        raise ChecklistError(f"{where}:{line}: 'items' must be a non-empty list")
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for node in items_node.value:
        line = _line(node)
        data: Any = yaml.safe_load(yaml.serialize(node))
        if not isinstance(data, dict):
            raise ChecklistError(f"{where}:{line}: an item must be a mapping")
        unknown = sorted(set(data) - _FIELDS)
        if unknown:
            raise ChecklistError(f"{where}:{line}: unknown field {unknown[0]!r}")
        item_id = data.get("id")
        if not isinstance(item_id, str) or not _ID.match(item_id):
            raise ChecklistError(f"{where}:{line}: 'id' must be lower_snake_case, not {item_id!r}")
        if item_id in seen:
            raise ChecklistError(f"{where}:{line}: duplicate item id {item_id!r}")
        seen.add(item_id)
        label = _in_language(data.get("label"), language)
        if not isinstance(label, str) or not label.strip():
            raise ChecklistError(f"{where}:{line}: item {item_id!r} needs a 'label'")
        kind = data.get("kind", "manual")
        if kind not in KINDS:
            raise ChecklistError(f"{where}:{line}: 'kind' must be one of {', '.join(KINDS)}")
        if kind == "auto" and item_id not in AUTO_ITEMS:
            raise ChecklistError(
                f"{where}:{line}: auto item {item_id!r} unknown (auto ids: {', '.join(AUTO_ITEMS)})"
            )
        role = data.get("role", "anyone")
        if role not in ROLES:
            raise ChecklistError(f"{where}:{line}: 'role' must be one of {', '.join(ROLES)}")
        required = data.get("required", True)
        if not isinstance(required, bool):
            raise ChecklistError(f"{where}:{line}: 'required' must be true or false")
        help_text = _in_language(data.get("help", ""), language)
        if not isinstance(help_text, str):
            raise ChecklistError(f"{where}:{line}: 'help' must be text")
        items.append(
            ChecklistItem(
                id=item_id,
                label=label.strip(),
                help=" ".join(help_text.split()),
                required=required,
                kind=kind,
                role=role,
            )
        )
    return Template(items=tuple(items))


def load_template(path: Path | None = None, language: str = "") -> Template:
    """Load a template file (default: the shipped one), labels in ``language`` where given.

    Raises:
        ChecklistError: The file cannot be read or is invalid (the message names it).
    """
    path = path or DEFAULT_TEMPLATE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ChecklistError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    template = parse_template(text, str(path), language)
    return Template(items=template.items, path=path)
