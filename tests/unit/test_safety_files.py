"""Loading the safety data at the edge: lexicon files, people lists, the config's changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rtc_tui.config import SafetyEntry
from rtc_tui.core.models import Level
from rtc_tui.core.safety.context import Setting
from rtc_tui.core.safety.engine import check_texts
from rtc_tui.safety_files.lexicon import LEXICON_DIR, load_lexicon
from rtc_tui.schema import SchemaError

GOOD = """\
family: profanity
lang: en
groups:
  - severity: block
    reason: a made-up swear word
    terms: ["blorp{,s}"]
"""


HEAD = "family: profanity\ngroups:\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_entry_has_a_family_a_severity_and_a_reason() -> None:
    lexicon = load_lexicon()
    findings = [t for t in lexicon.terms if t.kind == "finding"]
    assert len(findings) > 1000
    for term in findings:
        assert term.family, term.where
        assert term.reason, term.where
        assert term.severity in (Level.BLOCK, Level.WARN), term.where
    shipped = {p.parent.name for p in LEXICON_DIR.glob("*/*.yaml")}
    assert shipped == {"it", "en"}


def test_an_extra_file_extends_the_lexicon(tmp_path: Path) -> None:
    extra = write(tmp_path, "team.yaml", GOOD)
    lexicon = load_lexicon(extra_files=(extra,))
    (hit,) = [h for h in lexicon.scan("two bl0rps please") if h.family == "profanity"]
    assert (hit.match, hit.term.reason) == ("blorps", "a made-up swear word")
    assert hit.term.where == f"{extra}:6"


def test_config_entries_are_added_and_shipped_ones_disabled() -> None:
    lexicon = load_lexicon(
        add=(
            SafetyEntry(term="zorblax", family="hate", severity="block", reason="team slur list"),
        ),
        disable=("alcohol:spritz", "birr{a,e}"),
    )
    families = {h.family for h in lexicon.scan("zorblax con spritz e birra")}
    assert families == {"hate"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"{HEAD}  - severity: loud\n    terms: [x]\n",
            ":3: groups[0].severity: 'loud' is not one of",
        ),
        ("family: nonsense\ngroups: []\n", ":1: family: unknown family 'nonsense'"),
        (f"{HEAD}  - terms: [x]\n", ":3: groups[0]: needs either severity or cue"),
        (f"{HEAD}  - severity: warn\n    terms: ['a*']\n", ":4: term 'a*': a '*' needs"),
        (
            f"{HEAD}  - severity: warn\n    terms: [x]\n    colour: red\n",
            ":5: groups[0].colour: unknown key",
        ),
        ("family: profanity\ngroups: [\n", ".yaml:3: "),
    ],
)
def test_a_bad_file_is_one_line_with_file_line_field_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    bad = write(tmp_path, "bad.yaml", text)
    with pytest.raises(SchemaError) as info:
        load_lexicon(extra_files=(bad,))
    assert str(info.value).startswith(str(bad))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_people_lists_are_data_updated_without_a_release(tmp_path: Path) -> None:
    people = write(
        tmp_path,
        "deceased.yaml",
        "family: death\ntopic: recently deceased\nreason: died recently\nrecent_days: 30\n"
        "people:\n  - {name: Gino Inventato, died: 2026-05-01}\n",
    )
    lexicon = load_lexicon(people_files=(people,))
    text = {"": "Gino Inventato ci ha insegnato a ridere"}
    soon = check_texts(text, lexicon=lexicon, setting=Setting(day=date(2026, 5, 10)))
    assert [f.severity for f in soon.findings] == [Level.WARN]
    assert "Gino Inventato died recently (2026-05-01)" in soon.findings[0].message
    later = check_texts(text, lexicon=lexicon, setting=Setting(day=date(2026, 9, 1)))
    assert later.findings == ()


def test_politicians_block_only_when_politics_is_off_limits() -> None:
    lexicon = load_lexicon()
    text = {"": "Anche Elly Schlein ama il nostro gelato"}
    off = check_texts(text, lexicon=lexicon, setting=Setting())
    assert off.verdict.value == "block"
    open_ = check_texts(text, lexicon=lexicon, setting=Setting(politics_off_limits=False))
    assert open_.verdict.value == "warn"
