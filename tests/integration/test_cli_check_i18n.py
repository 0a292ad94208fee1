"""``rtc check`` in Italian and English: the findings explain themselves in the locale's language.

Real subprocesses with ``LANG`` set; the ``--json`` records must be the same in both languages
except the ``message`` (the finding key, used for overrides stored on disk, is made of
``where``, ``category`` and ``match``, so those must not depend on the language).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.cli import rtc

ITALIAN = {"LANG": "it_IT.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

EVENT = "Terremoto in Turchia: decine di morti"
TRAGEDY = (
    "check", "--platform", "x", "--date", "2026-12-01", "--event", EVENT,
)  # fmt: skip
"""A text reacting to a disaster: the event's own findings plus six families in the text."""
TRAGEDY_TEXT = "Offerta lampo: -20% e scommetti ora su bit.ly/x7Kq con Giorgia Meloni"

SOLEMN = ("check", "--platform", "x", "--date", "2026-01-27")
"""Sales and a joke on Holocaust Remembrance Day, naming a recently deceased person."""
SOLEMN_TEXT = "Solo oggi sconto del 20% su tutto, ridiamoci su! Ciao Diane Keaton"


def _findings(args: tuple[str, ...], text: str, env: dict[str, str]) -> list[dict[str, Any]]:
    result = rtc(*args, "--json", "-", stdin=text, env=env)
    assert result.returncode == 1, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def _by_match(findings: list[dict[str, Any]]) -> dict[str, str]:
    return {f["match"]: f["message"] for f in findings}


def _without_message(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.items() if k != "message"} for f in findings]


_IT_TRAGEDY = f"{EVENT!r} parla di terremoto, morti"
_EN_TRAGEDY = f"{EVENT!r} reports terremoto, morti"
TRAGEDY_MESSAGES = {
    "it": {
        "terremoto": f"«terremoto» Disastro o tragedia: la bozza reagisce a una tragedia "
        f"({_IT_TRAGEDY}); non pubblicare nulla, o solo un messaggio sobrio senza riferimenti "
        "al brand",
        "morti": f"«morti» Morte: la bozza reagisce a una tragedia ({_IT_TRAGEDY}); niente "
        "battute né riferimenti al brand; al massimo un breve messaggio di cordoglio",
        "scommetti": "«scommetti» Gioco d'azzardo: in Italia la pubblicità del gioco d'azzardo "
        "è vietata (Decreto Dignità, D.L. 87/2018 art. 9); togli la promozione del gioco "
        "d'azzardo",
        "giorgia meloni": "«giorgia meloni» Politica: nomina un politico (Giorgia Meloni), e il "
        "brand tiene la politica off-limits; lascia politici e partiti fuori dai post del brand",
        "offerta": f"«offerta» Linguaggio di vendita: linguaggio di vendita mentre "
        f"{_IT_TRAGEDY}; non vendere sul momento di qualcun altro: togli prezzi, codici e offerte",
        "bit.ly": "«bit.ly» Inganno: un link accorciato nasconde dove porta, come nel phishing: "
        "usa l'indirizzo completo; toglilo: sembra una truffa, phishing o pirateria",
    },
    "en": {
        "terremoto": f"«terremoto» Disaster or tragedy: the draft reacts to a tragedy "
        f"({_EN_TRAGEDY}); do not post about it, or only a sober message with no brand angle",
        "morti": f"«morti» Death: the draft reacts to a tragedy ({_EN_TRAGEDY}); no jokes and "
        "no brand angle; a short condolence at most",
        "scommetti": "«scommetti» Gambling: gambling advertising is banned in Italy (Decreto "
        "Dignità, D.L. 87/2018 art. 9); remove the gambling promotion",
        "giorgia meloni": "«giorgia meloni» Politics: names a politician (Giorgia Meloni), and "
        "the brand keeps politics off limits; leave politicians and parties out of brand posts",
        "offerta": f"«offerta» Sales language: sales language while {_EN_TRAGEDY}; no sales "
        "pitch on someone else's moment: drop prices, codes and offers",
        "bit.ly": "«bit.ly» Deception: a shortened link hides where it goes, as phishing does: "
        "use the full address; remove it: it reads as a scam, phishing or piracy",
    },
}
"""What the editor reads for each match, per language (the ``-20%`` says what ``offerta`` does)."""


@pytest.mark.parametrize(("language", "env"), [("it", ITALIAN), ("en", ENGLISH)])
def test_findings_on_a_tragedy_in_the_locales_language(language: str, env: dict[str, str]) -> None:
    messages = _by_match(_findings(TRAGEDY, TRAGEDY_TEXT, env))
    expected = TRAGEDY_MESSAGES[language]
    assert {match: messages[match] for match in expected} == expected
    assert messages["-20%"] == expected["offerta"].replace("«offerta»", "«-20%»")


def test_the_json_is_the_same_in_both_languages_but_the_messages() -> None:
    italian = _findings(TRAGEDY, TRAGEDY_TEXT, ITALIAN)
    english = _findings(TRAGEDY, TRAGEDY_TEXT, ENGLISH)
    assert _without_message(italian) == _without_message(english)
    assert {f["family"] for f in italian} == {
        "disaster", "death", "gambling", "politics", "sales", "deception",
    }  # fmt: skip
    assert {f["where"] for f in italian} == {"event", "text"}
    assert all(i["message"] != e["message"] for i, e in zip(italian, english, strict=True))


def test_a_solemn_day_with_sales_and_a_joke_in_both_languages() -> None:
    italian = _findings(SOLEMN, SOLEMN_TEXT, ITALIAN)
    english = _findings(SOLEMN, SOLEMN_TEXT, ENGLISH)
    it, en = _by_match(italian), _by_match(english)
    assert it["diane keaton"] == (
        "«diane keaton» Morte: Diane Keaton: morte recente (2025-10-11): niente battute né "
        "vendite su un lutto; niente battute né riferimenti al brand; al massimo un breve "
        "messaggio di cordoglio"
    )
    assert en["diane keaton"] == (
        "«diane keaton» Death: Diane Keaton died recently (2025-10-11): no joke and no sales "
        "on a death; no jokes and no brand angle; a short condolence at most"
    )
    assert it["sconto"] == (
        "«sconto» Linguaggio di vendita: linguaggio di vendita mentre Giorno della Memoria è un "
        "giorno solenne; non vendere sul momento di qualcun altro: togli prezzi, codici e offerte"
    )
    assert en["sconto"].startswith(
        "«sconto» Sales language: sales language while International Holocaust Remembrance Day "
        "is a solemn day;"
    )
    assert it["Giorno della Memoria"] == (
        "«Giorno della Memoria» Giorno solenne: niente da festeggiare; controlla il tono"
    )
    assert en["International Holocaust Remembrance Day"] == (
        "«International Holocaust Remembrance Day» Solemn day: nothing to celebrate; check the tone"
    )
    # The blocking findings (the ones an override names) have the same keys in both languages;
    # the solemn day's own warning matches the day's name as the calendar gives it.
    blocking = [_without_message([f]) for f in italian if f["severity"] == "block"]
    assert blocking == [_without_message([f]) for f in english if f["severity"] == "block"]
    assert {f["category"] for f in italian} == {f["category"] for f in english} == {
        "death_injury_military_conflict", "commercial_on_solemn_day", "solemn_day",
    }  # fmt: skip


def test_the_human_output_names_the_categories_in_the_language() -> None:
    italian = rtc(*TRAGEDY, "-", stdin=TRAGEDY_TEXT, env=ITALIAN)
    assert italian.returncode == 1
    assert italian.stdout.startswith("verdetto: blocco\n")
    assert "Toni commerciali su un evento sensibile" in italian.stdout
    assert "Spam o contenuti dannosi" in italian.stdout
    assert "Commercial wording" not in italian.stdout
    english = rtc(*TRAGEDY, "-", stdin=TRAGEDY_TEXT, env=ENGLISH)
    assert english.stdout.startswith("verdict: block\n")
    assert "Commercial wording on a sensitive event" in english.stdout
