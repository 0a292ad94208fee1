"""Shared pieces of the publishing tests: accounts on the fakes, a recorded sleep, a post."""

from __future__ import annotations

from datetime import UTC, datetime

from rtc_tui.core.publish.queue import Network, QueuedPost, new_post
from rtc_tui.publish.accounts import AccountConfig

NOW = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)
MASTODON_TOKEN = "mastoTOKEN-5f1e9c0a7d3b42e8"
BLUESKY_PASSWORD = "bsky-app-pass-x7k2-q9w4"


class Sleeps:
    """An ``asyncio.sleep`` stand-in that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def mastodon_account(base: str) -> AccountConfig:
    return AccountConfig(
        name="brand-masto", type="mastodon", url=base, handle="brand", token_env="RTC_TEST_MASTO"
    )


def bluesky_account(base: str) -> AccountConfig:
    return AccountConfig(
        name="brand-bsky",
        type="bluesky",
        url=base,
        handle="brand.bsky.social",
        token_env="RTC_TEST_BSKY",
    )


def queued(network: Network, text: str, *, clock_id: int = 7, language: str = "it") -> QueuedPost:
    return new_post(
        draft_id=3,
        network=network,
        account="brand",
        text=text,
        content_hash="h",
        due_at=NOW,
        now=NOW,
        clock_id=clock_id,
        language=language,
    )
