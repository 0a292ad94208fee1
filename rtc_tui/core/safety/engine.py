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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rtc_tui.core.drafting import readability
from rtc_tui.core.drafting.platforms import PlatformCount, measure
from rtc_tui.core.models import Draft, Event, Level, Override
from rtc_tui.core.safety import lexicon as lexicon_module
from rtc_tui.core.safety.event_checks import (
    EventContext,
    TrendingTag,
    event_findings,
    trending_tag_findings,
)
from rtc_tui.core.safety.findings import (
    COMMERCIAL_ON_SENSITIVE,
    COMMERCIAL_ON_SOLEMN_DAY,
    LINKS,
    PLATFORM_FIT,
    READABILITY,
    SOLEMN_DAY,
    TEXT,
    Finding,
    LinkResult,
    SafetyReport,
)
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.core.safety.text_checks import (
    commercial_matches,
    extract_urls,
    lexicon_findings,
    off_limits_terms,
)


@dataclass
class _Collector:
    """Gathers findings, merging the same (where, category, match) across platforms."""

    findings: dict[str, Finding] = field(default_factory=dict)

    def add(self, finding: Finding, platform: str = "") -> None:
        """Add ``finding`` as seen on ``platform``, merged with an earlier one of the same key."""
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
    from_event = event_findings(event, lex) if event else []
    event_level = Level.NONE
    for finding in from_event:
        if finding.severity.rank > event_level.rank:
            event_level = finding.severity

    collector = _Collector()
    counts: dict[str, PlatformCount] = {}
    scores: dict[str, readability.Readability] = {}
    for platform, text in texts.items():
        hits, text_level = lexicon_findings(text, lex)
        for finding in hits:
            collector.add(finding, platform)
        inherited, tag_level = trending_tag_findings(text, tags)
        for finding in inherited:
            collector.add(finding, platform)
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
    for finding in [*from_event, *collector.findings.values()]:
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
