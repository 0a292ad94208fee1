"""The Bluesky client against a fake PDS on 127.0.0.1: facets, never twice, undo, results."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from rtc_tui.core.publish.results import Published
from rtc_tui.publish.bluesky import BlueskyClient
from rtc_tui.publish.clients import client_for
from rtc_tui.publish.errors import PublishError
from tests.fakes.bluesky import FakeBluesky
from tests.fakes.server import FakeServer
from tests.integration.publish.support import BLUESKY_PASSWORD, NOW, Sleeps, bluesky_account, queued

ENV = {"RTC_TEST_BSKY": BLUESKY_PASSWORD}
CREATE = "/xrpc/com.atproto.repo.createRecord"
GET_RECORD = "/xrpc/com.atproto.repo.getRecord"


@pytest.fixture
def fake() -> FakeBluesky:
    return FakeBluesky(
        handle="brand.bsky.social",
        password=BLUESKY_PASSWORD,
        known_handles={"anna.bsky.social": "did:plc:anna"},
    )


@pytest.fixture
def server(fake: FakeBluesky) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running


@pytest.fixture
def client(server: FakeServer, http: httpx.AsyncClient, sleeps: Sleeps) -> BlueskyClient:
    made = client_for(
        bluesky_account(server.base), http, environ=ENV, sleep=sleeps, timeout=1.0, now=lambda: NOW
    )
    assert isinstance(made, BlueskyClient)
    return made


async def test_post_with_emoji_before_a_link_has_facets_on_byte_offsets(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky
) -> None:
    text = (
        "🎉🇮🇹 Grazie @anna.bsky.social e @ghost.bsky.social! https://example.com/festa #Natale2026"
    )
    post = queued("bluesky", text)
    published = await client.post(post)
    assert fake.problems == []
    (request,) = server.requests_to(CREATE)
    body = request.json()
    assert request.headers["authorization"].startswith("Bearer eyJ.access.")
    assert body["repo"] == fake.did
    assert body["collection"] == "app.bsky.feed.post"
    assert body["rkey"] == post.rkey
    record = body["record"]
    assert record["text"] == text
    assert record["createdAt"] == "2026-11-29T14:00:00.000Z"
    assert record["langs"] == ["it"]
    data = text.encode()
    pieces = {
        feature["$type"].rsplit("#", 1)[1]: data[f["index"]["byteStart"] : f["index"]["byteEnd"]]
        for f in record["facets"]
        for feature in f["features"]
    }
    # The unresolved @ghost is plain text; the others slice back to their own bytes.
    assert pieces == {
        "mention": b"@anna.bsky.social",
        "link": b"https://example.com/festa",
        "tag": b"#Natale2026",
    }
    assert published.remote_id == post.rkey
    assert published.uri == f"at://{fake.did}/app.bsky.feed.post/{post.rkey}"
    assert published.url == f"https://bsky.app/profile/brand.bsky.social/post/{post.rkey}"
    assert published.cid.startswith("bafyrei")


async def test_a_dropped_answer_is_found_under_its_record_key_not_posted_again(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky
) -> None:
    server.fault(CREATE, "drop_after")
    post = queued("bluesky", "Una volta sola")
    published = await client.post(post)
    assert len(server.requests_to(CREATE)) == 1
    assert len(server.requests_to(GET_RECORD)) == 1
    assert list(fake.records) == [post.rkey]
    assert published.remote_id == post.rkey
    # The same queued post sent again later (cron after a crash): the PDS refuses the key
    # (a 500, as the reference PDS does), the look-up finds the post, nothing is duplicated.
    again = await client.post(post)
    assert again == published
    assert fake.create_calls == 2
    assert list(fake.records) == [post.rkey]


async def test_a_502_may_hide_a_post_so_the_key_is_looked_up_before_a_retry(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky, sleeps: Sleeps
) -> None:
    server.fault(CREATE, "status", status=502, body={"error": "BadGateway"})
    post = queued("bluesky", "Riprova")
    await client.post(post)
    assert [r.path for r in server.requests if r.path in {CREATE, GET_RECORD}] == [
        CREATE,
        GET_RECORD,
        CREATE,
    ]
    assert sleeps.waits == [0.5]
    assert list(fake.records) == [post.rkey]


async def test_a_503_means_nothing_was_done_and_is_simply_retried(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky
) -> None:
    server.fault(CREATE, "status", status=503, body={"error": "Unavailable"})
    post = queued("bluesky", "Riprova")
    await client.post(post)
    assert len(server.requests_to(CREATE)) == 2
    assert server.requests_to(GET_RECORD) == []
    assert list(fake.records) == [post.rkey]


async def test_a_wrong_app_password_is_a_rejected_token(
    server: FakeServer, http: httpx.AsyncClient
) -> None:
    client = client_for(bluesky_account(server.base), http, environ={"RTC_TEST_BSKY": "nope"})
    with pytest.raises(PublishError, match="^token rejected for brand-bsky$") as caught:
        await client.post(queued("bluesky", "Ciao"))
    assert caught.value.fault == "auth"
    assert server.requests_to(CREATE) == []


async def test_an_expired_session_logs_in_again_once(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky
) -> None:
    first = await client.post(queued("bluesky", "Prima"))
    fake.expire_sessions()
    counts = await client.counts(first)
    assert counts.likes == 0
    assert len(server.requests_to("/xrpc/com.atproto.server.createSession")) == 2


async def test_429_with_a_far_reset_is_reported_and_nothing_is_posted(
    client: BlueskyClient, server: FakeServer, fake: FakeBluesky
) -> None:
    await client.session()
    reset = str(int(NOW.timestamp()) + 600)
    server.fault(CREATE, "status", status=429, headers={"RateLimit-Reset": reset})
    with pytest.raises(PublishError, match="rate limited") as caught:
        await client.post(queued("bluesky", "Calma"))
    assert caught.value.retry_after == 600
    assert fake.records == {}


async def test_too_long_is_refused_with_the_pds_reason(
    client: BlueskyClient, fake: FakeBluesky
) -> None:
    with pytest.raises(PublishError, match="longer than 300 graphemes") as caught:
        await client.post(queued("bluesky", "é" * 301))
    assert caught.value.fault == "rejected"
    assert fake.records == {}


async def test_delete_counts_and_replies(client: BlueskyClient, fake: FakeBluesky) -> None:
    post = queued("bluesky", "Come vi sembra?")
    published = await client.post(post)
    fake.counts[post.rkey] = {"likes": 40, "reposts": 5, "replies": 3, "quotes": 2}
    fake.add_reply(post.rkey, "anna.bsky.social", "Bellissimo! 😍", ["it"])
    fake.add_reply(post.rkey, "bob.bsky.social", "Read the room.\x1b]0;pwned\x07", ["en"])
    fake.add_reply(post.rkey, "carla.bsky.social", "Concordo", [], nested="Bellissimo! 😍")
    counts = await client.counts(published)
    assert (counts.likes, counts.reposts, counts.replies, counts.quotes) == (40, 5, 3, 2)
    replies = await client.replies(published)
    assert [(r.author, r.text, r.language) for r in replies] == [
        ("anna.bsky.social", "Bellissimo! 😍", "it"),
        ("bob.bsky.social", "Read the room.", "en"),
        ("carla.bsky.social", "Concordo", ""),
    ]
    assert replies[0].url.startswith("https://bsky.app/profile/anna.bsky.social/post/")
    await client.delete(published)
    assert fake.records == {}
    with pytest.raises(PublishError) as caught:
        await client.counts(published)
    assert caught.value.fault == "not_found"


async def test_a_record_key_holding_another_post_is_refused(
    client: BlueskyClient, fake: FakeBluesky
) -> None:
    post = queued("bluesky", "Originale")
    await client.post(post)
    clash = queued("bluesky", "Diverso")
    with pytest.raises(PublishError, match="already holds a different post"):
        await client.post(clash)
    assert fake.records[post.rkey]["value"]["text"] == "Originale"


async def test_replies_of_a_deleted_post_are_not_found(client: BlueskyClient) -> None:
    session = await client.session()
    gone = Published("3l25zusnsfck2", f"at://{session.did}/app.bsky.feed.post/3l25zusnsfck2", "")
    with pytest.raises(PublishError, match="NotFound"):
        await client.replies(gone)
