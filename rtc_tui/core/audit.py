"""The audit log's hash chain: each record sealed with a hash of itself and of the one before.

A record is a flat JSON object (``at``, ``action``, ``by`` and the action's details). Sealing
adds ``prev`` (the previous record's hash, ``""`` for the first) and ``hash``: the SHA-256 of the
record's canonical JSON (sorted keys, no spaces, UTF-8) without ``hash``. Changing, inserting or
removing a record by hand breaks the chain at that record; :func:`verify` names the first one.
Every store backend builds (:func:`record`) and seals (:func:`seal`) with these functions, inside
the transaction that appends, so ``rtc audit --verify`` checks a log the same way whichever
backend wrote it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

HASH = "hash"
"""The key holding a record's own hash."""

PREV = "prev"
"""The key holding the previous record's hash."""


def record(action: str, by: str, details: Mapping[str, Any]) -> dict[str, Any]:
    """A new, unsealed record of ``action`` by ``by`` now (UTC), with the action's details."""
    return {"at": datetime.now(UTC).isoformat(), "action": action, "by": by, **details}


def draft_of(record: Mapping[str, Any]) -> int | None:
    """The draft a record is about (``None``: none, or not a draft id): what logs index by."""
    draft = record.get("draft")
    return draft if isinstance(draft, int) and not isinstance(draft, bool) else None


def canonical(record: Mapping[str, Any]) -> bytes:
    """The record's canonical JSON without its ``hash``: what the hash is taken of."""
    body = {k: v for k, v in record.items() if k != HASH}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(record: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of the record's canonical JSON."""
    return hashlib.sha256(canonical(record)).hexdigest()


def seal(record: Mapping[str, Any], prev: str) -> dict[str, Any]:
    """``record`` chained after a record whose hash is ``prev`` (``""`` for the first)."""
    sealed = {k: v for k, v in record.items() if k not in (HASH, PREV)}
    sealed[PREV] = prev
    sealed[HASH] = digest(sealed)
    return sealed


def last_hash(records: Sequence[Mapping[str, Any]]) -> str:
    """The hash the next record chains to (``""`` for an empty log)."""
    return str(records[-1].get(HASH, "")) if records else ""


def seal_all(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chain records written before the log was chained, in order (a one-time migration)."""
    sealed: list[dict[str, Any]] = []
    for record in records:
        sealed.append(seal(record, last_hash(sealed)))
    return sealed


def sealed_log(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The log as it is kept from now on: one written before the chain (no record sealed) sealed.

    A log with any sealed record is returned as it is: re-sealing it would also seal a record
    slipped in by hand, which must stay visible to :func:`verify`.
    """
    if records and all(HASH not in r for r in records):
        return seal_all(records)
    return [dict(r) for r in records]


@dataclass(frozen=True)
class Break:
    """The first record where the chain does not hold."""

    index: int
    """Its position in the log, from 1."""
    record: Mapping[str, Any]
    problem: str

    def describe(self) -> str:
        """``record 7 (2026-11-29T10:00:00+00:00 tick by bob): its hash does not match...``."""
        what = " ".join(str(self.record.get(k, "?")) for k in ("at", "action"))
        who = self.record.get("by", "?")
        return f"audit record {self.index} ({what} by {who}): {self.problem}"


def verify(records: Sequence[Mapping[str, Any]]) -> Break | None:
    """The first record that breaks the chain, or ``None`` when the whole log holds."""
    prev = ""
    for index, record in enumerate(records, 1):
        if not isinstance(record.get(HASH), str) or not isinstance(record.get(PREV), str):
            return Break(index, record, "not sealed (no hash): written or edited by hand")
        if record[PREV] != prev:
            return Break(index, record, "does not follow the record before it (one removed?)")
        if digest(record) != record[HASH]:
            return Break(index, record, "its hash does not match its content (edited by hand)")
        prev = record[HASH]
    return None
