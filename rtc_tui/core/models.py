"""Domain model: events, drafts, checklist templates and the content hash.

Everything here is plain data: frozen or mutable dataclasses with a ``to_dict``/``from_dict``
pair, so the store can persist them as JSON and the CLI can print them, and nothing here knows
about Textual, httpx or TinyDB. Times are timezone-aware UTC ``datetime`` objects in memory and
ISO 8601 strings on disk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, get_args

Platform = Literal["x", "mastodon", "bluesky", "threads", "linkedin", "instagram", "facebook"]
"""A platform name the tool knows."""

PLATFORMS: tuple[str, ...] = get_args(Platform)
"""Every platform name the tool knows, in display order."""


def to_iso(value: datetime | None) -> str | None:
    """Serialise an aware datetime as ISO 8601 (UTC), keeping ``None``."""
    return None if value is None else value.astimezone(UTC).isoformat()


def from_iso(value: str | None) -> datetime | None:
    """Parse an ISO 8601 string back into an aware UTC datetime, keeping ``None``."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _req_iso(value: str) -> datetime:
    parsed = from_iso(value)
    assert parsed is not None
    return parsed


class Level(StrEnum):
    """How sensitive a text is: nothing found, worth a warning, or blocking."""

    NONE = "none"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        """Order of severity, so the worst of several levels is ``max(..., key=rank)``."""
        return {"none": 0, "warn": 1, "block": 2}[self.value]

    @property
    def marker(self) -> str:
        """A one-character marker that reads without colour: blank, ``!`` or ``X``."""
        return {"none": " ", "warn": "!", "block": "X"}[self.value]


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity verdict for a text: level, GARM categories and the matched terms."""

    level: Level = Level.NONE
    categories: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage and JSON output."""
        return {
            "level": self.level.value,
            "categories": list(self.categories),
            "terms": list(self.terms),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Sensitivity:
        """Rebuild from :meth:`to_dict` output (``None`` means not sensitive)."""
        if not data:
            return cls()
        return cls(
            level=Level(data.get("level", "none")),
            categories=tuple(data.get("categories", ())),
            terms=tuple(data.get("terms", ())),
        )


class TriageState(StrEnum):
    """Where an event stands in the editor's triage."""

    NEW = "new"
    SEEN = "seen"
    PINNED = "pinned"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"
    REACTED = "reacted"


@dataclass(frozen=True)
class SignalPoint:
    """One reading of a source's signal (traffic, uses, score) at a time."""

    at: datetime
    value: float

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {"at": to_iso(self.at), "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignalPoint:
        """Rebuild from :meth:`to_dict` output."""
        return cls(at=_req_iso(data["at"]), value=float(data["value"]))


@dataclass(frozen=True)
class ContextItem:
    """What a source says about a trend: a news item, a trending status, a link."""

    title: str
    url: str = ""
    source: str = ""
    kind: str = "news"

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {"title": self.title, "url": self.url, "source": self.source, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContextItem:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            title=data["title"],
            url=data.get("url", ""),
            source=data.get("source", ""),
            kind=data.get("kind", "news"),
        )


@dataclass
class Event:
    """A trending item from one source, with its signal history and triage state."""

    id: str
    source: str
    title: str
    url: str = ""
    summary: str = ""
    lang: str = ""
    published: datetime | None = None
    first_seen: datetime = field(default_factory=lambda: datetime.now(UTC))
    last_seen: datetime = field(default_factory=lambda: datetime.now(UTC))
    signal: float | None = None
    signal_history: list[SignalPoint] = field(default_factory=list)
    cluster_id: str = ""
    score: float = 0.0
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    state: TriageState = TriageState.NEW
    snoozed_until: datetime | None = None
    draft_ids: list[int] = field(default_factory=list)
    context: list[ContextItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "lang": self.lang,
            "published": to_iso(self.published),
            "first_seen": to_iso(self.first_seen),
            "last_seen": to_iso(self.last_seen),
            "signal": self.signal,
            "signal_history": [p.to_dict() for p in self.signal_history],
            "cluster_id": self.cluster_id,
            "score": self.score,
            "sensitivity": self.sensitivity.to_dict(),
            "state": self.state.value,
            "snoozed_until": to_iso(self.snoozed_until),
            "draft_ids": list(self.draft_ids),
            "context": [c.to_dict() for c in self.context],
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            id=data["id"],
            source=data["source"],
            title=data["title"],
            url=data.get("url", ""),
            summary=data.get("summary", ""),
            lang=data.get("lang", ""),
            published=from_iso(data.get("published")),
            first_seen=_req_iso(data["first_seen"]),
            last_seen=_req_iso(data["last_seen"]),
            signal=data.get("signal"),
            signal_history=[SignalPoint.from_dict(p) for p in data.get("signal_history", [])],
            cluster_id=data.get("cluster_id", ""),
            score=float(data.get("score", 0.0)),
            sensitivity=Sensitivity.from_dict(data.get("sensitivity")),
            state=TriageState(data.get("state", "new")),
            snoozed_until=from_iso(data.get("snoozed_until")),
            draft_ids=list(data.get("draft_ids", [])),
            context=[ContextItem.from_dict(c) for c in data.get("context", [])],
            extra=dict(data.get("extra", {})),
        )


def event_id(source: str, key: str) -> str:
    """A stable event id: a short hash of the source name and its guid or normalised URL."""
    return hashlib.sha256(f"{source}\x00{key}".encode()).hexdigest()[:16]


class DraftStatus(StrEnum):
    """The draft workflow: draft -> in_review -> approved -> exported."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    EXPORTED = "exported"


@dataclass(frozen=True)
class Origin:
    """What a draft reacts to: an event or a moment, with a snapshot taken at creation."""

    kind: str
    """``"event"`` or ``"moment"``."""
    ref: str
    """The event id or the moment's name."""
    title: str
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    first_seen: datetime | None = None
    """When the origin event was first seen (the start of the time-to-post clock)."""
    date: str = ""
    """For a moment: the ISO date of the occurrence the draft is for."""
    tone: str = ""
    """For a moment: celebratory, commercial, civic or solemn."""

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {
            "kind": self.kind,
            "ref": self.ref,
            "title": self.title,
            "sensitivity": self.sensitivity.to_dict(),
            "first_seen": to_iso(self.first_seen),
            "date": self.date,
            "tone": self.tone,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Origin | None:
        """Rebuild from :meth:`to_dict` output."""
        if not data:
            return None
        return cls(
            kind=data["kind"],
            ref=data["ref"],
            title=data.get("title", ""),
            sensitivity=Sensitivity.from_dict(data.get("sensitivity")),
            first_seen=from_iso(data.get("first_seen")),
            date=data.get("date", ""),
            tone=data.get("tone", ""),
        )


@dataclass(frozen=True)
class Revision:
    """A saved state of a draft's texts: who saved it and when."""

    number: int
    author: str
    at: datetime
    text: str
    variants: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {
            "number": self.number,
            "author": self.author,
            "at": to_iso(self.at),
            "text": self.text,
            "variants": dict(self.variants),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Revision:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            number=int(data["number"]),
            author=data.get("author", ""),
            at=_req_iso(data["at"]),
            text=data.get("text", ""),
            variants=dict(data.get("variants", {})),
        )


@dataclass(frozen=True)
class Tick:
    """A checklist item given by someone on a given content hash."""

    by: str
    at: datetime
    content_hash: str

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {"by": self.by, "at": to_iso(self.at), "content_hash": self.content_hash}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tick:
        """Rebuild from :meth:`to_dict` output."""
        return cls(by=data["by"], at=_req_iso(data["at"]), content_hash=data["content_hash"])


@dataclass(frozen=True)
class Override:
    """A blocking finding waved through with a written reason."""

    finding: str
    """The finding's key (category and match), as the safety checks name it."""
    by: str
    at: datetime
    reason: str
    content_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {
            "finding": self.finding,
            "by": self.by,
            "at": to_iso(self.at),
            "reason": self.reason,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Override:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            finding=data["finding"],
            by=data["by"],
            at=_req_iso(data["at"]),
            reason=data["reason"],
            content_hash=data.get("content_hash", ""),
        )


@dataclass(frozen=True)
class ExportRecord:
    """One export of a draft: who, when, which format, where, and on which content."""

    by: str
    at: datetime
    format: str
    content_hash: str
    target: str = ""
    seconds_since_first_seen: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage."""
        return {
            "by": self.by,
            "at": to_iso(self.at),
            "format": self.format,
            "content_hash": self.content_hash,
            "target": self.target,
            "seconds_since_first_seen": self.seconds_since_first_seen,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportRecord:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            by=data["by"],
            at=_req_iso(data["at"]),
            format=data["format"],
            content_hash=data["content_hash"],
            target=data.get("target", ""),
            seconds_since_first_seen=data.get("seconds_since_first_seen"),
        )


@dataclass
class Draft:
    """A reaction being written: base text, per-platform variants and its paper trail."""

    id: int
    title: str
    text: str = ""
    variants: dict[str, str] = field(default_factory=dict)
    platforms: list[str] = field(default_factory=list)
    origin: Origin | None = None
    author: str = ""
    status: DraftStatus = DraftStatus.DRAFT
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    revisions: list[Revision] = field(default_factory=list)
    ticks: dict[str, Tick] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    review_notes: list[dict[str, str]] = field(default_factory=list)
    scheduled_at: datetime | None = None

    def text_for(self, platform: str) -> str:
        """The text that would be posted on ``platform``: its variant, else the base text."""
        return self.variants.get(platform) or self.text

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage and for ``rtc draft show --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "variants": dict(self.variants),
            "platforms": list(self.platforms),
            "origin": self.origin.to_dict() if self.origin else None,
            "author": self.author,
            "status": self.status.value,
            "created_at": to_iso(self.created_at),
            "updated_at": to_iso(self.updated_at),
            "revisions": [r.to_dict() for r in self.revisions],
            "checklist": {k: t.to_dict() for k, t in self.ticks.items()},
            "overrides": [o.to_dict() for o in self.overrides],
            "exports": [e.to_dict() for e in self.exports],
            "review_notes": [dict(n) for n in self.review_notes],
            "scheduled_at": to_iso(self.scheduled_at),
            "content_hash": content_hash(self),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            id=int(data["id"]),
            title=data.get("title", ""),
            text=data.get("text", ""),
            variants=dict(data.get("variants", {})),
            platforms=list(data.get("platforms", [])),
            origin=Origin.from_dict(data.get("origin")),
            author=data.get("author", ""),
            status=DraftStatus(data.get("status", "draft")),
            created_at=_req_iso(data["created_at"]),
            updated_at=_req_iso(data["updated_at"]),
            revisions=[Revision.from_dict(r) for r in data.get("revisions", [])],
            ticks={k: Tick.from_dict(t) for k, t in data.get("checklist", {}).items()},
            overrides=[Override.from_dict(o) for o in data.get("overrides", [])],
            exports=[ExportRecord.from_dict(e) for e in data.get("exports", [])],
            review_notes=[dict(n) for n in data.get("review_notes", [])],
            scheduled_at=from_iso(data.get("scheduled_at")),
        )


def content_hash(draft: Draft) -> str:
    """Hash everything that would be published: texts, platforms and origin.

    A checklist tick records the hash it was given on; any edit to what would be published
    changes the hash and so makes the tick stale. The title, status and paper trail are not
    published and do not count.
    """
    payload = {
        "text": draft.text,
        "variants": {p: draft.variants[p] for p in sorted(draft.variants) if draft.variants[p]},
        "platforms": sorted(draft.platforms),
        "origin": [draft.origin.kind, draft.origin.ref] if draft.origin else None,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the safety checklist template."""

    id: str
    label: str
    help: str = ""
    required: bool = True
    kind: str = "manual"
    """``manual`` (a person ticks it) or ``auto`` (computed by the checks)."""
    role: str = "anyone"
    """``anyone``, or ``not_author`` (the second pair of eyes)."""

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output."""
        return {
            "id": self.id,
            "label": self.label,
            "help": self.help,
            "required": self.required,
            "kind": self.kind,
            "role": self.role,
        }
