"""The checklist template, item states on a draft, ticks, overrides and the export gate."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rtc_tui.core.models import Draft, Origin
from rtc_tui.core.safety.checklist import ItemStatus, evaluate
from rtc_tui.core.safety.checklist_actions import override, tick, toggle, untick
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.context import EventContext
from rtc_tui.core.safety.findings import LinkResult
from rtc_tui.core.team import TeamPolicy
from rtc_tui.safety_files.checklist import load_template, parse_template
from tests.safety_helpers import check_draft, check_texts

AT = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


@pytest.fixture
def template() -> Template:
    return load_template()


def make_draft(text: str = "Buona Festa della Donna!", **kwargs: object) -> Draft:
    draft = Draft(id=7, title="8 marzo", text=text, platforms=["x", "mastodon"], author="alice")
    for key, value in kwargs.items():
        setattr(draft, key, value)
    return draft


def tick_all(
    draft: Draft, template: Template, *, user: str = "alice", reviewer: str | None = "bob"
) -> None:
    """The author's items, and (unless ``reviewer`` is None) someone else's second pair of eyes."""
    for item_id in MANUAL:
        tick(draft, template, item_id, user=user, at=AT)
    if reviewer is not None:
        tick(draft, template, "second_eyes", user=reviewer, at=AT)


def test_default_template_has_the_guides_items(template: Template) -> None:
    ids = [item.id for item in template.items]
    assert ids == [*MANUAL, "platform_fit", "links", "second_eyes"]
    assert template.get("platform_fit").kind == "auto"
    assert template.get("links").required is False
    assert template.get("second_eyes").role == "not_author"
    assert all(item.label and item.help for item in template.items)


def test_new_draft_is_far_from_exportable(template: Template) -> None:
    draft = make_draft()
    state = evaluate(draft, template, check_draft(draft))
    assert state.summary() == "2/10"
    gate = state.gate
    assert not gate.passed
    assert [m.id for m in gate.missing] == [*MANUAL, "second_eyes"]
    assert gate.missing[0].label == "Timing is right"
    assert gate.missing[0].reason == "not ticked"


def test_ticking_everything_opens_the_gate(template: Template) -> None:
    draft = make_draft()
    tick_all(draft, template)
    state = evaluate(draft, template, check_draft(draft))
    assert state.gate.passed
    assert state.summary() == "10/10 · ready to export"
    timing = state.get("timing")
    assert timing.status is ItemStatus.TICKED
    assert timing.detail == "alice, 2026-03-08 09:00 UTC"
    assert timing.marker == "[x]"


def test_an_edit_makes_ticks_stale(template: Template) -> None:
    draft = make_draft()
    tick_all(draft, template)
    draft.text = "Buona Festa della Donna a tutte!"
    state = evaluate(draft, template, check_draft(draft))
    assert state.get("timing").status is ItemStatus.STALE
    assert state.get("timing").marker == "[~]"
    assert state.summary() == "2/10 · 8 stale"
    assert {m.reason for m in state.gate.missing} == {"stale: ticked before the last edit"}


def test_toggle_gives_a_stale_tick_again_and_unticks_a_fresh_one(template: Template) -> None:
    draft = make_draft()
    tick(draft, template, "timing", user="alice", at=AT)
    draft.text = "Altro testo"
    assert toggle(draft, template, "timing", user="bob", at=AT) is True
    assert draft.ticks["timing"].by == "bob"
    assert evaluate(draft, template, check_draft(draft)).get("timing").status is ItemStatus.TICKED
    assert toggle(draft, template, "timing", user="bob", at=AT) is False
    assert "timing" not in draft.ticks


def test_blocking_finding_keeps_the_gate_shut_until_overridden(template: Template) -> None:
    draft = make_draft("Sparatoria in centro stasera!")
    tick_all(draft, template)
    report = check_draft(draft)
    state = evaluate(draft, template, report)
    assert state.summary() == "10/10 · 1 blocking finding"
    missing = state.gate.missing
    assert [(m.kind, m.id) for m in missing] == [("finding", "text:crime_harmful_acts:sparatoria")]
    record = override(
        draft, report, missing[0].id, user="bob", at=AT, reason="Idiom for many goals"
    )
    assert record.content_hash
    state = evaluate(draft, template, check_draft(draft))
    assert state.gate.passed


def test_override_needs_a_reason_and_a_real_blocking_finding(template: Template) -> None:
    draft = make_draft("Sparatoria in centro stasera!")
    report = check_draft(draft)
    key = report.blocking[0].key
    with pytest.raises(ChecklistError, match="written reason"):
        override(draft, report, key, user="bob", at=AT, reason="  ok  ")
    with pytest.raises(ChecklistError, match="no finding"):
        override(draft, report, "text:terrorism:nope", user="bob", at=AT, reason="because so")
    assert draft.overrides == []


def test_platform_fit_cannot_be_overridden(template: Template) -> None:
    draft = make_draft("Pizza! " * 50)
    report = check_draft(draft)
    key = report.blocking[0].key
    with pytest.raises(ChecklistError, match="cannot be overridden"):
        override(draft, report, key, user="bob", at=AT, reason="the network will cope")


def test_overriding_again_replaces_the_reason(template: Template) -> None:
    draft = make_draft("Sparatoria in centro stasera!")
    report = check_draft(draft)
    key = report.blocking[0].key
    override(draft, report, key, user="bob", at=AT, reason="first reason")
    override(draft, report, key, user="carol", at=AT, reason="second reason")
    assert [(o.by, o.reason) for o in draft.overrides] == [("carol", "second reason")]


def test_second_pair_of_eyes_always_needs_someone_other_than_the_author(
    template: Template,
) -> None:
    draft = make_draft()
    tick_all(draft, template, reviewer=None)
    state = evaluate(draft, template, check_draft(draft))
    assert state.summary() == "9/10"
    assert [m.id for m in state.gate.missing] == ["second_eyes"]
    with pytest.raises(ChecklistError, match="other than the author"):
        tick(draft, template, "second_eyes", user="alice", at=AT)
    tick(draft, template, "second_eyes", user="bob", at=AT)
    assert evaluate(draft, template, check_draft(draft)).gate.passed


def test_where_roles_are_given_only_an_approver_reviews(template: Template) -> None:
    policy = TeamPolicy({"alice": "editor", "bob": "editor", "carol": "approver"})
    draft = make_draft()
    tick_all(draft, template, reviewer=None)
    with pytest.raises(ChecklistError, match="bob is an editor: only an approver"):
        tick(draft, template, "second_eyes", user="bob", at=AT, policy=policy)
    with pytest.raises(ChecklistError, match="not in team.members"):
        tick(draft, template, "second_eyes", user="mallory", at=AT, policy=policy)
    tick(draft, template, "second_eyes", user="carol", at=AT, policy=policy)
    assert evaluate(draft, template, check_draft(draft), policy=policy).gate.passed
    # A tick given before carol lost the role no longer counts.
    demoted = TeamPolicy({"alice": "editor", "carol": "editor"})
    state = evaluate(draft, template, check_draft(draft), policy=demoted)
    assert state.get("second_eyes").status is ItemStatus.INVALID
    assert state.get("second_eyes").detail == "ticked by carol, not an approver"


def test_a_solo_desk_self_reviews_and_says_so(template: Template) -> None:
    solo = TeamPolicy(solo=True)
    draft = make_draft()
    tick_all(draft, template, reviewer=None)
    given = tick(draft, template, "second_eyes", user="alice", at=AT, policy=solo)
    assert given.self_review is True
    state = evaluate(draft, template, check_draft(draft), policy=solo)
    assert state.gate.passed
    assert state.self_reviewed
    assert state.get("second_eyes").detail == (
        "self-reviewed (solo desk): alice, 2026-03-08 09:00 UTC"
    )
    assert state.summary() == "10/10 · self-reviewed (solo desk) · ready to export"
    assert state.to_dict()["self_reviewed"] is True
    # The same tick read by a desk that is no longer solo does not count.
    assert not evaluate(draft, template, check_draft(draft)).gate.passed


def test_author_tick_on_not_author_item_is_invalid(template: Template) -> None:
    draft = make_draft()
    tick_all(draft, template, reviewer=None)
    # A tick written by the author (e.g. by an older version of the app) does not count.
    draft.ticks["second_eyes"] = draft.ticks["timing"]
    state = evaluate(draft, template, check_draft(draft))
    assert state.get("second_eyes").status is ItemStatus.INVALID
    assert state.gate.missing[0].reason == (
        "needs someone other than the author (an approver where roles are set)"
    )


def test_the_author_cannot_override_their_own_draft_unless_solo(template: Template) -> None:
    draft = make_draft("Sparatoria in centro stasera!")
    report = check_draft(draft)
    key = report.blocking[0].key
    with pytest.raises(ChecklistError, match="other than the author"):
        override(draft, report, key, user="alice", at=AT, reason="I say so")
    record = override(
        draft, report, key, user="alice", at=AT, reason="I say so", policy=TeamPolicy(solo=True)
    )
    assert record.self_review is True


def test_auto_items_cannot_be_ticked(template: Template) -> None:
    draft = make_draft()
    with pytest.raises(ChecklistError, match="computed"):
        tick(draft, template, "platform_fit", user="alice", at=AT)
    with pytest.raises(ChecklistError, match="computed"):
        untick(draft, template, "links")
    with pytest.raises(ChecklistError, match="no checklist item"):
        tick(draft, template, "nope", user="alice", at=AT)


def test_platform_fit_fails_over_the_limit_or_without_platforms(template: Template) -> None:
    long_draft = make_draft("Pizza! " * 50)
    state = evaluate(long_draft, template, check_draft(long_draft))
    assert state.get("platform_fit").status is ItemStatus.AUTO_FAILED
    assert "X 350/280 !+70" in state.get("platform_fit").detail
    bare = make_draft(platforms=[])
    state = evaluate(bare, template, check_draft(bare))
    assert state.get("platform_fit").detail == "no platform chosen"
    assert state.summary() == "1/10 · 1 failed"


def test_links_item_is_pending_then_ok_or_failed_but_never_required(template: Template) -> None:
    url = "https://example.org/ricetta"
    draft = make_draft(f"La ricetta: {url}")
    tick_all(draft, template)
    pending = evaluate(draft, template, check_draft(draft))
    assert pending.get("links").status is ItemStatus.AUTO_PENDING
    assert pending.gate.passed
    ok = evaluate(draft, template, check_draft(draft, links=[LinkResult(url, ok=True, status=200)]))
    assert ok.get("links").status is ItemStatus.AUTO_OK
    failed_report = check_draft(draft, links=[LinkResult(url, ok=False, status=404)])
    failed = evaluate(draft, template, failed_report)
    assert failed.get("links").status is ItemStatus.AUTO_FAILED
    assert failed.gate.passed
    assert failed.report.verdict.value == "warn"


def test_inherited_event_block_shows_in_the_gate(template: Template) -> None:
    origin = Origin(kind="event", ref="e1", title="Terremoto in Centro Italia")
    draft = make_draft("Restiamo uniti.", origin=origin)
    tick_all(draft, template)
    state = evaluate(draft, template, check_draft(draft))
    assert [m.id for m in state.gate.missing] == ["event:sensitive_social_issues:terremoto"]
    assert state.gate.missing[0].label.endswith("terremoto (event)")


def test_state_to_dict_has_items_gate_and_findings(template: Template) -> None:
    draft = make_draft()
    report = check_texts({"x": draft.text}, event=EventContext("Alluvione"))
    data = evaluate(draft, template, report).to_dict()
    assert data["gate"]["passed"] is False
    assert data["items"][0]["status"] == "missing"
    assert data["findings"][0]["key"] == "event:sensitive_social_issues:alluvione"


def test_team_template_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "items:\n  - id: legal\n    label: Legal said yes\n  - id: platform_fit\n"
        "    label: Fits\n    kind: auto\n",
        encoding="utf-8",
    )
    template = load_template(path)
    assert [i.id for i in template.items] == ["legal", "platform_fit"]
    assert template.path == path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("items: []\n", ":1: items: must be a non-empty list"),
        (
            "items:\n  - id: a\n    label: A\n  - id: a\n    label: B\n",
            ":4: items[1].id: duplicate item id 'a'",
        ),
        ("items:\n  - id: Bad Id\n    label: A\n", ":2: items[0].id: must be lower_snake_case"),
        ("items:\n  - id: a\n", ":2: items[0]: missing required key 'label'"),
        (
            "items:\n  - id: a\n    label: A\n    kind: magic\n",
            ":4: items[0].kind: 'magic' is not one of: auto, manual",
        ),
        (
            "items:\n  - id: a\n    label: A\n    kind: auto\n",
            ":2: items[0].kind: auto item 'a' unknown",
        ),
        (
            "items:\n  - id: a\n    label: A\n    role: boss\n",
            ":4: items[0].role: 'boss' is not one of",
        ),
        (
            "items:\n  - id: a\n    label: A\n    required: maybe\n",
            ":4: items[0].required: expected true or false",
        ),
        (
            "items:\n  - id: a\n    label: A\n    colour: red\n",
            ":4: items[0].colour: unknown key",
        ),
        ("- a\n", ":1: expected a mapping"),
        ("items: [\n", "team.yaml"),
    ],
)
def test_bad_templates_name_file_and_line(content: str, message: str) -> None:
    with pytest.raises(ChecklistError) as info:
        parse_template(content, "team.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("team.yaml")


def test_unreadable_template_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="cannot read"):
        load_template(tmp_path / "missing.yaml")
