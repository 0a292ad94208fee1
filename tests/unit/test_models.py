from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtc_tui.core.models import (
    ContextItem,
    Draft,
    DraftStatus,
    Event,
    ExportRecord,
    Level,
    Origin,
    Override,
    Revision,
    Sensitivity,
    SignalPoint,
    Tick,
    TriageState,
    content_hash,
    event_id,
    to_iso,
)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _draft() -> Draft:
    return Draft(
        id=7,
        title="Finale",
        text="Che rigore!",
        variants={"x": "Che rigore! #finale"},
        platforms=["x", "mastodon"],
        origin=Origin("event", "abc", "Rigore al 90'", Sensitivity(Level.WARN, ("x",), ("y",)), T0),
        author="alice",
        status=DraftStatus.IN_REVIEW,
        created_at=T0,
        updated_at=T0,
        revisions=[Revision(1, "alice", T0, "Che rigore!")],
        ticks={"timing": Tick("bob", T0, "h1")},
        overrides=[Override("death:morto", "bob", T0, "not about the event")],
        exports=[ExportRecord("bob", T0, "md", "h1", "/tmp/x.md", 120.0)],
        review_notes=[{"by": "bob", "note": "shorter"}],
        scheduled_at=T0,
    )


def test_draft_round_trips_through_dict() -> None:
    draft = _draft()
    again = Draft.from_dict(draft.to_dict())
    assert again == draft
    assert again.to_dict()["checklist"]["timing"]["by"] == "bob"


def test_event_round_trips_through_dict() -> None:
    event = Event(
        id=event_id("ANSA", "https://ansa.it/1"),
        source="ANSA",
        title="Blackout allo stadio",
        url="https://ansa.it/1",
        published=T0,
        first_seen=T0,
        last_seen=T0,
        signal=2000.0,
        signal_history=[SignalPoint(T0, 1000.0)],
        sensitivity=Sensitivity(Level.BLOCK, ("death",), ("morti",)),
        state=TriageState.SNOOZED,
        snoozed_until=T0,
        draft_ids=[1],
        context=[ContextItem("News", "https://x.it", "Corriere")],
        extra={"traffic": "2000+"},
    )
    assert Event.from_dict(event.to_dict()) == event


def test_event_id_is_stable_and_source_specific() -> None:
    assert event_id("a", "k") == event_id("a", "k")
    assert event_id("a", "k") != event_id("b", "k")
    assert len(event_id("a", "k")) == 16


def test_content_hash_changes_with_published_content_only() -> None:
    draft = _draft()
    base = content_hash(draft)
    draft.title = "another title"
    draft.status = DraftStatus.APPROVED
    draft.review_notes.append({"by": "c", "note": "n"})
    assert content_hash(draft) == base, "title, status and notes are not published"
    draft.text = "Che rigore!!"
    assert content_hash(draft) != base
    draft.text = "Che rigore!"
    draft.variants["mastodon"] = "variant"
    assert content_hash(draft) != base
    del draft.variants["mastodon"]
    draft.platforms.append("bluesky")
    assert content_hash(draft) != base


def test_text_for_prefers_variant() -> None:
    draft = _draft()
    assert draft.text_for("x") == "Che rigore! #finale"
    assert draft.text_for("mastodon") == "Che rigore!"


def test_level_markers_read_without_colour() -> None:
    assert [lv.marker for lv in Level] == [" ", "!", "X"]
    assert max(Level, key=lambda lv: lv.rank) is Level.BLOCK


def test_stored_json_keeps_its_keys_times_and_hash() -> None:
    """The format on disk is a contract: field names, ``+00:00`` times, ``checklist`` key."""
    draft = Draft(
        id=3,
        title="t",
        text="ciao",
        platforms=["x"],
        created_at=T0,
        updated_at=T0,
        ticks={"timing": Tick("bob", T0, "h1")},
    )
    assert draft.to_dict() == {
        "id": 3,
        "title": "t",
        "text": "ciao",
        "variants": {},
        "platforms": ["x"],
        "origin": None,
        "author": "",
        "status": "draft",
        "created_at": "2026-11-26T09:00:00+00:00",
        "updated_at": "2026-11-26T09:00:00+00:00",
        "revisions": [],
        "checklist": {
            "timing": {"by": "bob", "at": "2026-11-26T09:00:00+00:00", "content_hash": "h1"}
        },
        "overrides": [],
        "exports": [],
        "review_notes": [],
        "scheduled_at": None,
        "content_hash": "f00f00191491b682",  # as the hand-written encoder gave it
    }


def test_an_older_record_with_fewer_keys_still_loads() -> None:
    event = Event.from_dict(
        {
            "id": "e",
            "source": "ANSA",
            "title": "Titolo",
            "first_seen": "2026-11-26T09:00:00+00:00",
            "last_seen": "2026-11-26T10:00:00+00:00",
            "sensitivity": {"level": "warn"},
        }
    )
    assert event.sensitivity == Sensitivity(Level.WARN)
    assert event.state is TriageState.NEW
    assert event.last_seen.tzinfo is not None


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"id": "e", "source": "s", "title": 5}, r"\$\.title"),
        (
            {"id": "e", "source": "s", "title": "t", "first_seen": "2026-11-26T09:00:00"},
            "first_seen",
        ),
        ({"id": "e", "source": "s", "title": "t", "state": "lost"}, r"\$\.state"),
    ],
)
def test_a_bad_stored_record_is_a_value_error_naming_the_field(
    data: dict[str, object], where: str
) -> None:
    with pytest.raises(ValueError, match=where):
        Event.from_dict(data)


def _iso_times_rebuilt(value: object) -> object:
    """``models._iso_times`` as it was: every container rebuilt, every value visited."""
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, dict):
        return {k: _iso_times_rebuilt(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_times_rebuilt(v) for v in value]
    return value


_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))])
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.datetimes(timezones=_ZONES),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_datetimes_are_written_in_place_as_the_rebuilt_walk_wrote_them(value: object) -> None:
    # ``to_dict`` changes what ``msgspec.to_builtins`` just built in place, skipping plain
    # values; it must give what rebuilding every container gave.
    import copy

    from rtc_tui.core.time_fields import iso_times as _iso_times

    assert _iso_times(copy.deepcopy(value)) == _iso_times_rebuilt(value)


_STORED_TIMES = st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=_ZONES)
"""Times a model can store (year 1 at +02:00 is no time in UTC at all: writing it fails)."""
_STORED_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), _STORED_TIMES),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=20,
)


def _strategy(kind: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the ``msgspec.inspect`` type ``kind`` (a stored model's field)."""
    import msgspec.inspect as mi

    if isinstance(kind, mi.StrType):
        return st.text(max_size=4)
    if isinstance(kind, mi.IntType):
        return st.integers(-5, 5)
    if isinstance(kind, mi.FloatType):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(kind, mi.BoolType):
        return st.booleans()
    if isinstance(kind, mi.NoneType):
        return st.none()
    if isinstance(kind, mi.EnumType):
        return st.sampled_from(list(kind.cls))
    if isinstance(kind, mi.LiteralType):
        return st.sampled_from(list(kind.values))
    if isinstance(kind, mi.DateTimeType):
        return _STORED_TIMES
    if isinstance(kind, mi.UnionType):
        return st.one_of([_strategy(t, depth) for t in kind.types])
    if isinstance(kind, mi.ListType | mi.VarTupleType):
        items = st.lists(_strategy(kind.item_type, depth + 1), max_size=3)
        return items.map(tuple) if isinstance(kind, mi.VarTupleType) else items
    if isinstance(kind, mi.DictType):
        return st.dictionaries(
            st.text(max_size=3), _strategy(kind.value_type, depth + 1), max_size=3
        )
    if isinstance(kind, mi.StructType):
        fields = {f.name: _strategy(f.type, depth + 1) for f in kind.fields}
        return st.fixed_dictionaries(fields).map(lambda values: kind.cls(**values))
    if isinstance(kind, mi.AnyType):
        return _STORED_VALUES
    raise AssertionError(f"no strategy for {kind}")


def _stored_models() -> list[type]:
    """Every stored model class (what ``to_dict`` writes)."""
    import rtc_tui.core.trending.standing
    import rtc_tui.sources.fetch  # noqa: F401  (SourceHealth)
    from rtc_tui.core.models import Fixed, Record

    found: list[type] = []
    todo: list[type] = [Record, Fixed]
    while todo:
        cls = todo.pop()
        subclasses: list[type] = cls.__subclasses__()
        found.extend(subclasses)
        todo.extend(subclasses)
    return sorted(set(found), key=lambda c: c.__qualname__)


def test_every_stored_model_is_covered() -> None:
    names = {cls.__name__ for cls in _stored_models()}
    assert {"Event", "Standing", "Triage", "Draft", "SourceHealth", "Sensitivity"} <= names


@pytest.mark.parametrize("cls", _stored_models(), ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_to_dict_writes_every_datetime_as_the_whole_walk_did(cls: type, data: Any) -> None:
    """Only the fields whose type may hold a datetime are visited: the same dict as before.

    (The shared ``to_dict``: a model adding keys of its own, a draft's hash, adds them to it.)
    """
    import msgspec.inspect as mi

    from rtc_tui.core.models import Record

    model = data.draw(_strategy(mi.type_info(cls)))
    whole = _iso_times_rebuilt(msgspec.to_builtins(model, builtin_types=(datetime,)))
    assert Record.to_dict(model) == whole


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moments=st.lists(st.datetimes(timezones=_ZONES), min_size=1, max_size=30))
def test_times_written_again_are_written_as_the_first_time(
    moments: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTC times already written are looked up (a merge writes a few thousand, mostly the
    same few): the text is :func:`to_iso`'s, whatever zone an equal instant comes in, and
    the memory of them is bounded."""
    from rtc_tui.core import time_fields

    monkeypatch.setattr(time_fields, "_WRITTEN_MAX", 7)
    monkeypatch.setattr(time_fields, "_WRITTEN", {})
    values = [*moments, *(m.astimezone(UTC) for m in moments), *moments]
    written = time_fields.iso_times([*values])
    assert written == [to_iso(m) for m in values]
    assert len(time_fields._WRITTEN) <= 7
