"""Handing a text over to the user's ``$VISUAL``/``$EDITOR`` while the app is suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from rtc_tui.i18n import _


def edit_externally(app: App[Any], text: str) -> str | None:
    """Let the user edit ``text`` in ``$VISUAL``, ``$EDITOR`` or ``vi``; the app suspends meanwhile.

    A problem (no suspend in this terminal, no such editor, a non-zero exit) is a notification.

    Args:
        app: The running app (suspended while the editor runs).
        text: The text to edit.

    Returns:
        The edited text, or ``None`` when it is unchanged because the editor could not run.
    """
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="rtc-draft-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            # A text file ends with a newline: a line appended in the editor (or by
            # ``echo >>``) then starts on its own line instead of merging into the last.
            file.write(text if text.endswith("\n") else text + "\n")
        try:
            with app.suspend():
                result = subprocess.run([*shlex.split(command), str(path)], check=False)
        except SuspendNotSupported:
            app.notify(_("This terminal cannot hand over to an editor."), severity="error")
            return None
        except OSError as exc:
            problem = _("Cannot run {command}: {reason}")
            app.notify(problem.format(command=repr(command), reason=exc.strerror), severity="error")
            return None
        if result.returncode != 0:
            problem = _("{command} exited with {code}; text unchanged")
            app.notify(problem.format(command=command, code=result.returncode))
            return None
        edited = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    # Editors add a final newline; keep the draft's own ending.
    if edited.endswith("\n") and not text.endswith("\n"):
        edited = edited[:-1]
    return edited
