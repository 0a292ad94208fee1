"""PostgreSQL faults: a server that goes away, and credentials that are wrong.

The server is real (``pg_server``, the session's throwaway cluster); the tests that stop it
start it again, whatever happens. What the app shows meanwhile is proven in
``tests/ui/test_store_faults.py``.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from rtc_tui.config import Config
from rtc_tui.desk import Desk
from rtc_tui.store import StoreChange, StoreError, StoreUnreachableError
from rtc_tui.store.postgres import PgStore
from tests.integration.cli import rtc
from tests.pgserver import PASSWORD_USER, PgServer

WAIT = 30.0
"""Seconds a notification may take on a loaded machine (usually milliseconds)."""

PASSWORD = "wrong-battery-staple"
"""The wrong password every credential test gives (must never be printed)."""


@pytest.fixture
def pg(pg_url: str, tmp_path: Path) -> Iterator[PgStore]:
    store = PgStore(pg_url, data_dir=tmp_path / "local")
    yield store
    store.close()


@pytest.fixture
def password_role(pg_server: PgServer) -> Iterator[str]:
    """The role that must give a password (another test may have made it already)."""
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        made = admin.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_USER,)
        ).fetchone()
        if made is None:
            admin.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD 'right-horse'")
    yield PASSWORD_USER
    if made is None:
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute(f"DROP ROLE {PASSWORD_USER}")


def test_a_server_down_is_unreachable_and_a_refusal_is_not(
    pg: PgStore, pg_stoppable: PgServer
) -> None:
    with pytest.raises(StoreError) as refused, pg.db.transaction() as conn:
        conn.execute("SELECT no_such_column FROM rtc_stamps")
    assert not isinstance(refused.value, StoreUnreachableError), "the server answered: no"
    pg_stoppable.stop("fast")
    with pytest.raises(StoreUnreachableError, match="cannot connect|connection") as down:
        pg.state.set("during", 1)
    assert len(str(down.value).splitlines()) == 1
    pg_stoppable.restart()
    pg.state.set("after", 2)
    assert pg.state.get("after") == 2
    assert pg.state.get("during") is None


def test_the_feed_tells_when_its_connection_is_lost_and_back(
    pg: PgStore, pg_stoppable: PgServer
) -> None:
    changes: queue.Queue[StoreChange] = queue.Queue()
    links: queue.Queue[str | None] = queue.Queue()
    subscription = pg.changes.subscribe(changes.put, on_link=links.put)
    try:
        pg_stoppable.stop("fast")
        lost = links.get(timeout=WAIT)
        assert lost is not None
        assert "connection lost" in lost
        assert len(lost.splitlines()) == 1
        pg_stoppable.restart()
        assert links.get(timeout=WAIT) is None, "listening again"
        Desk(Config(), pg, user="alice").drafts.new(title="after the restart")
        change = changes.get(timeout=WAIT)
        while "drafts" not in change.tables:
            change = changes.get(timeout=WAIT)
    finally:
        subscription.close()


@pytest.mark.parametrize("where", ["--store", "RTC_STORE", "config"])
def test_the_app_with_a_wrong_password_says_one_line_and_exits_2(
    pg_server: PgServer, password_role: str, tmp_path: Path, where: str
) -> None:
    url = f"postgresql://{password_role}:{PASSWORD}@127.0.0.1:{pg_server.port}/postgres"
    args: list[str] = []
    env: dict[str, str] = {}
    if where == "--store":
        args = ["--store", url]
    elif where == "RTC_STORE":
        env = {"RTC_STORE": url}
    else:
        config = tmp_path / "config.yaml"
        config.write_text(f"store: {url}\nsources: []\n", encoding="utf-8")
        args = ["--config", str(config)]
    # No subcommand: the full-screen app, refused before it draws anything.
    result = rtc(*args, env=env)
    assert result.returncode == 2
    assert PASSWORD not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    if where == "config":
        # The config is told off for keeping a password in clear, then the one error line.
        warning = lines.pop(0)
        assert "holds a password in clear" in warning
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"rtc: postgresql://{password_role}:***@127.0.0.1:")
    assert "password authentication failed" in lines[0]
    assert "Traceback" not in result.stderr


def test_store_commands_with_a_wrong_password_never_print_it(
    pg_server: PgServer, password_role: str, tmp_path: Path
) -> None:
    url = f"postgresql://{password_role}:{PASSWORD}@127.0.0.1:{pg_server.port}/postgres"
    for args in (
        ["store", "migrate", "--store", url],
        ["store", "copy", "--from", str(tmp_path / "files"), "--to", url],
        ["--store", url, "draft", "new", "--title", "x"],
    ):
        result = rtc(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert PASSWORD not in result.stdout + result.stderr, args
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)


def test_a_bad_url_starts_no_app(tmp_path: Path) -> None:
    for url in (
        f"postgresql://editor:{PASSWORD}@127.0.0.1:notaport/desk",
        f"postgresql://editor:{PASSWORD}@127.0.0.1:9/desk",  # nothing listens there
    ):
        result = rtc("--store", url)
        assert result.returncode == 2
        assert PASSWORD not in result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "cannot connect" in result.stderr
