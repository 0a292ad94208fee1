"""The interface languages: choosing one, and catalogues that cover every marked string.

The source is the truth: Babel extracts every string marked with ``_``, ``N_``,
``ngettext`` and ``pgettext`` from ``rtc_tui``, and the ``reason:`` values of the data files,
with ``babel.cfg``'s method map (as ``make locale`` does) and each must have a non-fuzzy Italian
translation; the compiled ``.mo`` shipped in the package must be exactly what
the ``.po`` compiles to, so the two cannot drift.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import rtc_tui
from rtc_tui import i18n

PACKAGE = Path(rtc_tui.__file__).parent
ROOT = PACKAGE.parent
"""The repository: ``babel.cfg``'s patterns are relative to it."""
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NC_": ((1, "c"), 2),
}
PO = i18n.LOCALE_DIR / "it" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MO = PO.with_suffix(".mo")


def _catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="it", domain=i18n.DOMAIN)


def _extracted() -> dict[tuple[str, str | None], str]:
    """``(msgid, context)`` -> ``file:line`` of every marked string, as ``make locale`` finds it.

    The method map is ``babel.cfg``'s own, so the data files' extractor is covered too.
    """
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")  # type: ignore[no-untyped-call]
    found: dict[tuple[str, str | None], str] = {}
    for filename, line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((msgid, context), f"{filename}:{line}")
    return found


def test_the_source_has_marked_strings() -> None:
    assert len(_extracted()) > 100


def test_every_reason_of_the_shipped_lexicon_is_extracted() -> None:
    """The reasons the loaded lexicon carries (what findings quote) are all in the catalogue."""
    from rtc_tui.safety_files.lexicon import load_lexicon

    where = _extracted()
    reasons = {term.reason for term in load_lexicon().terms if term.reason}
    assert len(reasons) > 40
    assert sorted(r for r in reasons if (r, None) not in where) == []
    assert where[("names a politician", None)] == "rtc_tui/data/people/politicians.yaml:6"
    assert where[("touches terrorism", None)].startswith("rtc_tui/data/lexicon/")


def test_every_marked_string_has_an_italian_translation() -> None:
    catalog = _catalog()
    missing = []
    for (msgid, context), where in sorted(_extracted().items(), key=lambda kv: kv[1]):
        message = catalog.get(msgid, context=context)
        strings = () if message is None else message.string
        forms = strings if isinstance(strings, tuple | list) else (strings,)
        if message is None or message.fuzzy or not all(forms):
            missing.append(f"{where}: {msgid!r}")
    assert missing == [], "untranslated (run `make locale`, then translate):\n" + "\n".join(missing)


def _plurals() -> dict[str, str]:
    """Singular msgid -> ``file:line`` of every string marked with ``ngettext``."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")  # type: ignore[no-untyped-call]
    return {
        message[0]: f"{filename}:{line}"
        for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, options_map=options_map, keywords=KEYWORDS
        )
        if isinstance(message, tuple) and message[0]
    }


def test_every_plural_has_every_italian_form() -> None:
    """An ``ngettext`` string is a plural entry with all of Italian's forms filled.

    A plural string kept as a singular entry would be found by the test above yet never
    looked up by ``ngettext`` (it reads ``msgstr[n]``), so the Italian reader would get English.
    """
    catalog = _catalog()
    plurals = _plurals()
    assert len(plurals) > 20
    problems = []
    for msgid, where in sorted(plurals.items(), key=lambda kv: kv[1]):
        message = catalog.get(msgid)
        strings = None if message is None else message.string
        if not isinstance(strings, tuple | list) or len(strings) != catalog.num_plurals:
            problems.append(f"{where}: {msgid!r} is not a plural entry")
        elif not all(strings):
            problems.append(f"{where}: {msgid!r} has an empty msgstr[n]")
    assert problems == []
    assert catalog.num_plurals >= 2


def test_no_message_says_s_in_brackets_for_a_plural() -> None:
    """``post(s)`` reads badly in every language: a count takes ``ngettext`` instead."""
    import re

    clumsy = [
        f"{where}: {msgid!r}"
        for (msgid, _context), where in _extracted().items()
        if re.search(r"(?<!http)\(s\)|\(es\)", msgid)
    ]
    assert clumsy == []


def test_the_catalogue_has_no_stale_entries() -> None:
    wanted = set(_extracted())
    stale = [m.id for m in _catalog() if m.id and (_key(m.id), m.context) not in wanted]
    assert stale == []


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def test_translations_keep_their_placeholders() -> None:
    problems = [(m.id, errors) for m, errors in _catalog().check() if errors]
    assert problems == []
    for message in _catalog():
        if not message.id:
            continue
        for source, target in zip(_forms(message.id), _forms(message.string), strict=False):
            assert _fields(source) == _fields(target), message.id


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _fields(text: str) -> set[str]:
    import string

    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_the_compiled_catalogue_is_up_to_date() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert MO.read_bytes() == compiled.getvalue(), "run `make locale` to recompile"


@pytest.mark.parametrize(
    ("configured", "environ", "expected"),
    [
        ("it", {"LANG": "en_US.UTF-8"}, "it"),
        ("", {"LANG": "it_IT.UTF-8"}, "it"),
        ("", {"LC_ALL": "en_GB.UTF-8", "LANG": "it_IT.UTF-8"}, "en"),
        ("", {"LC_MESSAGES": "it_CH", "LANG": "en_US"}, "it"),
        ("", {"LANG": "fr_FR.UTF-8"}, "en"),
        ("", {"LANG": "C.UTF-8"}, "en"),
        ("", {}, "en"),
        ("de", {"LANG": "it_IT.UTF-8"}, "it"),
    ],
)
def test_language_comes_from_config_then_locale_then_english(
    configured: str, environ: dict[str, str], expected: str
) -> None:
    assert i18n.detect_language(configured, environ) == expected


def test_setup_switches_messages_dates_and_numbers() -> None:
    i18n.setup("it")
    assert i18n.language() == "it"
    assert i18n._("today") == "oggi"
    assert i18n.format_date(date(2026, 5, 10), "EEE d MMM") == "dom 10 mag"
    assert i18n.format_number(1234.5) == "1.234,5"
    i18n.setup("en")
    assert i18n._("today") == "today"
    assert i18n.format_date(date(2026, 5, 10), "EEE d MMM") == "Sun 10 May"
    assert i18n.format_number(1234.5) == "1,234.5"


@pytest.mark.parametrize("language", ["en", "it", "de"])
def test_the_decimal_mark_is_babels_and_comes_from_the_cache_the_second_time(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.numbers import get_decimal_symbol

    from rtc_tui import derived_cache

    asked: list[str] = []
    real_build = derived_cache.cached

    def counting(name: str, key: object, build: object, kind: type) -> object:
        def counted() -> object:
            asked.append(name)
            return build()  # type: ignore[operator]

        return real_build(name, key, counted, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(derived_cache, "cached", counting)
    expected = str(get_decimal_symbol(language))
    assert i18n.decimal_mark(language) == expected
    assert i18n.decimal_mark(language) == expected
    assert asked == ["decimal-mark"]  # Babel was asked once, the cache answered after


def test_scores_carry_the_languages_decimal_mark() -> None:
    try:
        i18n.setup("it")
        assert i18n.format_fixed(56.75, 1, 6) == "  56,8"
        i18n.setup("en")
        assert i18n.format_fixed(56.75, 1, 6) == "  56.8"
    finally:
        i18n.setup("en")
