"""Fixtures every test shares: no developer's files leak in, the clock can be frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import Store

FROZEN_NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
"""The instant frozen-clock tests run at (a Thursday: US Thanksgiving 2026)."""


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every data and config location at the test's own temporary folder."""
    monkeypatch.setenv("RTC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("RTC_WEBHOOK_URL", raising=False)


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""The only hosts a test may talk to (the local fixture servers)."""


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any HTTP request to a host other than 127.0.0.1, whatever the code under test.

    The default config names real sources (Google Trends, Mastodon, ...) and the app refreshes
    on start, so without this a UI test on the default config would reach the internet.
    """
    async_send = httpx.AsyncHTTPTransport.handle_async_request
    sync_send = httpx.HTTPTransport.handle_request

    def check(request: httpx.Request) -> None:
        if request.url.host not in LOOPBACK_HOSTS:
            raise httpx.ConnectError(f"tests may not reach {request.url.host}", request=request)

    async def guarded_async(
        self: httpx.AsyncHTTPTransport, request: httpx.Request
    ) -> httpx.Response:
        check(request)
        return await async_send(self, request)

    def guarded_sync(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        check(request)
        return sync_send(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", guarded_async)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded_sync)


@pytest.fixture
def frozen_now() -> Callable[[], datetime]:
    """A clock stuck at :data:`FROZEN_NOW`."""
    return lambda: FROZEN_NOW


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in the test's folder."""
    return Store(tmp_path / "store")


@pytest.fixture
def desk(store: Store, frozen_now: Callable[[], datetime]) -> Desk:
    """A desk on an empty store, default config, frozen clock, user ``alice``."""
    return Desk(Config(), store, user="alice", now=frozen_now)
