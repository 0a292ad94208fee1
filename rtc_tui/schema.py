"""One way to read a YAML file into a typed msgspec Struct, with errors that name file and line.

Every YAML file the app reads (config, themes, packs, lexicons, checklist templates) is
declared once as msgspec Structs and loaded through :func:`load_yaml`. The file is composed
with PyYAML's *node* API (safe loader) rather than loaded into plain values, because nodes
know their line: when msgspec rejects ``$.sources[0].every`` the path is walked back to the
node and the user reads ``config.yaml:5: sources[0].every: expected a duration ...``.

Why a construction pass of our own between the nodes and msgspec:

- YAML resolves ``version: 1.10`` to a float and ``code: no`` to ``False``; where the Struct
  wants text, the scalar's literal text is used instead (the user wrote text).
- Tags naming Python objects (``!!python/object``) or anything outside the YAML core schema
  are refused with a clean one-line error, never constructed.
- Duplicate keys, which YAML silently lets the last one win, are an error.

This module reads files, so it lives outside ``rtc_tui.core`` (core does no I/O); core
modules declare Structs, the edge loads them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from rtc_tui.i18n import N_, _
from rtc_tui.lazy_module import LazyModule

if TYPE_CHECKING:
    import yaml
else:
    # Imported when a file is really parsed: a config read from the cache needs no YAML.
    yaml = LazyModule("yaml")

T = TypeVar("T")

PathPart = str | int
"""One step into a document: a mapping key or a list index."""

DecHook = Callable[[type, Any], Any]
"""A msgspec ``dec_hook``: turns a plain value into a custom type, or raises ValueError."""


class SchemaError(ValueError):
    """A file the user gave (or edited) is unreadable or invalid.

    The message is one line, ``file:line: field.path: problem``; the CLI prints it and exits
    with code 2, the app shows it, nothing is overwritten.
    """


class FieldError(ValueError):
    """Raised by a Struct's ``__post_init__`` or a ``dec_hook`` to point below where it runs.

    msgspec reports a ``__post_init__`` error at the Struct itself; ``at`` lets a check on a
    whole record name the field (or list item) at fault, so the line is the right one.
    """

    def __init__(self, problem: str, *, at: tuple[PathPart, ...] = ()) -> None:
        super().__init__(problem)
        self.at = at


class Duration(float):
    """Seconds, written in a file as a number or as ``30s``, ``5m``, ``1h``, ``1d``."""


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    """Seconds in ``"90"``, ``"30s"``, ``"5m"``, ``"1h"`` or ``"1d"``; ``None`` if not one."""
    match = _DURATION.match(text)
    if not match:
        return None
    return float(match.group(1)) * _UNIT[match.group(2)]


def _duration(value: Any) -> Duration:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds: float | None = float(value)
    elif isinstance(value, str):
        seconds = parse_duration(value)
    else:
        seconds = None
    if seconds is None or seconds <= 0:
        raise ValueError(
            _("expected a duration like 30s, 5m, 1h (got {value})").format(value=repr(value))
        )
    return Duration(seconds)


def _hook_with_builtins(dec_hook: DecHook | None) -> DecHook:
    def hook(kind: type, value: Any) -> Any:
        if kind is Duration:
            return _duration(value)
        if dec_hook is not None:
            return dec_hook(kind, value)
        raise NotImplementedError(kind)

    return hook


# --- reading -------------------------------------------------------------------------------


def _fast_loader() -> type[yaml.SafeLoader]:
    """The loader of libyaml where PyYAML was built with it (the wheels are), else PyYAML's."""
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")
)


def compose_yaml(path: Path) -> yaml.Node | None:
    """Read ``path`` and compose its single YAML document (``None`` when empty).

    Raises:
        SchemaError: unreadable file, not UTF-8, or invalid YAML (with the line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(
            _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except UnicodeDecodeError as exc:
        raise SchemaError(
            _("{path}: not UTF-8 text ({reason})").format(path=path, reason=exc.reason)
        ) from None
    return compose_yaml_text(text, path)


def compose_yaml_text(text: str, path: Path | str) -> yaml.Node | None:
    """Compose YAML ``text``; ``path`` names it in errors.

    Raises:
        SchemaError: invalid YAML, naming the line.
    """
    try:
        # libyaml composes the same nodes, marks included, twenty times faster (the safety
        # lexicon alone is ~50 files that ``rtc check`` reads on every run); its error wording
        # differs, so a document it refuses is composed again by PyYAML for the message.
        return yaml.compose(text, Loader=_fast_loader())
    except yaml.YAMLError:
        pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise SchemaError(
            _("{where}: invalid YAML: {problem}").format(where=f"{path}{line}", problem=problem)
        ) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise SchemaError(
            _("{where}: invalid YAML: {problem}").format(where=path, problem=problem)
        ) from None


def load_yaml(
    path: Path,
    kind: type[T],
    *,
    dec_hook: DecHook | None = None,
    empty: Any = None,
) -> T:
    """Read the YAML file at ``path`` and decode it into ``kind`` (usually a Struct).

    Args:
        path: the file.
        kind: the type to decode into.
        dec_hook: turns values into custom types (:class:`Duration` is built in).
        empty: what an empty file means (``None``: an empty mapping).

    Raises:
        SchemaError: one line ``file:line: field.path: problem``.
    """
    node = compose_yaml(path)
    return decode_node(node, kind, path, dec_hook=dec_hook, empty=empty)


def load_yaml_plain(path: Path, kind: type[T], *, dec_hook: DecHook | None = None) -> tuple[T, Any]:
    """:func:`load_yaml`, and the plain values (dicts, lists, scalars) it was decoded from.

    Given back to :func:`convert_plain`, the plain values make the same ``kind`` without
    PyYAML: what a cache of a file keeps (see :mod:`rtc_tui.config_cache`).

    Raises:
        SchemaError: one line ``file:line: field.path: problem``.
    """
    return _decode(compose_yaml(path), kind, path, dec_hook, None)


def convert_plain(value: Any, kind: type[T], *, dec_hook: DecHook | None = None) -> T:
    """``kind`` from plain values :func:`load_yaml_plain` gave (durations included).

    Raises:
        msgspec.ValidationError: the values do not make a ``kind`` (no line to name here).
    """
    return msgspec.convert(value, kind, dec_hook=_hook_with_builtins(dec_hook))


def decode_node(
    node: yaml.Node | None,
    kind: type[T],
    path: Path | str,
    *,
    dec_hook: DecHook | None = None,
    empty: Any = None,
) -> T:
    """Decode a composed YAML node into ``kind``; see :func:`load_yaml`.

    Raises:
        SchemaError: one line ``file:line: field.path: problem``.
    """
    return _decode(node, kind, path, dec_hook, empty)[0]


def _decode(
    node: yaml.Node | None,
    kind: type[T],
    path: Path | str,
    dec_hook: DecHook | None,
    empty: Any,
) -> tuple[T, Any]:
    doc = _Document(str(path))
    if node is None:
        value: Any = {} if empty is None else empty
    else:
        value = doc.construct(node, msgspec.inspect.type_info(kind), ())
    hook = _hook_with_builtins(dec_hook)
    try:
        return msgspec.convert(value, kind, dec_hook=hook), value
    except msgspec.ValidationError as exc:
        raise doc.explain(exc, value, kind, hook) from None


# --- nodes to plain values, remembering where each came from --------------------------------

_NULL = "tag:yaml.org,2002:null"


@dataclass
class _Document:
    """Plain values built from nodes, plus the node (and expected type) at every path."""

    name: str
    nodes: dict[tuple[PathPart, ...], yaml.Node] = field(default_factory=dict)
    key_nodes: dict[tuple[PathPart, ...], yaml.Node] = field(default_factory=dict)
    types: dict[tuple[PathPart, ...], msgspec.inspect.Type] = field(default_factory=dict)

    def fail(self, node: yaml.Node, at: tuple[PathPart, ...], problem: str) -> SchemaError:
        """The one-line error for ``problem`` at ``node``."""
        label = f" {format_path(at)}:" if at else ""
        return SchemaError(f"{self.name}:{node.start_mark.line + 1}:{label} {problem}")

    def construct(
        self, node: yaml.Node, kind: msgspec.inspect.Type, at: tuple[PathPart, ...]
    ) -> Any:
        """Plain Python value of ``node``, guided by the ``kind`` msgspec will check it as."""
        self.nodes[at] = node
        self.types[at] = kind
        if node.tag not in _CORE_TAGS:
            raise self.fail(node, at, _tag_problem(node.tag))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, kind, at)
        if isinstance(node, yaml.SequenceNode):
            items = _item_types(kind, len(node.value))
            return [
                self.construct(child, item, (*at, i))
                for i, (child, item) in enumerate(zip(node.value, items, strict=True))
            ]
        assert isinstance(node, yaml.ScalarNode)
        value = _scalar(node)
        if node.tag != _NULL and _wants_text(kind, value):
            return node.value
        return value

    def _mapping(
        self, node: yaml.MappingNode, kind: msgspec.inspect.Type, at: tuple[PathPart, ...]
    ) -> dict[Any, Any]:
        own = {id(key) for key, _ in node.value}
        loader = yaml.SafeLoader("")
        try:
            loader.flatten_mapping(node)  # resolve `<<:` merge keys like safe_load does
        finally:
            loader.dispose()
        fields, key_kind = _field_types(kind)
        out: dict[Any, Any] = {}
        written: set[Any] = set()  # keys written here, not merged in with `<<:`
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _CORE_TAGS:
                raise self.fail(key_node, at, _("keys must be plain values"))
            key = _scalar(key_node)
            if _wants_text(key_kind, key):
                key = key_node.value
            if not isinstance(key, str | int | float | bool) or isinstance(key, float):
                raise self.fail(key_node, at, _("keys must be text or whole numbers"))
            sub = (*at, key)
            if key in written:
                raise self.fail(key_node, sub, _("duplicate key"))
            if id(key_node) in own:
                written.add(key)
            out.pop(key, None)  # a key written here wins over a merged one
            self.key_nodes[sub] = key_node
            child_kind = fields.get(key, _ANY) if fields is not None else _value_type(kind)
            out[key] = self.construct(value_node, child_kind, sub)
        return out

    # --- msgspec errors back to lines ------------------------------------------------------

    def explain(
        self, exc: msgspec.ValidationError, value: Any, kind: type, hook: DecHook
    ) -> SchemaError:
        """Turn msgspec's ``problem - at `$.a[0].b``` into ``file:line: a[0].b: problem``."""
        message = str(exc)
        at: tuple[PathPart, ...] = ()
        match = re.fullmatch(r"(?s)(.*) - at `\$(.*)`", message)
        if match:
            message, at = match.group(1), _parse_path(match.group(2))
        if "..." in at:  # msgspec does not name dict keys: find the entry at fault
            at = self._find_bad_entry(at, value, kind, hook)
        cause = exc.__cause__
        if isinstance(cause, FieldError):
            at = (*at, *cause.at)
        problem, key = _rephrase(message, self.types.get(at))
        if key is not None:
            at = (*at, key)
        node = self.key_nodes.get(at) if key is not None else None
        node = node or self._nearest_node(at)
        if node is None:
            return SchemaError(f"{self.name}: {format_path(at) + ': ' if at else ''}{problem}")
        return self.fail(node, at, problem)

    def _nearest_node(self, at: tuple[PathPart, ...]) -> yaml.Node | None:
        for end in range(len(at), -1, -1):
            node = self.nodes.get(at[:end])
            if node is not None:
                return node
        return None

    def _find_bad_entry(
        self, at: tuple[PathPart, ...], value: Any, kind: type, hook: DecHook
    ) -> tuple[PathPart, ...]:
        """The key of the first entry of the mapping at ``at[:"..."]`` that fails alone."""
        index = at.index("...")
        prefix = at[:index]
        mapping = _lookup(value, prefix)
        if not isinstance(mapping, dict):
            return prefix
        for key, item in mapping.items():
            try:
                msgspec.convert(_replaced(value, prefix, {key: item}), kind, dec_hook=hook)
            except msgspec.ValidationError:
                return (*prefix, key, *at[index + 1 :])
        return prefix


def format_path(at: tuple[PathPart, ...]) -> str:
    """``("sources", 0, "every")`` as ``sources[0].every``."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


def _parse_path(text: str) -> tuple[PathPart, ...]:
    parts: list[PathPart] = []
    for name, index in _PATH_PART.findall(text):
        if name:
            parts.append(name)
        else:
            parts.append(index if index == "..." else int(index))
    return tuple(parts)


def _replaced(value: Any, at: tuple[PathPart, ...], new: Any) -> Any:
    """A copy of ``value`` with the item at ``at`` replaced (containers on the way copied)."""
    if not at:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[at[0]] = _replaced(value[at[0]], at[1:], new)  # type: ignore[index]
    return copy


def _lookup(value: Any, at: tuple[PathPart, ...]) -> Any:
    for part in at:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


_WHAT = {
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "str": N_("text"),
    "array": N_("a list"),
    "object": N_("a mapping"),
    "null": N_("nothing"),
}
"""msgspec's type names in the user's words (translated where said)."""


def _rephrase(message: str, kind: msgspec.inspect.Type | None) -> tuple[str, PathPart | None]:
    """The words the user needs for msgspec's message, and the key it names, if any."""
    if match := re.fullmatch(r"Object contains unknown field `(.*)`", message):
        known = ""
        if isinstance(kind, msgspec.inspect.StructType):
            names = ", ".join(sorted(f.encode_name for f in kind.fields))
            known = _(" (known: {names})").format(names=names)
        return _("unknown key") + known, match.group(1)
    if match := re.fullmatch(r"Object missing required field `(.*)`", message):
        return _("missing required key '{key}'").format(key=match.group(1)), None
    if match := re.fullmatch(r"Expected `(.*)`, got `(.*)`", message):
        words = [_(_WHAT[w]) if w in _WHAT else w for w in match.group(1).split(" | ")]
        return _("expected {what}").format(what=_(" or ").join(words)), None
    if match := re.fullmatch(r"Invalid enum value (.*)", message):
        values = _literal_values(kind)
        if values:
            listed = ", ".join(map(str, values))
            return _("{value} is not one of: {values}").format(
                value=match.group(1), values=listed
            ), None
        return _("{value} is not allowed here").format(value=match.group(1)), None
    if message[:1].isupper() and message[1:2].islower():
        message = message[:1].lower() + message[1:]  # msgspec's sentences, our fragments
    return message, None


# --- type guidance --------------------------------------------------------------------------

_ANY = msgspec.inspect.AnyType()


def _members(kind: msgspec.inspect.Type) -> tuple[msgspec.inspect.Type, ...]:
    while isinstance(kind, msgspec.inspect.Metadata):
        kind = kind.type
    if isinstance(kind, msgspec.inspect.UnionType):
        return tuple(m for t in kind.types for m in _members(t))
    return (kind,)


def _literal_values(kind: msgspec.inspect.Type | None) -> tuple[Any, ...]:
    if kind is None:
        return ()
    return tuple(
        v for m in _members(kind) if isinstance(m, msgspec.inspect.LiteralType) for v in m.values
    )


_SCALAR_TYPES: tuple[tuple[type, type], ...] = (
    (bool, msgspec.inspect.BoolType),
    (int, msgspec.inspect.IntType),
    (float, msgspec.inspect.FloatType),
)


def _wants_text(kind: msgspec.inspect.Type, value: Any) -> bool:
    """Whether a scalar YAML resolved to a non-text value should stay the text written."""
    if isinstance(value, str) or value is None:
        return False
    members = _members(kind)
    if not any(
        isinstance(m, msgspec.inspect.StrType)
        or (
            isinstance(m, msgspec.inspect.LiteralType) and any(isinstance(v, str) for v in m.values)
        )
        for m in members
    ):
        return False
    for python_type, inspect_type in _SCALAR_TYPES:
        if isinstance(value, python_type):
            return not any(isinstance(m, inspect_type) for m in members)
    return True  # dates and timestamps: text where text is wanted


def _field_types(
    kind: msgspec.inspect.Type,
) -> tuple[dict[Any, msgspec.inspect.Type] | None, msgspec.inspect.Type]:
    """For a mapping: the Struct's fields by file name (``None`` if a dict), the key type."""
    for member in _members(kind):
        if isinstance(member, msgspec.inspect.StructType):
            return {f.encode_name: f.type for f in member.fields}, msgspec.inspect.StrType()
        if isinstance(member, msgspec.inspect.TypedDictType | msgspec.inspect.DataclassType):
            return {f.encode_name: f.type for f in member.fields}, msgspec.inspect.StrType()
        if isinstance(member, msgspec.inspect.DictType):
            return None, member.key_type
    return None, _ANY


def _value_type(kind: msgspec.inspect.Type) -> msgspec.inspect.Type:
    for member in _members(kind):
        if isinstance(member, msgspec.inspect.DictType):
            return member.value_type
    return _ANY


def _item_types(kind: msgspec.inspect.Type, count: int) -> Iterator[msgspec.inspect.Type]:
    for member in _members(kind):
        if isinstance(
            member,
            msgspec.inspect.ListType
            | msgspec.inspect.VarTupleType
            | msgspec.inspect.SetType
            | msgspec.inspect.FrozenSetType,
        ):
            return iter([member.item_type] * count)
        if isinstance(member, msgspec.inspect.TupleType):
            types = list(member.item_types)
            return iter((types + [_ANY] * count)[:count])
    return iter([_ANY] * count)


def _tag_problem(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:python/"):
        return _("Python object tags are not allowed ({tag})").format(
            tag="!!" + tag.removeprefix("tag:yaml.org,2002:")
        )
    return _("tag {tag} is not allowed").format(tag=repr(tag))


_CONSTRUCTORS = threading.local()


def _scalar(node: yaml.ScalarNode) -> Any:
    # One constructor per thread, reused: building a SafeLoader per scalar cost more than all
    # the rest of decoding (the safety lexicon has thousands of scalars).
    constructor: yaml.constructor.SafeConstructor | None = getattr(_CONSTRUCTORS, "one", None)
    if constructor is None:
        constructor = _CONSTRUCTORS.one = yaml.constructor.SafeConstructor()
    try:
        return constructor.construct_object(node, deep=True)
    finally:
        constructor.constructed_objects.clear()
