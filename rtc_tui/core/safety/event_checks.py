"""What a draft inherits from the events it reacts to: the origin event and trending tags.

The origin event is scanned too (title and summary), and its findings count for the draft: a
joke about a tragedy is blocked even when the joke itself uses no sensitive word. The
sensitivity stored on the event at ingest counts as well. A hashtag that is a trending event's
own tag (``#WhyIStayed``) inherits that event's sensitivity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex

from rtc_tui.core.models import Event, Level, Origin, Sensitivity
from rtc_tui.core.safety.findings import EVENT, TEXT, TRENDING_TAG, Finding, category_label
from rtc_tui.core.safety.lexicon import Lexicon
from rtc_tui.core.safety.lexicon_terms import normalise
from rtc_tui.core.safety.text_checks import hit_message

_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")


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


def event_findings(event: EventContext, lex: Lexicon) -> list[Finding]:
    """The findings of the origin event: lexicon hits in it, and its stored sensitivity."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for hit in lex.scan(f"{event.title}\n{event.summary}"):
        finding = Finding(hit.severity, hit.category, hit.match, EVENT, hit_message(hit, EVENT))
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


def trending_tag_findings(
    text: str, tags: Mapping[str, TrendingTag]
) -> tuple[list[Finding], Level]:
    """The hashtags of ``text`` that are a sensitive trending event's tag, and their worst level.

    Args:
        text: The text to scan.
        tags: The trending tags by :attr:`TrendingTag.tag` (see :func:`trending_tags`).
    """
    findings: list[Finding] = []
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
        findings.append(finding)
        if trending.sensitivity.level.rank > tag_level.rank:
            tag_level = trending.sensitivity.level
    return findings, tag_level
