"""Messages carry outside text (a server's reason, a file name): always shown literally."""

from __future__ import annotations

import json

from rtc_tui.desk import Desk, DeskError
from rtc_tui.store import StoreError
from rtc_tui.ui.app import RtcApp


async def test_notifications_never_interpret_markup(desk: Desk) -> None:
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = "HTTP 500 [bold red]Pwned[/] from [link=http://evil]here[/link]"
        app.screen.notify(text, severity="error")
        app.notify(text, markup=True)
        await pilot.pause()
        shown = [n for n in app._notifications if "Pwned" in n.message]
        assert len(shown) == 2
        assert all(n.markup is False and n.message == text for n in shown)


async def test_a_store_failure_is_a_desk_error_the_ui_shows(desk: Desk) -> None:
    """A bad row (or a full disk) reaches every ``except DeskError`` of the UI as a message."""
    assert issubclass(StoreError, DeskError)
    desk.drafts.new(title="ok")
    path = desk.data_dir / "drafts.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"]["1"]["status"] = "[bold]lost[/bold]"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    app = RtcApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        try:
            desk.drafts.new(title="new")
        except DeskError as exc:
            app.screen.notify(str(exc), severity="error")
        await pilot.pause()
        # The workers that read the drafts report it too (no worker fails silently).
        shown = [n for n in app._notifications if "drafts.json" in n.message]
        assert any(n.message.startswith("Reloading the data failed: ") for n in shown)
        assert any(" failed: " not in n.message for n in shown)  # our own call's
        assert all("table drafts, row 1 (id 1)" in n.message for n in shown)
        assert all(n.markup is False for n in shown)
    assert path.read_bytes() == before
