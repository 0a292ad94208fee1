"""Themes in the running app: choice, switcher, persistence, mono without colour, contrast."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from msgspec.structs import replace
from textual.app import App
from textual.color import Color
from textual.command import CommandPalette
from textual.css import stylesheet as textual_stylesheet
from textual.css.parse import parse as textual_parse
from textual.filter import Monochrome
from textual.geometry import Region
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.screen import ModalScreen

from rtc_tui.core.drafting.platforms import DEFAULT_LIMITS, measure_all
from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.core.safety.checklist import ItemStatus
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.screens.main import MainScreen
from rtc_tui.ui.theme_switcher import THEME_PREFERENCE
from rtc_tui.ui.themes import DEFAULT_THEME, NO_COLOR_THEME
from tests.contrast import Cell, contrast_ratio, is_graphic, screen_cells, screen_lines


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The shared desk with no trending sources: nothing in these tests may touch the network."""
    return Desk(replace(desk.config, sources=()), desk.store, user=desk.user, now=desk.now)


LONG_TEXT = "Noi la luce la portiamo in tavola, anche stasera. " * 7
"""Over X's 280: the over-limit state must show."""


def _seed(desk: Desk) -> int:
    """Events at every sensitivity, and a draft over X's limit with a stale tick."""
    now = desk.now()

    def event(event_id: str, title: str, level: Level, score: float) -> Event:
        return Event(
            id=event_id,
            source="ANSA",
            title=title,
            score=score,
            first_seen=now - timedelta(minutes=3),
            last_seen=now,
            sensitivity=Sensitivity(level, ("social_disasters",) if level.rank else (), ()),
        )

    desk.store.events.merge(
        lambda _current: [
            event("warn", "Blackout at the final", Level.WARN, 0.9),
            event("block", "Earthquake victims", Level.BLOCK, 0.8),
            event("calm", "Zig release", Level.NONE, 0.3),
        ]
    )
    draft = desk.drafts.new(title="Lights", text="Short first.", platforms=["x"], event_id="warn")
    manual = next(i for i in desk.checklist.template().items if i.kind == "manual")
    desk.checklist.tick(draft.id, manual.id)
    desk.drafts.save(draft.id, text=LONG_TEXT.strip())
    return draft.id


async def _settle(pilot: Pilot[Any], app: RtcApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _collect(into: list[Notification]) -> Callable[[Message], None]:
    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            into.append(message.notification)

    return hook


def _greyscale(cells: Sequence[Cell]) -> list[str]:
    return [
        f"{c.char!r} at {c.x},{c.y}: {c.fg.hex} on {c.bg.hex}"
        for c in cells
        if not (c.fg.r == c.fg.g == c.fg.b and c.bg.r == c.bg.g == c.bg.b)
    ]


# -- choosing at start ----------------------------------------------------------------------------


async def test_broken_theme_file_is_one_warning_and_the_default_starts(
    desk: Desk, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.yaml").write_text("name: [\n")
    app = RtcApp(desk, user_themes_dir=themes)
    notices: list[Notification] = []
    async with app.run_test(size=(80, 24), message_hook=_collect(notices)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert isinstance(app.screen, MainScreen)
    warnings = [n.message for n in notices if n.severity == "warning"]
    assert len(warnings) == 1
    assert "broken.yaml" in warnings[0]


async def test_no_color_selects_mono_and_theme_flag_still_wins(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == NO_COLOR_THEME
        assert app.no_color
    chosen = RtcApp(desk, theme="high-contrast")
    async with chosen.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert chosen.theme == "high-contrast"


async def test_the_stylesheets_are_parsed_once_at_start_in_the_chosen_theme(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Setting the theme at start queued a re-parse of every stylesheet, then parsed again."""
    parsed: list[str] = []

    def counting_parse(scope: str, css: str, read_from: tuple[str, str], **kwargs: Any) -> Any:
        parsed.append(read_from[0])
        return textual_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    app = RtcApp(desk, theme="rtc-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert sum(path.endswith("app.tcss") for path in parsed) == 1
        # Parsed with the chosen theme's colours, not Textual's default theme's.
        assert app.screen.styles.background == Color.parse(app.current_theme.background or "")
        # A theme chosen later is still applied (Textual's refresh, once a screen is up).
        app.theme = "rtc-dark"
        await pilot.pause()
        assert app.screen.styles.background == Color.parse(app.current_theme.background or "")
    assert sum(path.endswith("app.tcss") for path in parsed) == 2


@pytest.mark.parametrize("how", ["--theme mono", "NO_COLOR=1"])
async def test_mono_conveys_every_state_without_colour(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    draft_id = _seed(desk)
    if how == "NO_COLOR=1":
        monkeypatch.setenv("NO_COLOR", "1")
        app = RtcApp(desk)
    else:
        app = RtcApp(desk, theme="mono")
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot, app)
        # Coming into the Checklist recomputes it now rather than at its next poll.
        await app.main_screen().action_show_pane("checklist")
        state = desk.checklist.state(desk.drafts.get(draft_id))
        stale = [i for i in state.items if i.status is ItemStatus.STALE]
        assert stale
        # Under a loaded machine the panes fill in over a few refresh cycles: wait for the
        # states this test reads (bounded by attempts, not by time).
        for _attempt in range(50):
            await _settle(pilot, app)
            svg = app.export_screenshot()
            lines = screen_lines(svg)
            if any(stale[0].marker in ln and stale[0].item.label in ln for ln in lines) and any(
                "Earthquake victims" in ln for ln in lines
            ):
                break
        assert app.theme == NO_COLOR_THEME
        assert any(isinstance(f, Monochrome) for f in app.get_line_filters())
    text = "\n".join(lines)
    # Sensitivity: the Trending rows carry ! and X next to their titles.
    assert any(Level.WARN.marker in line[:6] and "Blackout at the final" in line for line in lines)
    assert any(Level.BLOCK.marker in line[:6] and "Earthquake victims" in line for line in lines)
    # Over the limit: the counter says so in characters, not in red.
    over = measure_all({"x": LONG_TEXT.strip()}, DEFAULT_LIMITS)["x"]
    assert not over.ok
    assert over.counter(short=True) in text or over.counter() in text
    assert "!" in over.counter(short=True)
    # A tick given before the last edit shows as stale.
    assert any(stale[0].marker in line and stale[0].item.label in line for line in lines)
    # And not one cell carries a hue.
    assert _greyscale(screen_cells(svg)) == []


async def test_mono_toasts_name_their_severity(desk: Desk) -> None:
    # A toast's severity is its border colour; without colour it has to be a word.
    notices: list[Notification] = []
    for theme in ("mono", "rtc-dark"):
        app = RtcApp(desk, theme=theme)
        async with app.run_test(size=(80, 24), message_hook=_collect(notices)) as pilot:
            await pilot.pause()
            app.notify("Disk full", severity="error")
            app.notify("Source slow", severity="warning")
            app.notify("Saved")
            await pilot.pause()
    titles = [(n.message, n.title) for n in notices]
    assert titles == [
        ("Disk full", "Error"),
        ("Source slow", "Warning"),
        ("Saved", ""),
        ("Disk full", ""),
        ("Source slow", ""),
        ("Saved", ""),
    ]


# -- the switcher ---------------------------------------------------------------------------------


async def _open_switcher(pilot: Pilot[Any], app: RtcApp) -> None:
    await pilot.press("ctrl+p", *"theme")
    await pilot.pause()
    await app.screen.workers.wait_for_complete()
    await pilot.press("enter")
    await pilot.pause()
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    assert CommandPalette.is_open(cast("App[object]", app))
    assert app.screen.id == "theme-switcher"


async def test_switcher_previews_and_escape_puts_the_old_theme_back(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        await _open_switcher(pilot, app)
        assert app.theme == DEFAULT_THEME  # opening changes nothing: current theme first
        await pilot.press("down")
        await pilot.pause()
        previewed = app.theme
        assert previewed != DEFAULT_THEME
        await pilot.press("escape")
        await _settle(pilot, app)
        assert app.theme == DEFAULT_THEME
        assert desk.prefs.get(THEME_PREFERENCE) is None


async def test_switcher_choice_is_remembered_for_the_next_start(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        await _open_switcher(pilot, app)
        await pilot.press(*"light")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "rtc-light"  # previewed while typing
        await pilot.press("enter")
        await _settle(pilot, app)
        assert app.theme == "rtc-light"
        assert desk.prefs.get(THEME_PREFERENCE) == "rtc-light"
    again = RtcApp(desk)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "rtc-light"


async def test_theme_set_at_runtime_is_remembered(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await _settle(pilot, app)
    assert desk.prefs.get(THEME_PREFERENCE) == "high-contrast"


async def test_flag_config_and_no_color_beat_the_remembered_theme(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.prefs.set(THEME_PREFERENCE, "rtc-light")
    app = RtcApp(desk, theme="high-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
    configured = Desk(replace(desk.config, theme="mono"), desk.store, user="alice", now=desk.now)
    app = RtcApp(configured)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "mono"
    monkeypatch.setenv("NO_COLOR", "1")
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == NO_COLOR_THEME
    # The remembered choice is each user's own.
    bob = Desk(desk.config, desk.store, user="bob", now=desk.now)
    monkeypatch.delenv("NO_COLOR")
    app = RtcApp(bob)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME


# -- contrast of what is really drawn -------------------------------------------------------------

SCENARIOS: dict[str, tuple[str, ...]] = {
    "trending": ("1",),
    "calendar": ("2",),
    "draft editor": ("3",),
    "draft outside the editor": ("3", "escape"),
    "checklist": ("4",),
    "help": ("question_mark",),
    "palette": ("ctrl+p",),
    "theme switcher": ("ctrl+p", "t", "h", "e", "m", "e", "enter"),
    "drafts list": ("3", "escape", "l"),
    "revisions": ("3", "escape", "h"),
    "platforms": ("3", "escape", "p"),
}
"""Every pane and dialog reachable by keys."""


def _is_unticked_toggle(cells: dict[tuple[int, int], Cell], cell: Cell) -> bool:
    """Textual's unticked box ``▐X▌`` hides its X on purpose: no X reads as unticked."""

    def char_at(dx: int) -> str:
        other = cells.get((cell.x + dx, cell.y))
        return other.char if other is not None else " "

    if cell.char == "▐":
        return char_at(2) == "▌"
    if cell.char == "▌":
        return char_at(-2) == "▐"
    return cell.char == "X" and char_at(-1) == "▐" and char_at(1) == "▌"


def _low_contrast(app: RtcApp, svg: str, regions: Sequence[Region] | None) -> list[str]:
    cells = screen_cells(svg)
    by_place = {(c.x, c.y): c for c in cells}
    found: set[str] = set()
    for cell in cells:
        if regions is not None and not any(r.contains(cell.x, cell.y) for r in regions):
            continue
        if _is_unticked_toggle(by_place, cell):
            continue
        ratio = contrast_ratio(cell.fg, cell.bg)
        if ratio < (3.0 if is_graphic(cell.char) else 4.5):
            found.add(f"{cell.char!r} {cell.fg.hex} on {cell.bg.hex}: {ratio:.2f}")
    return sorted(found)


async def _toasts_shown(pilot: Pilot[Any], app: RtcApp, count: int) -> None:
    """Let the app run until ``count`` toasts are mounted (a busy machine needs more turns)."""
    for _turn in range(100):
        await pilot.pause()
        if len(app.screen.query("Toast")) >= count:
            break
    await pilot.pause()


async def _drawn_problems(
    desk: Desk, theme: str, size: tuple[int, int], keys: Sequence[str]
) -> list[str]:
    app = RtcApp(desk, theme=theme)
    async with app.run_test(size=size, notifications=True) as pilot:
        await _settle(pilot, app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await _settle(pilot, app)
        app.notify("A warning", severity="warning")
        app.notify("An error", severity="error")
        app.notify("Saved")
        await _toasts_shown(pilot, app, 3)
        svg = app.export_screenshot()
        if not CommandPalette.is_open(cast("App[object]", app)):  # the palette shows no toasts
            assert "A warning" in "\n".join(screen_lines(svg))  # toasts are measured too
        # Behind a dialog the screen is dimmed on purpose: only the dialog must read.
        regions = None
        if isinstance(app.screen, ModalScreen) or CommandPalette.is_open(cast("App[object]", app)):
            regions = [child.region for child in app.screen.children]
        return _low_contrast(app, svg, regions)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_high_contrast_every_drawn_character_meets_aa(desk: Desk, scenario: str) -> None:
    _seed(desk)
    problems = await _drawn_problems(desk, "high-contrast", (80, 24), SCENARIOS[scenario])
    assert problems == []


async def test_high_contrast_wide_layout_meets_aa(desk: Desk) -> None:
    _seed(desk)
    assert await _drawn_problems(desk, "high-contrast", (160, 48), ("3", "escape")) == []
