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

from rtc_tui.i18n import _
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
    data = load_yaml(path, ThemeFile, dec_hook=_colour_hook)
    tokens = dict(data.variables or {})
    for token, fallback in APP_VARIABLES.items():
        colour = getattr(data, fallback)
        if token not in tokens and colour is not None:
            tokens[token] = str(colour)
    theme = Theme(
        name=data.name,
        primary=str(data.primary),
        secondary=data.secondary,
        warning=data.warning,
        error=data.error,
        success=data.success,
        accent=data.accent,
        foreground=data.foreground,
        background=data.background,
        surface=data.surface,
        panel=data.panel,
        boost=data.boost,
        dark=data.dark,
        variables=tokens,
    )
    if check:
        _check_variables(path, theme)
    return theme


def load_themes(user_dir: Path | None) -> tuple[list[LoadedTheme], list[str]]:
    """Every shipped theme, then the user's; returns (themes, warnings)."""
    found: dict[str, LoadedTheme] = {}
    warnings: list[str] = []
    sources: list[tuple[Path, str]] = [(shipped_themes_dir(), "built-in")]
    if user_dir is not None:
        sources.append((user_dir, "file"))
    for folder, origin in sources:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                theme = parse_theme(path, check=origin == "file")
            except ValueError as exc:
                warnings.append(str(exc))
                continue
            found[theme.name] = LoadedTheme(theme, origin, path)
    return list(found.values()), warnings


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
