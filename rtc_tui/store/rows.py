"""Validating stored rows against the models, so a bad row is named instead of crashing later.

Every table of every file has a check: the drafts and events tables decode each row with the
model (:meth:`Draft.from_dict`, :meth:`Event.from_dict`) and then compare every field of the
result with the model's type hints, since ``from_dict`` alone would take a number for a title;
the small bookkeeping tables (the id counter, the schema, state records, the audit log) have
their own shapes. A problem names the table, the row's key and, where there is one, its id.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from rtc_tui.core.models import Draft, Event

RowCheck = Callable[[Any], None]
"""Raises ``ValueError`` (or any exception, turned into a problem) for a bad row."""

TableChecks = Mapping[str, RowCheck]
"""The check of each known table of one file; tables not named are not checked."""


@dataclass(frozen=True)
class RowProblem:
    """A row that does not fit its table's model."""

    table: str
    key: str
    """The row's key in the file (TinyDB's document id)."""
    row_id: str
    """The row's own id (a draft's number, an event's id), or ``""``."""
    problem: str

    def describe(self) -> str:
        """``table drafts, row 3 (id 7): <problem>`` — enough to find it in the file."""
        ident = f" (id {self.row_id})" if self.row_id else ""
        return f"table {self.table}, row {self.key}{ident}: {self.problem}"


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _check_value(value: Any, hint: Any, where: str) -> None:
    """Raise ``ValueError`` when ``value`` does not match the type ``hint``."""
    if hint is Any:
        return
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(hint):
            try:
                _check_value(value, option, where)
                return
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError(errors[-1])
    if hint is type(None):
        if value is not None:
            raise ValueError(f"{where}: expected null, got {_type_name(value)}")
        return
    if origin in (list, tuple):
        if not isinstance(value, origin):
            raise ValueError(f"{where}: expected a list, got {_type_name(value)}")
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        for i, item in enumerate(value):
            _check_value(item, args[0] if args else Any, f"{where}[{i}]")
        return
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object, got {_type_name(value)}")
        key_hint, value_hint = typing.get_args(hint) or (Any, Any)
        for key, item in value.items():
            _check_value(key, key_hint, f"{where} key")
            _check_value(item, value_hint, f"{where}.{key}")
        return
    if isinstance(hint, type):
        _check_class(value, hint, where)


def _check_class(value: Any, hint: type, where: str) -> None:
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            raise ValueError(f"{where}: expected {hint.__name__}, got {_type_name(value)}")
        check_model(value, where)
        return
    if issubclass(hint, Enum) or hint is datetime:
        ok = isinstance(value, hint)
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    if not ok:
        raise ValueError(f"{where}: expected {hint.__name__}, got {_type_name(value)}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def check_model(obj: Any, where: str = "") -> None:
    """Check every field of a decoded model against its type hints, recursively.

    Raises:
        ValueError: the first field of the wrong type, named by its path.
    """
    cls: type = type(obj)
    hints = _hints(cls)
    for item in dataclasses.fields(obj):
        name = f"{where}.{item.name}" if where else item.name
        _check_value(getattr(obj, item.name), hints[item.name], f"field {name!r}")


def _object(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError(f"the row is {_type_name(row)}, not an object")
    return row


def check_draft(row: Any) -> None:
    """A drafts row decodes into a :class:`Draft` whose every field has the right type."""
    check_model(Draft.from_dict(_object(row)))


def check_event(row: Any) -> None:
    """An events row decodes into an :class:`Event` whose every field has the right type."""
    check_model(Event.from_dict(_object(row)))


def _positive_int(row: dict[str, Any], key: str) -> None:
    if key not in row:
        raise ValueError(f"missing field {key!r}")
    value = row[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"field {key!r}: expected a positive integer, got {value!r}")


def check_counter(row: Any) -> None:
    """The draft id counter: ``{"next_draft": N}`` with N a positive integer."""
    _positive_int(_object(row), "next_draft")


def check_meta(row: Any) -> None:
    """The schema row: ``{"schema": N}``."""
    _positive_int(_object(row), "schema")


def check_state(row: Any) -> None:
    """A named state record: ``{"key": str, "value": anything}``."""
    data = _object(row)
    if not isinstance(data.get("key"), str):
        raise ValueError("field 'key': expected a string")
    if "value" not in data:
        raise ValueError("missing field 'value'")


def check_audit(row: Any) -> None:
    """An audit entry: ``at``, ``action`` and ``by`` are strings."""
    data = _object(row)
    for key in ("at", "action", "by"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"field {key!r}: expected a string, got {_type_name(data.get(key))}")


def _row_id(row: Any) -> str:
    if isinstance(row, dict):
        for key in ("id", "key"):
            value = row.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)[:80]
    return ""


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}" if exc.args else "missing field"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def check_document(document: Mapping[str, Any], checks: TableChecks) -> list[RowProblem]:
    """Every row of ``document`` that its table's check refuses, in file order."""
    problems: list[RowProblem] = []
    for table, rows in document.items():
        check = checks.get(table)
        if check is None or not isinstance(rows, dict):
            continue
        for key, row in rows.items():
            if not (key.isascii() and key.isdigit()):
                problems.append(
                    RowProblem(table, key[:40], _row_id(row), "the row's key is not a number")
                )
                continue
            try:
                check(row)
            except Exception as exc:  # any failure of a decoder is a bad row, never a crash
                problems.append(RowProblem(table, str(key), _row_id(row), _reason(exc)))
    return problems


DRAFTS_CHECKS: TableChecks = {
    "drafts": check_draft,
    "counters": check_counter,
    "_meta": check_meta,
}
"""``drafts.json``: the drafts and the id counter."""

EVENTS_CHECKS: TableChecks = {"events": check_event, "_meta": check_meta}
"""``events.json``: the trending events."""

STATE_CHECKS: TableChecks = {"state": check_state, "audit": check_audit, "_meta": check_meta}
"""``state.json``: named records and the audit log."""
