"""Publishing in the app through Pilot, against a fake Mastodon on 127.0.0.1.

``P`` in the Checklist pane opens the publish dialog (refused with the gate's reasons while the
checklist is open; now or later per account once it passes), ``U`` the queue and results.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from rtc_tui.config import AccountConfig, Config
from rtc_tui.desk import Desk
from rtc_tui.store import Store
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.dialogs.override import ReasonScreen
from rtc_tui.ui.dialogs.publish import PublishScreen
from rtc_tui.ui.dialogs.publish_queue import QueueScreen
from rtc_tui.ui.publisher import Publisher
from tests.checklist_helpers import tick_manual
from tests.fakes.mastodon import FakeMastodon, running_mastodon
from tests.fakes.server import FakeServer

TOKEN = "ui-test-token-9c1f"


@pytest.fixture
def mastodon(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeMastodon, FakeServer]]:
    monkeypatch.setenv("RTC_UI_MASTO", TOKEN)
    with running_mastodon(TOKEN) as running:
        yield running


@pytest.fixture
def publishing_desk(store: Store, mastodon: tuple[FakeMastodon, FakeServer]) -> Desk:
    account = AccountConfig(
        name="masto",
        type="mastodon",
        url=mastodon[1].base,
        handle="brand",
        token_env="RTC_UI_MASTO",
    )
    return Desk(Config(sources=(), accounts=(account,)), store, user="alice")


def approved_draft(desk: Desk, text: str = "Che finale! #Sanremo") -> int:
    draft = desk.drafts.new(title="Finale", text=text, platforms=["mastodon"])
    tick_manual(desk, draft.id, reviewer="bob")
    return draft.id


async def settle(pilot: Pilot[None], app: RtcApp) -> None:
    """Let workers finish and the screen catch up (no sleeps)."""
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_checklist_on(pilot: Pilot[None], app: RtcApp, draft_id: int) -> None:
    await settle(pilot, app)
    screen = app.main_screen()
    screen.post_message(screen.pane("draft").DraftOpened(app.desk.drafts.get(draft_id)))
    await settle(pilot, app)
    await screen.action_show_pane("checklist")
    await settle(pilot, app)


async def open_publish(pilot: Pilot[None], app: RtcApp, draft_id: int) -> None:
    """Show ``draft_id``'s checklist and press ``P``."""
    await open_checklist_on(pilot, app, draft_id)
    await pilot.press("P")
    await settle(pilot, app)


async def test_p_refuses_with_the_gate_reasons_until_the_checklist_passes(
    publishing_desk: Desk, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    draft = publishing_desk.drafts.new(title="Finale", text="Che finale!", platforms=["mastodon"])
    app = RtcApp(publishing_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist_on(pilot, app, draft.id)
        await pilot.press("P")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, PublishScreen)
        assert screen.choices == []
        assert "Publishing refused" in str(screen.query_one("#publish-hint").render())
        await pilot.press("escape")
        await settle(pilot, app)
    assert mastodon[0].created_texts() == []


async def test_p_then_enter_posts_now_and_u_shows_it(
    publishing_desk: Desk, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    app = RtcApp(publishing_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_publish(pilot, app, approved_draft(publishing_desk))
        assert isinstance(app.screen, PublishScreen)
        await pilot.press("enter")
        await settle(pilot, app)
        assert mastodon[0].created_texts() == ["Che finale! #Sanremo"]
        await pilot.press("U")
        await settle(pilot, app)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        table = queue.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[1]) == "sent"
        # d twice takes it down (the first only asks).
        await pilot.press("d")
        await settle(pilot, app)
        assert mastodon[0].deleted == []
        await pilot.press("d")
        await settle(pilot, app)
        assert len(mastodon[0].deleted) == 1
        assert str(queue.query_one(DataTable).get_row_at(0)[1]) == "deleted"


async def test_schedule_later_then_cancel_from_the_queue(
    publishing_desk: Desk, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    app = RtcApp(publishing_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_publish(pilot, app, approved_draft(publishing_desk))
        app.screen.query_one(OptionList).highlighted = 1  # Schedule on masto…
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one(Input).value = "+2h"
        await pilot.press("enter")
        await settle(pilot, app)
        [post] = publishing_desk.publishing.posts()
        assert post.state == "queued"
        # The app's timer finds nothing due yet.
        app.main_screen().query_one(Publisher).send_due()
        await settle(pilot, app)
        assert mastodon[0].created_texts() == []
        await pilot.press("U")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        [post] = publishing_desk.publishing.posts()
        assert post.state == "cancelled"
        assert post.cancelled_by == "alice"


def test_sparkline_scales_to_its_own_range() -> None:
    from rtc_tui.ui.dialogs.publish_queue import sparkline

    assert sparkline([]) == ""
    assert sparkline([5, 5, 5]) == "▁▁▁"
    assert sparkline([0, 7, 14]) == "▁▄█"
    assert sparkline(list(range(20)), width=4) == "▁▃▅█"
