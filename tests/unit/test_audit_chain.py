"""The audit log's hash chain: sealing, and naming the first record a hand edit broke."""

from __future__ import annotations

from typing import Any

from rtc_tui.core.audit import HASH, PREV, digest, seal, seal_all, verify


def chain(n: int) -> list[dict[str, Any]]:
    records = [
        {"at": f"2026-11-29T10:0{i}:00+00:00", "action": "tick", "by": "ana"} for i in range(n)
    ]
    return seal_all(records)


def test_a_sealed_chain_verifies_and_links_each_record_to_the_one_before() -> None:
    records = chain(4)
    assert verify(records) is None
    assert records[0][PREV] == ""
    assert all(r[PREV] == p[HASH] for p, r in zip(records, records[1:], strict=False))
    assert all(r[HASH] == digest(r) for r in records)


def test_the_hash_covers_canonical_json_whatever_the_key_order() -> None:
    a = seal({"by": "ana", "action": "tick", "at": "t", "note": "è"}, "")
    b = seal({"note": "è", "at": "t", "action": "tick", "by": "ana"}, "")
    assert a[HASH] == b[HASH]


def test_an_edited_record_is_named() -> None:
    records = chain(4)
    records[2]["by"] = "eve"
    broken = verify(records)
    assert broken is not None
    assert broken.index == 3
    assert "edited by hand" in broken.problem


def test_a_removed_or_inserted_record_breaks_the_link() -> None:
    records = chain(4)
    del records[1]
    removed = verify(records)
    assert removed is not None
    assert (removed.index, removed.problem) == (
        2,
        "does not follow the record before it (one removed?)",
    )
    inserted = chain(3)
    inserted.insert(1, {"at": "t", "action": "export", "by": "eve"})
    found = verify(inserted)
    assert found is not None
    assert found.index == 2
    assert found.problem.startswith("not sealed")


def test_an_edit_resealed_by_hand_still_breaks_the_next_link() -> None:
    records = chain(3)
    records[1]["by"] = "eve"
    records[1] = seal(records[1], records[0][HASH])
    broken = verify(records)
    assert broken is not None
    assert broken.index == 3
    assert broken.describe().startswith("audit record 3 (2026-11-29T10:02:00+00:00 tick by ana)")
