"""Themes from YAML files: the shipped ones and the user's own.

Shipped themes live in the top-level ``themes/`` folder, packaged into the wheel as
``rtc_tui/themes``; a user's theme files in ``<config dir>/themes/`` are loaded after them (and
may replace one by name). A broken file is a warning naming it, never a crash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from textual.color import Color, ColorParseError
from textual.css.errors import StylesheetError
from textual.css.stylesheet import Stylesheet
from textual.css.tokenizer import TokenError
from textual.theme import Theme

from rtc_tui.derived_cache import Key, cached
from rtc_tui.i18n import _, language
from rtc_tui.schema import FieldError, load_yaml

DEFAULT_THEME = "rtc-dark"
"""The theme used when nothing else is chosen."""

NO_COLOR_THEME = "mono"
"""The theme ``NO_COLOR`` selects."""


class Colour(str):
    """A colour as Textual parses it (``#RRGGBB``, ``rgb(...)``, a name, ...)."""


def _colour_hook(kind: type, value: Any) -> Any:
    if kind is Colour and not isinstance(value, bool | list | dict):
        try:
            Color.parse(str(value))
        except ColorParseError:
            raise ValueError(_("not a colour: {value}").format(value=repr(value))) from None
        return Colour(value)
    raise NotImplementedError(kind)


class ThemeFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What a theme file may hold: the one declaration of its shape."""

    name: str = ""
    dark: bool = True
    primary: Colour | None = None
    secondary: Colour | None = None
    accent: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    success: Colour | None = None
    foreground: Colour | None = None
    background: Colour | None = None
    surface: Colour | None = None
    panel: Colour | None = None
    boost: Colour | None = None
    variables: dict[str, str] | None = None
    """Textual's own variables and the app's ``rtc-*`` tokens, checked once parsed."""

    def __post_init__(self) -> None:
        if not self.name:
            raise FieldError(_("a theme needs a name"), at=("name",))
        if self.primary is None:
            raise FieldError(_("a theme needs a primary colour"), at=("primary",))


APP_VARIABLES: dict[str, str] = {
    "rtc-sensitive-warn": "warning",
    "rtc-sensitive-block": "error",
    "rtc-over-limit": "error",
    "rtc-stale": "warning",
    "rtc-lead-window": "accent",
    "rtc-new-item": "success",
}
"""The app's own colour tokens (used by the .tcss files), each with the theme colour it falls
back to when a theme file leaves it out."""

APP_VARIABLE_DEFAULTS = {
    "rtc-sensitive-warn": "#F2C94C",
    "rtc-sensitive-block": "#F06A6A",
    "rtc-over-limit": "#F06A6A",
    "rtc-stale": "#F2C94C",
    "rtc-lead-window": "#F2A541",
    "rtc-new-item": "#6FCF97",
}
"""Fallbacks for the app's colour tokens under themes that define none (Textual's own);
the same as ``rtc-dark``'s."""


@dataclass(frozen=True)
class LoadedTheme:
    """A theme and where it came from."""

    theme: Theme
    origin: str
    """``built-in`` or ``file``."""
    path: Path


def shipped_themes_dir() -> Path:
    """The shipped themes: inside the installed package, or the repo's ``themes/``."""
    packaged = Path(__file__).resolve().parent.parent / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


def _variable_property(name: str) -> str:
    """The CSS property a theme variable is used with (its value must suit it)."""
    return "text-style" if "style" in name.split("-") else "color"


def _check_variables(path: Path, theme: Theme) -> None:
    """Parse every variable the way the stylesheet will, so a bad one fails here, not at start.

    Raises:
        ValueError: a variable is not a valid value for its property (message names it).
    """
    variables = {**theme.to_color_system().generate(), **theme.variables}
    for name in theme.variables:
        sheet = Stylesheet(variables=variables)
        sheet.add_source(f"Widget {{ {_variable_property(name)}: ${name}; }}")
        try:
            sheet.parse()
        except (StylesheetError, TokenError, ValueError) as exc:
            problem = (
                _("{path}: variables: {name}: not a text style: {value}")
                if _variable_property(name) == "text-style"
                else _("{path}: variables: {name}: not a colour: {value}")
            )
            value = repr(theme.variables[name])
            raise ValueError(problem.format(path=path, name=name, value=value)) from exc


def parse_theme(path: Path, *, check: bool = True) -> Theme:
    """Read one theme file.

    Textual's own variables (``footer-key-foreground``, ``block-cursor-text-style``, ...) may
    be set under ``variables:`` and win over the generated ones; the app's ``rtc-*`` tokens
    left out fall back to the theme's warning, error, accent or success colour.

    ``check=False`` skips parsing every variable as the stylesheet will (a stylesheet per
    variable): only for the shipped themes, which the test suite checks that way.

    Raises:
        ValueError: the file is unreadable or not a valid theme (message names the file).
    """
    return Theme(**_theme_fields(path, check=check))


def _theme_fields(path: Path, *, check: bool) -> dict[str, Any]:
    """The arguments of the :class:`Theme` the file at ``path`` describes (see parse_theme)."""
    data = load_yaml(path, ThemeFile, dec_hook=_colour_hook)
    tokens = dict(data.variables or {})
    for token, fallback in APP_VARIABLES.items():
        colour = getattr(data, fallback)
        if token not in tokens and colour is not None:
            tokens[token] = str(colour)
    colours = {
        name: None if getattr(data, name) is None else str(getattr(data, name))
        for name in THEME_COLOURS
    }
    fields: dict[str, Any] = {"name": data.name, **colours, "dark": data.dark, "variables": tokens}
    if check:
        _check_variables(path, Theme(**fields))
    return fields


THEME_COLOURS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
"""The colours a theme file may set, each an argument of Textual's :class:`Theme`."""


class _LoadedFields(msgspec.Struct, frozen=True):
    """One loaded theme as the cache keeps it: its :class:`Theme` arguments and its file."""

    fields: dict[str, Any]
    origin: str
    path: str


class _LoadedFolders(msgspec.Struct, frozen=True):
    """What :func:`load_themes` found in the theme folders: the themes, then the warnings."""

    themes: list[_LoadedFields]
    warnings: list[str]


def load_themes(user_dir: Path | None) -> tuple[list[LoadedTheme], list[str]]:
    """Every shipped theme, then the user's; returns (themes, warnings).

    What the files hold is kept in the derived cache, keyed by their names and bytes, the
    language (warnings are worded in it) and this code: reading them (PyYAML, and a stylesheet
    per variable of a user's theme) was a twentieth of the app's start.
    """
    files = _theme_files(user_dir)
    names = [f"{origin}:{path}" for path, origin in files]

    def key() -> Key:
        return (
            Key(THEMES_CACHE)
            .text(language(), *names)
            .files(path for path, _origin in files)
            .code(__name__, "rtc_tui.schema", "textual.theme")
        )

    found = cached(THEMES_CACHE, key, lambda: _read_themes(files), _LoadedFolders)
    themes = [LoadedTheme(Theme(**t.fields), t.origin, Path(t.path)) for t in found.themes]
    return themes, list(found.warnings)


THEMES_CACHE = "themes"
"""The derived cache's name for the loaded theme folders."""


def _theme_files(user_dir: Path | None) -> list[tuple[Path, str]]:
    """Each theme file, shipped ones first, with its origin (``built-in`` or ``file``)."""
    sources: list[tuple[Path, str]] = [(shipped_themes_dir(), "built-in")]
    if user_dir is not None:
        sources.append((user_dir, "file"))
    return [
        (path, origin)
        for folder, origin in sources
        if folder.is_dir()
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    ]


def _read_themes(files: list[tuple[Path, str]]) -> _LoadedFolders:
    """Read every file: a later theme replaces an earlier one of the same name."""
    found: dict[str, _LoadedFields] = {}
    warnings: list[str] = []
    for path, origin in files:
        try:
            fields = _theme_fields(path, check=origin == "file")
        except ValueError as exc:
            warnings.append(str(exc))
            continue
        found[fields["name"]] = _LoadedFields(fields, origin, str(path))
    return _LoadedFolders(list(found.values()), warnings)


def choose_theme(
    requested: str | None,
    configured: str,
    available: set[str],
    persisted: str = "",
) -> tuple[str, str]:
    """Pick the theme at start.

    The order: ``--theme``, then the config's ``theme:``, then ``mono`` when ``NO_COLOR`` is
    set, then the theme last chosen in the palette (``persisted``), then the default. An
    unknown name from ``--theme`` or the config falls back to the default with a warning; a
    persisted name that no longer exists (a user theme file removed) is silently skipped.

    Returns:
        The theme name and a warning (``""`` when none).
    """
    if requested:
        if requested in available:
            return requested, ""
        warning = _("unknown theme '{name}', using {default}")
        return DEFAULT_THEME, warning.format(name=requested, default=DEFAULT_THEME)
    if configured:
        if configured in available:
            return configured, ""
        warning = _("unknown theme '{name}' in config, using {default}")
        return DEFAULT_THEME, warning.format(name=configured, default=DEFAULT_THEME)
    if os.environ.get("NO_COLOR"):
        return NO_COLOR_THEME, ""
    if persisted and persisted in available:
        return persisted, ""
    return DEFAULT_THEME, ""
