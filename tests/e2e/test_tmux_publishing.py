"""End-to-end publishing in a real terminal (tmux, 80x24) against a fake Mastodon on 127.0.0.1.

The app runs as its own process with a config naming one account on the fake; the draft is
approved beforehand in this process (the checklist's own journey is covered elsewhere). Then:
publish now and take it down; schedule, see the crisis pause hold it, release it and see the
app's timer send it, and read its results.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rtc_tui.config import load_config
from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from tests.checklist_helpers import tick_manual
from tests.e2e.tmux import Terminal, have_tmux, terminal
from tests.fakes.mastodon import FakeMastodon, running_mastodon
from tests.fakes.server import FakeServer
from tests.integration.cli import rtc

pytestmark = pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")

TOKEN = "e2e-masto-token-4b7d"
TEXT = "Che finale! #Sanremo"


@pytest.fixture
def mastodon() -> Iterator[tuple[FakeMastodon, FakeServer]]:
    with running_mastodon(TOKEN) as running:
        yield running


@pytest.fixture
def setup(tmp_path: Path, mastodon: tuple[FakeMastodon, FakeServer]) -> tuple[Path, Path, int]:
    """A data dir with one approved draft, and a config with the fake account (timer 1 s)."""
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text(
        "user: giulia\nsources: []\n"
        f"accounts:\n  - {{name: masto, type: mastodon, url: '{mastodon[1].base}',"
        " handle: brand, token_env: RTC_E2E_MASTO}\n"
        "publish: {check_every: 1s, results_every: 1h}\n",
        encoding="utf-8",
    )
    desk = Desk(load_config(config, explicit=True), FileStore(data), user="giulia")
    draft = desk.drafts.new(title="Finale", text=TEXT, platforms=["mastodon"])
    tick_manual(desk, draft.id, reviewer="marco")
    return data, config, draft.id


def _args(data: Path, config: Path) -> list[str]:
    return ["--data-dir", str(data), "--config", str(config)]


def _open_publish(term: Terminal) -> None:
    """From the start screen to the publish dialog of the approved draft."""
    term.wait_for("[1 Trending]")
    term.keys("4")
    term.wait_for("ready to export")
    term.keys("P")
    term.wait_for("Post now on masto (Mastodon)", "Schedule on masto")


def _schedule(term: Terminal, when: str) -> None:
    """Schedule the approved draft on the account for ``when`` (``+2h``, ``18:30``...)."""
    _open_publish(term)
    term.keys("Down", "Enter")
    term.wait_for("When?")
    term.type(when)
    term.keys("Enter")
    term.wait_for("Queued for masto")


def test_schedule_then_cancel_from_the_queue(
    setup: tuple[Path, Path, int], tmp_path: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    data, config, _draft_id = setup
    with terminal(_args(data, config), tmp_path, env={"RTC_E2E_MASTO": TOKEN}) as term:
        _schedule(term, "+2h")
        term.keys("U")
        term.wait_for("Publishing: queue and results", " queued ")
        term.keys("c")
        term.wait_for(" cancelled ")
        term.keys("Escape")
        term.wait_gone("Publishing: queue and results")
        term.keys("q")
        assert term.wait_exit() == 0
    result = rtc("publish", "--list", "--json", *_args(data, config))
    [post] = json.loads(result.stdout)
    assert (post["state"], post["cancelled_by"]) == ("cancelled", "giulia")
    assert mastodon[0].created_texts() == []


def test_publish_now_see_it_in_the_queue_and_take_it_down(
    setup: tuple[Path, Path, int], tmp_path: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    data, config, _draft_id = setup
    env = {"RTC_E2E_MASTO": TOKEN}
    with terminal(_args(data, config), tmp_path, env=env) as term:
        _open_publish(term)
        term.keys("Enter")
        term.wait_for("published on masto")
        assert mastodon[0].created_texts() == [TEXT]
        term.keys("U")
        term.wait_for("Publishing: queue and results", " sent ")
        term.keys("d")
        term.wait_for("Press d again")
        term.keys("d")
        term.wait_for(" deleted ")
        assert len(mastodon[0].deleted) == 1
        term.keys("Escape")
        term.wait_gone("Publishing: queue and results")
        assert TOKEN not in term.screen()
        term.keys("q")
        assert term.wait_exit() == 0


def test_schedule_held_by_a_crisis_released_then_sent_by_the_timer(
    setup: tuple[Path, Path, int], tmp_path: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    data, config, _draft_id = setup
    now = datetime.now(UTC)
    tragedy = Event(
        id="tragedy",
        source="news",
        title="Strage in autostrada",
        first_seen=now,
        last_seen=now,
        signal=1000.0,
        sensitivity=Sensitivity(Level.BLOCK, ("death_injury_military_conflict",), ("strage",)),
    )
    FileStore(data).events.merge(lambda current: [*current.values(), tragedy])
    env = {"RTC_E2E_MASTO": TOKEN}
    with terminal(_args(data, config), tmp_path, env=env) as term:
        _schedule(term, "+1s")
        # The timer holds it: a blocking story is the top story.
        term.wait_for("held")
        term.keys("U")
        term.wait_for("Publishing: queue and results", " held ")
        assert mastodon[0].created_texts() == []
        term.keys("r")
        term.wait_for(" sent ")
        assert mastodon[0].created_texts() == [TEXT]
        mastodon[0].add_reply(
            next(iter(mastodon[0].statuses)), "anna@m.example", "<p>Bellissimo, bravi!</p>", "it"
        )
        term.keys("f")
        term.wait_for("+1 =0 -0")
        # Escape then another key at once would read as alt+key: wait for the screen to go.
        term.keys("Escape")
        term.wait_gone("Publishing: queue and results")
        term.keys("q")
        assert term.wait_exit() == 0
