"""The automated safety checks: what a draft says, and what the event it reacts to says.

Every check here is pure: the caller passes the texts (one per chosen platform), the origin
event, the trending events' tags, the solemn day if any, and the link results it measured
(link reachability is I/O and lives in the desk). The result is a :class:`SafetyReport`:
findings, each with a severity, a category, what matched, where (``text`` or ``event``) and a
stable key, plus the per-platform length counts and the readability of each text.

The rules (:mod:`rtc_tui.core.safety.rules`) judge each lexicon hit by its family and the
occasion (:mod:`rtc_tui.core.safety.context`): a disaster word blocks on a disaster and is at
most a tone warning on a festive event; sales language blocks on a tragedy or a solemn day;
regulated products follow the market; deception, hate and sexism block everywhere. The origin
event is scanned too, and a tragedy in it blocks the draft (a sober condolence only warns).
Hashtags that are a trending event's own tag inherit that event's sensitivity; a solemn day is
a warning; readability below the index threshold is a warning; **platform fit** over a limit
blocks (and cannot be overridden: the network would refuse the post); a **link** that did not
answer is a warning.

A blocking finding can be overridden with a written reason: an :class:`Override` whose
``finding`` is the finding's :attr:`Finding.key`. The verdict is ``block`` while any blocking
finding is not overridden, ``warn`` when anything (including an override) is worth a look, and
``ok`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from rtc_tui.core.drafting import readability
from rtc_tui.core.drafting.platforms import PlatformCount, measure
from rtc_tui.core.models import Draft, Event, Level, Override
from rtc_tui.core.safety import rules
from rtc_tui.core.safety.context import EventContext, MomentContext, Policy, Setting, situate
from rtc_tui.core.safety.event_checks import TrendingTag, stored_findings, trending_tag_findings
from rtc_tui.core.safety.findings import (
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
from rtc_tui.core.safety.lexicon_terms import CUE
from rtc_tui.core.safety.text_checks import (
    extract_urls,
    off_limits_terms,
    sales_hits,
    shortener_hits,
)
from rtc_tui.i18n import _


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
    lexicon: Lexicon,
    setting: Setting | None = None,
    event: EventContext | None = None,
    trending: Sequence[TrendingTag] = (),
    solemn_day: str = "",
    links: Sequence[LinkResult] = (),
    limits: Mapping[str, int] | None = None,
    overrides: Sequence[Override] = (),
    off_limits: Sequence[str] = (),
    lang: str = "",
) -> SafetyReport:
    """Run every automated check on ``texts`` and the occasion they react to.

    This is the one code path: the export gate, the checklist pane and ``rtc check`` all end
    here, so the same text on the same occasion gets the same findings everywhere.

    Args:
        texts: Platform name to the text that would be posted there. The key ``""`` is the
            base text when no platform is chosen (it gets no platform-fit count).
        lexicon: The lexicon (loaded at the edge: :func:`rtc_tui.safety_files.load_lexicon`).
        setting: The occasion (event, solemn day, moment, day, market, politics stance).
            Without it, one is made of ``event`` and ``solemn_day``.
        event: The origin event, when no ``setting`` is given.
        trending: Tags of trending events, so a hashtag that *is* a sensitive event's tag
            inherits its sensitivity (see :func:`trending_tags`).
        solemn_day: The solemn day, when no ``setting`` is given.
        links: Link reachability results the desk measured.
        limits: Platform limit overrides from the config.
        overrides: Overrides recorded on the draft, matched by finding key.
        off_limits: The brand's own off-limits words, checked as blocking terms.
        lang: ``"it"`` or ``"en"`` when known (readability); detected otherwise.

    Returns:
        The report: findings (ordered: event, text, checks), counts, readability, verdict.
    """
    lex = lexicon.add(off_limits_terms(off_limits)) if off_limits else lexicon
    setting = setting or Setting(event=event, solemn_day=solemn_day)
    situation = situate(setting, lex)
    tags = {t.tag: t for t in trending}

    collector = _Collector()
    counts: dict[str, PlatformCount] = {}
    scores: dict[str, readability.Readability] = {}
    condolences: list[bool] = []
    tag_level = Level.NONE
    for platform, text in texts.items():
        hits = lex.scan(text, where=TEXT)
        cues = frozenset(h.family for h in hits if h.term.kind == CUE)
        sales = sales_hits(text, hits)
        condolences.append("condolence" in cues and "humour" not in cues and not sales)
        for finding in rules.text_findings(hits, situation, cues, sales):
            collector.add(finding, platform)
        for hit in shortener_hits(text, lex.shorteners):
            collector.add(rules.finding(hit, Level.BLOCK, TEXT, rules.reason(hit.term)), platform)
        inherited, level = trending_tag_findings(text, tags)
        for finding in inherited:
            collector.add(finding, platform)
        if level.rank > tag_level.rank:
            tag_level = level
        if setting.solemn_day:
            day = setting.solemn_day
            warning = _("«{day}» Solemn day: nothing to celebrate; check the tone").format(day=day)
            collector.add(_own(Level.WARN, SOLEMN_DAY, day, warning), platform)
        _measure(collector, counts, scores, platform, text, lang, limits)
    for link in links:
        if not link.ok:
            reason = link.error or (f"HTTP {link.status}" if link.status else _("no answer"))
            collector.add(_own(Level.WARN, LINKS, link.url, f"{link.url}: {reason}"))

    from_event: list[Finding] = []
    if setting.event is not None:
        from_event = rules.event_findings(situation, bool(condolences) and all(condolences))
        from_event.extend(stored_findings(setting.event, from_event))
    event_level = tag_level
    for finding in from_event:
        if finding.severity.rank > event_level.rank:
            event_level = finding.severity

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


def _measure(
    collector: _Collector,
    counts: dict[str, PlatformCount],
    scores: dict[str, readability.Readability],
    platform: str,
    text: str,
    lang: str,
    limits: Mapping[str, int] | None,
) -> None:
    """Readability and platform fit of one text."""
    score = readability.assess(text, lang=lang)
    scores[platform] = score
    if score.hard:
        hard = _("hard to read: {label}; shorter words and sentences help")
        collector.add(
            _own(Level.WARN, READABILITY, score.index, hard.format(label=score.label)), platform
        )
    if not platform:
        return
    count = measure(text, platform, limits)
    counts[count.platform] = count
    for problem in count.problems:
        match = f"{count.platform} {problem}"
        collector.add(_own(Level.BLOCK, PLATFORM_FIT, match, f"{count.label}: {problem}"), platform)
    for advice in count.warnings:
        collector.add(_own(Level.WARN, PLATFORM_FIT, count.platform, advice), platform)


def _own(severity: Level, check: str, match: str, message: str) -> Finding:
    """A finding of one of the checks' own (solemn day, links, readability, platform fit).

    These are found in the text, and their category is also their family (overrides and the
    report group them by it), unlike lexicon hits whose family comes from the term.
    """
    return Finding(severity, check, match, TEXT, message, family=check)


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


def draft_setting(
    draft: Draft,
    *,
    event: Event | None = None,
    solemn_day: str = "",
    day: date | None = None,
    policy: Policy | None = None,
) -> Setting:
    """The occasion of a draft: its origin event (stored, else the snapshot) or moment.

    Args:
        draft: The draft.
        event: The stored origin event, when it is still in the store (its summary is then
            scanned too); otherwise the snapshot on the draft's origin is used.
        solemn_day: A solemn day the draft is posted on, if the caller knows one. A draft whose
            origin is a solemn moment counts as linked to a solemn day anyway.
        day: The day it goes out.
        policy: The market and the brand's stance on politics.
    """
    policy = policy or Policy()
    context: EventContext | None = None
    moment: MomentContext | None = None
    origin = draft.origin
    if event is not None:
        context = EventContext.from_event(event)
    elif origin is not None:
        context = EventContext.from_origin(origin)
    if origin is not None and origin.kind == "moment":
        moment = MomentContext(origin.title, origin.tone)
        if not solemn_day and origin.tone == "solemn":
            solemn_day = origin.title
    return policy.setting(event=context, solemn_day=solemn_day, moment=moment, day=day)


def check_draft(
    draft: Draft,
    *,
    lexicon: Lexicon,
    setting: Setting,
    trending: Sequence[TrendingTag] = (),
    links: Sequence[LinkResult] = (),
    limits: Mapping[str, int] | None = None,
    off_limits: Sequence[str] = (),
) -> SafetyReport:
    """Run every check on a draft, its occasion (:func:`draft_setting`) and its overrides."""
    return check_texts(
        draft_texts(draft),
        lexicon=lexicon,
        setting=setting,
        trending=trending,
        links=links,
        limits=limits,
        overrides=draft.overrides,
        off_limits=off_limits,
    )
