"""The Markdown brief and a solo desk's self-review note in Italian."""

from __future__ import annotations

import re

from rtc_tui import i18n
from rtc_tui.core.export.render import render, render_md
from rtc_tui.core.safety.checklist import evaluate
from rtc_tui.core.safety.checklist_actions import override, tick
from rtc_tui.core.team import TeamPolicy
from rtc_tui.safety_files.checklist import load_template
from tests.safety_helpers import check_draft
from tests.unit.test_export import AT, make_draft

ENGLISH_LABELS = re.compile(
    r"\b(Origin|Moment|Content hash|Exported|Scheduled|Texts|Overrides|Warnings|author|"
    r"self-reviewed|by|draft)\b"
)


def test_the_brief_is_in_the_interface_language() -> None:
    i18n.setup("it")
    draft = make_draft()
    draft.text = "Sparatoria in centro e fiori!"
    report = check_draft(draft)
    override(draft, report, report.blocking[0].key, user="bob", at=AT, reason="Modo di dire")
    template = load_template(None, "it")
    tick(draft, template, "timing", user="bob", at=AT)
    state = evaluate(draft, template, check_draft(draft))
    md = render_md(draft, state, exported_by="carol", now=AT)
    assert "- Bozza: #12 · bozza · autore alice" in md
    assert "- Origine: Momento “Festa della Donna”" in md
    assert "- Programmata: 2026-03-08 10:05 UTC" in md
    assert "- Esportata: 2026-03-08 09:00 UTC da carol" in md
    assert "## Testi" in md
    assert "## Deroghe" in md
    assert "## Checklist" in md
    # The post's own text stays exactly as written.
    assert "> Sparatoria in centro e fiori!" in md
    assert ENGLISH_LABELS.search(md) is None, md


def test_a_solo_self_review_reads_in_italian_in_the_checklist_and_the_export() -> None:
    i18n.setup("it")
    draft = make_draft()
    template = load_template(None, "it")
    solo = TeamPolicy(solo=True)
    tick(draft, template, "second_eyes", user="alice", at=AT, policy=solo)
    state = evaluate(draft, template, check_draft(draft), policy=solo)
    assert "autorevisione (desk individuale)" in state.summary()
    webhook = render("webhook", draft, state).content
    assert "autorevisione (desk individuale)" in webhook
    assert "self-reviewed" not in webhook + state.summary()
