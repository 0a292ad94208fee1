"""The Mastodon client against a fake instance on 127.0.0.1: post, retry, undo, results, faults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from rtc_tui.core.publish.results import Published
from rtc_tui.publish.clients import client_for
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.mastodon import MastodonClient
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.server import FakeServer
from tests.integration.publish.support import (
    MASTODON_TOKEN,
    NOW,
    Sleeps,
    mastodon_account,
    queued,
)

ENV = {"RTC_TEST_MASTO": MASTODON_TOKEN}


@pytest.fixture
def fake() -> FakeMastodon:
    return FakeMastodon(token=MASTODON_TOKEN)


@pytest.fixture
def server(fake: FakeMastodon) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running


@pytest.fixture
def client(server: FakeServer, http: httpx.AsyncClient, sleeps: Sleeps) -> MastodonClient:
    made = client_for(
        mastodon_account(server.base), http, environ=ENV, sleep=sleeps, timeout=1.0, now=lambda: NOW
    )
    assert isinstance(made, MastodonClient)
    return made


async def test_post_sends_the_documented_request_and_says_where_the_post_lives(
    client: MastodonClient, server: FakeServer, fake: FakeMastodon
) -> None:
    post = queued("mastodon", "Buon Natale da tutti noi! 🎄 https://example.com/auguri")
    published = await client.post(post)
    (request,) = server.requests_to("/api/v1/statuses", "POST")
    assert request.headers["authorization"] == f"Bearer {MASTODON_TOKEN}"
    assert request.headers["idempotency-key"] == post.idempotency_key
    assert request.json() == {"status": post.text, "visibility": "public", "language": "it"}
    assert fake.created_texts() == [post.text]
    assert published.url == f"https://masto.example/@brand/{published.remote_id}"
    assert published.uri.endswith(f"/statuses/{published.remote_id}")


async def test_a_dropped_answer_is_retried_with_the_same_key_and_posts_once(
    client: MastodonClient, server: FakeServer, fake: FakeMastodon
) -> None:
    server.fault("/api/v1/statuses", "drop_after", method="POST")
    post = queued("mastodon", "Una volta sola")
    published = await client.post(post)
    attempts = server.requests_to("/api/v1/statuses", "POST")
    assert len(attempts) == 2
    assert {r.headers["idempotency-key"] for r in attempts} == {post.idempotency_key}
    assert fake.created_texts() == ["Una volta sola"]
    # A later retry of the same queued post (cron, after a crash) returns the same status.
    again = await client.post(post)
    assert again == published
    assert fake.created_texts() == ["Una volta sola"]


async def test_a_hanging_server_times_out_and_the_replay_is_still_single(
    client: MastodonClient, server: FakeServer, fake: FakeMastodon, sleeps: Sleeps
) -> None:
    server.fault("/api/v1/statuses", "hang", method="POST")
    await client.post(queued("mastodon", "Dopo un timeout"))
    assert len(server.requests_to("/api/v1/statuses", "POST")) == 2
    assert sleeps.waits == [0.5]
    assert fake.created_texts() == ["Dopo un timeout"]


async def test_503_is_retried_and_persistent_failure_says_the_outcome_is_unknown(
    client: MastodonClient, server: FakeServer, fake: FakeMastodon
) -> None:
    server.fault("/api/v1/statuses", "status", status=503, body={"error": "busy"})
    await client.post(queued("mastodon", "Riprova"))
    assert fake.created_texts() == ["Riprova"]
    for _ in range(3):
        server.fault("/api/v1/statuses", "drop_before", method="POST")
    with pytest.raises(PublishError) as caught:
        await client.post(queued("mastodon", "Mai arrivato", clock_id=8))
    assert caught.value.fault == "unavailable"
    assert caught.value.outcome_unknown
    assert caught.value.retryable
    assert str(caught.value).startswith("brand-masto: ")


async def test_a_rejected_token_says_so_and_is_not_retried(
    server: FakeServer, http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    client = client_for(
        mastodon_account(server.base), http, environ={"RTC_TEST_MASTO": "wrong"}, sleep=sleeps
    )
    with pytest.raises(PublishError, match="^token rejected for brand-masto$") as caught:
        await client.post(queued("mastodon", "Ciao"))
    assert caught.value.fault == "auth"
    assert not caught.value.retryable
    assert len(server.requests_to("/api/v1/statuses")) == 1


async def test_422_carries_the_servers_reason(client: MastodonClient) -> None:
    with pytest.raises(PublishError, match="Text character limit of 500 exceeded") as caught:
        await client.post(queued("mastodon", "x" * 501))
    assert caught.value.fault == "rejected"
    assert caught.value.status == 422


async def test_429_is_waited_out_when_short_and_reported_when_long(
    client: MastodonClient, server: FakeServer, fake: FakeMastodon, sleeps: Sleeps
) -> None:
    server.fault("/api/v1/statuses", "status", status=429, headers={"Retry-After": "2"})
    await client.post(queued("mastodon", "Dopo la pausa"))
    assert sleeps.waits == [2.0]
    reset = (NOW + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    server.fault(
        "/api/v1/statuses",
        "status",
        status=429,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
        body={"error": "Too many requests"},
    )
    with pytest.raises(PublishError, match="rate limited .* retry in 300 s") as caught:
        await client.post(queued("mastodon", "Troppo presto", clock_id=9))
    assert caught.value.retry_after == 300
    assert caught.value.fault == "rate_limited"
    assert fake.created_texts() == ["Dopo la pausa"]


async def test_delete_then_delete_again_is_not_found(
    client: MastodonClient, fake: FakeMastodon
) -> None:
    published = await client.post(queued("mastodon", "Oops"))
    await client.delete(published)
    assert fake.deleted == [published.remote_id]
    with pytest.raises(PublishError) as caught:
        await client.delete(published)
    assert caught.value.fault == "not_found"


async def test_counts_and_replies_come_back_as_plain_data(
    client: MastodonClient, fake: FakeMastodon
) -> None:
    published = await client.post(queued("mastodon", "Come vi sembra?"))
    fake.set_counts(published.remote_id, favourites=12, reblogs=3, replies=2)
    fake.add_reply(
        published.remote_id,
        "anna@mastodon.uno",
        '<p><span class="h-card"><a href="https://m/@brand">@<span>brand</span></a></span> '
        "Bellissimo!<br>Bravi &amp; grazie \x1b[31m</p>",
        "it",
    )
    fake.add_reply(published.remote_id, "bob", "<p>[bold]Delete this[/bold]</p>", "en")
    counts = await client.counts(published)
    assert (counts.likes, counts.reposts, counts.replies, counts.quotes) == (12, 3, 2, 0)
    assert counts.fetched_at == NOW
    replies = await client.replies(published)
    assert [(r.author, r.text, r.language) for r in replies] == [
        ("anna@mastodon.uno", "@brand Bellissimo! Bravi & grazie", "it"),
        ("bob", "[bold]Delete this[/bold]", "en"),
    ]
    assert replies[0].url.startswith("https://masto.example/@anna@mastodon.uno/")


async def test_the_instance_limit_is_read_from_its_configuration(
    client: MastodonClient, fake: FakeMastodon
) -> None:
    fake.max_characters = 1000
    assert await client.max_characters() == 1000


async def test_unknown_status_is_not_found(client: MastodonClient) -> None:
    with pytest.raises(PublishError) as caught:
        await client.counts(Published("999", "u", "l"))
    assert caught.value.fault == "not_found"
