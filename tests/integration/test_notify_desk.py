"""The desk tells the webhooks where things happen: exports and trending spikes.

Real parts: feeds from the local feed server, the webhook a real HTTP server on 127.0.0.1, the
store in the test's folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from rtc_tui.config import Config, NotifyConfig, SourceConfig
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore, Store
from tests.fakes.server import FakeServer, Reply
from tests.httpserver import FeedServer
from tests.waiting import wait_for

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")


@pytest.fixture
def hook() -> Iterator[FakeServer]:
    with FakeServer(lambda _: Reply(200, {"ok": True})) as server:
        yield server


def texts(server: FakeServer) -> list[str]:
    return [r.json()["text"] for r in server.requests_to("/hook", "POST")]


def test_an_export_is_told_to_the_webhooks(
    hook: FakeServer, store: Store, frozen_now: Callable[[], datetime], tmp_path: Path
) -> None:
    config = Config(notify=NotifyConfig(webhooks=(hook.base + "/hook",)))
    desk = Desk(config, store, user="alice", now=frozen_now)
    draft = desk.drafts.new(title="Black <Friday> & pasta", text="Una pasta per ogni piatto.")
    for item in MANUAL:
        desk.checklist.tick(draft.id, item)
    Desk(config, store, user="bob", now=frozen_now).checklist.tick(draft.id, "second_eyes")
    desk.exports.export(draft.id, "txt", out=tmp_path / "post.txt")
    wait_for(lambda: len(texts(hook)) == 1)
    assert texts(hook) == [
        f"[rtc] Exported · draft #{draft.id} · by alice: Black &lt;Friday&gt; &amp; pasta (txt)"
    ]
    # The server has the request before the sender has its answer: wait for the answer.
    wait_for(lambda: desk.notify_status() == "")
    desk.notifier.close()


def test_a_refused_export_tells_nobody(
    hook: FakeServer, store: Store, frozen_now: Callable[[], datetime]
) -> None:
    config = Config(notify=NotifyConfig(webhooks=(hook.base + "/hook",)))
    desk = Desk(config, store, user="alice", now=frozen_now)
    draft = desk.drafts.new(title="Not ready", text="Nothing ticked yet.")
    with pytest.raises(Exception, match="export refused"):
        desk.exports.export(draft.id, "txt")
    desk.notifier.close()
    assert texts(hook) == []


def test_new_stories_above_the_threshold_are_told_once_as_spikes(
    hook: FakeServer, feed_server: FeedServer, store: Store
) -> None:
    config = Config(
        sources=(
            SourceConfig("ANSA", "rss", feed_server.url("/feeds/rss2_ansa.xml"), lang="it"),
            SourceConfig("Hostile", "rss", feed_server.url("/feeds/hostile_ansi.xml")),
        ),
        notify=NotifyConfig(webhooks=(hook.base + "/hook",), spike_threshold=0.0),
    )
    desk = Desk(config, store, user="alice")
    report = desk.trending.refresh_now()
    assert len(report.new_ids) > 3
    wait_for(lambda: len(texts(hook)) == 3)  # the best three new stories, not a flood
    titles = {event.title for event in store.events.all()}
    for text in texts(hook):
        assert text.startswith("[rtc] Rising now: ")
        assert "\x1b" not in text
        assert "\u202e" not in text
        assert any(title.replace("&", "&amp;") in text for title in titles), text
    desk.trending.refresh_now()  # nothing new: nothing more to tell
    desk.notifier.close()
    assert len(texts(hook)) == 3


def test_stories_below_the_threshold_and_the_demo_tell_nobody(
    hook: FakeServer, feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    config = Config(
        sources=(SourceConfig("ANSA", "rss", feed_server.url("/feeds/rss2_ansa.xml")),),
        notify=NotifyConfig(webhooks=(hook.base + "/hook",), spike_threshold=1.0),
    )
    desk = Desk(config, store, user="alice")
    assert desk.trending.refresh_now().new_ids
    desk.notifier.close()
    demo = Desk(config, FileStore(tmp_path / "demo"), user="alice", demo=True)
    assert not demo.notifier.enabled  # the demo never posts invented events to the team
    assert texts(hook) == []
