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
and what to do, in the interface language in force when the message is built (the lexicon's
reasons and the market's rules are English source strings, translated here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rtc_tui.core.models import Level
from rtc_tui.core.safety.context import TRAGIC_FAMILIES, Situation
from rtc_tui.core.safety.families import advice, cue_label, family_label, garm_category
from rtc_tui.core.safety.findings import (
    COMMERCIAL_ON_SENSITIVE,
    COMMERCIAL_ON_SOLEMN_DAY,
    EVENT,
    TEXT,
    Finding,
)
from rtc_tui.core.safety.lexicon import Hit
from rtc_tui.core.safety.lexicon_terms import FINDING, Term
from rtc_tui.core.safety.markets import market
from rtc_tui.i18n import _, pgettext

DECEASED = "recently deceased"
"""The topic of the people entries for the recently deceased."""
PEOPLE_POLITICS = frozenset({"politician", "party"})
"""Topics of the politics entries that name someone (they block when politics is off limits)."""


@dataclass(frozen=True)
class Verdict:
    """A rule's decision on one hit: its severity (``none``: no finding) and why."""

    severity: Level
    why: str
    """Why, already in the interface language."""


def message(match: str, family: str, why: str, todo: str = "") -> str:
    """One line: the matched words, the family, why it matters here and what to do.

    ``why`` and ``todo`` come translated; the family's label and advice are translated here.
    """
    todo = todo or advice(family)
    return _("«{match}» {family}: {why}; {todo}").format(
        match=match, family=family_label(family), why=why, todo=todo
    )


def reason(term: Term) -> str:
    """Why ``term`` matters, in the interface language (the data's reasons are English).

    A people-list entry names its person beside the reason (and the day they died); a reason
    no catalogue knows (one written in the config) is shown as written.
    """
    why = _(term.reason) if term.reason else ""
    if not term.person:
        return why
    if term.died:
        return _("{name} {reason} ({died})").format(name=term.person, reason=why, died=term.died)
    return f"{why} ({term.person})"


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
    why = reason(term)
    joke = "humour" in text_cues
    condolence = "condolence" in text_cues and not joke and not has_sales
    if term.only_in and term.only_in not in cues:
        return Verdict(Level.NONE, "")
    if term.topic == DECEASED:
        if not _recent(hit, situation.setting.day):
            return Verdict(Level.NONE, "")
        if joke or has_sales:
            return Verdict(
                Level.BLOCK, _("{reason}: no joke and no sales on a death").format(reason=why)
            )
        return Verdict(Level.WARN, _("{reason}: be respectful").format(reason=why))
    if family in TRAGIC_FAMILIES:
        if situation.tragic:
            if condolence:
                return Verdict(
                    Level.WARN,
                    _("{tragic}: a condolence, keep it sober").format(tragic=situation.tragic),
                )
            return Verdict(Level.BLOCK, f"{situation.tragic}: {why}")
        if term.figurative:
            if situation.festive:
                return Verdict(
                    Level.WARN,
                    _("figurative use on {occasion}: check the tone").format(
                        occasion=situation.occasion
                    ),
                )
            return Verdict(
                Level.WARN, _("figurative use? {reason}: check the tone").format(reason=why)
            )
        return Verdict(term.severity, why)
    if family == "politics":
        if term.topic in PEOPLE_POLITICS and situation.setting.politics_off_limits:
            return Verdict(
                Level.BLOCK,
                _("{reason}, and the brand keeps politics off limits").format(reason=why),
            )
        return Verdict(Level.WARN, why)
    if family == "alcohol":
        risky = cues & {"sports", "driving", "kids"}
        if risky or (situation.festive == "sports"):
            named = ", ".join(cue_label(c) for c in sorted(risky or {"sports"}))
            return Verdict(
                Level.BLOCK,
                _("tied to {cues}: {rule}").format(cues=named, rule=_(rules.alcohol_rule)),
            )
        return Verdict(Level.WARN, _(rules.alcohol_rule))
    if family == "gambling":
        if "kids" in cues:
            return Verdict(
                Level.BLOCK, _("next to children: {rule}").format(rule=_(rules.gambling_rule))
            )
        return Verdict(rules.gambling, _(rules.gambling_rule))
    if family == "health":
        if "health_emergency" in cues:
            return Verdict(
                Level.BLOCK,
                _("during a health emergency: {rule}").format(rule=_(rules.health_rule)),
            )
        return Verdict(term.severity, _(rules.health_rule))
    if family == "minors":
        return Verdict(Level.BLOCK, _(rules.minors_rule))
    if family == "sexism" and "womens_day" in cues:
        return Verdict(Level.BLOCK, _("on Women's Day: {reason}").format(reason=why))
    return Verdict(term.severity, why)


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
            why = _("{why} (written disguised)").format(why=why)
        findings.append(finding(hit, verdict.severity, TEXT, why))
    blocking_topic = any(f.severity is Level.BLOCK for f in findings)
    anniversary = "anniversary" in situation.cues
    occasion = situation.tragic or (pgettext("occasion", "an anniversary") if anniversary else "")
    deceased = any(h.term.topic == DECEASED for h in hits)
    for hit in sales:
        why = ""
        if occasion:
            why = _("sales language while {occasion}").format(occasion=occasion)
        elif blocking_topic:
            why = _("sales language next to a blocking topic in the text")
        elif deceased:
            why = _("sales language next to a recently deceased person")
        elif "condolence" in text_cues:
            why = _("sales language in a condolence")
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
                message(
                    _("joke"),
                    "death",
                    _("a joke on {tragic}").format(tragic=situation.tragic),
                    _("drop the joke"),
                ),
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
                why = (
                    _(
                        "the draft reacts to a tragedy ({tragic}): a condolence, keep it sober, "
                        "no logo or product"
                    )
                    if condolence
                    else _("the draft reacts to a tragedy ({tragic})")
                ).format(tragic=situation.tragic)
            else:
                severity = Level.WARN
                why = _("the event touches it: {reason}").format(reason=reason(hit.term))
        elif hit.family == "politics":
            severity, why = Level.WARN, _("a political event: stay neutral, no side taken")
        elif hit.term.topic == DECEASED:
            severity = Level.WARN
            why = _("the event is about a death: {reason}").format(reason=reason(hit.term))
        else:
            severity = Level.WARN
            why = _("the event touches it: {reason}").format(reason=reason(hit.term))
        found = finding(hit, severity, EVENT, why)
        if found.key not in seen:
            seen.add(found.key)
            findings.append(found)
    return findings


def finding(hit: Hit, severity: Level, where: str, why: str, category: str = "") -> Finding:
    """The finding of ``hit`` at ``severity``: its family's category, span and message.

    ``why`` comes translated (see :func:`reason`); the message is built now, so it is in the
    interface language in force.
    """
    return Finding(
        severity,
        category or garm_category(hit.family, hit.term.topic),
        hit.match,
        where,
        message(hit.match, hit.family, why),
        family=hit.family,
        span=(hit.start, hit.end),
    )
