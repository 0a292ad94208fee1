"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` into a temp folder.

The binaries come from the distribution's packages (``/usr/lib/postgresql/<version>/bin``,
else ``PATH``). PostgreSQL refuses to run as root, so under root the cluster belongs to the
``postgres`` system user (made by Debian's package) and its processes run as that user. The
server listens on 127.0.0.1 only, on a free port, with no Unix socket, trusting local
connections (it lives only as long as the test session), and trades durability for speed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Self

SUPERUSER = "rtc_admin"
"""The cluster's superuser (trusted on loopback)."""

PASSWORD_USER = "rtc_password_user"
"""The one role that must log in with a password (create it to test credentials)."""


def find_bin(name: str) -> Path | None:
    """The newest installed PostgreSQL's ``name`` binary, else the one on ``PATH``."""
    base = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in base.glob("*/bin") if (p / name).exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1] / name
    found = shutil.which(name)
    return Path(found) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class _Owner:
    uid: int
    gid: int


def _owner() -> _Owner | None:
    """Who runs the server: ``None`` for ourselves, the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return _Owner(entry.pw_uid, entry.pw_gid)
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL")


class PgServer:
    """One PostgreSQL cluster, started on enter and stopped (and removed) on exit."""

    def __init__(self) -> None:
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise FileNotFoundError("initdb/pg_ctl not found: apt-get install postgresql")
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.owner = _owner()
        # Not under pytest's tmp folders: those are private to root, and the server's user
        # must be able to reach its own folder.
        self.root = Path(tempfile.mkdtemp(prefix="rtc-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A connection URL for ``dbname`` on this server."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        owner = self.owner
        return subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.root,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
            timeout=120,
            user=owner.uid if owner else None,
            group=owner.gid if owner else None,
            extra_groups=[] if owner else None,
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{what} failed: {result.stderr or result.stdout}\n{log}")

    def start(self) -> None:
        """Make the cluster and start the server (waits until it accepts connections)."""
        if self.owner is not None:
            os.chown(self.root, self.owner.uid, self.owner.gid)
        self._check(
            self._run(
                self.initdb,
                "-D",
                self.data,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ),
            "initdb",
        )
        # One role must give a password (the tests of a wrong one); everyone else is trusted.
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=''",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        self._check(
            self._run(self.pg_ctl, "-D", self.data, "-l", self.log, "-w", "-o", options, "start"),
            "pg_ctl start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is a crash, as far as clients can tell)."""
        self._run(self.pg_ctl, "-D", self.data, "-m", mode, "-w", "stop")

    def running(self) -> bool:
        """Whether the server accepts connections now."""
        import psycopg  # only the tests that stop the server ask

        try:
            psycopg.connect(self.url(), connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def restart(self) -> None:
        """Start the stopped server again on the same port."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._check(
            self._run(self.pg_ctl, "-D", self.data, "-l", self.log, "-w", "-o", options, "start"),
            "pg_ctl start",
        )

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
