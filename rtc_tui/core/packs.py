"""Calendar packs: YAML files of moments, shipped in ``rtc_tui/data/calendar`` or the user's own.

A pack looks like this::

    pack: it                 # its name: qualifies the ids (it.festa-della-mamma)
    title: Italia
    language: it             # the language of the moments' names
    regions: [IT]            # default regions of its moments ([] or omitted: global)
    lead_days: 14            # default lead days
    moments:
      - id: festa-della-mamma
        name: Festa della mamma
        rule: {nth: 2, weekday: sunday, month: 5}
        lead_days: 21
        tags: [family, retail]
        hashtags: ["#FestaDellaMamma"]
        tone: celebratory    # celebratory | commercial | civic | solemn
        note: ...

Every error names the file, the line and the moment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rtc_tui.core.moments import Moment, MomentOrigin, normalize_region, parse_moment
from rtc_tui.core.rules import CalendarError

SHIPPED_PACKS = ("global", "it", "us", "gb")
"""The packs that come with rtc-tui, in display order."""

_PACK_KEYS = {"pack", "title", "language", "regions", "lead_days", "moments"}
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Pack:
    """A named, validated set of moments read from one file."""

    name: str
    title: str
    language: str
    regions: tuple[str, ...]
    moments: tuple[Moment, ...]
    path: str


def packs_dir() -> Path:
    """The folder of the shipped packs."""
    return Path(str(resources.files("rtc_tui") / "data" / "calendar"))


def shipped_pack_path(name: str) -> Path:
    """The file of a shipped pack by name (``it`` -> ``.../data/calendar/it.yaml``)."""
    return packs_dir() / f"{name}.yaml"


# libyaml's loader when present: 4 packs load in ~15 ms instead of ~100 ms, same nodes and marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise CalendarError(
            f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise CalendarError(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()
    return data, node


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found: yaml.Node = value_node
                return found
    return None


def _line(node: yaml.Node | None) -> int | None:
    return None if node is None else node.start_mark.line + 1


def parse_pack(text: str, path: str, *, expected_name: str | None = None) -> Pack:
    """Parse and validate a pack's YAML text (``path`` is for messages).

    Raises:
        CalendarError: naming the file, line and moment.
    """
    data, root = _compose(text, path)
    if not isinstance(data, Mapping):
        raise CalendarError("a pack must be a mapping with pack, language and moments", path=path)
    unknown = sorted(set(map(str, data)) - _PACK_KEYS)
    if unknown:
        key = unknown[0]
        raise CalendarError(
            f"unknown key {key!r} (known: {', '.join(sorted(_PACK_KEYS))})",
            path=path,
            line=_line(_value_node(root, key)),
        )
    name = str(data.get("pack") or "").strip()
    if not _NAME_RE.match(name):
        raise CalendarError(
            "pack: a name of lower-case letters, digits and dashes is required",
            path=path,
            line=_line(_value_node(root, "pack")),
        )
    if expected_name is not None and name != expected_name:
        raise CalendarError(f"pack is named {name!r}, expected {expected_name!r}", path=path)
    language = str(data.get("language") or "")
    try:
        regions_raw = data.get("regions") or []
        if not isinstance(regions_raw, list):
            regions_raw = [regions_raw]
        regions = tuple(normalize_region(r) for r in regions_raw)
    except CalendarError as exc:
        raise exc.located(path=path, line=_line(_value_node(root, "regions"))) from None
    lead_days = data.get("lead_days", 7)
    if isinstance(lead_days, bool) or not isinstance(lead_days, int) or lead_days < 0:
        raise CalendarError(
            "lead_days must be a whole number",
            path=path,
            line=_line(_value_node(root, "lead_days")),
        )
    entries = data.get("moments")
    entries_node = _value_node(root, "moments")
    if not isinstance(entries, list) or not isinstance(entries_node, yaml.SequenceNode):
        raise CalendarError("moments: a list of moments is required", path=path)
    moments: list[Moment] = []
    seen: dict[str, int | None] = {}
    for entry, entry_node in zip(entries, entries_node.value, strict=True):
        line = _line(entry_node)
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
                f"duplicate id (first at line {seen[moment.id]})",
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


def load_pack(path: Path, *, expected_name: str | None = None) -> Pack:
    """Read and validate a pack file.

    Raises:
        CalendarError: unreadable or invalid, naming the file (and line and moment).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarError(f"cannot read pack: {exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise CalendarError(f"not UTF-8 text ({exc.reason})", path=str(path)) from None
    return parse_pack(text, str(path), expected_name=expected_name)


def resolve_pack_path(spec: str, *, base: Path | None = None) -> Path:
    """A pack named in the config: a shipped pack's name, or a path to a YAML file.

    Relative paths are taken from ``base`` (the config file's folder).

    Raises:
        CalendarError: neither a shipped pack nor an existing file.
    """
    if _NAME_RE.match(spec) and shipped_pack_path(spec).is_file():
        return shipped_pack_path(spec)
    candidate = Path(spec).expanduser()
    if not candidate.is_absolute() and base is not None:
        candidate = base / candidate
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    known = ", ".join(SHIPPED_PACKS)
    raise CalendarError(f"unknown pack {spec!r}: not a shipped pack ({known}) nor a YAML file")


def load_shipped_packs(names: Iterable[str] = SHIPPED_PACKS) -> list[Pack]:
    """The shipped packs by name."""
    return [load_pack(shipped_pack_path(n), expected_name=n) for n in names]


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
