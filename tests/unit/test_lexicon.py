"""The brand-safety lexicon: loading, inflection-aware matching, hashtags, idioms."""

from __future__ import annotations

from pathlib import Path

import pytest

from rtc_tui.core.models import Level, Sensitivity
from rtc_tui.core.safety import lexicon
from rtc_tui.core.safety.lexicon_files import CATEGORY_LABELS
from rtc_tui.core.safety.lexicon_terms import ALLOW, LexiconError, compile_term, expand_word

GARM = {
    "adult_explicit",
    "arms_ammunition",
    "crime_harmful_acts",
    "death_injury_military_conflict",
    "online_piracy",
    "hate_speech_aggression",
    "obscenity_profanity",
    "drugs_tobacco_alcohol",
    "spam_harmful",
    "terrorism",
    "sensitive_social_issues",
}


def test_shipped_lexicon_covers_every_garm_category_in_italian_and_english() -> None:
    terms = lexicon.default().terms
    for category in GARM:
        langs = {t.lang for t in terms if t.category == category and t.kind == "garm"}
        assert {"it", "en"} <= langs, category


def test_social_issue_topics_are_all_there() -> None:
    topics = {t.topic for t in lexicon.default().terms if t.category == "sensitive_social_issues"}
    assert {"domestic violence", "politics", "religion", "health crises"} <= topics
    assert "disasters and tragedies" in topics


def test_every_term_has_block_or_warn_severity() -> None:
    severities = {t.severity for t in lexicon.default().terms if t.kind != ALLOW}
    assert severities == {Level.BLOCK, Level.WARN}


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Un morto sulla A1", "morto"),
        ("Tre morti e dodici feriti", "morti"),
        ("È morta ieri sera", "morta"),
        ("La morte del giornalista", "morte"),
        ("Una strage annunciata", "strage"),
        ("Le stragi di mafia", "stragi"),
        ("Gunman killed three", "killed"),
        ("The virus kills thousands", "kills"),
        ("Killing spree downtown", "killing"),
        ("UCCISO un ragazzo", "ucciso"),
        ("Perché è morto?", "morto"),
        ("terremoti in Giappone", "terremoti"),
    ],
)
def test_inflected_forms_are_found(text: str, term: str) -> None:
    result = lexicon.classify(text)
    assert result.level is Level.BLOCK
    assert term in result.terms


@pytest.mark.parametrize(
    "text",
    [
        "Mortadella e pistacchio",
        "Cerchiamo persone skilled e motivate",
        "Skilled workers wanted",
        "Mortaio e pestello",
        "Stragrande maggioranza",
        "Un bel negroni al tramonto",
        "Papà, sei il migliore",
        "Deadline domani alle 9",
    ],
)
def test_words_that_only_contain_a_term_are_not_found(text: str) -> None:
    assert lexicon.classify(text) == Sensitivity()


@pytest.mark.parametrize(
    "text",
    [
        "Star Wars day: May the 4th",
        "La Morte Nera è pronta",
        "Questa pizza è una bomba",
        "You're killing it!",
        "Our killer app is out",
        "Un salto mortale in cucina",
        "Buono da morire",
        "Shooting fotografico in centro",
        "Die hard fans only",
    ],
)
def test_idioms_in_allow_lists_are_not_hits(text: str) -> None:
    assert lexicon.classify(text).level is Level.NONE


def test_allowed_idiom_does_not_hide_a_longer_blocking_phrase() -> None:
    result = lexicon.classify("Una bomba esplosa in centro")
    assert result.level is Level.BLOCK
    assert "bomba esplosa" in result.terms


def test_multi_word_terms_match_across_separators() -> None:
    assert "9 11" in lexicon.classify("Remember 9/11").terms
    assert "violenza domestica" in lexicon.classify("violenza-domestica").terms
    assert "domestic violence" in lexicon.classify("Domestic   violence").terms


def test_camel_case_hashtag_is_split_into_words() -> None:
    hits = lexicon.scan("#WhyIStayed you had pizza")
    assert [(h.match, h.in_hashtag) for h in hits] == [("why i stayed", "#WhyIStayed")]


def test_joined_lower_case_hashtag_is_split_by_dictionary() -> None:
    lex = lexicon.default()
    assert lex.split_hashtag("forzaazzurri") == ["forza", "azzurri"]
    assert lex.split_hashtag("dunkinthedark") == ["dunk", "in", "the", "dark"]
    assert lex.split_hashtag("domesticviolence") == ["domestic", "violence"]
    result = lexicon.classify("#violenzasulledonne? no grazie")
    assert "violenza sulle donne" in result.terms


def test_joined_hashtag_is_never_split_into_a_false_hit() -> None:
    lex = lexicon.default()
    assert lex.split_hashtag("skilledworkers") == ["skilledworkers"]
    assert lex.split_hashtag("mortadellalovers") == ["mortadellalovers"]
    assert lexicon.classify("#skilledworkers #mortadellalovers").level is Level.NONE


def test_urls_and_mentions_are_not_scanned() -> None:
    assert lexicon.classify("https://example.com/killed-in-action @deadpool").level is Level.NONE


def test_classify_reports_worst_level_categories_and_terms_once() -> None:
    result = lexicon.classify("Sparatoria: 3 morti, 3 morti, sangue e guerra")
    assert result.level is Level.BLOCK
    assert result.categories[:2] == ("arms_ammunition", "death_injury_military_conflict")
    assert result.terms.count("morti") == 1


def test_warn_only_text_is_warn() -> None:
    result = lexicon.classify("Elezioni regionali: affluenza in calo")
    assert result.level is Level.WARN
    assert result.categories == ("sensitive_social_issues",)


def test_commercial_terms_are_not_a_sensitivity() -> None:
    assert lexicon.classify("Sconto del 20% su tutto, solo oggi").level is Level.NONE
    matches = [h.match for h in lexicon.scan("Sconto solo oggi", kinds=("commercial",))]
    assert matches == ["sconto", "solo oggi"]


def test_expand_word_lists_every_form() -> None:
    assert sorted(expand_word("mort{o,i,a,e}")) == ["morta", "morte", "morti", "morto"]
    assert sorted(expand_word("kill{,s,ed}")) == ["kill", "killed", "kills"]
    assert sorted(expand_word("{a,b}x{1,2}")) == ["ax1", "ax2", "bx1", "bx2"]


def test_stem_wildcard_matches_longer_words_only_from_the_stem() -> None:
    term = compile_term("terroris*", category="terrorism", severity=Level.BLOCK, lang="it")
    assert term.matches_at(["terroristi"], 0)
    assert term.matches_at(["terrorism"], 0)
    assert not term.matches_at(["terrore"], 0)


@pytest.mark.parametrize("bad", ["", "kill$", "ab*", "{a,b}c*"])
def test_malformed_terms_are_rejected(bad: str) -> None:
    with pytest.raises(LexiconError):
        compile_term(bad, category="terrorism", severity=Level.BLOCK, lang="en", where="x.yaml")


def test_custom_lexicon_directory_loads_and_validates(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "category: terrorism\nterms:\n  en:\n    block: ['blorp{,s}']\nallow: ['happy blorp']\n",
        encoding="utf-8",
    )
    custom = lexicon.load(tmp_path)
    assert custom.classify("two blorps").level is Level.BLOCK
    assert custom.classify("a happy blorp").level is Level.NONE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("category: nope\nterms: {}\n", "unknown category"),
        ("category: terrorism\nterms:\n  en:\n    fatal: [x]\n", "severity must be block or warn"),
        ("category: terrorism\nkind: other\nterms: {}\n", "kind must be"),
        ("- just a list\n", "expected a mapping"),
        ("category: terrorism\nterms: [x]\n", "'terms' must map"),
    ],
)
def test_malformed_files_name_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        lexicon.load(tmp_path)
    assert "bad.yaml" in str(info.value)


def test_every_category_has_a_label() -> None:
    used = {t.category for t in lexicon.default().terms}
    assert used <= set(CATEGORY_LABELS)
    assert lexicon.category_label("terrorism") == "Terrorism"
