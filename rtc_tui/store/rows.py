"""Validating stored rows against the models, so a bad row is named instead of crashing later.

Every table of every file has a check: the drafts and events tables decode each row with the
model (:meth:`Draft.from_dict`, :meth:`Event.from_dict`: ``msgspec.convert``, strictly typed,
the error naming the field path); the small bookkeeping tables (the id counter, the schema,
state records, the audit log) have their own shapes. A problem names the table, the row's key
and, where there is one, its id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from rtc_tui.core.models import Draft, Event
from rtc_tui.core.trending.cluster_index import entry_from
from rtc_tui.core.trending.standing import Standing, Triage
from rtc_tui.i18n import _
from rtc_tui.store.manifest import IndexPart, manifest_from

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
        ident = _(" (id {id})").format(id=self.row_id) if self.row_id else ""
        return _("table {table}, row {row}{ident}: {problem}").format(
            table=self.table, row=self.key, ident=ident, problem=self.problem
        )


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _object(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError(_("the row is {kind}, not an object").format(kind=_type_name(row)))
    return row


def check_draft(row: Any) -> None:
    """A drafts row decodes into a :class:`Draft` (msgspec: every field strictly typed)."""
    Draft.from_dict(_object(row))


def check_event(row: Any) -> None:
    """An events row decodes into an :class:`Event` (msgspec: every field strictly typed)."""
    Event.from_dict(_object(row))


def check_triage(row: Any) -> None:
    """A triage row decodes into a :class:`Triage`."""
    Triage.from_dict(_object(row))


def check_standing(row: Any) -> None:
    """A ranking row decodes into a :class:`Standing`."""
    Standing.from_dict(_object(row))


def check_cluster_entry(row: Any) -> None:
    """A clusters row decodes into a :class:`ClusterEntry` (the stored clustering index)."""
    entry_from(_object(row))


def check_known(row: Any) -> None:
    """The stored ids: ``{"ids": [str, ...]}``."""
    ids = _object(row).get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ValueError(_("field 'ids': expected a list of strings"))


def _positive_int(row: dict[str, Any], key: str) -> None:
    if key not in row:
        raise ValueError(_("missing field {name!r}").format(name=key))
    value = row[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            _("field {name!r}: expected a positive integer, got {value!r}").format(
                name=key, value=value
            )
        )


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
        raise ValueError(_("field 'key': expected a string"))
    if "value" not in data:
        raise ValueError(_("missing field 'value'"))


def check_audit(row: Any) -> None:
    """An audit entry: ``at``, ``action`` and ``by`` are strings."""
    data = _object(row)
    for key in ("at", "action", "by"):
        if not isinstance(data.get(key), str):
            raise ValueError(
                _("field {name!r}: expected a string, got {kind}").format(
                    name=key, kind=_type_name(data.get(key))
                )
            )


def _row_id(row: Any) -> str:
    if isinstance(row, dict):
        for key in ("id", "key"):
            value = row.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)[:80]
    return ""


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        if exc.args:
            return _("missing field {name}").format(name=repr(exc.args[0]))
        return _("missing field")
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
"""``events.json`` and ``archive.json``: the trending events' bodies."""

TRIAGE_CHECKS: TableChecks = {"triage": check_triage, "known": check_known, "_meta": check_meta}
"""``triage.json``: each triaged event's state, and the stored ids."""

RANKING_CHECKS: TableChecks = {
    "ranking": check_standing,
    "clusters": check_cluster_entry,
    "sensitive": check_event,
    "_meta": check_meta,
}
"""``ranking.json`` and ``ranking-top.json``: the stored ranking (and its sensitive events)."""

STATE_CHECKS: TableChecks = {"state": check_state, "audit": check_audit, "_meta": check_meta}
"""``state.json``: named records and the audit log."""


def check_gone(row: Any) -> None:
    """A tombstone: ``{"id": str}`` (the event left the live set in that segment's merge)."""
    if not isinstance(_object(row).get("id"), str):
        raise ValueError(_("field 'id': expected a string"))


def check_unranked(row: Any) -> None:
    """The mark of a merge that emptied the ranking: an object."""
    _object(row)


def check_manifest(row: Any) -> None:
    """The events' manifest row (``events-live.json``): every live id, the ranking's order."""
    manifest_from(_object(row))


SEGMENT_CHECKS: TableChecks = {
    "events": check_event,
    "ranking": check_standing,
    "gone": check_gone,
    "unranked": check_unranked,
    "_meta": check_meta,
}
"""A segment under ``events.d/``: bodies, standings and tombstones one merge wrote."""


def check_index_part(row: Any) -> None:
    """A part of the clustering index (``events.d/index-*.json``): entries and postings."""
    msgspec.convert(_object(row), IndexPart)


INDEX_CHECKS: TableChecks = {"index": check_index_part, "_meta": check_meta}
"""An index part: a base of the clustering index, or what one merge changed in it."""

MANIFEST_CHECKS: TableChecks = {"manifest": check_manifest, "_meta": check_meta}
"""``events-live.json``: the live events' ids, last-seen times and places, the ranking's order."""
