"""argparse's own words (``usage:``, ``options``, its error messages) in the interface language.

argparse looks its strings up with the module-level ``_`` and ``ngettext`` it imported from
:mod:`gettext`, which follow the process locale, not the config's ``language:``. Pointing those
two names at :mod:`rtc_tui.i18n` makes ``rtc --help`` and usage errors speak the chosen
language; the strings are listed here (marked with ``N_``) so they are extracted into the
catalogue like ours and the untranslated-string test covers them.
"""

from __future__ import annotations

import argparse

from rtc_tui import i18n
from rtc_tui.i18n import N_

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""The argparse messages a user can meet (Python 3.11's wording)."""


def translate_argparse() -> None:
    """Make argparse look its strings up in rtc's catalogue (the current language)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
