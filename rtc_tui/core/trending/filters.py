"""The mute list (a newsreader's killfile) and filter-as-you-type, on titles and sources.

A mute entry is a word or phrase (whole words, accents and case ignored: ``calcio`` mutes
"Calcio" but not "calciomercato"), a regular expression written ``re:^Meteo`` or
``/^Meteo/`` (case-insensitive, on title and summary), or ``source:Name`` to mute a whole
source. A filter query keeps the events whose title, source or summary contains every one of
its words (accents and case ignored); ``|`` separates alternatives (``calcio|serie a``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rtc_tui.core.models import Event
from rtc_tui.core.trending.ranking import fold, words


@dataclass(frozen=True)
class MuteRule:
    """One compiled mute entry."""

    text: str
    """The entry as written in the config."""
    source: str = ""
    """Set for ``source:Name`` entries: the source name, folded."""
    phrase: str = ""
    """Set for word entries: the folded words joined by single spaces, padded."""
    pattern: re.Pattern[str] | None = None
    """Set for ``/regex/`` entries."""

    def matches(self, event: Event) -> bool:
        """Whether this rule hides ``event``."""
        if self.source:
            return fold(event.source) == self.source
        if self.pattern is not None:
            return bool(self.pattern.search(event.title) or self.pattern.search(event.summary))
        haystack = " " + " ".join(words(f"{event.title} {event.summary}")) + " "
        return bool(self.phrase) and self.phrase in haystack


class MuteError(ValueError):
    """A mute entry that cannot be used (an invalid regular expression)."""


def compile_mute(entry: str) -> MuteRule:
    """Compile one mute entry.

    Raises:
        MuteError: a ``/regex/`` entry that does not compile.
    """
    text = entry.strip()
    if text.lower().startswith("source:"):
        return MuteRule(text, source=fold(text[len("source:") :].strip()))
    pattern = ""
    if text.lower().startswith("re:"):
        pattern = text[3:].strip()
    elif len(text) > 2 and text.startswith("/") and text.endswith("/"):
        pattern = text[1:-1]
    if pattern:
        try:
            return MuteRule(text, pattern=re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise MuteError(f"mute entry {text!r}: {exc}") from exc
    tokens = words(text)
    return MuteRule(text, phrase=" " + " ".join(tokens) + " " if tokens else "")


def muted_by(event: Event, rules: Sequence[MuteRule]) -> MuteRule | None:
    """The first rule that hides ``event``, if any."""
    return next((rule for rule in rules if rule.matches(event)), None)


def filter_key(event: Event) -> str:
    """What filter-as-you-type searches for an event, folded once (cache it per event)."""
    return fold(f"{event.title}\n{event.source}\n{event.summary}")


def query_matcher(query: str) -> Callable[[str], bool]:
    """A test of :func:`filter_key` values against ``query``, folded and split once.

    The filter runs over every story at each typed character: the query is worked out here
    once, not once per story. ``calcio|serie a`` matches "Calcio, la finale" and
    "Serie A: risultati"; an empty query matches everything.
    """
    alternatives = [alt.split() for alt in fold(query).split("|")]
    alternatives = [alt for alt in alternatives if alt]
    if not alternatives:
        return lambda _key: True
    if len(alternatives) == 1:
        only = alternatives[0]
        return lambda key: all(word in key for word in only)
    return lambda key: any(all(word in key for word in alt) for alt in alternatives)


def matches_query(key: str, query: str) -> bool:
    """Whether a :func:`filter_key` contains every word of ``query`` (or of one alternative)."""
    return query_matcher(query)(key)
