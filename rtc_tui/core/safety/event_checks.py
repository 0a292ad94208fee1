"""What a draft inherits from the events it reacts to: the origin event and trending tags.

The origin event is scanned too (title and summary), and its findings count for the draft: a
joke about a tragedy is blocked even when the joke itself uses no sensitive word. The
sensitivity stored on the event at ingest counts as well. A hashtag that is a trending event's
own tag (``#WhyIStayed``) inherits that event's sensitivity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import regex

from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.core.safety.context import EventContext
from rtc_tui.core.safety.findings import EVENT, TEXT, TRENDING_TAG, Finding, category_label
from rtc_tui.core.safety.lexicon_terms import normalise
from rtc_tui.i18n import N_, _

STORED = N_("(stored sensitivity)")
"""The ``match`` of a stored finding that names no term (kept in English: it is in the key)."""

_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")


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


def stored_findings(event: EventContext, found: list[Finding]) -> list[Finding]:
    """Findings for the sensitivity stored on the event at ingest that the scan did not repeat.

    The sensitivity stored on ingest may name terms the text at hand no longer shows (the
    summary was trimmed, the lexicon changed): the event keeps what it was found to be.
    """
    stored = event.sensitivity
    if stored.level is Level.NONE:
        return []
    matched = {f.match for f in found}
    missing = [t for t in stored.terms if t not in matched]
    if not found and not missing:
        missing = [STORED]
    category = (stored.categories or ("unknown",))[0]
    return [
        Finding(
            stored.level,
            category,
            term,
            EVENT,
            _(
                "«{term}» {category}: the event was flagged on ingest; "
                "check what it is about before reacting"
            ).format(term=_(term) if term == STORED else term, category=category_label(category)),
        )
        for term in missing
    ]


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
        message = _("#{tag} is the tag of a sensitive trending event ({title}: {terms})").format(
            tag=match.group(1),
            title=repr(trending.title),
            terms=", ".join(trending.sensitivity.terms) or category_label(category),
        )
        finding = Finding(
            trending.sensitivity.level, category, f"#{match.group(1).casefold()}", TEXT, message
        )
        findings.append(finding)
        if trending.sensitivity.level.rank > tag_level.rank:
            tag_level = trending.sensitivity.level
    return findings, tag_level
