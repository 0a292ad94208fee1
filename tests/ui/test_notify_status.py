"""The status bar tells a failing webhook while the editor keeps working."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime

from textual.pilot import Pilot

from rtc_tui.config import Config, NotifyConfig
from rtc_tui.desk import Desk
from rtc_tui.schema import Duration
from rtc_tui.store import Store
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.status_bar import StatusBar
from tests.fakes.server import FakeServer, Reply


async def status_until(pilot: Pilot[None], app: RtcApp, shows: Callable[[str], bool]) -> str:
    """The status bar's text once ``shows`` holds for it (it refreshes every second)."""
    deadline = time.monotonic() + 15
    while True:
        text = app.main_screen().query_one(StatusBar).render().plain
        if shows(text) or time.monotonic() > deadline:
            return text
        await asyncio.sleep(0.1)
        await pilot.pause()


async def test_a_failing_webhook_shows_in_the_status_bar_then_clears(
    store: Store, frozen_now: Callable[[], datetime]
) -> None:
    with FakeServer(lambda _: Reply(200, {"ok": True})) as server:
        server.fault("/hook", "status", status=503, method="POST")
        notify = NotifyConfig(webhooks=(server.base + "/hook",), backoff=Duration(1.5))
        desk = Desk(Config(sources=(), notify=notify), store, user="alice", now=frozen_now)
        app = RtcApp(desk)
        async with app.run_test(size=(160, 30)) as pilot:
            desk.notifier.tell("export", "Pasta day", draft_id=1)
            failing = await status_until(pilot, app, lambda text: "HTTP 503" in text)
            assert "notify: 1 pending · 127.0.0.1: HTTP 503 Service Unavailable, retrying in" in (
                failing
            )
            cleared = await status_until(pilot, app, lambda text: "notify" not in text)
            assert cleared.startswith(" alice · no sources configured · ")
        desk.notifier.close()
        assert len(server.requests_to("/hook", "POST")) == 2
