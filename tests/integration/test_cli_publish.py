"""``rtc publish`` and ``rtc results`` as real subprocesses against fake networks on 127.0.0.1.

The fakes (``tests/fakes``) implement the documented request and response shapes of Mastodon
and Bluesky and check what they receive (bearer token, idempotency key, record shape, facet
byte ranges), so these tests go through the real clients, the real queue file and the gate.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from rtc_tui.config import load_config
from rtc_tui.core.models import Event, Level, Sensitivity
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore
from tests.checklist_helpers import tick_manual
from tests.fakes.bluesky import FakeBluesky
from tests.fakes.mastodon import FakeMastodon, running_mastodon
from tests.fakes.server import FakeServer, Reply
from tests.integration.cli import rtc
from tests.integration.publish.support import BLUESKY_PASSWORD, MASTODON_TOKEN

TEXT = "Che finale 🎉🇮🇹 grazie @fan.bsky.social! #Sanremo2027"
ENV = {"RTC_TEST_MASTO": MASTODON_TOKEN, "RTC_TEST_BSKY": BLUESKY_PASSWORD}


@pytest.fixture
def mastodon() -> Iterator[tuple[FakeMastodon, FakeServer]]:
    with running_mastodon(MASTODON_TOKEN) as running:
        yield running


@pytest.fixture
def bluesky() -> Iterator[tuple[FakeBluesky, FakeServer]]:
    fake = FakeBluesky(
        handle="brand.bsky.social",
        password=BLUESKY_PASSWORD,
        known_handles={"fan.bsky.social": "did:plc:fan"},
    )
    with FakeServer(fake) as server:
        yield fake, server


@pytest.fixture
def hook() -> Iterator[FakeServer]:
    """A team webhook that takes everything."""
    with FakeServer(lambda _request: Reply(200, "ok")) as server:
        yield server


@pytest.fixture
def config(
    tmp_path: Path,
    mastodon: tuple[FakeMastodon, FakeServer],
    bluesky: tuple[FakeBluesky, FakeServer],
    hook: FakeServer,
) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        "sources: []\n"
        f"notify: {{webhooks: ['{hook.base}/hook']}}\n"
        "accounts:\n"
        f"  - {{name: masto, type: mastodon, url: '{mastodon[1].base}', handle: brand,"
        " token_env: RTC_TEST_MASTO}\n"
        f"  - {{name: bsky, type: bluesky, url: '{bluesky[1].base}',"
        " handle: brand.bsky.social, token_env: RTC_TEST_BSKY}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["RTC_DATA_DIR"])


def run(config: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = rtc("--config", str(config), *args, stdin=stdin, env=ENV)
    return result.returncode, result.stdout, result.stderr


def new_draft(config: Path, text: str = TEXT) -> int:
    code, out, err = run(
        config, "draft", "new", "--platform", "mastodon", "--platform", "bluesky", "-", stdin=text
    )
    assert code == 0, err
    return int(out.strip())


def desk_for(config: Path, data_dir: Path, user: str = "reviewer") -> Desk:
    return Desk(load_config(config, explicit=True), FileStore(data_dir), user=user)


def tick_everything(config: Path, data_dir: Path, draft_id: int) -> None:
    """Every manual item and the second pair of eyes, by "reviewer" (not the author)."""
    tick_manual(desk_for(config, data_dir), draft_id)


def posts(config: Path) -> list[dict[str, object]]:
    code, out, err = run(config, "publish", "--list", "--json")
    assert code == 0, err
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def test_an_unchecked_draft_is_refused_by_every_path(
    config: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    draft_id = new_draft(config)
    for extra in ([], ["--at", "+1h"]):
        code, _out, err = run(config, "publish", str(draft_id), "--account", "masto", *extra)
        assert code == 1
        assert f"publish refused: draft {draft_id} has" in err
        assert "Traceback" not in err
    assert mastodon[0].created_texts() == []
    assert posts(config) == []


def test_publish_now_posts_once_records_it_and_never_shows_the_token(
    config: Path,
    data_dir: Path,
    mastodon: tuple[FakeMastodon, FakeServer],
    bluesky: tuple[FakeBluesky, FakeServer],
    hook: FakeServer,
) -> None:
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    outputs = []
    for account in ("masto", "bsky"):
        code, out, err = run(config, "publish", str(draft_id), "--account", account)
        outputs += [out, err]
        assert code == 0, err
        assert "sent" in out
        assert "published on " + account in out
    assert mastodon[0].created_texts() == [TEXT]
    creates = mastodon[1].requests_to("/api/v1/statuses", "POST")
    assert creates[0].headers["idempotency-key"].startswith("rtc-")
    assert bluesky[0].problems == []
    assert len(bluesky[0].records) == 1
    record = next(iter(bluesky[0].records.values()))["value"]
    kinds = sorted(f["features"][0]["$type"] for f in record["facets"])
    assert kinds == ["app.bsky.richtext.facet#mention", "app.bsky.richtext.facet#tag"]
    draft = desk_for(config, data_dir).drafts.get(draft_id)
    assert [e.format for e in draft.exports] == ["mastodon", "bluesky"]
    assert draft.exports[0].target.startswith("https://masto.example/@brand/")
    published = [a for a in FileStore(data_dir).state.audit_log() if a["action"] == "published"]
    assert len(published) == 2
    assert published[0]["url"] == draft.exports[0].target
    assert published[0]["remote_id"] in published[0]["url"]
    assert published[1]["uri"].startswith("at://")
    # Publishing's records are links of the one audit chain, like every other decision.
    code, out, err = run(config, "audit", "--verify")
    assert code == 0, err
    assert out.startswith("audit log intact: ")
    listed = posts(config)
    assert {p["state"] for p in listed} == {"sent"}
    told = [r.json()["text"] for r in hook.requests_to("/hook")]
    assert sum("Published" in t for t in told) == 2
    assert any("masto: https://masto.example/@brand/" in t for t in told)
    # The token is nowhere: not in any output, the audit log or any file of the data dir.
    for secret in (MASTODON_TOKEN, BLUESKY_PASSWORD):
        assert all(secret not in text for text in outputs)
        for path in data_dir.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path


def test_a_scheduled_post_waits_is_sent_by_due_and_a_changed_draft_is_not(
    config: Path, data_dir: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    code, out, err = run(config, "publish", str(draft_id), "--account", "masto", "--at", "+1h")
    assert code == 0, err
    assert "queued" in out
    assert "due " in out
    code, out, _err = run(config, "publish", "--due")
    assert (code, out.strip()) == (0, "nothing due")
    assert mastodon[0].created_texts() == []
    # Moved to now by a person: sent by the next --due.
    post_id = str(posts(config)[0]["id"])
    desk = desk_for(config, data_dir)
    desk.store.posts.update(post_id, _due_now)
    code, out, err = run(config, "publish", "--due")
    assert code == 0, err + out
    assert mastodon[0].created_texts() == [TEXT]
    # Queued again, then the draft changes: --due refuses it and says why.
    run(config, "publish", str(draft_id), "--account", "masto", "--at", "+1h")
    second = next(p for p in posts(config) if p["state"] == "queued")
    desk.drafts.save(draft_id, text=TEXT + " Bis!")
    desk.store.posts.update(str(second["id"]), _due_now)
    code, out, _err = run(config, "publish", "--due")
    assert code == 1
    assert "skipped" in out
    assert "changed after approval" in out
    assert mastodon[0].created_texts() == [TEXT]


def test_a_blocking_story_holds_the_queue_until_a_person_releases_a_post(
    config: Path, data_dir: Path, mastodon: tuple[FakeMastodon, FakeServer], hook: FakeServer
) -> None:
    post_id, store = _due_while_a_tragedy_ranks(config, data_dir)
    code, out, _err = run(config, "publish", "--due")
    assert code == 1
    assert "held" in out
    assert "Strage" in out
    assert any("Queue held" in r.json()["text"] for r in hook.requests_to("/hook"))
    assert mastodon[0].created_texts() == []
    code, out, _err = run(config, "publish", "--due")
    assert mastodon[0].created_texts() == []
    # A person releases it: re-checked, then it goes with the next --due despite the story.
    code, out, err = run(config, "publish", "--release", post_id[:6])
    assert code == 0, err
    assert "queued" in out
    code, out, err = run(config, "publish", "--due")
    assert code == 0, err + out
    assert mastodon[0].created_texts() == [TEXT]
    actions = [a["action"] for a in store.state.audit_log()]
    assert "publish_held" in actions
    assert "publish_released" in actions


def test_cancel_and_delete_are_recorded(
    config: Path, data_dir: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    run(config, "publish", str(draft_id), "--account", "masto", "--at", "+2h")
    queued_id = str(posts(config)[0]["id"])
    code, out, err = run(config, "publish", "--cancel", queued_id)
    assert code == 0, err
    assert "cancelled" in out
    code, _out, err = run(config, "publish", "--cancel", queued_id)
    assert code == 1
    assert "only a queued or held post is cancelled" in err
    code, out, err = run(config, "publish", str(draft_id), "--account", "masto")
    assert code == 0, err
    sent_id = next(str(p["id"]) for p in posts(config) if p["state"] == "sent")
    code, out, err = run(config, "publish", "--delete", sent_id)
    assert code == 0, err
    assert "deleted" in out
    assert len(mastodon[0].deleted) == 1
    code, _out, err = run(config, "publish", "--delete", "nope")
    assert code == 2
    assert err.strip() == "rtc: no post with id nope"
    actions = [a["action"] for a in FileStore(data_dir).state.audit_log()]
    assert "publish_cancelled" in actions
    assert "publish_deleted" in actions


def test_results_read_counts_and_classify_replies(
    config: Path,
    data_dir: Path,
    mastodon: tuple[FakeMastodon, FakeServer],
    bluesky: tuple[FakeBluesky, FakeServer],
) -> None:
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    for account in ("masto", "bsky"):
        assert run(config, "publish", str(draft_id), "--account", account)[0] == 0
    status_id = next(iter(mastodon[0].statuses))
    mastodon[0].set_counts(status_id, favourites=12, reblogs=3, replies=2)
    mastodon[0].add_reply(status_id, "anna@m.example", "<p>Bellissimo, bravi!</p>", "it")
    mastodon[0].add_reply(status_id, "bob@m.example", "<p>Che schifo, vergognatevi</p>", "it")
    rkey = next(iter(bluesky[0].records))
    bluesky[0].add_reply(rkey, "carla.bsky.social", "What a lovely post!", ["en"])
    code, out, err = run(config, "results", "--refresh", "--json")
    assert code == 0, err
    reports = {r["post"]["account"]: r for r in json.loads(out)}
    masto = reports["masto"]
    assert masto["counts"][-1]["likes"] == 12
    assert masto["counts"][-1]["reposts"] == 3
    assert masto["sentiment"] == {"positive": 1, "neutral": 0, "negative": 1}
    assert reports["bsky"]["sentiment"]["positive"] == 1
    code, out, err = run(config, "results")
    assert code == 0, err
    assert "12 likes · 3 reposts" in out
    assert "negative @bob@m.example: Che schifo, vergognatevi" in out


def test_bad_input_is_one_line_exit_2(config: Path) -> None:
    draft_id = new_draft(config)
    cases = [
        (["publish", str(draft_id), "--account", "nobody"], "no account named 'nobody'"),
        (["publish", str(draft_id)], "give DRAFT_ID and --account NAME"),
        (["publish", "99", "--account", "masto"], "no draft with id 99"),
        (["publish", str(draft_id), "--account", "masto", "--at", "soon"], "not a time"),
    ]
    for args, message in cases:
        code, _out, err = run(config, *args)
        assert code == 2, (args, err)
        assert message in err
        assert "Traceback" not in err
    config.write_text(config.read_text() + "  - {name: x, type: twitter}\n", encoding="utf-8")
    code, _out, err = run(config, "publish", "--list")
    assert code == 2
    assert f"{config}:6: accounts[2].type: 'twitter' is not one of" in err


def _due_while_a_tragedy_ranks(config: Path, data_dir: Path) -> tuple[str, FileStore]:
    """A checked draft queued for later, made due now while a blocking story tops the ranking."""
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    run(config, "publish", str(draft_id), "--account", "masto", "--at", "+1h")
    post_id = str(posts(config)[0]["id"])
    store = FileStore(data_dir)
    store.events.merge(lambda current: [*current.values(), _tragedy()])
    store.posts.update(post_id, _due_now)
    return post_id, store


def _due_now(post: QueuedPost) -> QueuedPost:
    return msgspec.structs.replace(post, due_at=datetime.now(UTC))


def _tragedy() -> Event:
    now = datetime.now(UTC)
    return Event(
        id="tragedy",
        source="news",
        title="Strage in autostrada, dieci vittime",
        first_seen=now,
        last_seen=now,
        signal=1000.0,
        sensitivity=Sensitivity(Level.BLOCK, ("death_injury_military_conflict",), ("strage",)),
    )


def test_network_errors_keep_the_post_and_never_send_twice(
    config: Path, data_dir: Path, mastodon: tuple[FakeMastodon, FakeServer]
) -> None:
    draft_id = new_draft(config)
    tick_everything(config, data_dir, draft_id)
    # The answer is lost after the server made the status: the retry reuses the key.
    mastodon[1].fault("/api/v1/statuses", "drop_after", method="POST")
    code, out, _err = run(config, "publish", str(draft_id), "--account", "masto")
    assert mastodon[0].created_texts() == [TEXT]
    listed = posts(config)
    assert len(listed) == 1
    if code != 0:  # the transport gave up within the call: --due finishes it, same key
        assert "retry" in out
        desk = desk_for(config, data_dir)
        desk.store.posts.update(str(listed[0]["id"]), _retry_now)
        asyncio.run(desk.publishing.send_due())
    assert mastodon[0].created_texts() == [TEXT]
    keys = {r.headers["idempotency-key"] for r in mastodon[1].requests_to("/api/v1/statuses")}
    assert len(keys) == 1
    assert posts(config)[0]["state"] == "sent"


def _retry_now(post: QueuedPost) -> QueuedPost:
    return msgspec.structs.replace(post, retry_at=None)


def test_a_crisis_hold_reads_in_italian_everywhere(
    config: Path, data_dir: Path, mastodon: tuple[FakeMastodon, FakeServer], hook: FakeServer
) -> None:
    """The stored reason is one fixed wording; the send report, the list, the team's message and
    the audit log read it in Italian (a post held by an English desk too)."""
    italian = {"LANG": "it_IT.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

    def run_it(*args: str) -> tuple[int, str, str]:
        result = rtc("--config", str(config), *args, env={**ENV, **italian})
        return result.returncode, result.stdout, result.stderr

    post_id, store = _due_while_a_tragedy_ranks(config, data_dir)
    code, out, _err = run_it("publish", "--due")
    assert code == 1
    assert "pausa per crisi: 'Strage in autostrada, dieci vittime' (bloccante, posizione 1)" in out
    assert "crisis pause" not in out
    told = [r.json()["text"] for r in hook.requests_to("/hook")]
    assert any("1 post in coda sospeso: pausa per crisi: " in text for text in told), told
    stored = store.posts.get(post_id).hold_reason
    assert stored.startswith("crisis pause: 'Strage in autostrada")
    code, out, err = run_it("publish", "--list")
    assert code == 0, err
    assert " sospeso " in out
    assert "pausa per crisi: " in out
    code, out, err = run_it("audit")
    assert code == 0, err
    assert "pausa per crisi: " in out
    assert "crisis pause" not in out
