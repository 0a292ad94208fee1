"""Calendar packs: named sets of moments, shipped in ``rtc_tui/data/calendar`` or the user's own.

A pack looks like this (the file is read and type-checked at the edge, by
:mod:`rtc_tui.calendar_files`; this module validates the meaning and builds the moments)::

    pack: it                 # its name: qualifies the ids (it.festa-della-mamma)
    title: Italia
    language: it             # the language of names given as plain text
    regions: [IT]            # default countries of its moments ([] or omitted: global)
    lead_days: 14            # default lead days
    moments:
      - id: festa-della-mamma
        name: Festa della mamma          # or per language: {it: ..., en: Mother's Day}
        rule: {nth: 2, weekday: sunday, month: 5}
        lead_days: 21
        tags: [family, retail]
        hashtags: ["#FestaDellaMamma"]  # or per language: {it: [...], en: [...]}
        tone: celebratory    # celebratory | commercial | civic | solemn
        note: ...                        # or per language

Every error names the file, the line and the moment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rtc_tui.core.calendar.moments import Moment, MomentOrigin, normalize_region, parse_moment
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.i18n import _

SHIPPED_PACKS = ("global", "it", "us", "gb")
"""The packs that come with rtc-tui, in display order."""

PACK_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What a pack's name may be (it qualifies moment ids)."""


@dataclass(frozen=True)
class Pack:
    """A named, validated set of moments read from one file."""

    name: str
    title: str
    language: str
    regions: tuple[str, ...]
    moments: tuple[Moment, ...]
    path: str


def build_pack(
    data: Mapping[str, Any],
    *,
    path: str,
    lines: Mapping[str, int | None] | None = None,
    moment_lines: Sequence[int | None] = (),
    expected_name: str | None = None,
) -> Pack:
    """Validate a decoded pack (types already checked at the edge) and build its moments.

    Args:
        data: the pack as plain values (``pack``, ``language``, ``regions``, ``moments``...).
        path: the file, for messages.
        lines: the line of each top-level key, for messages.
        moment_lines: the line of each moment entry, in order, for messages.
        expected_name: the name a shipped pack must have.

    Raises:
        CalendarError: naming the file, line and moment.
    """
    where = lines or {}
    name = str(data.get("pack") or "").strip()
    if not PACK_NAME_RE.match(name):
        raise CalendarError(
            _("pack: a name of lower-case letters, digits and dashes is required"),
            path=path,
            line=where.get("pack"),
        )
    if expected_name is not None and name != expected_name:
        raise CalendarError(
            _("pack is named {name}, expected {expected_name}").format(
                name=repr(name), expected_name=repr(expected_name)
            ),
            path=path,
        )
    language = str(data.get("language") or "")
    try:
        regions_raw = data.get("regions") or []
        if not isinstance(regions_raw, list):
            regions_raw = [regions_raw]
        regions = tuple(normalize_region(r) for r in regions_raw)
    except CalendarError as exc:
        raise exc.located(path=path, line=where.get("regions")) from None
    lead_days = int(data.get("lead_days", 7))
    moments: list[Moment] = []
    seen: dict[str, int | None] = {}
    entries = list(data.get("moments") or [])
    for index, entry in enumerate(entries):
        line = moment_lines[index] if index < len(moment_lines) else None
        moment = parse_moment(
            entry,
            namespace=name,
            origin=MomentOrigin.PACK,
            default_regions=regions,
            language=language,
            default_lead_days=lead_days,
            path=path,
            line=line,
        )
        if moment.id in seen:
            raise CalendarError(
                _("duplicate id (first at line {value})").format(value=seen[moment.id]),
                path=path,
                line=line,
                moment=moment.id,
            )
        seen[moment.id] = line
        moments.append(moment)
    return Pack(
        name=name,
        title=str(data.get("title") or name),
        language=language,
        regions=regions,
        moments=tuple(moments),
        path=path,
    )


def parse_user_moments(
    entries: Sequence[Any], *, path: str = "", namespace: str = "user"
) -> list[Moment]:
    """Moments written in the user's config (``calendar.moments``), validated like a pack's.

    Raises:
        CalendarError: naming the config file and the moment.
    """
    moments: list[Moment] = []
    for index, entry in enumerate(entries):
        try:
            moments.append(
                parse_moment(entry, namespace=namespace, origin=MomentOrigin.USER, path=path)
            )
        except CalendarError as exc:
            if exc.moment:
                raise
            raise exc.located(moment=f"calendar.moments[{index}]") from None
    return moments
