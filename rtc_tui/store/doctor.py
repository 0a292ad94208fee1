"""Checking a data dir and moving bad rows aside: what ``rtc doctor [--fix]`` does.

A bad row stops every write to its file (so nothing is lost by rewriting it). The doctor lists
each problem; with ``fix`` it first keeps a copy of the file, then moves the bad rows into
``<file>.quarantine.json`` (added to what an earlier run put there) and writes the file
without them, all under the file's lock. Links, files owned by someone else and unparseable
files are listed but never touched: they need a person to look.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtc_tui.i18n import _, ngettext
from rtc_tui.store.db import (
    SCHEMA_VERSION,
    JsonDatabase,
    parse_document,
    read_json_document,
    schema_of,
)
from rtc_tui.store.fsio import (
    StoreError,
    clean_stale_temps,
    read_nofollow,
    temp_files,
    write_atomic,
)
from rtc_tui.store.interface import Store
from rtc_tui.store.repos import FileStore
from rtc_tui.store.rows import RowProblem, check_document


@dataclass
class FileReport:
    """What the doctor found (and did) for one database file."""

    path: Path
    problems: list[str] = field(default_factory=list)
    """One line each, naming the file and (for a bad row) the table and row."""
    fixed: list[str] = field(default_factory=list)
    """What ``fix`` did, one line each."""
    unfixable: bool = False
    """A problem ``fix`` does not touch remains (a link, a corrupt file...)."""


def _quarantine(
    db: JsonDatabase, bad: list[RowProblem], document: dict[str, Any], stamp: str
) -> list[str]:
    """Back the file up, move ``bad`` rows to the quarantine file, write the rest back."""
    path = db.path
    backup = path.with_name(f"{path.name}.doctor-{stamp}.bak")
    original = read_nofollow(path) or b""
    write_atomic(backup, original, db.modes)
    quarantine_path = path.with_name(path.name + ".quarantine.json")
    quarantined: dict[str, Any] = read_json_document(quarantine_path) or {}
    for problem in bad:
        row = document[problem.table].pop(problem.key)
        moved = quarantined.setdefault(problem.table, {})
        moved[f"{problem.key}@{stamp}"] = {"row": row, "problem": problem.problem}
    data = json.dumps(quarantined, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(quarantine_path, data, db.modes)
    db.replace_document(document)
    return [
        ngettext(
            "{path}: moved {count} bad row to {quarantine} (the file as it was: {backup})",
            "{path}: moved {count} bad rows to {quarantine} (the file as it was: {backup})",
            len(bad),
        ).format(path=path, count=len(bad), quarantine=quarantine_path, backup=backup)
    ]


def examine(db: JsonDatabase, *, fix: bool, stamp: str) -> FileReport:
    """Check one database file; with ``fix`` (under its lock), clean temps, quarantine rows."""
    if not fix:
        return _examine(db, fix=False, stamp=stamp)
    try:
        with db.hold_lock():
            return _examine(db, fix=True, stamp=stamp)
    except StoreError as exc:
        report = FileReport(db.path, problems=[str(exc)], unfixable=True)
        return report


def _examine(db: JsonDatabase, *, fix: bool, stamp: str) -> FileReport:
    report = FileReport(db.path)
    try:
        db.check_files()
        raw = read_nofollow(db.path)
        document = parse_document(db.path, raw) if raw is not None else {}
    except StoreError as exc:
        report.problems.append(str(exc))
        report.unfixable = True
        return report
    temps = temp_files(db.path)
    if temps:
        report.problems.append(
            ngettext(
                "{path}: {count} temporary file left by a crash",
                "{path}: {count} temporary files left by a crash",
                len(temps),
            ).format(path=db.path, count=len(temps))
        )
    version = schema_of(document)
    if version > SCHEMA_VERSION:
        report.problems.append(
            _(
                "{path}: written by a newer rtc (schema {version} > {supported}); "
                "this rtc only reads it"
            ).format(path=db.path, version=version, supported=SCHEMA_VERSION)
        )
        report.unfixable = True
    # A newer rtc's rows are in a form this one may not know: not bad rows to move aside.
    bad = [] if version > SCHEMA_VERSION else check_document(document, db.checks)
    report.problems += [f"{db.path}: {p.describe()}" for p in bad]
    if not fix or report.unfixable:
        return report
    if temps:
        removed = clean_stale_temps(db.path)
        report.fixed.append(
            ngettext(
                "{path}: removed {count} temporary file",
                "{path}: removed {count} temporary files",
                len(removed),
            ).format(path=db.path, count=len(removed))
        )
    if bad:
        report.fixed += _quarantine(db, bad, document, stamp)
    return report


def run_doctor(store: Store, *, fix: bool) -> list[FileReport]:
    """Examine every database file of ``store`` (see :func:`examine`).

    A database server keeps its own rows consistent (constraints, transactions), so for one
    the doctor checks only that the schema is the one this rtc expects.
    """
    if not isinstance(store, FileStore):
        report = FileReport(Path(store.location))
        try:
            store.check()
        except StoreError as exc:
            report.problems.append(str(exc))
            report.unfixable = True
        return [report]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return [examine(db, fix=fix, stamp=stamp) for db in store.databases]
