"""The safety lexicon: normalisation before matching, the allowlist, hashtags, spans."""

from __future__ import annotations

import pytest

from rtc_tui.core.models import Level
from rtc_tui.core.safety.normalise import fold, read, words
from tests.safety_corpus import shipped_lexicon


def matches(text: str, family: str = "") -> list[str]:
    hits = shipped_lexicon().scan(text, kinds=("finding",))
    return [h.match for h in hits if not family or h.family == family]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c@zz0", "cazzo"),
        ("C*ZZO", "cazzo"),
        ("m3rd4", "merda"),
        ("merdaaaaa", "merda"),
        ("cazzzzzo", "cazzo"),
        ("sh!t", "shit"),
        ("$hit", "shit"),
        ("f**k", "fuck"),
        ("f🤬u🤬c🤬k", "fuck"),
        ("m.e.r.d.a", "merda"),
        ("STR0NZ0", "stronzo"),
    ],
)
def test_disguised_swearing_is_read_as_the_word(text: str, expected: str) -> None:
    assert matches(f"Che {text} di giornata", "profanity") == [expected]


def test_spans_point_at_the_original_text_whatever_the_disguise() -> None:
    text = "Ok, c@zz0, che f🤬u🤬c🤬k!"
    hits = [h for h in shipped_lexicon().scan(text) if h.family == "profanity"]
    assert [text[h.start : h.end] for h in hits] == ["c@zz0", "f🤬u🤬c🤬k"]
    assert all(h.disguised for h in hits)


def test_case_and_accents_do_not_matter() -> None:
    assert fold("PERCHÉ Così") == "perche cosi"
    assert matches("TERREMOTO in Calabria", "disaster") == ["terremoto"]


@pytest.mark.parametrize(
    "text",
    [
        "La nazionale vince: che orgoglio!",  # nazi* would find it without the allowlist
        "Una cazzuola nuova per il cantiere",
        "Scommetto che non l'avete mai assaggiata",
        "Un panino con la mortadella",
        "We are hiring skilled bakers",
        "Questa torta è buona da morire",
        "You're killing it, team!",
        "Prezzi bomba per il weekend",
        "Anno 2018, 3D, F1, G7",
        "Scrivici a info@esempio.it o @brand",
    ],
)
def test_innocent_words_do_not_match(text: str) -> None:
    assert matches(text) == []


def test_digits_alone_are_never_de_leeted() -> None:
    assert read("2018").readings == frozenset({"2018"})
    assert "ed" in read("3D").readings  # harmless: no entry is "ed"
    assert matches("3D") == []


def test_emoji_between_words_do_not_glue_them() -> None:
    assert [w.plain for w in words("pizza 🍕 party")] == ["pizza", "party"]


def test_hashtags_are_split_into_words() -> None:
    hits = shipped_lexicon().scan("#FreeLiveStream stasera", kinds=("finding",))
    assert [(h.family, h.in_hashtag) for h in hits] == [("deception", "#FreeLiveStream")]


def test_headline_euphemisms_count_in_the_event_only() -> None:
    lexicon = shipped_lexicon()
    assert [h.match for h in lexicon.scan("Addio a Pino Daniele", where="event")] == ["addio a"]
    assert lexicon.scan("Addio all'estate, ciao settembre!", kinds=("finding",)) == []


def test_classify_an_event_reads_figurative_words_by_context() -> None:
    lexicon = shipped_lexicon()
    assert lexicon.classify("Terremoto in Calabria, magnitudo 6").level is Level.BLOCK
    festive = lexicon.classify("Sanremo, il terremoto Olly vince il Festival")
    assert festive.level is Level.WARN
    assert lexicon.classify("Sconto del 20% su tutto").level is Level.NONE
