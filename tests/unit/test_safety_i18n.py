"""The safety checks speak the interface language; their keys, ids and categories never do.

Messages are built when the checks run, so they follow :func:`rtc_tui.i18n.setup`; the finding
key (``where:category:match``) that overrides stored on disk name must not change with it.
The lexicon's ``reason:`` strings are data extracted into the catalogue by
:func:`rtc_tui.i18n_extract.extract_yaml_reasons`, which is exercised here on its own files.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import yaml
from babel.messages.extract import extract

from rtc_tui import i18n
from rtc_tui.core.models import Level, Override, Sensitivity
from rtc_tui.core.safety import engine
from rtc_tui.core.safety.checklist_template import ChecklistError, Template
from rtc_tui.core.safety.context import EventContext, Setting
from rtc_tui.core.safety.families import advice, family_label
from rtc_tui.core.safety.findings import SafetyReport, category_label
from rtc_tui.core.safety.lexicon_terms import LexiconError, compile_term, compile_words
from rtc_tui.i18n_extract import extract_yaml_reasons
from tests.safety_corpus import shipped_lexicon
from tests.safety_helpers import check_texts as check

AT = datetime(2026, 11, 29, 12, tzinfo=UTC)
TEXT = "Offerta lampo: -20% e scommetti ora su bit.ly/x7Kq con Giorgia Meloni"
TRAGEDY = Setting(event=EventContext("Terremoto in Turchia: decine di morti"), market="IT")


@pytest.fixture
def italian() -> Iterator[None]:
    i18n.setup("it")
    try:
        yield
    finally:
        i18n.setup("en")


def _run(language: str, **kwargs: object) -> SafetyReport:
    i18n.setup(language)
    try:
        return check({"x": TEXT}, setting=TRAGEDY, **kwargs)
    finally:
        i18n.setup("en")


def test_the_messages_follow_the_language_and_the_keys_do_not() -> None:
    italian, english = _run("it"), _run("en")
    assert [f.key for f in italian.findings] == [f.key for f in english.findings]
    assert [(f.family, f.span, f.severity) for f in italian.findings] == [
        (f.family, f.span, f.severity) for f in english.findings
    ]
    assert italian.to_dict()["verdict"] == english.to_dict()["verdict"] == "block"
    gambling = next(f for f in italian.findings if f.family == "gambling")
    assert gambling.message.startswith("«scommetti» Gioco d'azzardo: in Italia la pubblicità")
    assert gambling.key == "text:gambling:scommetti"


def test_an_override_recorded_in_one_language_holds_in_the_other() -> None:
    italian = _run("it")
    politics = next(f for f in italian.findings if f.family == "politics")
    override = Override(politics.key, "bob", AT, "intervista concordata con l'ufficio legale")
    english = _run("en", overrides=[override])
    waved = english.find(politics.key)
    assert waved is not None
    assert waved.override == override
    assert waved.message.startswith("«giorgia meloni» Politics: names a politician")


def test_labels_and_advice_are_translated_where_read(italian: None) -> None:
    assert family_label("death") == "Morte"
    assert family_label("no_such_family") == "no_such_family"
    assert advice("no_such_family") == "controllalo prima di pubblicare"
    assert category_label("commercial_on_sensitive") == "Toni commerciali su un evento sensibile"
    assert category_label("online_piracy") == "Pirateria online"
    assert category_label("an_old_category") == "an_old_category"
    report = check({"": "Scommetti ora!"})
    assert [f.label for f in report.findings] == ["Gioco d'azzardo: scommetti (testo)"]


def test_a_reason_written_in_the_config_is_shown_as_written(italian: None) -> None:
    own = compile_term(
        "rivale",
        family="brand_off_limits",
        severity=Level.BLOCK,
        lang="any",
        reason="we never name the competitor",
    )
    lexicon = shipped_lexicon().add([own])
    (finding,) = engine.check_texts({"": "Meglio del rivale"}, lexicon=lexicon).findings
    assert finding.message == (
        "«rivale» Tema off-limits per il brand: we never name the competitor; "
        "il profilo del brand tiene questo tema off-limits"
    )


def test_the_brand_words_and_the_stored_sensitivity_speak_italian(italian: None) -> None:
    report = check({"": "Il nostro concorrente"}, off_limits=["concorrente"])
    (finding,) = report.findings
    assert finding.message.startswith("«concorrente» Tema off-limits per il brand: il brand")
    flagged = EventContext("Notizia", sensitivity=_stored())
    (stored,) = check({"": "Ciao"}, setting=Setting(event=flagged)).findings
    assert stored.key == "event:death_injury_military_conflict:(stored sensitivity)"
    assert stored.message.startswith(
        "«(sensibilità registrata)» Morte, ferite o conflitti armati: l'evento è stato segnalato"
    )


def _stored() -> Sensitivity:
    return Sensitivity(level=Level.WARN, categories=("death_injury_military_conflict",))


def test_errors_of_the_lexicon_syntax_and_the_template_are_translated(italian: None) -> None:
    with pytest.raises(LexiconError, match=r"^brand.off_limits: termine 'ab\*': un '\*' richiede"):
        compile_words("ab*", "brand.off_limits")
    with pytest.raises(ChecklistError, match="^la checklist non ha la voce 'nope'$"):
        Template(items=()).get("nope")


def _extract(source: str) -> list[tuple[int, str]]:
    method = "rtc_tui.i18n_extract:extract_yaml_reasons"
    found = extract(method, io.BytesIO(source.encode("utf-8")), keywords={})
    return [(line, message) for line, message, _comments, _context in found]  # type: ignore[misc]


def test_the_extractor_finds_every_reason_with_its_line() -> None:
    source = (
        "family: death\n"
        "reason: died recently\n"
        "groups:\n"
        "  - severity: block\n"
        "    reason: >-\n"
        "      words of death,\n"
        "      injury or war\n"
        "    terms: [reason]\n"
        "  - {cue: festive, reason: '', terms: [x]}\n"
        "  - {severity: warn, reason: 12, terms: [y]}\n"
        "notes: {reason: nested too}\n"
    )
    assert _extract(source) == [
        (2, "died recently"),
        (5, "words of death, injury or war"),
        (11, "nested too"),
    ]


def test_the_extractor_refuses_a_broken_file_instead_of_dropping_strings() -> None:
    assert _extract("") == []
    with pytest.raises(yaml.YAMLError):
        _extract("reason: [unclosed\n")


def test_the_extractor_has_babels_signature() -> None:
    found = list(extract_yaml_reasons(io.BytesIO(b"reason: a\n"), ["_"], [], {}))
    assert found == [(1, None, "a", [])]
