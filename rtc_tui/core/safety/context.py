"""What surrounds a draft: the event it reacts to, the day, the moment, and what they make of it.

:class:`Setting` is what the caller knows (the event, the solemn day, the moment, the date, the
market, the brand's stance on politics); :func:`situate` reads the event with the lexicon and
tells the rules what kind of occasion it is (:class:`Situation`): a tragedy (a disaster or a
death, a solemn day), a festive event (a win, a final), a health emergency, Women's Day, an
anniversary. A disaster word in a festive headline (*"il terremoto Angelina"*) is figurative,
so it does not make the event tragic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rtc_tui.core.models import Event, Level, Origin, Sensitivity
from rtc_tui.core.safety.lexicon import Hit, Lexicon
from rtc_tui.core.safety.lexicon_terms import CUE, FINDING
from rtc_tui.i18n import _

TRAGIC_FAMILIES = frozenset({"disaster", "death", "terrorism", "violence"})
"""Families that make an event a tragedy when they are meant literally."""


@dataclass(frozen=True)
class EventContext:
    """The event a text reacts to: what it says, and the sensitivity stored on ingest."""

    title: str
    summary: str = ""
    sensitivity: Sensitivity = field(default_factory=Sensitivity)

    @property
    def text(self) -> str:
        """Title and summary as scanned (finding spans point into this)."""
        return f"{self.title}\n{self.summary}" if self.summary else self.title

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
class MomentContext:
    """A planned moment the draft is for: its name, tone and tags."""

    name: str
    tone: str = ""
    """``solemn``, ``celebratory``, ``commercial``, ``civic``..."""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """The brand's standing rules for the checks (config ``safety``)."""

    market: str = "IT"
    """Whose rules regulated products follow (:mod:`rtc_tui.core.safety.markets`)."""
    politics_off_limits: bool = True
    """Whether named politicians and parties block (else they warn)."""

    def setting(
        self,
        *,
        event: EventContext | None = None,
        solemn_day: str = "",
        moment: MomentContext | None = None,
        day: date | None = None,
    ) -> Setting:
        """An occasion (event, solemn day, moment, day) judged under this policy."""
        return Setting(
            event=event,
            solemn_day=solemn_day,
            moment=moment,
            day=day,
            market=self.market,
            politics_off_limits=self.politics_off_limits,
        )


@dataclass(frozen=True)
class Setting:
    """Everything the checks know besides the text."""

    event: EventContext | None = None
    solemn_day: str = ""
    """The solemn day the draft is linked to or posted on ("" if none)."""
    moment: MomentContext | None = None
    day: date | None = None
    """The day the post goes out (recently deceased lists are relative to it)."""
    market: str = "IT"
    politics_off_limits: bool = True


@dataclass(frozen=True)
class Situation:
    """What the setting makes of the occasion, for the rules."""

    setting: Setting
    event_hits: tuple[Hit, ...] = ()
    cues: frozenset[str] = frozenset()
    """Cues of the occasion (event, moment, day): ``festive``, ``sports``, ``womens_day``..."""
    tragic: str = ""
    """Why the occasion is tragic (the words or the day), or empty; in the interface language
    in force when :func:`situate` ran, as messages quote it."""
    festive: str = ""
    """Why it is festive, or empty (never both: tragedy wins)."""

    @property
    def occasion(self) -> str:
        """How messages name the occasion: the event title, the moment or the day (translated).

        Names are quoted with ``repr`` so an untrusted title shows literally.
        """
        setting = self.setting
        if setting.event is not None:
            return _("the event {title}").format(title=repr(setting.event.title.strip()))
        if setting.moment is not None:
            return _("the moment {name}").format(name=repr(setting.moment.name))
        if setting.solemn_day:
            return _("the solemn day {name}").format(name=repr(setting.solemn_day))
        return _("this post")


_MOMENT_TAG_CUES = {
    "women": "womens_day",
    "sport": "sports",
    "sports": "sports",
    "remembrance": "anniversary",
    "memorial": "anniversary",
    "health": "health_emergency",
}


def situate(setting: Setting, lexicon: Lexicon) -> Situation:
    """Read the event, moment and day of ``setting`` into a :class:`Situation`."""
    hits: list[Hit] = []
    cues: set[str] = set()
    if setting.event is not None:
        hits = lexicon.scan(setting.event.text, where="event")
        cues.update(h.family for h in hits if h.term.kind == CUE)
    if setting.moment is not None:
        moment = setting.moment
        moment_cues = lexicon.scan(moment.name, where="event", kinds=(CUE,))
        cues.update(h.family for h in moment_cues)
        cues.update(_MOMENT_TAG_CUES[t] for t in moment.tags if t in _MOMENT_TAG_CUES)
        if moment.tone == "celebratory":
            cues.add("festive")
        if moment.tone == "solemn":
            cues.add("anniversary")
    if setting.solemn_day:
        cues.add("anniversary")
    if setting.day is not None and (setting.day.month, setting.day.day) == (3, 8):
        cues.add("womens_day")
    lively = bool(cues & {"festive", "sports"})
    tragic_words = [
        h.match
        for h in hits
        if h.term.kind == FINDING
        and h.family in TRAGIC_FAMILIES
        and h.severity is Level.BLOCK
        and not (h.term.figurative and lively)
    ]
    stored = setting.event.sensitivity if setting.event is not None else Sensitivity()
    if not tragic_words and stored.level is Level.BLOCK and not lively:
        tragic_words = list(stored.terms[:3])
    tragic = ""
    if tragic_words:
        tragic = (
            _("{title} reports {words}").format(
                title=repr(setting.event.title.strip()),
                words=", ".join(dict.fromkeys(tragic_words)),
            )
            if setting.event
            else ""
        )
    elif setting.solemn_day:
        tragic = _("{name} is a solemn day").format(name=setting.solemn_day)
    elif setting.moment is not None and setting.moment.tone == "solemn":
        tragic = _("{name} is a solemn day").format(name=setting.moment.name)
    festive = ""
    if not tragic and lively:
        festive = "festive" if "festive" in cues else "sports"
    return Situation(
        setting=setting,
        event_hits=tuple(hits),
        cues=frozenset(cues),
        tragic=tragic,
        festive=festive,
    )
