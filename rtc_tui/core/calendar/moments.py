"""Planned seasonal moments: the model and its validation.

A :class:`Moment` is something a team can prepare for (Mother's Day, Black Friday, a remembrance
day): one id; a name, hashtags and a note in its pack's language plus a :class:`Translation`
for each other language (San Valentino and Valentine's Day are one moment); a date rule
(:mod:`rtc_tui.core.calendar.rules`); the countries where it is observed; tags, lead days, a
tone and where it came from. :meth:`Moment.localized` gives it in the reader's language.
:func:`parse_moment` reads one from pack form (a pack, the user's config, the store) and says
exactly what is wrong when it cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from rtc_tui.core.calendar.rules import CalendarError, Rule, parse_rule
from rtc_tui.i18n import N_, _, pgettext

GLOBAL = "global"
"""The region label of a moment that belongs to no country (shown and printed as such)."""


class Tone(StrEnum):
    """What kind of day a moment is; solemn days are never to be "celebrated"."""

    CELEBRATORY = "celebratory"
    COMMERCIAL = "commercial"
    CIVIC = "civic"
    SOLEMN = "solemn"


TONE_LABELS = {
    Tone.CELEBRATORY: N_("celebratory"),
    Tone.COMMERCIAL: N_("commercial"),
    Tone.CIVIC: N_("civic"),
    Tone.SOLEMN: N_("solemn"),
}


def tone_label(tone: Tone) -> str:
    """The tone as shown to the reader (the pack files and JSON keep the value)."""
    return _(TONE_LABELS[tone])


class MomentOrigin(StrEnum):
    """Where a moment comes from."""

    PACK = "pack"
    HOLIDAYS = "holidays"
    ICS = "ics"
    USER = "user"


_REGION_ALIASES = {"UK": "GB"}
_REGION_RE = re.compile(r"^[A-Z]{2}$")


def normalize_region(code: str) -> str:
    """An ISO 3166-1 alpha-2 code in upper case (``uk`` and ``UK`` become ``GB``).

    Raises:
        CalendarError: ``code`` is not two letters.
    """
    upper = str(code).strip().upper()
    upper = _REGION_ALIASES.get(upper, upper)
    if not _REGION_RE.match(upper):
        raise CalendarError(
            _("region {code} is not a two-letter ISO country code (IT, US, GB)").format(
                code=repr(code)
            )
        )
    return upper


def slugify(text: str) -> str:
    """A lower-case ASCII key for ``text`` (``"Festa della Mamma!"`` -> ``festa-della-mamma``)."""
    text = text.replace("'", "").replace("\u2019", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "moment"


@dataclass(frozen=True)
class Translation:
    """A moment's name, hashtags and note in one more language."""

    language: str
    name: str
    hashtags: tuple[str, ...] = ()
    """Empty: the moment's own hashtags are used."""
    note: str = ""


@dataclass(frozen=True)
class Moment:
    """A planned seasonal moment a team prepares for ahead of time."""

    id: str
    """Stable key, qualified by its pack or origin: ``it.festa-della-mamma``, ``user.launch``."""
    name: str
    """Display name in the pack's language (``Festa della mamma``)."""
    rule: Rule
    regions: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes; empty means global."""
    tags: tuple[str, ...] = ()
    lead_days: int = 7
    """How many days ahead work on it should start."""
    hashtags: tuple[str, ...] = ()
    note: str = ""
    origin: MomentOrigin = MomentOrigin.PACK
    tone: Tone = Tone.CELEBRATORY
    span: int = 1
    """How many days it lasts (a festival); 1 for a single day."""
    language: str = ""
    """The language of :attr:`name` (the pack's), e.g. ``it``."""
    translations: tuple[Translation, ...] = ()
    """The name, hashtags and note in other languages."""
    holidays: tuple[str, ...] = ()
    """The public holidays it stands for, as the ``holidays`` package names them in the
    country's language: they become this moment's row, not rows of their own."""
    source: str = field(default="", compare=False)
    """The file it was read from, for error messages."""
    line: int | None = field(default=None, compare=False)
    """The line in :attr:`source` where it is defined."""

    @property
    def is_global(self) -> bool:
        """True when the moment belongs to no particular country."""
        return not self.regions

    @property
    def region_label(self) -> str:
        """``IT``, ``GB,US`` or ``global``."""
        return ",".join(self.regions) if self.regions else GLOBAL

    @property
    def region_shown(self) -> str:
        """:attr:`region_label` as people read it: ``global`` in the interface language."""
        return ",".join(self.regions) if self.regions else pgettext("region", "global")

    @property
    def names(self) -> tuple[str, ...]:
        """Its name in every language it has (for finding it by any of them)."""
        return (self.name, *(t.name for t in self.translations))

    def localized(self, language: str) -> Moment:
        """The moment as a reader of ``language`` sees it (itself when it has no such name).

        The result keeps every other language among its translations, so it can be localised
        again.
        """
        if not language or language == self.language:
            return self
        chosen = next((t for t in self.translations if t.language == language), None)
        if chosen is None:
            return self
        own = Translation(self.language, self.name, self.hashtags, self.note)
        others = tuple(t for t in self.translations if t is not chosen)
        return replace(
            self,
            name=chosen.name,
            hashtags=chosen.hashtags or self.hashtags,
            note=chosen.note or self.note,
            language=language,
            translations=(own, *others),
        )

    def in_regions(self, regions: Collection[str] | None) -> bool:
        """Whether a region filter keeps this moment (global moments are always kept)."""
        return regions is None or self.is_global or any(r in regions for r in self.regions)

    def to_dict(self) -> dict[str, Any]:
        """Serialise (the store keeps imported moments this way; :meth:`from_dict` reads it)."""
        name: Any = self.name
        hashtags: Any = list(self.hashtags)
        note: Any = self.note
        if self.translations:
            name = {self.language: self.name} | {t.language: t.name for t in self.translations}
            hashtags = {self.language: hashtags} | {
                t.language: list(t.hashtags) for t in self.translations if t.hashtags
            }
            note = {self.language: note} | {t.language: t.note for t in self.translations}
        return {
            "id": self.id,
            "name": name,
            "rule": self.rule.to_dict(),
            "regions": list(self.regions),
            "tags": list(self.tags),
            "lead_days": self.lead_days,
            "hashtags": hashtags,
            "note": note,
            "origin": self.origin.value,
            "tone": self.tone.value,
            "span": self.span,
            "language": self.language,
            "holiday": list(self.holidays),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "") -> Moment:
        """Rebuild from :meth:`to_dict` output (validated like a pack entry).

        Raises:
            CalendarError: the record is invalid.
        """
        full_id = str(data.get("id", ""))
        namespace, _sep, key = full_id.partition(".")
        if not key:
            raise CalendarError(
                _("stored moment id must be qualified, like ics.launch"), path=path, moment=full_id
            )
        body = {k: v for k, v in data.items() if k not in {"origin", "language"}}
        body["id"] = key
        try:
            origin = MomentOrigin(str(data.get("origin", "user")))
        except ValueError:
            raise CalendarError(
                _("unknown origin {value}").format(value=repr(data.get("origin"))),
                path=path,
                moment=full_id,
            ) from None
        return parse_moment(
            body,
            namespace=namespace,
            origin=origin,
            language=str(data.get("language", "")),
            path=path,
        )


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HASHTAG_RE = re.compile(r"^#[^\s#]+$")
_MOMENT_KEYS = {
    "id",
    "name",
    "rule",
    "regions",
    "region",
    "tags",
    "lead_days",
    "hashtags",
    "note",
    "tone",
    "span",
    "holiday",
}


def _str_list(raw: Any, what: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str | int) for v in raw):
        raise CalendarError(_("{what} must be a list of text").format(what=what))
    return tuple(str(v).strip() for v in raw if str(v).strip())


_LANG_RE = re.compile(r"^[a-z]{2,3}$")


def _per_language(raw: Any, what: str, language: str) -> dict[str, Any]:
    """A field given once (in ``language``) or per language (``{it: ..., en: ...}``)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        return {language: raw}
    for lang in raw:
        if not isinstance(lang, str) or not _LANG_RE.match(lang):
            raise CalendarError(
                _("{what}: {lang} is not a language code like it or en").format(
                    what=what, lang=repr(lang)
                )
            )
    return dict(raw)


def parse_moment(
    raw: Any,
    *,
    namespace: str,
    origin: MomentOrigin = MomentOrigin.PACK,
    default_regions: tuple[str, ...] = (),
    language: str = "",
    default_lead_days: int = 7,
    path: str = "",
    line: int | None = None,
) -> Moment:
    """Validate one moment entry (from a pack, the user's config or the store).

    Args:
        raw: the mapping as read from YAML.
        namespace: the pack name (``it``) or ``user``/``ics``; qualifies the id and bare refs.
        origin: where the moment comes from.
        default_regions: the pack's regions, used when the entry names none.
        language: the language of the entry's ``name``.
        default_lead_days: lead days when the entry gives none.
        path: the file, for error messages.
        line: the entry's line in ``path``, for error messages.

    Raises:
        CalendarError: naming the file, line and moment.
    """
    label = ""
    if isinstance(raw, Mapping):
        label = str(raw.get("id") or raw.get("name") or "")
    try:
        if not isinstance(raw, Mapping):
            raise CalendarError(_("each moment must be a mapping with at least id, name and rule"))
        unknown = sorted(set(map(str, raw)) - _MOMENT_KEYS)
        if unknown:
            raise CalendarError(
                _("unknown key {value} (known: {known})").format(
                    value=repr(unknown[0]), known=", ".join(sorted(_MOMENT_KEYS))
                )
            )
        names = _per_language(raw.get("name"), "name", language)
        if not names or not all(isinstance(n, str) and n.strip() for n in names.values()):
            raise CalendarError(_("name is missing"))
        own = language if language in names else next(iter(names))
        name = str(names[own])
        key = raw.get("id")
        key = slugify(name) if key is None else str(key).strip()
        if not _KEY_RE.match(key):
            raise CalendarError(
                _("id {key} must be lower-case letters, digits and dashes").format(key=repr(key))
            )
        label = key
        if "rule" not in raw:
            raise CalendarError(_("rule is missing"))
        rule = parse_rule(raw["rule"]).qualified(namespace)
        regions_raw = raw.get("regions", raw.get("region"))
        if regions_raw is None:
            regions = default_regions
        else:
            items = _str_list(regions_raw, "regions")
            regions = () if items in ((GLOBAL,), ()) else tuple(normalize_region(r) for r in items)
        lead_days = raw.get("lead_days", default_lead_days)
        if (
            isinstance(lead_days, bool)
            or not isinstance(lead_days, int)
            or not 0 <= lead_days <= 365
        ):
            raise CalendarError(
                _("lead_days must be a whole number 0-365, not {lead_days}").format(
                    lead_days=repr(lead_days)
                )
            )
        span = raw.get("span", 1)
        if isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= 366:
            raise CalendarError(
                _("span must be a whole number of days 1-366, not {span}").format(span=repr(span))
            )
        tag_lists = {
            lang: _str_list(tags, "hashtags")
            for lang, tags in _per_language(raw.get("hashtags"), "hashtags", own).items()
        }
        for tag in (t for tags in tag_lists.values() for t in tags):
            if not _HASHTAG_RE.match(tag):
                raise CalendarError(
                    _("hashtag {tag} must start with # and have no spaces").format(tag=repr(tag))
                )
        hashtags = tag_lists.get(own, ())
        tone_raw = raw.get("tone", Tone.CELEBRATORY.value)
        try:
            tone = Tone(str(tone_raw))
        except ValueError:
            choices = ", ".join(t.value for t in Tone)
            raise CalendarError(
                _("tone {tone_raw} is not one of: {choices}").format(
                    tone_raw=repr(tone_raw), choices=choices
                )
            ) from None
        notes = _per_language(raw.get("note", ""), "note", own)
        if not all(isinstance(n, str) for n in notes.values()):
            raise CalendarError(_("note must be text"))
        note = str(notes.get(own, ""))
        translations = tuple(
            Translation(
                lang,
                str(names[lang]).strip(),
                tag_lists.get(lang, ()),
                str(notes.get(lang, "")).strip(),
            )
            for lang in names
            if lang != own
        )
        return Moment(
            id=f"{namespace}.{key}",
            name=name.strip(),
            rule=rule,
            regions=tuple(dict.fromkeys(regions)),
            tags=tuple(t.lower() for t in _str_list(raw.get("tags"), "tags")),
            lead_days=lead_days,
            hashtags=hashtags,
            note=note.strip(),
            origin=origin,
            tone=tone,
            span=span,
            language=own,
            translations=translations,
            holidays=_str_list(raw.get("holiday"), "holiday"),
            source=path,
            line=line,
        )
    except CalendarError as exc:
        raise exc.located(path=path, line=line, moment=label) from None
