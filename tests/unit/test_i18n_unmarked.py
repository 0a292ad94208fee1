"""No user-visible string escapes translation: a scan of the source for unmarked literals.

``test_i18n`` proves every *marked* string has its Italian translation; this test proves the
strings people read are marked. It walks the syntax tree of every module that talks to people
(the interface, the desk, the CLI, notifications, publishing, the config and its schema loader)
and flags a literal text — a plain string or an f-string with words in it — handed straight to
a place people read: a toast (``notify``), a widget's text (``Static``, ``Label``, ``Button``,
``update``, table columns), a placeholder, title, tooltip or label, or the message of an error
(every ``...Error(...)`` call, since errors end as the one line a user reads). Marked strings
(``_``, ``N_``, ``ngettext``, ``pgettext``) pass; words that are the same in every language
(product names) are listed below.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from pathlib import Path

import rtc_tui

PACKAGE = Path(rtc_tui.__file__).parent
SCANNED = ("ui", "desk", "cli", "notify", "publish", "store", "sources", "config.py", "schema.py")
"""What talks to people. ``core`` and ``sources`` are checked where they are shown."""

SINK_CALLS = {
    "notify",
    "Static",
    "Label",
    "Button",
    "update",
    "add_column",
    "add_columns",
    "call_from_thread",
    "_after_status",
    "print",
    "write",
    "append",
}
"""Calls whose positional text arguments are shown as they are (``call_from_thread`` hands its
arguments to a toast or a status line from a worker; ``print`` and ``write`` are the CLI's;
``append`` builds the lines of a report or a Rich text)."""

SINK_KEYWORDS = {"placeholder", "title", "subtitle", "label", "tooltip", "description", "message"}
"""Keyword arguments that are shown as they are, whatever the call."""

MARKERS = {"_", "N_", "ngettext", "pgettext", "NC_"}

SAME_IN_EVERY_LANGUAGE = {"Mastodon", "Bluesky", "Buffer", "Hootsuite", "$EDITOR", "OK"}
"""Names, not words: shown as they are in every language."""


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _words(node: ast.expr) -> str:
    """The literal text of ``node`` if it is a string with words in it, else ``""``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else " "
            for part in node.values
        )
    else:
        return ""
    stripped = text.strip()
    if stripped in SAME_IN_EVERY_LANGUAGE:
        return ""
    letters = sum(ch.isalpha() for ch in stripped)
    return stripped if letters >= 2 and (" " in stripped or stripped[:1].isupper()) else ""


def _project_error(name: str) -> bool:
    """Whether ``name`` is one of the project's errors (said to people); Python's own
    (``ValueError``...) mark a programmer's mistake and stay in English."""
    return name.endswith("Error") and name[:1].isupper() and not hasattr(builtins, name)


def _shown_texts(call: ast.Call) -> Iterator[ast.expr]:
    name = _call_name(call)
    if name in MARKERS:
        return
    if name in SINK_CALLS or _project_error(name):
        yield from call.args[:1] if _project_error(name) else call.args
    for keyword in call.keywords:
        if keyword.arg in SINK_KEYWORDS:
            yield keyword.value


def _modules() -> Iterator[Path]:
    for name in SCANNED:
        path = PACKAGE / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def unmarked() -> list[str]:
    """``file:line: 'text'`` of every literal shown to people without being marked."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for argument in _shown_texts(node):
                text = _words(argument)
                if text:
                    where = path.relative_to(PACKAGE)
                    found.append(f"{where}:{argument.lineno}: {text!r}")
    return found


def test_every_shown_literal_is_marked_for_translation() -> None:
    missing = unmarked()
    assert missing == [], "shown but not marked with _() (then `make locale`):\n" + "\n".join(
        missing
    )


def test_the_scan_sees_an_unmarked_toast(tmp_path: Path) -> None:
    """The scan is not vacuous: it flags the shapes it is meant to flag, and passes marked ones."""
    source = (
        "self.notify('Saved the draft')\n"
        "raise BadInputError(f'no draft {n}')\n"
        "Input(placeholder='type here')\n"
        "self.notify(_('Saved the draft'))\n"
        "raise BadInputError(_('no draft {n}').format(n=n))\n"
        "self.notify(str(exc))\n"
        "self.app.call_from_thread(self.notify, 'Override recorded', timeout=3)\n"
        "print(f'rtc: warning: {warning}', file=sys.stderr)\n"
        "print(_('rtc: warning: {warning}').format(warning=warning))\n"
    )
    flagged = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            flagged += [_words(a) for a in _shown_texts(node) if _words(a)]
    assert flagged == [
        "Saved the draft",
        "no draft",
        "type here",
        "Override recorded",
        "rtc: warning:",
    ]
