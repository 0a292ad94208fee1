"""Loading the checklist template: the team's YAML list of items, validated line by line.

The template is YAML (``rtc_tui/data/checklist.yaml`` by default, replaceable per team, config
``checklist``). Each item decodes into :class:`ItemSpec`; the rules the schema cannot say
(lower_snake_case ids, no duplicates, auto ids the checklist knows) are checked here, each
problem one line naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import msgspec
import regex

from rtc_tui.core.models import ChecklistItem
from rtc_tui.core.safety.checklist_template import AUTO_ITEMS, ChecklistError, Template
from rtc_tui.safety_files.nodes import decode
from rtc_tui.schema import SchemaError

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "checklist.yaml"
"""The shipped checklist template."""

_ID = regex.compile(r"^[a-z][a-z0-9_]*$")


class ItemSpec(msgspec.Struct, forbid_unknown_fields=True):
    """One item as written in the template."""

    id: str
    label: str | dict[str, str]
    """Text, or text per language (``{en: ..., it: ...}``)."""
    help: str | dict[str, str] = ""
    required: bool = True
    kind: Literal["manual", "auto"] = "manual"
    role: Literal["anyone", "not_author"] = "anyone"


class TemplateSpec(msgspec.Struct, forbid_unknown_fields=True):
    """The template file."""

    items: list[ItemSpec]
    version: int = 1
    """The template format version (1)."""


def _in_language(value: str | dict[str, str], language: str) -> str:
    """``value`` itself, or its entry for ``language`` (else ``en``, else the first)."""
    if isinstance(value, str):
        return value
    for key in (language, "en"):
        if key in value:
            return value[key]
    return next(iter(value.values()), "")


def parse_template(text: str, where: str = "<checklist>", language: str = "") -> Template:
    """Parse and validate a template, with labels and help in ``language`` where given.

    Raises:
        ChecklistError: One line naming ``where``, the line and the problem.
    """
    try:
        spec, lines = decode(text, TemplateSpec, where)
    except SchemaError as exc:
        raise ChecklistError(str(exc)) from exc
    if not spec.items:
        raise ChecklistError(f"{where}:{lines.get(('items',), 1)}: items: must be a non-empty list")
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for n, item in enumerate(spec.items):
        line = lines.get(("items", n), 1)
        if not _ID.match(item.id):
            raise ChecklistError(
                f"{where}:{line}: items[{n}].id: must be lower_snake_case, not {item.id!r}"
            )
        if item.id in seen:
            raise ChecklistError(f"{where}:{line}: items[{n}].id: duplicate item id {item.id!r}")
        seen.add(item.id)
        label = _in_language(item.label, language)
        if not label.strip():
            raise ChecklistError(
                f"{where}:{line}: items[{n}].label: item {item.id!r} needs a label"
            )
        if item.kind == "auto" and item.id not in AUTO_ITEMS:
            raise ChecklistError(
                f"{where}:{line}: items[{n}].kind: auto item {item.id!r} unknown "
                f"(auto ids: {', '.join(AUTO_ITEMS)})"
            )
        items.append(
            ChecklistItem(
                id=item.id,
                label=label.strip(),
                help=" ".join(_in_language(item.help, language).split()),
                required=item.required,
                kind=item.kind,
                role=item.role,
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
