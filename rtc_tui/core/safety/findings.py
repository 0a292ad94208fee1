"""What the safety checks report: findings, their categories, the report and its verdict.

A :class:`Finding` has a severity, a category, what matched, where (``text`` or ``event``) and
a stable key; a :class:`SafetyReport` gathers the findings with the per-platform length counts,
the readability of each text and the link results. The verdict is ``block`` while any blocking
finding is not overridden, ``warn`` when anything (including an override) is worth a look, and
``ok`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rtc_tui.core.drafting import readability
from rtc_tui.core.drafting.platforms import PlatformCount
from rtc_tui.core.models import Level, Override
from rtc_tui.core.safety.families import GARM_LABELS
from rtc_tui.i18n import N_, _

TEXT = "text"
"""``where`` of a finding in the draft's own text."""
EVENT = "event"
"""``where`` of a finding in the origin event's title or summary."""

COMMERCIAL_ON_SENSITIVE = "commercial_on_sensitive"
COMMERCIAL_ON_SOLEMN_DAY = "commercial_on_solemn_day"
SOLEMN_DAY = "solemn_day"
TRENDING_TAG = "trending_tag"
READABILITY = "readability"
PLATFORM_FIT = "platform_fit"
LINKS = "links"
BRAND_OFF_LIMITS = "brand_off_limits"

NOT_OVERRIDABLE = frozenset({PLATFORM_FIT})
"""Finding categories no reason can wave through."""

CHECK_LABELS: dict[str, str] = {
    COMMERCIAL_ON_SENSITIVE: N_("Commercial wording on a sensitive event"),
    COMMERCIAL_ON_SOLEMN_DAY: N_("Commercial wording on a solemn day"),
    SOLEMN_DAY: N_("Solemn day"),
    TRENDING_TAG: N_("Hashtag of a sensitive trending event"),
    READABILITY: N_("Hard to read"),
    PLATFORM_FIT: N_("Platform fit"),
    LINKS: N_("Link does not answer"),
    BRAND_OFF_LIMITS: N_("Brand off-limits topic"),
}
"""Labels of the categories the checks add to the lexicon's GARM ones."""


class Verdict(StrEnum):
    """The outcome of the checks: nothing to say, worth a look, or refused."""

    OK = "ok"
    WARN = "warn"
    BLOCK = "block"


def category_label(category: str) -> str:
    """The display label of a finding category (GARM or one of the checks'), translated.

    An unknown category (one stored on an event by an older lexicon) is shown as its id.
    """
    known = CHECK_LABELS.get(category) or GARM_LABELS.get(category)
    return _(known) if known else category


def where_label(where: str) -> str:
    """Where a finding is, in the interface language: ``text`` or ``event`` (else as is)."""
    if where == TEXT:
        return _("text")
    if where == EVENT:
        return _("event")
    return where


@dataclass(frozen=True)
class Finding:
    """One thing the checks found."""

    severity: Level
    """``warn`` or ``block``."""
    category: str
    """A GARM category id or one of the checks' own (``commercial_on_sensitive``...)."""
    match: str
    """What matched, normalised (``"morti"``, ``"why i stayed"``, ``"20% off"``)."""
    where: str
    """``"text"`` (the draft) or ``"event"`` (the origin event)."""
    message: str = ""
    """One human sentence: what was found and why it matters, in the interface language in
    force when the checks ran (the key, category, match and where never depend on it)."""
    platforms: tuple[str, ...] = ()
    """The platforms whose text has it (empty: the base text, or the event)."""
    override: Override | None = None
    """The override that waves it through, if any."""
    family: str = ""
    """The family (``disaster``, ``gambling``...; empty for the platform and link checks)."""
    span: tuple[int, int] | None = None
    """Where it matched: offsets in the text (``where`` text) or in the event's title and
    summary (``where`` event), if it matched words."""

    @property
    def key(self) -> str:
        """A stable id for overrides: ``where:category:match``."""
        return f"{self.where}:{self.category}:{self.match}"

    @property
    def blocking(self) -> bool:
        """Whether it blocks: a ``block`` finding not overridden."""
        return self.severity is Level.BLOCK and self.override is None

    @property
    def overridable(self) -> bool:
        """Whether a written reason may wave it through."""
        return self.severity is Level.BLOCK and self.category not in NOT_OVERRIDABLE

    @property
    def label(self) -> str:
        """``"Death, injury or military conflict: morti (event)"``, in the interface language."""
        return f"{category_label(self.category)}: {self.match} ({where_label(self.where)})"

    def to_dict(self) -> dict[str, Any]:
        """The finding as ``rtc check --json`` shows it.

        DESIGN.md §8's keys (severity, category, match, where), plus family, span and the
        one-line message.
        """
        return {
            "severity": self.severity.value,
            "category": self.category,
            "match": self.match,
            "where": self.where,
            "family": self.family or self.category,
            "span": list(self.span) if self.span else None,
            "message": self.message,
        }

    def to_record(self) -> dict[str, Any]:
        """The finding with its key, message, platforms and override, for full records."""
        return {
            **self.to_dict(),
            "key": self.key,
            "message": self.message,
            "platforms": list(self.platforms),
            "override": self.override.to_dict() if self.override else None,
        }


@dataclass(frozen=True)
class LinkResult:
    """What a URL answered (measured by the desk, HEAD then GET)."""

    url: str
    ok: bool
    status: int | None = None
    error: str = ""


@dataclass(frozen=True)
class SafetyReport:
    """Everything the checks found on a set of texts."""

    findings: tuple[Finding, ...] = ()
    platforms: Mapping[str, PlatformCount] = field(default_factory=dict)
    readability: Mapping[str, readability.Readability] = field(default_factory=dict)
    """Per platform ("" for the base text)."""
    event_level: Level = Level.NONE
    """How sensitive the origin event (or a trending tag used) is."""
    links: tuple[LinkResult, ...] = ()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Blocking findings not overridden."""
        return tuple(f for f in self.findings if f.blocking)

    @property
    def overridden(self) -> tuple[Finding, ...]:
        """Blocking findings waved through with a reason."""
        return tuple(f for f in self.findings if f.override is not None)

    @property
    def verdict(self) -> Verdict:
        """``block`` while a blocking finding stands; ``warn`` for anything worth a look."""
        if self.blocking:
            return Verdict.BLOCK
        if self.findings:
            return Verdict.WARN
        return Verdict.OK

    @property
    def platforms_ok(self) -> bool:
        """Whether every chosen platform's text fits (and at least one platform is chosen)."""
        return bool(self.platforms) and all(c.ok for c in self.platforms.values())

    def find(self, key: str) -> Finding | None:
        """The finding with ``key``, if any."""
        return next((f for f in self.findings if f.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``rtc check --json`` shape of DESIGN.md §8."""
        return {
            "verdict": self.verdict.value,
            "platforms": {
                name: {"length": c.length, "limit": c.limit, "ok": c.ok}
                for name, c in self.platforms.items()
            },
            "findings": [f.to_dict() for f in self.findings],
        }
