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

import yaml
from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "rtc-dark"
"""The theme used when nothing else is chosen."""

NO_COLOR_THEME = "mono"
"""The theme ``NO_COLOR`` selects."""

THEME_KEYS = (
    "name", "dark", "primary", "secondary", "accent", "warning", "error", "success",
    "foreground", "background", "surface", "panel", "boost", "variables",
)  # fmt: skip
"""Keys a theme file may hold."""

APP_VARIABLES = (
    "rtc-sensitive-warn",
    "rtc-sensitive-block",
    "rtc-over-limit",
    "rtc-stale",
    "rtc-lead-window",
    "rtc-new-item",
)
"""The app's own colour tokens every theme must define (used by the .tcss files)."""


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


def parse_theme(path: Path) -> Theme:
    """Read one theme file.

    Raises:
        ValueError: the file is unreadable or not a valid theme (message names the file).
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read theme: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a theme file must be a mapping")
    unknown = sorted(set(data) - set(THEME_KEYS))
    if unknown:
        raise ValueError(f"{path}: unknown theme key '{unknown[0]}'")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise ValueError(f"{path}: a theme needs a name")
    if "primary" not in data:
        raise ValueError(f"{path}: a theme needs a primary colour")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ValueError(f"{path}: variables must be a mapping")
    colours = {k: v for k, v in data.items() if k not in {"name", "dark", "variables"}}
    for key, value in {**colours, **variables}.items():
        try:
            Color.parse(str(value))
        except ColorParseError as exc:
            raise ValueError(f"{path}: {key}: not a colour: {value!r}") from exc
    missing = [v for v in APP_VARIABLES if v not in variables]
    if missing:
        raise ValueError(f"{path}: variables: missing '{missing[0]}'")
    def colour(key: str) -> str | None:
        return str(colours[key]) if key in colours else None

    return Theme(
        name=data["name"],
        primary=str(colours["primary"]),
        secondary=colour("secondary"),
        warning=colour("warning"),
        error=colour("error"),
        success=colour("success"),
        accent=colour("accent"),
        foreground=colour("foreground"),
        background=colour("background"),
        surface=colour("surface"),
        panel=colour("panel"),
        boost=colour("boost"),
        dark=bool(data.get("dark", True)),
        variables={str(k): str(v) for k, v in variables.items()},
    )


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
                theme = parse_theme(path)
            except ValueError as exc:
                warnings.append(str(exc))
                continue
            found[theme.name] = LoadedTheme(theme, origin, path)
    return list(found.values()), warnings


def choose_theme(requested: str | None, configured: str, available: set[str]) -> tuple[str, str]:
    """Pick the theme: ``--theme``, else config, else mono under ``NO_COLOR``, else default.

    Returns the name and a warning ("" when none).
    """
    if requested:
        if requested in available:
            return requested, ""
        return DEFAULT_THEME, f"unknown theme '{requested}', using {DEFAULT_THEME}"
    if configured:
        if configured in available:
            return configured, ""
        return DEFAULT_THEME, f"unknown theme '{configured}' in config, using {DEFAULT_THEME}"
    if os.environ.get("NO_COLOR"):
        return NO_COLOR_THEME, ""
    return DEFAULT_THEME, ""
