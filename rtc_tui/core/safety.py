"""The automated safety checks: what a draft says, and what the event it reacts to says.

Every check here is pure: the caller passes the texts (one per chosen platform), the origin
event, the trending events' tags, the solemn day if any, and the link results it measured
(link reachability is I/O and lives in the desk). The result is a :class:`SafetyReport`:
findings, each with a severity, a category, what matched, where (``text`` or ``event``) and a
stable key, plus the per-platform length counts and the readability of each text.

The rules, from the guide's warnings:

- **Sensitive topics** in any text (every variant, hashtags split into words) are findings at
  the lexicon term's severity.
- **The origin event** is scanned too (title and summary), and its findings count for the
  draft: a joke about a tragedy is blocked even when the joke itself uses no sensitive word.
- **Commercial wording** (discounts, "% off", sale, promo, sconto, offerta, codice, prices) on a
  sensitive event, next to a blocking topic in the text itself, or on a solemn day, blocks.
- **Hashtags** that are a trending event's own tag inherit that event's sensitivity.
- **Solemn days** (a draft linked to, or posted on, one) are a warning.
- **Readability** below the index threshold is a warning; **platform fit** over a limit blocks
  (and cannot be overridden: the network would refuse the post); a **link** that did not answer
  is a warning.

A blocking finding can be overridden with a written reason: an :class:`Override` whose
``finding`` is the finding's :attr:`Finding.key`. The verdict is ``block`` while any blocking
finding is not overridden, ``warn`` when anything (including an override) is worth a look, and
``ok`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import regex

from rtc_tui.core import lexicon as lexicon_module
from rtc_tui.core import readability
from rtc_tui.core.lexicon import Hit, Lexicon, compile_term, normalise
from rtc_tui.core.models import Draft, Event, Level, Origin, Override, Sensitivity
from rtc_tui.core.platforms import PlatformCount, measure

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
    COMMERCIAL_ON_SENSITIVE: "Commercial wording on a sensitive event",
    COMMERCIAL_ON_SOLEMN_DAY: "Commercial wording on a solemn day",
    SOLEMN_DAY: "Solemn day",
    TRENDING_TAG: "Hashtag of a sensitive trending event",
    READABILITY: "Hard to read",
    PLATFORM_FIT: "Platform fit",
    LINKS: "Link does not answer",
    BRAND_OFF_LIMITS: "Brand off-limits topic",
}
"""Labels of the categories the checks add to the lexicon's GARM ones."""

_URL = regex.compile(r"(?i)\bhttps?://[^\s<>\"']+")
_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")
_COMMERCIAL_PATTERNS = (
    regex.compile(r"(?<![\p{L}\p{N}])-?\d{1,3}(?:[.,]\d+)?\s?%(?:\s?off)?", regex.IGNORECASE),
    regex.compile(r"[€$£]\s?\d+(?:[.,]\d{1,2})?"),
    regex.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d{1,2})?\s?(?:€|euro\b|eur\b|usd\b|£)", regex.I),
)


class Verdict(StrEnum):
    """The outcome of the checks: nothing to say, worth a look, or refused."""

    OK = "ok"
    WARN = "warn"
    BLOCK = "block"


def category_label(category: str) -> str:
    """The display label of a finding category (GARM or one of the checks')."""
    return CHECK_LABELS.get(category) or lexicon_module.category_label(category)


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
    """One human sentence: what was found and why it matters."""
    platforms: tuple[str, ...] = ()
    """The platforms whose text has it (empty: the base text, or the event)."""
    override: Override | None = None
    """The override that waves it through, if any."""

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
        """``"Death, injury or military conflict: morti (event)"``."""
        return f"{category_label(self.category)}: {self.match} ({self.where})"

    def to_dict(self) -> dict[str, Any]:
        """The finding as DESIGN.md §8 shows it (severity, category, match, where)."""
        return {
            "severity": self.severity.value,
            "category": self.category,
            "match": self.match,
            "where": self.where,
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
class EventContext:
    """The event a text reacts to: what it says, and the sensitivity stored on ingest."""

    title: str
    summary: str = ""
    sensitivity: Sensitivity = field(default_factory=Sensitivity)

    @classmethod
    def from_event(cls, event: Event) -> EventContext:
        """The context of a stored event."""
        return cls(title=event.title, summary=event.summary, sensitivity=event.sensitivity)

    @classmethod
    def from_origin(cls, origin: Origin) -> EventContext | None:
        """The context snapshot of a draft's origin, when it is an event."""
        if origin.kind != "event":
            return None
        return cls(title=origin.title, sensitivity=origin.sensitivity)


@dataclass(frozen=True)
class TrendingTag:
    """A tag that a trending event is about (``#WhyIStayed``), with that event's sensitivity."""

    tag: str
    """Normalised, without ``#`` and separators (``whyistayed``)."""
    title: str
    sensitivity: Sensitivity


def tag_key(text: str) -> str:
    """Normalise a tag or title for comparison: ``#Why_I-Stayed`` -> ``whyistayed``."""
    return "".join(regex.findall(r"[\p{L}\p{N}]+", normalise(text)))


def trending_tags(events: Iterable[Event]) -> list[TrendingTag]:
    """The tags trending events are about: their hashtags, and a short title read as a tag.

    A sensitive event titled ``#WhyIStayed``, or titled ``Hurricane Sandy`` (whose tag would be
    ``#HurricaneSandy``), yields a tag; events with no sensitivity are skipped.
    """
    tags: list[TrendingTag] = []
    for event in events:
        if event.sensitivity.level is Level.NONE:
            continue
        keys = {tag_key(m.group(1)) for m in _HASHTAG.finditer(event.title)}
        if len(event.title.split()) <= 3:
            keys.add(tag_key(event.title))
        keys.update(tag_key(str(t)) for t in event.extra.get("tags", ()) if isinstance(t, str))
        tags.extend(TrendingTag(k, event.title, event.sensitivity) for k in sorted(keys) if k)
    return tags


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

    @property
    def links_ok(self) -> bool:
        """Whether every link checked answered."""
        return all(link.ok for link in self.links)

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


def extract_urls(text: str) -> list[str]:
    """Every ``http(s)`` URL in ``text``, in order, without duplicates or trailing punctuation."""
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)]}'\"»")
        if url not in urls:
            urls.append(url)
    return urls


def commercial_matches(text: str, lex: Lexicon | None = None) -> list[str]:
    """The commercial wording in ``text``: lexicon words (sconto, sale...), percentages, prices."""
    lex = lex or lexicon_module.default()
    found = [hit.match for hit in lex.scan(text, kinds=("commercial",))]
    for pattern in _COMMERCIAL_PATTERNS:
        for match in pattern.finditer(text):
            value = " ".join(match.group(0).casefold().split())
            if value not in found:
                found.append(value)
    return found


def off_limits_terms(words: Iterable[str]) -> list[lexicon_module.Term]:
    """Compile a brand's off-limits words (config ``brand.off_limits``) as blocking terms."""
    return [
        compile_term(
            word,
            category=BRAND_OFF_LIMITS,
            severity=Level.BLOCK,
            lang="any",
            where="brand.off_limits",
        )
        for word in words
        if word.strip()
    ]


@dataclass
class _Collector:
    """Gathers findings, merging the same (where, category, match) across platforms."""

    findings: dict[str, Finding] = field(default_factory=dict)

    def add(self, finding: Finding, platform: str = "") -> None:
        existing = self.findings.get(finding.key)
        if existing is None:
            platforms = (platform,) if platform else ()
            self.findings[finding.key] = replace(finding, platforms=platforms)
            return
        if existing.severity.rank < finding.severity.rank:
            existing = replace(existing, severity=finding.severity, message=finding.message)
        if platform and platform not in existing.platforms:
            existing = replace(existing, platforms=(*existing.platforms, platform))
        self.findings[finding.key] = existing


def _hit_message(hit: Hit, where: str) -> str:
    place = "the event" if where == EVENT else "the text"
    topic = f" ({hit.term.topic})" if hit.term.topic else ""
    via = f" via {hit.in_hashtag}" if hit.in_hashtag else ""
    label = category_label(hit.category)
    return f"{place} touches {label}{topic}: {hit.match!r}{via}"


def _event_findings(event: EventContext, lex: Lexicon) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for hit in lex.scan(f"{event.title}\n{event.summary}"):
        finding = Finding(hit.severity, hit.category, hit.match, EVENT, _hit_message(hit, EVENT))
        if finding.key not in seen:
            seen.add(finding.key)
            findings.append(finding)
    # The sensitivity stored on ingest may name terms the text at hand no longer shows (the
    # summary was trimmed, the lexicon changed): the event keeps what it was found to be.
    matched = {f.match for f in findings}
    stored = event.sensitivity
    if stored.level is not Level.NONE:
        missing = [t for t in stored.terms if t not in matched]
        if not findings and not missing:
            missing = ["(stored sensitivity)"]
        for term in missing:
            hits = lex.scan(term)
            category = hits[0].category if hits else (stored.categories or ("unknown",))[0]
            severity = hits[0].severity if hits else stored.level
            message = f"the event was flagged on ingest as {category_label(category)}: {term!r}"
            finding = Finding(severity, category, term, EVENT, message)
            if finding.key not in seen:
                seen.add(finding.key)
                findings.append(finding)
    return findings


def _text_findings(
    collector: _Collector,
    platform: str,
    text: str,
    *,
    lex: Lexicon,
    tags: Mapping[str, TrendingTag],
) -> tuple[Level, Level]:
    """Scan one text; return its worst GARM level and the worst trending-tag level."""
    worst = Level.NONE
    for hit in lex.scan(text):
        collector.add(
            Finding(hit.severity, hit.category, hit.match, TEXT, _hit_message(hit, TEXT)), platform
        )
        if hit.severity.rank > worst.rank:
            worst = hit.severity
    tag_level = Level.NONE
    for match in _HASHTAG.finditer(text):
        trending = tags.get(tag_key(match.group(1)))
        if trending is None or trending.sensitivity.level is Level.NONE:
            continue
        category = (trending.sensitivity.categories or (TRENDING_TAG,))[0]
        message = (
            f"#{match.group(1)} is the tag of a sensitive trending event "
            f"({trending.title!r}: {', '.join(trending.sensitivity.terms) or category})"
        )
        finding = Finding(
            trending.sensitivity.level, category, f"#{match.group(1).casefold()}", TEXT, message
        )
        collector.add(finding, platform)
        if trending.sensitivity.level.rank > tag_level.rank:
            tag_level = trending.sensitivity.level
    return worst, tag_level


def check_texts(
    texts: Mapping[str, str],
    *,
    event: EventContext | None = None,
    trending: Sequence[TrendingTag] = (),
    solemn_day: str = "",
    links: Sequence[LinkResult] = (),
    limits: Mapping[str, int] | None = None,
    overrides: Sequence[Override] = (),
    lexicon: Lexicon | None = None,
    off_limits: Sequence[str] = (),
    lang: str = "",
) -> SafetyReport:
    """Run every automated check on ``texts`` and the event they react to.

    Args:
        texts: Platform name to the text that would be posted there. The key ``""`` is the
            base text when no platform is chosen (it gets no platform-fit count).
        event: The origin event (title, summary, stored sensitivity), if any.
        trending: Tags of trending events, so a hashtag that *is* a sensitive event's tag
            inherits its sensitivity (see :func:`trending_tags`).
        solemn_day: The name of the solemn day the draft is linked to or posted on, if any.
        links: Link reachability results the desk measured.
        limits: Platform limit overrides from the config.
        overrides: Overrides recorded on the draft, matched by finding key.
        lexicon: The lexicon to use (default: the shipped one).
        off_limits: The brand's own off-limits words, checked as blocking terms.
        lang: ``"it"`` or ``"en"`` when known (readability); detected otherwise.

    Returns:
        The report: findings (ordered: event, text, checks), counts, readability, verdict.
    """
    lex = lexicon or lexicon_module.default()
    if off_limits:
        lex = lex.add(off_limits_terms(off_limits))
    tags = {t.tag: t for t in trending}
    event_findings = _event_findings(event, lex) if event else []
    event_level = Level.NONE
    for finding in event_findings:
        if finding.severity.rank > event_level.rank:
            event_level = finding.severity

    collector = _Collector()
    counts: dict[str, PlatformCount] = {}
    scores: dict[str, readability.Readability] = {}
    for platform, text in texts.items():
        text_level, tag_level = _text_findings(collector, platform, text, lex=lex, tags=tags)
        if tag_level.rank > event_level.rank:
            event_level = tag_level
        commercial = commercial_matches(text, lex)
        if commercial and (event_level is not Level.NONE or text_level is Level.BLOCK):
            why = "a sensitive event" if event_level is not Level.NONE else "a blocking topic"
            for word in commercial:
                message = f"commercial wording {word!r} next to {why}: no sales pitch on a tragedy"
                collector.add(
                    Finding(Level.BLOCK, COMMERCIAL_ON_SENSITIVE, word, TEXT, message), platform
                )
        if solemn_day:
            collector.add(
                Finding(
                    Level.WARN,
                    SOLEMN_DAY,
                    solemn_day,
                    TEXT,
                    f"{solemn_day} is a solemn day: nothing to celebrate, check the tone",
                ),
                platform,
            )
            for word in commercial:
                message = f"commercial wording {word!r} on a solemn day ({solemn_day})"
                collector.add(
                    Finding(Level.BLOCK, COMMERCIAL_ON_SOLEMN_DAY, word, TEXT, message), platform
                )
        score = readability.assess(text, lang=lang)
        scores[platform] = score
        if score.hard:
            collector.add(
                Finding(
                    Level.WARN,
                    READABILITY,
                    score.index,
                    TEXT,
                    f"hard to read: {score.label}; shorter words and sentences help",
                ),
                platform,
            )
        if platform:
            count = measure(text, platform, limits)
            counts[count.platform] = count
            for problem in count.problems:
                collector.add(
                    Finding(
                        Level.BLOCK,
                        PLATFORM_FIT,
                        f"{count.platform} {problem}",
                        TEXT,
                        f"{count.label}: {problem}",
                    ),
                    platform,
                )
            for advice in count.warnings:
                collector.add(
                    Finding(Level.WARN, PLATFORM_FIT, count.platform, TEXT, advice), platform
                )
    for link in links:
        if not link.ok:
            reason = link.error or (f"HTTP {link.status}" if link.status else "no answer")
            collector.add(Finding(Level.WARN, LINKS, link.url, TEXT, f"{link.url}: {reason}"))

    by_key = {o.finding: o for o in overrides}
    findings: list[Finding] = []
    for finding in [*event_findings, *collector.findings.values()]:
        override = by_key.get(finding.key)
        if override is not None and finding.overridable:
            finding = replace(finding, override=override)
        findings.append(finding)
    return SafetyReport(
        findings=tuple(findings),
        platforms=counts,
        readability=scores,
        event_level=event_level,
        links=tuple(links),
    )


def draft_texts(draft: Draft) -> dict[str, str]:
    """What a draft would post: each chosen platform's text, or the base text alone."""
    if not draft.platforms:
        return {"": draft.text}
    return {platform: draft.text_for(platform) for platform in draft.platforms}


def draft_urls(draft: Draft) -> list[str]:
    """Every URL in any text the draft would post."""
    urls: list[str] = []
    for text in draft_texts(draft).values():
        urls.extend(u for u in extract_urls(text) if u not in urls)
    return urls


def check_draft(
    draft: Draft,
    *,
    event: Event | None = None,
    trending: Sequence[TrendingTag] = (),
    solemn_day: str = "",
    links: Sequence[LinkResult] = (),
    limits: Mapping[str, int] | None = None,
    lexicon: Lexicon | None = None,
    off_limits: Sequence[str] = (),
) -> SafetyReport:
    """Run every check on a draft, its origin event and its overrides.

    Args:
        draft: The draft (every chosen platform's text is checked).
        event: The stored origin event, when it is still in the store (its summary is then
            scanned too); otherwise the snapshot on the draft's origin is used.
        trending: Tags of trending events (see :func:`trending_tags`).
        solemn_day: A solemn day the draft is posted on, if the caller knows one. A draft whose
            origin is a solemn moment counts as linked to a solemn day anyway.
        links: Link reachability results.
        limits: Platform limit overrides.
        lexicon: The lexicon (default: shipped).
        off_limits: The brand's off-limits words.
    """
    context: EventContext | None = None
    if event is not None:
        context = EventContext.from_event(event)
    elif draft.origin is not None:
        context = EventContext.from_origin(draft.origin)
    if not solemn_day and draft.origin is not None and draft.origin.tone == "solemn":
        solemn_day = draft.origin.title
    return check_texts(
        draft_texts(draft),
        event=context,
        trending=trending,
        solemn_day=solemn_day,
        links=links,
        limits=limits,
        overrides=draft.overrides,
        lexicon=lexicon,
        off_limits=off_limits,
    )
