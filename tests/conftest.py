"""Fixtures every test shares: no developer's files leak in, the clock can be frozen."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import pytest

from rtc_tui import i18n
from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import FileStore, Store
from rtc_tui.store.postgres import PgStore
from rtc_tui.store.postgres.migrations import migrate
from tests.ci_guard import (  # noqa: F401  (hooks pytest finds by name here)
    in_ci,
    pytest_make_collect_report,
    pytest_runtest_makereport,
    pytest_sessionfinish,
)
from tests.pgserver import PgServer, find_bin

PG_TEMPLATE = "rtc_template"
"""The migrated database each PostgreSQL test's own database is copied from."""

FROZEN_NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
"""The instant frozen-clock tests run at (a Thursday: US Thanksgiving 2026)."""


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English whatever the developer's locale (tests of Italian set it)."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    i18n.setup("en")
    yield
    i18n.setup("en")


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


ISOLATED_FOLDERS = {
    "HOME": "home",
    "RTC_DATA_DIR": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_STATE_HOME": "xdg-state",
    "TMPDIR": "tmp",
}
"""Every variable naming a place the app (or a library) may write, and the sub-folder of the
test's ``tmp_path`` it points to."""

DEAD_PROXY = "http://127.0.0.1:9"
"""A loopback port nothing listens on: any request a subprocess makes past the local test
servers is refused at once, instead of reaching the internet."""

UNSET = ("NO_COLOR", "RTC_WEBHOOK_URL", "VISUAL", "EDITOR", "TMUX", "TMUX_PANE")
"""Developer settings that would change what a test sees (tests set them when they need)."""


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every data, config, cache and temporary location at the test's own folder.

    Set in the environment, so subprocesses (the CLI, the app in tmux) inherit it too; the
    in-process temporary folder follows ``TMPDIR`` as well. Tests in parallel workers share
    nothing on disk but what they name themselves.
    """
    for variable, folder in ISOLATED_FOLDERS.items():
        path = tmp_path / folder
        path.mkdir(exist_ok=True)
        monkeypatch.setenv(variable, str(path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / ISOLATED_FOLDERS["TMPDIR"]))
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(proxy, DEAD_PROXY)
        monkeypatch.setenv(proxy.lower(), DEAD_PROXY)
    monkeypatch.setenv("NO_PROXY", ",".join(sorted(LOOPBACK_HOSTS)))
    monkeypatch.setenv("no_proxy", ",".join(sorted(LOOPBACK_HOSTS)))
    for variable in UNSET:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def frozen_now() -> Callable[[], datetime]:
    """A clock stuck at :data:`FROZEN_NOW`."""
    return lambda: FROZEN_NOW


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    """An empty store in the test's folder."""
    return FileStore(tmp_path / "store")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server per test session (per xdist worker), started here.

    Skipped only where PostgreSQL is not installed and not in CI (where a skip fails the run:
    ``.ci/run`` installs it).
    """
    if find_bin("initdb") is None and not in_ci():
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with PgServer() as server:
        admin = psycopg.connect(server.url(), autocommit=True)
        admin.execute(f"CREATE DATABASE {PG_TEMPLATE}")
        admin.close()
        template = psycopg.connect(server.url(PG_TEMPLATE), autocommit=True)
        migrate(template)
        template.close()
        yield server


@pytest.fixture
def pg_stoppable(pg_server: PgServer) -> Iterator[PgServer]:
    """The session's server for a test that stops it: running again afterwards, whatever
    happened in the test (the next tests of this worker share it)."""
    yield pg_server
    if not pg_server.running():
        pg_server.restart()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, migrated database of its own for this test (a copy of the template)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
    return pg_server.url(name)


@pytest.fixture(params=["files", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend in turn: the same test proves both keep the contract."""
    if request.param == "files":
        yield FileStore(tmp_path / "store")
        return
    url: str = request.getfixturevalue("pg_url")
    store = PgStore(url, data_dir=tmp_path / "local")
    yield store
    store.close()


@pytest.fixture
def desk(store: FileStore, frozen_now: Callable[[], datetime]) -> Desk:
    """A desk on an empty store, default config, frozen clock, user ``alice``."""
    return Desk(Config(), store, user="alice", now=frozen_now)
