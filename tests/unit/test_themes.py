"""Themes: the YAML format, the choice at start, and WCAG contrast of the shipped themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import Theme

from rtc_tui.ui.themes import (
    APP_VARIABLE_DEFAULTS,
    APP_VARIABLES,
    DEFAULT_THEME,
    NO_COLOR_THEME,
    choose_theme,
    load_themes,
    parse_theme,
    shipped_themes_dir,
)
from tests.contrast import contrast_ratio, resolve

SHIPPED = ("high-contrast", "mono", "rtc-dark", "rtc-light")
AA = 4.5
"""WCAG 2 AA for normal text."""
NON_TEXT = 3.0
"""WCAG 2 AA for outlines that identify a component (1.4.11)."""


def _shipped(name: str) -> Theme:
    return parse_theme(shipped_themes_dir() / f"{name}.yaml")


def _variables(theme: Theme) -> dict[str, str]:
    """Every CSS variable the app sees under ``theme``, resolved the way App does it."""
    generated = theme.to_color_system().generate()
    return {**APP_VARIABLE_DEFAULTS, **generated, **theme.variables}


# -- the files ----------------------------------------------------------------------------------


def test_every_shipped_theme_loads_and_defines_every_app_token() -> None:
    loaded, warnings = load_themes(None)
    assert warnings == []
    assert {t.theme.name for t in loaded} == set(SHIPPED)
    for item in loaded:
        assert item.origin == "built-in"
        # The app trusts shipped themes at start (no per-variable stylesheet): checked here.
        parse_theme(item.path, check=True)
        raw = item.path.read_text(encoding="utf-8")
        for token in APP_VARIABLES:
            # Spelled out in the file, not left to the fallback: each theme chose its colours.
            assert f"{token}:" in raw, f"{item.path.name} leaves out {token}"


def test_missing_app_token_falls_back_to_the_theme_colour(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text('name: plain\nprimary: "#336699"\nwarning: "#AA7700"\nerror: "#CC0000"\n')
    theme = parse_theme(path)
    assert theme.variables["rtc-sensitive-warn"] == "#AA7700"
    assert theme.variables["rtc-over-limit"] == "#CC0000"
    assert "rtc-new-item" not in theme.variables  # no success colour: the app default applies


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name: [\n", "broken.yaml:2: invalid YAML"),
        ("- a list\n", "broken.yaml:1: expected a mapping"),
        (
            'name: x\nprimary: "#123456"\ncolour: red\n',
            "broken.yaml:3: colour: unknown key (known: accent, background",
        ),
        ('primary: "#123456"\n', "broken.yaml:1: name: a theme needs a name"),
        ("name: x\n", "broken.yaml:1: primary: a theme needs a primary colour"),
        (
            'name: x\nprimary: "#123456"\ndark: sometimes\n',
            "broken.yaml:3: dark: expected true or false",
        ),
        ("name: x\nprimary: blurple\n", "broken.yaml:2: primary: not a colour: 'blurple'"),
        (
            'name: x\nprimary: "#123456"\nvariables: [a]\n',
            "broken.yaml:3: variables: expected a mapping or nothing",
        ),
        (
            'name: x\nprimary: "#123456"\nvariables: {footer-key-foreground: "#zz"}\n',
            "footer-key-foreground: not a colour",
        ),
        (
            'name: x\nprimary: "#123456"\nvariables: {block-cursor-text-style: loud}\n',
            "block-cursor-text-style: not a text style",
        ),
    ],
)
def test_broken_theme_is_one_line_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match="broken.yaml") as info:
        parse_theme(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_textual_variables_in_a_theme_file_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "styled.yaml"
    path.write_text(
        "name: styled\nprimary: '#336699'\nvariables:\n"
        "  block-cursor-text-style: bold reverse\n"
        "  text-muted: auto 70%\n"
        "  footer-key-foreground: '#FFFFFF 80%'\n"
    )
    assert parse_theme(path).variables["block-cursor-text-style"] == "bold reverse"


def test_user_theme_replaces_and_broken_one_warns(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("name: mine\nprimary: '#336699'\n")
    (tmp_path / "rtc-dark.yaml").write_text("name: rtc-dark\nprimary: '#000080'\n")
    (tmp_path / "bad.yml").write_text("name: bad\n")
    loaded, warnings = load_themes(tmp_path)
    by_name = {t.theme.name: t for t in loaded}
    assert by_name["mine"].origin == "file"
    assert by_name["rtc-dark"].origin == "file"
    assert by_name["rtc-dark"].theme.primary == "#000080"
    assert len(warnings) == 1
    assert "bad.yml" in warnings[0]


def test_loaded_themes_come_from_the_cache_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rtc_tui.ui.themes as themes

    (tmp_path / "mine.yaml").write_text("name: mine\nprimary: '#336699'\n")
    (tmp_path / "bad.yml").write_text("name: bad\n")
    first = load_themes(tmp_path)
    read: list[Path] = []
    real = themes._theme_fields

    def counting(path: Path, *, check: bool) -> dict[str, object]:
        read.append(path)
        return real(path, check=check)

    monkeypatch.setattr(themes, "_theme_fields", counting)
    again = load_themes(tmp_path)
    assert read == []  # nothing parsed: the same themes and warnings, from the cache
    assert [(t.theme, t.origin, t.path) for t in again[0]] == [
        (t.theme, t.origin, t.path) for t in first[0]
    ]
    assert again[1] == first[1]
    assert "bad.yml" in again[1][0]
    # Same size, same second: an edit is still seen (the key holds the bytes).
    (tmp_path / "mine.yaml").write_text("name: mine\nprimary: '#336600'\n")
    edited, _ = load_themes(tmp_path)
    assert {t.theme.name: t.theme.primary for t in edited}["mine"] == "#336600"
    assert tmp_path / "mine.yaml" in read


# -- the choice at start ------------------------------------------------------------------------

AVAILABLE = set(SHIPPED) | {"mine"}


@pytest.mark.parametrize(
    ("requested", "configured", "no_color", "persisted", "expected"),
    [
        (None, "", False, "", DEFAULT_THEME),
        ("rtc-light", "mine", True, "high-contrast", "rtc-light"),
        (None, "mine", True, "high-contrast", "mine"),
        (None, "", True, "high-contrast", NO_COLOR_THEME),
        (None, "", False, "high-contrast", "high-contrast"),
        (None, "", False, "deleted-theme", DEFAULT_THEME),
    ],
)
def test_theme_choice_order(
    monkeypatch: pytest.MonkeyPatch,
    requested: str | None,
    configured: str,
    no_color: bool,
    persisted: str,
    expected: str,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    name, warning = choose_theme(requested, configured, AVAILABLE, persisted=persisted)
    assert (name, warning) == (expected, "")


def test_unknown_requested_or_configured_theme_warns() -> None:
    name, warning = choose_theme("nope", "", AVAILABLE)
    assert name == DEFAULT_THEME
    assert "unknown theme 'nope'" in warning
    name, warning = choose_theme(None, "gone", AVAILABLE)
    assert name == DEFAULT_THEME
    assert "'gone' in config" in warning


# -- contrast -----------------------------------------------------------------------------------

BACKGROUNDS = ("background", "surface", "panel")
"""What the app paints text on: the screen, dialogs and lists, bars and headers."""

TEXT_ON_BACKGROUNDS = (
    "foreground",
    "text",
    "text-muted",
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "accent",  # the active pane's border title
    "primary",  # the help and dialog titles drawn in the primary colour
    *APP_VARIABLES,
)
"""Text colours the app and Textual's widgets draw on every background."""

PAIRS = (
    ("footer-key-foreground", "footer-background"),
    ("footer-description-foreground", "footer-background"),
    ("footer-foreground", "footer-background"),
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
    ("input-cursor-foreground", "input-cursor-background"),
    ("input-selection-foreground", "input-selection-background"),
    ("foreground", "panel-lighten-1"),  # toasts
    ("text-warning", "panel-lighten-1"),  # toast titles
    ("text-error", "panel-lighten-1"),
    ("text-success", "panel-lighten-1"),
    ("foreground", "secondary-muted"),  # DataTable hover row
)
"""Fixed foreground/background pairs (Textual's footer, cursors, selections, toasts)."""

HINTS = ("text-disabled",)
"""Placeholders and hints: readable in the strict themes, faint by design in the others."""

OUTLINES = ("border", "border-blurred", "panel-lighten-2", "accent")
"""Outlines that tell where a pane or a field is: focused, unfocused, inactive, active."""


def _pair_ratio(variables: dict[str, str], fg: str, bg: str) -> float:
    # A translucent background (the blurred cursor, a selection) shows the screen through it.
    under = resolve(f"${bg}", variables, resolve("$background", variables))
    return contrast_ratio(resolve(f"${fg}", variables, under), under)


def _failures(name: str, *, strict: bool = True) -> list[str]:
    variables = _variables(_shipped(name))
    failures = []
    for bg in BACKGROUNDS:
        for fg in (*TEXT_ON_BACKGROUNDS, *(HINTS if strict else ())):
            ratio = _pair_ratio(variables, fg, bg)
            if ratio < AA:
                failures.append(f"{fg} on {bg}: {ratio:.2f}")
    for fg, bg in PAIRS:
        ratio = _pair_ratio(variables, fg, bg)
        if ratio < AA:
            failures.append(f"{fg} on {bg}: {ratio:.2f}")
    for outline in OUTLINES if strict else ():
        for bg in ("background", "surface"):
            ratio = _pair_ratio(variables, outline, bg)
            if ratio < NON_TEXT:
                failures.append(f"outline {outline} on {bg}: {ratio:.2f}")
    return failures


def test_contrast_maths_matches_wcag_reference_values() -> None:
    assert contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(
        4.48, abs=0.01
    )
    assert contrast_ratio(Color(255, 0, 0), Color(255, 255, 255)) == pytest.approx(4.0, abs=0.01)


def test_auto_and_alpha_resolve_like_textual() -> None:
    black = Color(0, 0, 0)
    # "auto 87%" on black: white at 87% over black.
    assert resolve("auto 87%", {}, black) == Color(221, 221, 221)
    # "#FFFFFF 50%" over black: mid grey; "$name" is followed.
    assert resolve("$half", {"half": "#FFFFFF 50%"}, black) == Color(127, 127, 127)


@pytest.mark.parametrize("name", ["high-contrast", "mono"])
def test_wcag_aa_for_every_pair_the_app_uses(name: str) -> None:
    assert _failures(name) == []


@pytest.mark.parametrize("name", ["rtc-dark", "rtc-light"])
def test_everyday_themes_meet_aa_for_text(name: str) -> None:
    # Their outlines and placeholders stay subtle by design; every text colour still reads.
    assert _failures(name, strict=False) == []


def test_high_contrast_overrides_generated_variables_where_needed() -> None:
    theme = _shipped("high-contrast")
    # Without its own outline colours the unfocused editor and inactive panes vanish.
    plain = Theme(**{**theme.__dict__, "variables": {}})
    assert any(f.startswith("outline") for f in _failures_of(plain))
    assert _variables(theme)["border-blurred"] == theme.variables["border-blurred"]


def _failures_of(theme: Theme) -> list[str]:
    variables = _variables(theme)
    return [
        f"outline {o} on {bg}"
        for o in OUTLINES
        for bg in ("background", "surface")
        if _pair_ratio(variables, o, bg) < NON_TEXT
    ]


def test_mono_has_no_colour_at_all() -> None:
    variables = _variables(_shipped("mono"))
    black = Color(0, 0, 0)
    for name, value in variables.items():
        if "style" in name.split("-") or value in ("initial", "transparent"):
            continue
        color = resolve(value, variables, black)
        assert color.r == color.g == color.b, f"{name} = {value} has a hue"


def test_readme_theme_example_is_a_valid_theme(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\nname: solarized")
    block = readme[start + len("```yaml\n") : readme.index("```", start + 3)]
    path = tmp_path / "solarized.yaml"
    path.write_text(block)
    theme = parse_theme(path)
    assert theme.name == "solarized"
    assert set(APP_VARIABLES) <= set(theme.variables)


def test_app_fallback_tokens_are_rtc_darks() -> None:
    dark = _shipped("rtc-dark").variables
    assert {token: dark[token] for token in APP_VARIABLES} == APP_VARIABLE_DEFAULTS
