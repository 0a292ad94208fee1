"""Reading calendar packs from disk: the edge between YAML files and the pure calendar core.

A pack file is read with PyYAML's node API (so every value keeps its line), decoded into the
:class:`PackFile` msgspec Struct (types, unknown keys, ranges) and handed to
:func:`rtc_tui.core.calendar.packs.build_pack` for the meaning (rules, regions, duplicates).
Every problem is one line ``file:line: field: problem``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec

from rtc_tui.core.calendar.agenda import Calendar, CalendarSettings
from rtc_tui.core.calendar.moments import Moment, Tone
from rtc_tui.core.calendar.occurrences import MomentSet
from rtc_tui.core.calendar.packs import PACK_NAME_RE, SHIPPED_PACKS, Pack, build_pack
from rtc_tui.core.calendar.rules import CalendarError
from rtc_tui.i18n import _
from rtc_tui.lazy_module import LazyModule

if TYPE_CHECKING:
    import yaml
else:
    # Imported when a pack is really parsed: ``rtc moments`` answers from the cache without.
    yaml = LazyModule("yaml")

Text = str | dict[str, str]
"""Text given once (in the pack's language) or per language: ``{it: ..., en: ...}``."""

Days = Annotated[int, msgspec.Meta(ge=0, le=365)]


class MomentEntry(msgspec.Struct, forbid_unknown_fields=True):
    """One moment as written in a pack (the rule is checked by the core's rule parser)."""

    name: Text
    rule: str | dict[str, Any]
    id: str | None = None
    regions: list[str] | str | None = None
    region: list[str] | str | None = None
    tags: list[str] = []
    lead_days: Days | None = None
    hashtags: list[str] | dict[str, list[str]] = []
    note: Text = ""
    tone: Tone = Tone.CELEBRATORY
    span: Annotated[int, msgspec.Meta(ge=1, le=366)] = 1
    holiday: list[str] | str | None = None


class PackFile(msgspec.Struct, forbid_unknown_fields=True):
    """A pack file's top level."""

    pack: str
    moments: list[MomentEntry]
    title: str = ""
    language: str = ""
    regions: list[str] = []
    lead_days: Days = 7


def packs_dir() -> Path:
    """The folder of the shipped packs.

    Found beside this module, as the lexicon's is: importing ``importlib.resources`` for it
    cost ``rtc moments`` more than reading the packs.
    """
    return Path(__file__).resolve().parent / "data" / "calendar"


def shipped_pack_path(name: str) -> Path:
    """The file of a shipped pack by name (``it`` -> ``.../data/calendar/it.yaml``)."""
    return packs_dir() / f"{name}.yaml"


_PATH_RE = re.compile(r"\$((?:\.[A-Za-z_][\w-]*|\[\d+\]|\[\.\.\.\])*)`?$")
_STEP_RE = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]")


def _compose(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    # libyaml's loader when present: 4 packs load in ~15 ms instead of ~100 ms, same nodes
    # and marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise CalendarError(
            _("invalid YAML: {problem}").format(problem=problem),
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise CalendarError(_("invalid YAML: {exc}").format(exc=exc), path=path) from None
    finally:
        loader.dispose()
    return data, node


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                found: yaml.Node = value_node
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item: yaml.Node = node.value[step]
        return item
    return None


def _line(node: yaml.Node | None) -> int | None:
    return None if node is None else node.start_mark.line + 1


def _locate(root: yaml.Node | None, message: str) -> tuple[str, int | None, str]:
    """Split a msgspec error into (field path, line, problem)."""
    problem, _sep, where = message.partition(" - at `")
    match = _PATH_RE.search(where)
    if not match:
        return "", _line(root), problem
    node, line, fields = root, _line(root), []
    for key, index in _STEP_RE.findall(match.group(1)):
        node = _child(node, key if key else int(index))
        fields.append(key if key else f"[{index}]")
        line = _line(node) or line
    return ".".join(fields).replace(".[", "["), line, problem


PACK_CACHE = "pack"
"""The cache files' name of the packs' parsed YAML (see :func:`decode_pack`)."""


def decode_pack(text: str, path: str, *, expected_name: str | None = None) -> Pack:
    """Parse, type-check and validate a pack's YAML text (``path`` is for messages).

    The parsed YAML of a pack that built without error (its values and the lines the pack
    keeps) is kept in the user's cache (:mod:`rtc_tui.derived_cache`) under the text, the
    path and the parser's code: ``rtc moments`` then reads its four packs without PyYAML
    (a fifth of its run). Type checks and validation run again on every load.

    Raises:
        CalendarError: one line naming the file, line and field or moment.
    """
    from rtc_tui.derived_cache import Key, read_plain

    digest = Key(PACK_CACHE).text(path, text).code(__name__, "yaml").digest()
    found = read_plain(PACK_CACHE, digest)
    if found is not None:
        try:
            data, lines, moment_lines = found[0]
            msgspec.convert(data, PackFile, strict=True)
            return build_pack(
                data, path=path, lines=lines, moment_lines=moment_lines, expected_name=expected_name
            )
        except (msgspec.ValidationError, CalendarError, TypeError, ValueError):
            pass  # not what this code keeps: parse the text, which says what is wrong
    return _parse_pack(text, path, expected_name, digest)


def _parse_pack(text: str, path: str, expected_name: str | None, digest: str) -> Pack:
    from rtc_tui.derived_cache import write_plain

    data, root = _compose(text, path)
    if not isinstance(data, dict):
        raise CalendarError(
            _("a pack must be a mapping with pack, language and moments"), path=path
        )
    try:
        msgspec.convert(data, PackFile, strict=True)
    except msgspec.ValidationError as exc:
        field, line, problem = _locate(root, str(exc))
        message = f"{field}: {problem}" if field else problem
        raise CalendarError(message, path=path, line=line) from None
    moments_node = _child(root, "moments")
    entries = moments_node.value if isinstance(moments_node, yaml.SequenceNode) else []
    lines = {key: _line(_child(root, key)) for key in ("pack", "regions", "lead_days")}
    moment_lines = [_line(node) for node in entries]
    kept = [data, lines, moment_lines]
    pack = build_pack(
        data, path=path, lines=lines, moment_lines=moment_lines, expected_name=expected_name
    )
    write_plain(PACK_CACHE, digest, kept)
    return pack


def read_pack(path: Path, *, expected_name: str | None = None) -> Pack:
    """Read and validate a pack file.

    Raises:
        CalendarError: unreadable or invalid, naming the file (and line and moment).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarError(
            _("cannot read pack: {strerror}").format(strerror=exc.strerror), path=str(path)
        ) from None
    except UnicodeDecodeError as exc:
        raise CalendarError(
            _("not UTF-8 text ({reason})").format(reason=exc.reason), path=str(path)
        ) from None
    return decode_pack(text, str(path), expected_name=expected_name)


def resolve_pack_path(spec: str, *, base: Path | None = None) -> Path:
    """A pack named in the config: a shipped pack's name, or a path to a YAML file.

    Relative paths are taken from ``base`` (the config file's folder).

    Raises:
        CalendarError: neither a shipped pack nor an existing file.
    """
    if PACK_NAME_RE.match(spec) and shipped_pack_path(spec).is_file():
        return shipped_pack_path(spec)
    candidate = Path(spec).expanduser()
    if not candidate.is_absolute() and base is not None:
        candidate = base / candidate
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    known = ", ".join(SHIPPED_PACKS)
    raise CalendarError(
        _("unknown pack {spec}: not a shipped pack ({known}) nor a YAML file").format(
            spec=repr(spec), known=known
        )
    )


def shipped_packs() -> list[Pack]:
    """Every shipped pack, in display order."""
    return [read_pack(shipped_pack_path(n), expected_name=n) for n in SHIPPED_PACKS]


def shipped_moments() -> MomentSet:
    """Every moment of the shipped packs (for checks that need no config)."""
    return MomentSet(m for pack in shipped_packs() for m in pack.moments)


def load_calendar(settings: CalendarSettings, extra: Iterable[Moment] = ()) -> Calendar:
    """Read the packs the settings name (and every shipped one) and build the calendar.

    Shipped packs are always read so rules may refer across packs; only those the settings
    name are shown.

    Raises:
        CalendarError: an unknown or invalid pack, moment, region or country, naming the file.
    """
    base = Path(settings.source).parent if settings.source else None
    wanted: list[str] = []
    packs: dict[str, Pack] = {}
    for spec in settings.packs:
        try:
            path = resolve_pack_path(spec, base=base)
        except CalendarError as exc:
            raise exc.located(path=settings.source) from None
        expected = spec if path == shipped_pack_path(spec) else None
        pack = read_pack(path, expected_name=expected)
        if pack.name in packs:
            raise CalendarError(
                _("two packs are named {name}").format(name=repr(pack.name)), path=pack.path
            )
        packs[pack.name] = pack
        wanted.append(pack.name)
    for name in SHIPPED_PACKS:
        if name not in packs:
            packs[name] = read_pack(shipped_pack_path(name), expected_name=name)
    # Public holidays from the user's cache: the ``holidays`` package is imported only for an
    # answer not kept yet (a new country, a new year, a new release of the package).
    from rtc_tui.calendar_cache import CachedHolidayTable

    table = CachedHolidayTable()
    return Calendar.build(settings, list(packs.values()), extra, shown=wanted, table=table)
