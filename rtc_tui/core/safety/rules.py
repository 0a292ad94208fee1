"""The rules: how severe a lexicon hit is given the occasion, and what the finding says.

Severity depends on the context (:class:`~rtc_tui.core.safety.context.Situation`):

- **Tragedy words** (disaster, death, terrorism, violence) block when the occasion is tragic
  (a disaster or death in the event, a solemn day); a figurative one (*bomba*, *strage di gol*,
  *terremoto*) is at most a tone warning otherwise, festive event or not. On a tragic occasion,
  a text that reads as a condolence (and has no joke and no sales language) is a warning only.
- **Sales language** blocks on a tragic occasion, an anniversary, or next to a blocking topic
  in the text; otherwise it is ordinary and says nothing.
- **Regulated products** follow the market (:mod:`rtc_tui.core.safety.markets`).
- **Politics**: named politicians and parties block when the brand keeps politics off limits
  (config ``safety.politics_off_limits``, default true), other political words warn.
- **Hate, sexism, deception, minors** block everywhere; sexist household clichés only count on
  Women's Day. **Profanity** and the rest keep their entry's severity.
- A **recently deceased** person named in the text is a warning, a block with a joke or sales.

Every finding explains itself on one line: the matched words, the family, why it matters here
and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rtc_tui.core.models import Level
from rtc_tui.core.safety.context import TRAGIC_FAMILIES, Situation
from rtc_tui.core.safety.families import advice, family_label, garm_category
from rtc_tui.core.safety.findings import (
    COMMERCIAL_ON_SENSITIVE,
    COMMERCIAL_ON_SOLEMN_DAY,
    EVENT,
    TEXT,
    Finding,
)
from rtc_tui.core.safety.lexicon import Hit
from rtc_tui.core.safety.lexicon_terms import FINDING
from rtc_tui.core.safety.markets import market

DECEASED = "recently deceased"
"""The topic of the people entries for the recently deceased."""
PEOPLE_POLITICS = frozenset({"politician", "party"})
"""Topics of the politics entries that name someone (they block when politics is off limits)."""


@dataclass(frozen=True)
class Verdict:
    """A rule's decision on one hit: its severity (``none``: no finding) and why."""

    severity: Level
    why: str


def message(match: str, family: str, why: str, todo: str = "") -> str:
    """One line: the matched words, the family, why it matters here and what to do."""
    todo = todo or advice(family)
    return f"«{match}» {family_label(family)}: {why}; {todo}"


def _recent(hit: Hit, day: date | None) -> bool:
    """Whether a recently-deceased entry still counts on ``day`` (no day: it does)."""
    until = hit.term.until
    return day is None or not until or day.isoformat() <= until


def judge(hit: Hit, situation: Situation, text_cues: frozenset[str], has_sales: bool) -> Verdict:
    """The severity of a hit in the draft's text, given the occasion and the text's cues."""
    term = hit.term
    family = term.family
    cues = situation.cues | text_cues
    rules = market(situation.setting.market)
    joke = "humour" in text_cues
    condolence = "condolence" in text_cues and not joke and not has_sales
    if term.only_in and term.only_in not in cues:
        return Verdict(Level.NONE, "")
    if term.topic == DECEASED:
        if not _recent(hit, situation.setting.day):
            return Verdict(Level.NONE, "")
        if joke or has_sales:
            return Verdict(Level.BLOCK, f"{term.reason}: no joke and no sales on a death")
        return Verdict(Level.WARN, f"{term.reason}: be respectful")
    if family in TRAGIC_FAMILIES:
        if situation.tragic:
            if condolence:
                return Verdict(Level.WARN, f"{situation.tragic}: a condolence, keep it sober")
            return Verdict(Level.BLOCK, f"{situation.tragic}: {term.reason}")
        if term.figurative:
            if situation.festive:
                return Verdict(
                    Level.WARN, f"figurative use on {situation.occasion}: check the tone"
                )
            return Verdict(Level.WARN, f"figurative use? {term.reason}: check the tone")
        return Verdict(term.severity, term.reason)
    if family == "politics":
        if term.topic in PEOPLE_POLITICS and situation.setting.politics_off_limits:
            return Verdict(Level.BLOCK, f"{term.reason}, and the brand keeps politics off limits")
        return Verdict(Level.WARN, term.reason)
    if family == "alcohol":
        risky = cues & {"sports", "driving", "kids"}
        if risky or (situation.festive == "sports"):
            named = ", ".join(sorted(risky or {"sports"}))
            return Verdict(Level.BLOCK, f"tied to {named}: {rules.alcohol_rule}")
        return Verdict(Level.WARN, rules.alcohol_rule)
    if family == "gambling":
        if "kids" in cues:
            return Verdict(Level.BLOCK, f"next to children: {rules.gambling_rule}")
        return Verdict(rules.gambling, rules.gambling_rule)
    if family == "health":
        if "health_emergency" in cues:
            return Verdict(Level.BLOCK, f"during a health emergency: {rules.health_rule}")
        return Verdict(term.severity, rules.health_rule)
    if family == "minors":
        return Verdict(Level.BLOCK, rules.minors_rule)
    if family == "sexism" and "womens_day" in cues:
        return Verdict(Level.BLOCK, f"on Women's Day: {term.reason}")
    return Verdict(term.severity, term.reason)


def text_findings(
    hits: Iterable[Hit],
    situation: Situation,
    text_cues: frozenset[str],
    sales: list[Hit],
) -> list[Finding]:
    """The findings of the lexicon's hits in one text."""
    findings: list[Finding] = []
    for hit in hits:
        if hit.term.kind != FINDING or hit.family == "sales":
            continue
        verdict = judge(hit, situation, text_cues, bool(sales))
        if verdict.severity is Level.NONE:
            continue
        why = verdict.why
        if hit.disguised:
            why = f"{why} (written disguised)"
        findings.append(finding(hit, verdict.severity, TEXT, why))
    blocking_topic = any(f.severity is Level.BLOCK for f in findings)
    occasion = situation.tragic or ("an anniversary" if "anniversary" in situation.cues else "")
    deceased = any(h.term.topic == DECEASED for h in hits)
    for hit in sales:
        why = ""
        if occasion:
            why = f"sales language while {occasion}"
        elif blocking_topic:
            why = "sales language next to a blocking topic in the text"
        elif deceased:
            why = "sales language next to a recently deceased person"
        elif "condolence" in text_cues:
            why = "sales language in a condolence"
        if why:
            solemn = situation.setting.solemn_day or (
                situation.setting.moment is not None and situation.setting.moment.tone == "solemn"
            )
            category = COMMERCIAL_ON_SOLEMN_DAY if solemn else COMMERCIAL_ON_SENSITIVE
            findings.append(finding(hit, Level.BLOCK, TEXT, why, category))
    if "humour" in text_cues and situation.tragic and not findings:
        findings.append(
            Finding(
                Level.BLOCK,
                garm_category("death"),
                "joke",
                TEXT,
                message("joke", "death", f"a joke on {situation.tragic}", "drop the joke"),
                family="death",
            )
        )
    return findings


def event_findings(situation: Situation, condolence: bool) -> list[Finding]:
    """The findings the event brings: a tragedy blocks (a condolence only warns), the rest warns."""
    findings: list[Finding] = []
    seen: set[str] = set()
    lively = bool(situation.cues & {"festive", "sports"})
    for hit in situation.event_hits:
        if hit.term.kind != FINDING or hit.term.only_in or hit.family == "sales":
            continue
        if hit.family in TRAGIC_FAMILIES:
            if hit.term.figurative and lively and not situation.tragic:
                continue
            if situation.tragic and hit.severity is Level.BLOCK:
                severity = Level.WARN if condolence else Level.BLOCK
                why = f"the draft reacts to a tragedy ({situation.tragic})" + (
                    ": a condolence, keep it sober, no logo or product" if condolence else ""
                )
            else:
                severity, why = Level.WARN, f"the event touches it: {hit.term.reason}"
        elif hit.family == "politics":
            severity, why = Level.WARN, "a political event: stay neutral, no side taken"
        elif hit.term.topic == DECEASED:
            severity, why = Level.WARN, f"the event is about a death: {hit.term.reason}"
        else:
            severity, why = Level.WARN, f"the event touches it: {hit.term.reason}"
        found = finding(hit, severity, EVENT, why)
        if found.key not in seen:
            seen.add(found.key)
            findings.append(found)
    return findings


def finding(hit: Hit, severity: Level, where: str, why: str, category: str = "") -> Finding:
    """The finding of ``hit`` at ``severity``: its family's category, span and message."""
    return Finding(
        severity,
        category or garm_category(hit.family, hit.term.topic),
        hit.match,
        where,
        message(hit.match, hit.family, why),
        family=hit.family,
        span=(hit.start, hit.end),
    )
