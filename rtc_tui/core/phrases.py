"""The machine-made phrases stored with events, and the same phrases in the interface language.

The ranking's factors (``3 sources``, ``+240% in 1 h``, ``20 min old``) and the sources' own
summaries (``2,400 points``, ``1,800 uses by 600 accounts today``, ``#2 on Bluesky``) are
written once, at ingest or fetch time, and stored with the event in English: the stored
ranking and event bodies stay one format whatever language each reader uses, and rankings
stored by older versions keep working. They are put into the interface language when shown
(:func:`shown`, :func:`explain`, :func:`shown_summary`).

Why one module for both directions: each phrase is written by a builder here and read back by
the pattern next to it, so the two cannot drift apart (a test runs every builder through
:func:`shown`). Text that is not one of these phrases (a feed's own words, a subreddit's name)
is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

from rtc_tui.i18n import DEFAULT, _, format_number, language, ngettext

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
"""A count as the builders write it: ``1,800`` (English thousands separators) or ``42``."""

_SPAN = r"(\d+) (min|h|d)"


def count(value: int) -> str:
    """A count as stored: ``1,800``."""
    return f"{value:,}"


def span(delta: timedelta) -> str:
    """A duration, short: ``20 min``, ``1 h``, ``3 h``, ``2 d``."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 90:
        return f"{minutes} min" if minutes != 60 else "1 h"
    hours = round(minutes / 60)
    return f"{hours} h" if hours < 48 else f"{round(hours / 24)} d"


def age(delta: timedelta) -> str:
    """``12 min old``, ``3 h old``, ``2 d old`` (``just now`` under a minute)."""
    if delta < timedelta(minutes=1):
        return "just now"
    return f"{span(delta)} old"


def sources(number: int) -> str:
    """``3 sources``: how many sources carry the story."""
    return f"{number} sources"


def rate(growth: float, over: timedelta) -> str:
    """``+240% in 1 h`` (or ``-12% in 2 h``): the signal's growth and the span it was read on."""
    sign = "+" if growth > 0 else ""
    return f"{sign}{growth * 100:.0f}% in {span(over)}"


def top_of(signal: str, source: str) -> str:
    """``2,400 points (top of r/italy)``: a signal among the strongest of its source."""
    return f"{signal} (top of {source})"


def brand(keyword: str) -> str:
    """``matches brand keyword 'pasta'``."""
    return f"matches brand keyword '{keyword}'"


def points(value: int) -> str:
    """``2,400 points`` (Reddit, Hacker News)."""
    return f"{count(value)} points"


def comments(value: int) -> str:
    """``612 comments``."""
    return f"{count(value)} comments"


def uses(value: int, accounts: int) -> str:
    """``1,800 uses by 600 accounts today`` (a Mastodon trend's day)."""
    return f"{count(value)} uses by {count(accounts)} accounts today"


def bluesky_rank(rank: int) -> str:
    """``#2 on Bluesky``: a trending topic's position."""
    return f"#{rank} on Bluesky"


def searches(traffic: str) -> str:
    """``50K+ searches``: Google Trends' approximate traffic, as Google writes it."""
    return f"{traffic} searches"


def by(author: str) -> str:
    """``by pg``: who posted it (Hacker News)."""
    return f"by {author}"


def _number(text: str) -> str:
    return format_number(int(text.replace(",", "")))


def _span_shown(value: str, unit: str) -> str:
    if unit == "min":
        return _("{n} min").format(n=value)
    if unit == "h":
        # TRANSLATORS: hours, abbreviated (1 h, 3 h).
        return _("{n} h").format(n=value)
    # TRANSLATORS: days, abbreviated (2 d).
    return _("{n} d").format(n=value)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


_Render = Callable[[re.Match[str]], str]

_PHRASES: tuple[tuple[re.Pattern[str], _Render], ...] = (
    (re.compile(r"just now"), lambda m: _("just now")),
    (
        re.compile(_SPAN + " old"),
        lambda m: _("{span} old").format(span=_span_shown(m[1], m[2])),
    ),
    (
        re.compile(r"(\d+) sources"),
        lambda m: ngettext("{n} source", "{n} sources", _int(m[1])).format(n=_number(m[1])),
    ),
    (
        re.compile(r"([+-]?\d+)% in " + _SPAN),
        lambda m: _("{rate}% in {span}").format(rate=m[1], span=_span_shown(m[2], m[3])),
    ),
    (
        re.compile(r"matches brand keyword '(.*)'", re.DOTALL),
        lambda m: _("matches brand keyword '{keyword}'").format(keyword=m[1]),
    ),
    (
        re.compile(_NUMBER + " points"),
        lambda m: ngettext("{n} point", "{n} points", _int(m[1])).format(n=_number(m[1])),
    ),
    (
        re.compile(_NUMBER + " comments"),
        lambda m: ngettext("{n} comment", "{n} comments", _int(m[1])).format(n=_number(m[1])),
    ),
    (
        re.compile(_NUMBER + " uses by " + _NUMBER + " accounts today"),
        lambda m: ngettext(
            "{n} use by {accounts} accounts today",
            "{n} uses by {accounts} accounts today",
            _int(m[1]),
        ).format(n=_number(m[1]), accounts=_number(m[2])),
    ),
    (re.compile(r"#(\d+) on Bluesky"), lambda m: _("#{rank} on Bluesky").format(rank=m[1])),
    (
        re.compile(r"(.+) searches", re.DOTALL),
        lambda m: _("{traffic} searches").format(traffic=m[1]),
    ),
)

_TOP_OF = re.compile(r"(.+) \(top of (.+)\)", re.DOTALL)


def _translated(label: str) -> str | None:
    """``label`` in the interface language if it is one of the phrases, else ``None``."""
    top = _TOP_OF.fullmatch(label)
    if top is not None:
        inner = _translated(top[1])
        return _("{signal} (top of {source})").format(
            signal=top[1] if inner is None else inner, source=top[2]
        )
    for pattern, render in _PHRASES:
        found = pattern.fullmatch(label)
        if found is not None:
            return render(found)
    return None


def shown(label: str) -> str:
    """A stored phrase in the interface language; any other text exactly as it is."""
    if language() == DEFAULT or not label:
        return label
    found = _translated(label)
    return label if found is None else found


def explain(labels: Iterable[str]) -> str:
    """The factors' labels in one line, in the interface language: ``3 fonti · +240% in 1 h``."""
    return " · ".join(shown(label) for label in labels if label)


SUMMARY_TYPES = ("reddit", "hackernews")
"""The sources whose events' summaries the source writes itself (when the post has no text)."""


def shown_summary(summary: str, extra: Mapping[str, object]) -> str:
    """An event's summary in the interface language when the source wrote it, else as it is.

    A source-made summary is phrases joined by `` · `` (with the subreddit's name, or ``by``
    and the author): it is translated only when every part is one of those, so a post's own
    text is never altered.
    """
    if language() == DEFAULT or extra.get("type") not in SUMMARY_TYPES:
        return summary
    out: list[str] = []
    for part in summary.split(" · "):
        if part and part == extra.get("subreddit"):
            out.append(part)
            continue
        author = re.fullmatch(r"by (.+)", part, re.DOTALL)
        if author is not None and extra.get("type") == "hackernews":
            out.append(_("by {author}").format(author=author[1]))
            continue
        found = _translated(part)
        if found is None:
            return summary
        out.append(found)
    return " · ".join(out)
