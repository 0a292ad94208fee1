"""The event detail view: why it ranks here, what the source says about it, the same story.

Read the context before joining a trend: a hashtag's meaning is in its posts. So the view
puts the source's own context (Google Trends news items, a Mastodon tag's trending posts,
comment counts) and the cluster's other headlines right under the score's factors. Every
string from a feed is a ``Text`` object, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Sparkline, Static

from rtc_tui.desk.trending_views import EventDetail, ago
from rtc_tui.desk.views import Level, explain, shown, shown_summary
from rtc_tui.i18n import _, format_fixed, ngettext
from rtc_tui.words import EVENT_WORDS


def _level_word(level: Level) -> str:
    """``! warn`` or ``X block``: the marker the lists use, then the level in words."""
    if level is Level.BLOCK:
        return "X " + _("block")
    return "! " + _("warn")


def _matched(terms: Sequence[str]) -> str:
    """`` (matched: a, b)``: the words that made the match, shown literally."""
    return " (" + _("matched: {terms}").format(terms=", ".join(terms)) + ")"


def detail_text(detail: EventDetail, now: datetime) -> Text:
    """The whole detail as one ``Text``: header, factors, sensitivity, context, cluster."""
    ranked = detail.ranked
    event = ranked.event
    out = Text()
    out.append(event.title, style="bold")
    out.append("\n")
    when = event.published or event.first_seen
    out.append(
        f"{event.source} · {ago(now - when)} · {EVENT_WORDS(event.state.value)}", style="dim"
    )
    if detail.muted_by:
        muted = _("muted by {rule}").format(rule=repr(detail.muted_by))
        out.append(f" · {muted}", style="dim")
    out.append("\n")
    if event.url:
        out.append(event.url, style="underline")
        out.append("\n")
    if event.summary:
        out.append("\n")
        out.append(shown_summary(event.summary, event.extra))
        out.append("\n")

    score = _("Score {score}").format(score=format_fixed(ranked.score * 100))
    out.append(f"\n{score}", style="bold")
    out.append(f"  {explain(f.label for f in ranked.factors)}\n")
    for factor in ranked.factors:
        if factor.name == "freshness":
            value = "x" + format_fixed(factor.points, 2)
        else:
            value = "+" + format_fixed(factor.points * 100)
        out.append(f"  {EVENT_WORDS(factor.name):<11}{value:>7}  ")
        out.append(shown(factor.label) or "-")
        out.append("\n")

    level = event.sensitivity.level
    out.append("\n" + _("Sensitivity") + " ", style="bold")
    if level is Level.NONE:
        out.append(_("none found") + "\n")
    else:
        out.append(_level_word(level), style="bold")
        out.append(f" — {', '.join(event.sensitivity.categories)}")
        if event.sensitivity.terms:
            out.append(_matched(event.sensitivity.terms))
        out.append("\n")
    story = detail.story_sensitivity
    if story.level.rank > level.rank:
        out.append(_("Story") + " ", style="bold")
        out.append(_level_word(story.level), style="bold")
        out.append(f" — {', '.join(story.categories)}")
        if story.terms:
            out.append(_matched(story.terms))
        out.append(
            " " + _("in another source's copy: a draft from this one is checked as that") + "\n"
        )

    out.append("\n" + _("What the source says") + "\n", style="bold")
    if not event.context:
        out.append("  " + _("nothing beyond the title") + "\n", style="dim")
    for item in event.context:
        out.append(f"  • [{EVENT_WORDS(item.kind)}] ")
        out.append(shown(item.title) if item.kind == "comments" else item.title)
        if item.source:
            out.append(f" — {item.source}", style="dim")
        out.append("\n")
        if item.url:
            out.append(f"    {item.url}\n", style="dim underline")

    count = len(ranked.sources)
    elsewhere = ngettext(
        "Same story elsewhere ({count} source)", "Same story elsewhere ({count} sources)", count
    ).format(count=count)
    out.append(f"\n{elsewhere}\n", style="bold")
    if not detail.members:
        out.append("  " + _("only this source so far") + "\n", style="dim")
    for member in detail.members:
        out.append(f"  • {member.source}: ", style="dim")
        out.append(member.title)
        out.append("\n")
        if member.url:
            out.append(f"    {member.url}\n", style="dim underline")
    return out


class EventDetailScreen(ModalScreen[str | None]):
    """One event in full; answers ``"draft"`` (``n``), ``"mute"`` (``m``) or ``None``."""

    DEFAULT_CSS = """
    EventDetailScreen { align: center middle; }
    #event-detail-box {
        width: 96%; max-width: 110; height: 92%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #event-detail-keys { height: 1; color: $text-muted; }
    #event-detail-signal { height: 3; margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="event-detail.close"),
        Binding("n", "answer('draft')", _("New draft"), id="event-detail.new-draft"),
        Binding("m", "answer('mute')", _("Mute…"), id="event-detail.mute"),
        Binding("c", "copy_link", _("Copy link"), id="event-detail.copy-link"),
    ]

    def __init__(self, detail: EventDetail, now: datetime) -> None:
        super().__init__()
        self.detail = detail
        """What is shown."""
        self._now = now

    def compose(self) -> ComposeResult:
        """The detail text, the signal's history, the keys."""
        with Vertical(id="event-detail-box"):
            with VerticalScroll(id="event-detail-scroll"):
                yield Static(detail_text(self.detail, self._now), id="event-detail-text")
                history = [p.value for p in self.detail.ranked.event.signal_history]
                if len(history) >= 2:
                    yield Static(Text(_("Signal history"), style="bold"))
                    yield Sparkline(history, id="event-detail-signal")
            yield Static(
                _("n new draft · m mute · c copy link · escape close"),
                id="event-detail-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the scroll area, so up/down scroll it."""
        self.query_one("#event-detail-scroll").focus()

    def action_close(self) -> None:
        """Close the view."""
        self.dismiss(None)

    def action_answer(self, answer: str) -> None:
        """Close the view asking for ``answer`` (a new draft, a mute)."""
        self.dismiss(answer)

    def action_copy_link(self) -> None:
        """Copy the event's link (OSC 52, so it works over SSH too)."""
        url = self.detail.ranked.event.url
        if not url:
            self.notify(_("This event has no link"), severity="warning")
            return
        self.app.copy_to_clipboard(url)
        self.notify(_("Link copied"))
