"""Domain model: events, drafts, checklist templates and the content hash.

Everything here is plain data: msgspec Structs (frozen, or mutable where the desk edits them in
place) whose shape is the one declaration of both the object and its JSON. :class:`Record` gives
every one of them the same ``to_dict``/``from_dict`` pair, so the store can persist them and the
CLI can print them; nothing here knows about Textual, httpx or TinyDB. Times are
timezone-aware UTC ``datetime`` objects in memory and ISO 8601 strings on disk
(``2026-11-26T09:00:00+00:00``, as :func:`to_iso` writes them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Self, get_args

import msgspec

from rtc_tui.core.time_fields import iso_times_of

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


UtcTime = Annotated[datetime, msgspec.Meta(tz=True)]
"""An aware datetime: a stored time without a zone is refused rather than guessed."""


def _now() -> datetime:
    return datetime.now(UTC)


class _Codec:
    """One encoder and one decoder for every stored model, instead of a pair per class.

    The JSON keys are the field names (a field stored under another key says so with
    ``msgspec.field(name=...)``), so the files the app wrote before keep loading.
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage and JSON output: enums as values, tuples as lists."""
        data: dict[str, Any] = msgspec.to_builtins(self, builtin_types=(datetime,))
        # Only the fields whose type may hold a datetime are visited (see time_fields).
        return iso_times_of(type(self), data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output; keys it does not know are ignored.

        Raises:
            msgspec.ValidationError: a value of the wrong type (a ``ValueError``; the message
                ends with the path, like ``- at `$.signal_history[0].at```).
        """
        return msgspec.convert(data, cls)


class Record(_Codec, msgspec.Struct):
    """A stored model the desk edits in place (an event, a draft)."""


class Fixed(_Codec, msgspec.Struct, frozen=True):
    """A stored model that never changes once made (a tick, a revision, a verdict)."""


class Level(StrEnum):
    """How sensitive a text is: nothing found, worth a warning, or blocking."""

    NONE = "none"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        """Order of severity, so the worst of several levels is ``max(..., key=rank)``."""
        return _LEVEL_RANKS[self.value]

    @property
    def marker(self) -> str:
        """A one-character marker that reads without colour: blank, ``!`` or ``X``."""
        return {"none": " ", "warn": "!", "block": "X"}[self.value]


_LEVEL_RANKS = {"none": 0, "warn": 1, "block": 2}


class Sensitivity(Fixed, frozen=True):
    """The sensitivity verdict for a text: level, GARM categories and the matched terms."""

    level: Level = Level.NONE
    categories: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


class TriageState(StrEnum):
    """Where an event stands in the editor's triage."""

    NEW = "new"
    SEEN = "seen"
    PINNED = "pinned"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"
    REACTED = "reacted"


class SignalPoint(Fixed, frozen=True):
    """One reading of a source's signal (traffic, uses, score) at a time."""

    at: UtcTime
    value: float


class ContextItem(Fixed, frozen=True):
    """What a source says about a trend: a news item, a trending status, a link."""

    title: str
    url: str = ""
    source: str = ""
    kind: str = "news"


class Event(Record):
    """A trending item from one source, with its signal history and triage state."""

    id: str
    source: str
    title: str
    url: str = ""
    summary: str = ""
    lang: str = ""
    published: UtcTime | None = None
    first_seen: UtcTime = msgspec.field(default_factory=_now)
    last_seen: UtcTime = msgspec.field(default_factory=_now)
    signal: float | None = None
    signal_history: list[SignalPoint] = msgspec.field(default_factory=list)
    cluster_id: str = ""
    score: float = 0.0
    sensitivity: Sensitivity = msgspec.field(default_factory=Sensitivity)
    state: TriageState = TriageState.NEW
    snoozed_until: UtcTime | None = None
    draft_ids: list[int] = msgspec.field(default_factory=list)
    context: list[ContextItem] = msgspec.field(default_factory=list)
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


def event_id(source: str, key: str) -> str:
    """A stable event id: a short hash of the source name and its guid or normalised URL."""
    return hashlib.sha256(f"{source}\x00{key}".encode()).hexdigest()[:16]


class DraftStatus(StrEnum):
    """The draft workflow: draft -> in_review -> approved -> exported."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    EXPORTED = "exported"


class Origin(Fixed, frozen=True):
    """What a draft reacts to: an event or a moment, with a snapshot taken at creation."""

    kind: str
    """``"event"`` or ``"moment"``."""
    ref: str
    """The event id or the moment's name."""
    title: str
    sensitivity: Sensitivity = msgspec.field(default_factory=Sensitivity)
    first_seen: UtcTime | None = None
    """When the origin event was first seen (the start of the time-to-post clock)."""
    date: str = ""
    """For a moment: the ISO date of the occurrence the draft is for."""
    tone: str = ""
    """For a moment: celebratory, commercial, civic or solemn."""


class Revision(Fixed, frozen=True):
    """A saved state of a draft's texts: who saved it and when."""

    number: int
    author: str
    at: UtcTime
    text: str
    variants: dict[str, str] = msgspec.field(default_factory=dict)


class Tick(Fixed, frozen=True, omit_defaults=True):
    """A checklist item given by someone on a given content hash."""

    by: str
    at: UtcTime
    content_hash: str
    self_review: bool = False
    """Given by the author on a one-person desk (``team.solo``): shown as a self-review."""


class Override(Fixed, frozen=True, omit_defaults=True):
    """A blocking finding waved through with a written reason."""

    finding: str
    """The finding's key (category and match), as the safety checks name it."""
    by: str
    at: UtcTime
    reason: str
    content_hash: str = ""
    self_review: bool = False
    """Given by the author on a one-person desk (``team.solo``): shown as a self-review."""


class ExportRecord(Fixed, frozen=True):
    """One export of a draft: who, when, which format, where, and on which content."""

    by: str
    at: UtcTime
    format: str
    content_hash: str
    target: str = ""
    seconds_since_first_seen: float | None = None


class Draft(Record):
    """A reaction being written: base text, per-platform variants and its paper trail."""

    id: int
    title: str
    text: str = ""
    variants: dict[str, str] = msgspec.field(default_factory=dict)
    platforms: list[str] = msgspec.field(default_factory=list)
    origin: Origin | None = None
    author: str = ""
    status: DraftStatus = DraftStatus.DRAFT
    created_at: UtcTime = msgspec.field(default_factory=_now)
    updated_at: UtcTime = msgspec.field(default_factory=_now)
    revisions: list[Revision] = msgspec.field(default_factory=list)
    ticks: dict[str, Tick] = msgspec.field(default_factory=dict, name="checklist")
    """Checklist ticks by item id (stored under ``checklist``)."""
    overrides: list[Override] = msgspec.field(default_factory=list)
    exports: list[ExportRecord] = msgspec.field(default_factory=list)
    review_notes: list[dict[str, str]] = msgspec.field(default_factory=list)
    scheduled_at: UtcTime | None = None

    def text_for(self, platform: str) -> str:
        """The text that would be posted on ``platform``: its variant, else the base text."""
        return self.variants.get(platform) or self.text

    @property
    def revision(self) -> int:
        """The number of the latest revision (``0`` before the first): what a save is based on."""
        return self.revisions[-1].number if self.revisions else 0

    def to_dict(self) -> dict[str, Any]:
        """Serialise for storage and ``rtc draft show --json``, with the content hash."""
        return {**super().to_dict(), "content_hash": content_hash(self)}


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


class ChecklistItem(Fixed, frozen=True):
    """One item of the safety checklist template."""

    id: str
    label: str
    help: str = ""
    required: bool = True
    kind: str = "manual"
    """``manual`` (a person ticks it) or ``auto`` (computed by the checks)."""
    role: str = "anyone"
    """``anyone``, or ``not_author`` (the second pair of eyes)."""
