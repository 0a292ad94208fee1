"""The interface language: gettext catalogues and locale-aware dates and numbers.

The language is chosen once at start (:func:`setup`): ``language:`` in the config, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English. Strings are marked with
:func:`_` (:func:`ngettext` for plurals, :func:`pgettext` where grammar needs a context, :func:`N_`
and :func:`NC_` where a string is only marked) and
looked up in ``rtc_tui/locale/<lang>/LC_MESSAGES/rtc_tui.mo``.

Why compiled ``.mo`` files kept in the package next to their ``.po``: the stdlib reads a
``.mo`` in well under a millisecond with no dependency, so CLI start-up stays fast and an
editable install or a plain checkout works with no build step; the ``.po`` is the file people
edit, and a test recompiles it with Babel and fails when the ``.mo`` is stale (``make
locale`` refreshes both), so the two cannot drift. Dates, weekdays and numbers are formatted by
Babel's CLDR data, imported only when first needed (it costs ~60 ms).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

DOMAIN = "rtc_tui"
"""The gettext domain (the catalogue's file name)."""

LANGUAGES = ("en", "it")
"""The interface languages: English (the source strings) and Italian."""

DEFAULT = "en"

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogues live: ``<lang>/LC_MESSAGES/rtc_tui.po`` and ``.mo``."""

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def detect_language(configured: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``configured`` if supported, else the locale's, else English.

    ``LC_ALL`` wins over ``LC_MESSAGES`` over ``LANG`` (POSIX order); ``it_IT.UTF-8`` and
    ``it`` both mean Italian; ``C`` and ``POSIX`` mean English.
    """
    if configured in LANGUAGES:
        return configured
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def setup(language: str) -> None:
    """Switch the interface to ``language`` (English when it has no catalogue)."""
    global _translations, _language
    _language = language if language in LANGUAGES else DEFAULT
    if _language == DEFAULT:
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)


def language() -> str:
    """The interface language in use (``en`` or ``it``)."""
    return _language


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the interface language."""
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, as used in ``context`` (grammatical gender)."""
    return _translations.pgettext(context, message)


def in_every_language(message: str) -> tuple[str, ...]:
    """``message`` as each interface language writes it (English first), without repeats.

    For reading back text the app wrote in whatever language it ran in (a calendar file's
    ``Lead time:`` / ``Anticipo:`` line): the reader accepts every language's form.
    """
    forms = [message]
    for code in LANGUAGES:
        if code != DEFAULT:
            catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
            forms.append(catalogue.gettext(message))
    return tuple(dict.fromkeys(forms))


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark ``message`` for extraction without translating it yet (translated where shown)."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - gettext convention, with context
    """Mark ``message`` in ``context`` for extraction; translate it later with :func:`pgettext`."""
    return message


def format_date(day: date, pattern: str = "medium") -> str:
    """A date in the interface language (``pattern``: a CLDR pattern or short/medium/long)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, pattern, locale=_language))


def month_name(month: int) -> str:
    """The month's full name (``May``, ``maggio``)."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=_language)[month])


def weekday_name(weekday: int) -> str:
    """The weekday's full name, Monday = 0 (``Sunday``, ``domenica``)."""
    from babel.dates import get_day_names

    return str(get_day_names("wide", locale=_language)[weekday])


def weekday_short(weekday: int) -> str:
    """The weekday's short name, Monday = 0 (``Mo``, ``lun``)."""
    from babel.dates import get_day_names

    return str(get_day_names("short", locale=_language)[weekday])


def format_number(value: float | int) -> str:
    """A number with the language's separators (``1.234,5`` in Italian)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_language))


_decimal_symbols: dict[str, str] = {}


def format_fixed(value: float, digits: int = 1, width: int = 0) -> str:
    """``value`` with ``digits`` decimals and the language's decimal mark (``56,8`` in Italian).

    Why not :func:`format_number`: a score column formats hundreds of rows per refresh, and
    this costs one Python format and one replace; scores are below a thousand, so there is
    no grouping to do. ``width`` pads on the left, as ``f"{value:5.1f}"`` does.
    """
    mark = _decimal_symbols.get(_language)
    if mark is None:
        mark = _decimal_symbols[_language] = decimal_mark(_language)
    return f"{value:{width}.{digits}f}".replace(".", mark)


def decimal_mark(language: str) -> str:
    """The language's decimal mark as Babel's CLDR data says, kept in the user's cache.

    The first score on the first screen needs it: asking Babel loads its locale data
    (~50 ms and 5 MiB at every start, on the UI thread before the list is painted). The
    cache key is the language and Babel's version, so a new CLDR release is asked again.
    """
    import babel

    from rtc_tui.derived_cache import Key, cached

    def build() -> str:
        from babel.numbers import get_decimal_symbol

        return str(get_decimal_symbol(language))

    def key() -> Key:
        return Key("decimal-mark").text(language, babel.__version__)

    return cached("decimal-mark", key, build, str)
