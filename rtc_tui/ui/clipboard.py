"""Where a clipboard copy can go, said honestly.

The app copies with OSC 52 (``App.copy_to_clipboard``): an escape sequence the terminal turns
into a clipboard write, which works over SSH too. Nothing answers it, so the app cannot know
whether it arrived; what it can know is when it surely did not: inside tmux the sequence
reaches the outer terminal only with tmux's ``set-clipboard`` option ``on``, and tmux's
default (``external``) drops it. Then the text is also written to a file, and the notice says
so and how to let the clipboard through.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rtc_tui.i18n import _

TMUX_TIMEOUT = 2.0
"""Seconds to wait for ``tmux show``: a wedged server must not hold the export."""


@dataclass(frozen=True)
class ClipboardRoute:
    """Whether a copy reaches the user's clipboard, and why."""

    dropped: bool
    """Known not to arrive (tmux without ``set-clipboard on``): write a file as well."""
    note: str
    """For the notice: where the text went, in a few words."""


def tmux_set_clipboard(run: Callable[..., subprocess.CompletedProcess[str]]) -> str:
    """The tmux server's ``set-clipboard`` option: ``on``, ``external``, ``off``, ``""``."""
    try:
        shown = run(
            ["tmux", "show", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return shown.stdout.strip() if shown.returncode == 0 else ""


def clipboard_route(
    env: Mapping[str, str] | None = None,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> ClipboardRoute:
    """How a copy made now travels: through tmux (and whether tmux lets it), or straight on.

    Args:
        env: The environment (``$TMUX`` says the app runs inside tmux); the process's own
            by default.
        run: How to run ``tmux show`` (tests pass their own).
    """
    env = os.environ if env is None else env
    if not env.get("TMUX"):
        return ClipboardRoute(
            dropped=False,
            note=_("sent to the terminal's clipboard (OSC 52; a terminal without it ignores it)"),
        )
    setting = tmux_set_clipboard(run)
    if setting == "on":
        return ClipboardRoute(dropped=False, note=_("copied to the clipboard through tmux"))
    shown = setting or _("unknown")
    note = _(
        "tmux drops clipboard writes (set-clipboard {setting}; "
        "`tmux set -g set-clipboard on` lets them through)"
    )
    return ClipboardRoute(dropped=True, note=note.format(setting=shown))
