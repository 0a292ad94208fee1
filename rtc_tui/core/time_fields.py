"""Writing a stored model's datetimes as ISO 8601 text, visiting only where its types allow one.

A model is stored as what ``msgspec.to_builtins`` makes of it (datetimes kept as objects), with
every datetime then written by ``to_iso`` (UTC, ``+00:00``). Walking the whole of that visited
every value: a ranking standing's story members (hundreds of ids for a big story), its factors,
its event's sensitivity; ~60% of writing a merge's bodies and standings (4,000 at a first
fetch of 20 feeds) went on values that cannot be a datetime. :func:`iso_times_of` visits the
fields whose declared type may hold one (a datetime, ``Any``, containers and structs of those),
with the plan worked out once per class from ``msgspec.inspect``; a value of any other field is
left as ``to_builtins`` made it. A field typed ``Any`` (an event's ``extra``) is still walked
whole (:func:`iso_times`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
"""What ``msgspec.to_builtins`` gives that holds no datetime (skipped without a call)."""

_WRITTEN: dict[datetime, str] = {}
"""UTC datetimes already written, and how: a merge writes the same few again and again (a
refresh's fetch time is the first and last sighting of each of its 2,000 events, their
standings' ranking time is one ``now``): a lookup is a twentieth of writing one."""

_WRITTEN_MAX = 4096
"""Datetimes kept in :data:`_WRITTEN` (then it starts over): bounded memory."""


def _iso(value: datetime) -> str:
    """``to_iso(value)``: ISO 8601 in UTC (``+00:00``)."""
    if value.tzinfo is not UTC:  # another zone (or none): written as it always was
        return value.astimezone(UTC).isoformat()
    # Equal UTC datetimes are the same instant and write the same text (a ``fold`` only
    # matters to a local time).
    text = _WRITTEN.get(value)
    if text is None:
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        text = _WRITTEN[value] = value.isoformat()
    return text


def iso_times(value: Any) -> Any:
    """``value`` with every datetime written as ISO 8601 in UTC (``to_iso``).

    Containers are changed in place: ``value`` is what ``msgspec.to_builtins`` just built
    (new dicts and lists, never the model's own). A value of a plain type is not visited:
    an event's 30-odd fields and readings cost one type test each instead of a call.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            if type(item) not in _PLAIN_TYPES:
                if isinstance(item, datetime):
                    value[key] = _iso(item)
                else:
                    value[key] = iso_times(item)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            if type(item) not in _PLAIN_TYPES:
                if isinstance(item, datetime):
                    value[number] = _iso(item)
                else:
                    value[number] = iso_times(item)
    elif isinstance(value, datetime):
        return _iso(value)
    return value


class _Plan:
    """Where the datetimes of one type can be: a node per field or item that may hold one."""

    __slots__ = ("fields", "items", "kind")

    def __init__(
        self, kind: str, fields: tuple[tuple[str, _Plan], ...] = (), items: _Plan | None = None
    ) -> None:
        self.kind = kind
        """``"time"`` (a datetime or ``None``), ``"any"`` (walked whole), ``"struct"``
        (its :attr:`fields`), ``"list"`` or ``"dict"`` (each item or value: :attr:`items`)."""
        self.fields = fields
        self.items = items


_TIME = _Plan("time")
_ANY = _Plan("any")
_plans: dict[type, _Plan | None] = {}


def _plan_of(kind: Any, building: set[int]) -> _Plan | None:
    """The plan of the ``msgspec.inspect`` type ``kind`` (``None``: it holds no datetime)."""
    import msgspec.inspect as mi

    leaves = (
        mi.StrType,
        mi.IntType,
        mi.FloatType,
        mi.BoolType,
        mi.NoneType,
        mi.EnumType,
        mi.LiteralType,
        mi.BytesType,
        mi.ByteArrayType,
        mi.MemoryViewType,
        mi.DateType,
        mi.TimeType,
        mi.TimeDeltaType,
        mi.UUIDType,
        mi.DecimalType,
    )
    if isinstance(kind, leaves):
        return None  # to_builtins writes none of these as a datetime
    if isinstance(kind, mi.DateTimeType):
        return _TIME
    if isinstance(kind, mi.UnionType):
        found = [p for p in (_plan_of(t, building) for t in kind.types) if p is not None]
        if not found:
            return None
        return _TIME if all(p is _TIME for p in found) else _ANY
    if isinstance(kind, mi.StructType):
        if id(kind) in building:
            return _ANY  # a struct inside itself: walked whole
        building.add(id(kind))
        try:
            fields = tuple(
                (f.encode_name, plan)
                for f in kind.fields
                if (plan := _plan_of(f.type, building)) is not None
            )
        finally:
            building.discard(id(kind))
        return _Plan("struct", fields) if fields else None
    if isinstance(kind, mi.ListType | mi.VarTupleType | mi.SetType | mi.FrozenSetType):
        items = _plan_of(kind.item_type, building)
        return None if items is None else _Plan("list", items=items)
    if isinstance(kind, mi.DictType):
        items = _plan_of(kind.value_type, building)
        return None if items is None else _Plan("dict", items=items)
    return _ANY  # anything else (Any, tuples, dataclasses, custom types): walked whole


def plan_for(cls: type) -> _Plan | None:
    """The plan of the model class ``cls`` (worked out on first use, then kept)."""
    try:
        return _plans[cls]
    except KeyError:
        import msgspec.inspect as mi

        plan = _plans[cls] = _plan_of(mi.type_info(cls), set())
        return plan


def _apply(plan: _Plan, value: Any) -> Any:
    kind = plan.kind
    if kind == "time":
        if isinstance(value, datetime):
            return _iso(value)
        return value if type(value) in _PLAIN_TYPES else iso_times(value)
    if kind == "struct" and isinstance(value, dict):
        for key, inner in plan.fields:
            if key in value:
                item = value[key]
                if type(item) in _PLAIN_TYPES:
                    continue  # None, or a plain value: nothing to write
                if isinstance(item, datetime):  # a time field's value, without a call
                    value[key] = _iso(item)
                else:
                    value[key] = _apply(inner, item)
        return value
    items = plan.items
    if items is None or items is _ANY:
        return iso_times(value)  # "any" (or all of a container's items): the whole walk
    if kind == "list" and isinstance(value, list):
        for number, item in enumerate(value):
            value[number] = _apply(items, item)
        return value
    if kind == "dict" and isinstance(value, dict):
        for key, item in value.items():
            value[key] = _apply(items, item)
        return value
    return iso_times(value)  # a value not of its declared shape: the whole walk


def iso_times_of(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (``to_builtins`` of an instance of ``cls``) with its datetimes as ISO text.

    The same as :func:`iso_times` of it, for a value of its declared types.
    """
    plan = plan_for(cls)
    if plan is None:
        return data
    result: dict[str, Any] = _apply(plan, data)
    return result
