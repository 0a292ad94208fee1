"""A hostile data dir, a full disk, a read-only disk, bad rows: nothing lost, nobody let in.

Each test reproduces one item of issue 18 with real files, real processes and, where the
machine allows it (root), a real 200 KB tmpfs and a real read-only bind mount. Where mounting
is impossible the same fault is injected at the ``os`` level in a real ``rtc`` subprocess,
and the test says so with a warning (never a silent skip).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtc_tui.core.models import Draft
from tests.integration.cli import rtc
from tests.integration.store_writer import seed_store, write_forever

INJECT = """
import errno, os, sys
code = getattr(errno, sys.argv[1])
real_open = os.open
def failing_write(fd, data):
    raise OSError(code, os.strerror(code))
def failing_open(path, flags, *args, **kwargs):
    if flags & os.O_CREAT:
        raise OSError(code, os.strerror(code), str(path))
    return real_open(path, flags, *args, **kwargs)
if code == errno.EROFS:
    os.open = failing_open
else:
    os.write = failing_write
from rtc_tui.cli import main
sys.exit(main(sys.argv[2:]))
"""
"""``rtc`` with every ``os.write`` failing (ENOSPC, EDQUOT) or every create failing (EROFS)."""


def rtc_with_fault(code: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``rtc ARGS`` in a subprocess whose ``os`` layer fails with ``errno.<code>``."""
    env = dict(os.environ, RTC_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-c", INJECT, code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=Path(__file__).parent,
    )


def new_draft(data_dir: Path, title: str) -> subprocess.CompletedProcess[str]:
    return rtc("draft", "new", "--title", title, env={"RTC_DATA_DIR": str(data_dir)}, stdin="")


def counter(data_dir: Path) -> int:
    document = json.loads((data_dir / "drafts.json").read_text(encoding="utf-8"))
    return int(document["counters"]["1"]["next_draft"])


def temp_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.endswith(".tmp"))


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def fill(path: Path) -> None:
    """Write zeros to ``path`` until the file system is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def mounted(*args: str, target: Path) -> Iterator[bool]:
    """``mount ARGS target``; yields whether it worked; unmounts afterwards."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, check=False)
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


# 1. A planted .bak link -------------------------------------------------------------------


def test_a_planted_bak_link_is_refused_and_the_victim_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "one").returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    victim.chmod(0o644)
    backup = data_dir / "drafts.json.bak"
    backup.unlink(missing_ok=True)
    backup.symlink_to(victim)
    before = (data_dir / "drafts.json").read_bytes()

    result = new_draft(data_dir, "two")

    assert_one_line_error(result, "drafts.json.bak", "symbolic link")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert oct(victim.stat().st_mode & 0o777) == oct(0o644)
    assert (data_dir / "drafts.json").read_bytes() == before


@pytest.mark.parametrize("name", ["drafts.json", "drafts.json.lock", "state.json"])
def test_any_linked_data_file_is_refused(tmp_path: Path, name: str) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "one").returncode == 0
    victim = tmp_path / "victim.json"
    victim.write_text("{}", encoding="utf-8")
    planted = data_dir / name
    if planted.exists():
        planted.unlink()
    planted.symlink_to(victim)

    result = rtc("drafts", env={"RTC_DATA_DIR": str(data_dir)})

    assert_one_line_error(result, name, "symbolic link")
    assert victim.read_text(encoding="utf-8") == "{}"


def test_a_data_file_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "one").returncode == 0
    if os.geteuid() != 0:
        pytest.fail("this test needs root to give a file to another user (chown)")
    os.chown(data_dir / "drafts.json", 65534, 65534)
    result = rtc("drafts", env={"RTC_DATA_DIR": str(data_dir)})
    assert_one_line_error(result, "drafts.json", "owned by another user")


# 2. A full disk, a read-only disk ---------------------------------------------------------


def test_a_full_disk_is_one_line_and_uses_up_no_id(tmp_path: Path) -> None:
    mount_point = tmp_path / "small"
    with mounted("-t", "tmpfs", "-o", "size=200k", "tmpfs", target=mount_point) as ok:
        data_dir = mount_point / "data"
        # One draft only: no .bak yet, so no old backup is freed to make room for the write.
        assert new_draft(data_dir, "one").returncode == 0
        before = (data_dir / "drafts.json").read_bytes()
        if ok:
            filler = mount_point / "filler"
            fill(filler)
            full = new_draft(data_dir, "two")
            filler.unlink()
        else:
            warnings.warn(
                "cannot mount a tmpfs here: ENOSPC injected at the os level instead",
                stacklevel=1,
            )
            full = rtc_with_fault("ENOSPC", "draft", "new", "--title", "two", data_dir=data_dir)

        assert_one_line_error(full, "drafts.json", "no space left")
        assert (data_dir / "drafts.json").read_bytes() == before
        assert counter(data_dir) == 2
        assert temp_files(data_dir) == []
        after = new_draft(data_dir, "two")
        assert after.returncode == 0, after.stderr
        assert after.stdout.strip() == "2", "no id was burnt by the failed write"


@pytest.mark.parametrize(
    ("code", "words"), [("ENOSPC", "no space left"), ("EDQUOT", "disk quota exceeded")]
)
def test_write_faults_injected_at_the_os_level(tmp_path: Path, code: str, words: str) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "one").returncode == 0
    before = (data_dir / "drafts.json").read_bytes()
    result = rtc_with_fault(code, "draft", "new", "--title", "two", data_dir=data_dir)
    assert_one_line_error(result, "drafts.json", words)
    assert (data_dir / "drafts.json").read_bytes() == before
    assert temp_files(data_dir) == []
    assert new_draft(data_dir, "two").stdout.strip() == "2"


def test_a_read_only_disk_is_one_line_for_writes_and_new_data_dirs(tmp_path: Path) -> None:
    source = tmp_path / "rw"
    data_dir = source / "data"
    assert new_draft(data_dir, "one").returncode == 0
    before = (data_dir / "drafts.json").read_bytes()
    view = tmp_path / "ro"
    with mounted("--bind", str(source), target=view) as bound:
        remounted = bound and (
            subprocess.run(
                ["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, check=False
            ).returncode
            == 0
        )
        if remounted:
            write = new_draft(view / "data", "two")
            fresh = new_draft(view / "new-data", "first")
            read = rtc("drafts", env={"RTC_DATA_DIR": str(view / "data")})
            assert read.returncode == 0, read.stderr
            assert "one" in read.stdout
        else:
            warnings.warn(
                "cannot bind-mount read-only here: EROFS injected at the os level instead",
                stacklevel=1,
            )
            write = rtc_with_fault("EROFS", "draft", "new", "--title", "two", data_dir=data_dir)
            fresh = rtc_with_fault(
                "EROFS", "draft", "new", "--title", "x", data_dir=tmp_path / "new-data"
            )
    assert_one_line_error(write, "read-only")
    assert_one_line_error(fresh, "new-data", "read-only")
    assert (data_dir / "drafts.json").read_bytes() == before
    assert new_draft(data_dir, "two").stdout.strip() == "2"


def test_a_read_only_disk_injected_at_the_os_level(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "one").returncode == 0
    (data_dir / "drafts.json.lock").unlink()
    before = (data_dir / "drafts.json").read_bytes()
    result = rtc_with_fault("EROFS", "draft", "new", "--title", "two", data_dir=data_dir)
    assert_one_line_error(result, "drafts.json.lock", "read-only")
    assert (data_dir / "drafts.json").read_bytes() == before


# 2. Rows of the wrong shape ---------------------------------------------------------------

VALID_DRAFT = {
    "id": 1,
    "title": "ok",
    "created_at": "2026-11-26T09:00:00+00:00",
    "updated_at": "2026-11-26T09:00:00+00:00",
}


@pytest.mark.parametrize(
    ("table", "key", "row", "words"),
    [
        ("drafts", "2", ["not", "an", "object"], "not an object"),
        ("drafts", "2", {"title": "no id"}, "missing required field `id`"),
        ("drafts", "2", {**VALID_DRAFT, "id": 2, "status": "published!"}, "at `$.status`"),
        ("drafts", "2", {**VALID_DRAFT, "id": 2, "title": 42}, "at `$.title`"),
        ("drafts", "2", {**VALID_DRAFT, "id": 2, "created_at": "yesterday"}, "$.created_at"),
        ("counters", "1", {"next_draft": "three"}, "next_draft"),
        ("counters", "1", {"next_draft": 2.5}, "next_draft"),
    ],
)
def test_a_row_of_the_wrong_shape_is_named_and_the_file_kept(
    tmp_path: Path, table: str, key: str, row: object, words: str
) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "ok").returncode == 0
    path = data_dir / "drafts.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document.setdefault(table, {})[key] = row
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    env = {"RTC_DATA_DIR": str(data_dir)}

    for result in (new_draft(data_dir, "new"), rtc("drafts", env=env)):
        assert_one_line_error(result, str(path), f"table {table}, row {key}", words)
    assert path.read_bytes() == before

    listed = rtc("doctor", env=env)
    assert listed.returncode == 1
    assert f"table {table}, row {key}" in listed.stdout
    assert path.read_bytes() == before

    fixed = rtc("doctor", "--fix", env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    quarantine = json.loads((data_dir / "drafts.json.quarantine.json").read_text("utf-8"))
    assert [entry["row"] for entry in quarantine[table].values()] == [row]
    backups = list(data_dir.glob("drafts.json.doctor-*.bak"))
    assert [b.read_bytes() for b in backups] == [before]
    assert rtc("doctor", env=env).returncode == 0
    again = new_draft(data_dir, "after the fix")
    assert again.returncode == 0, again.stderr
    assert int(again.stdout) >= 2, "an id is never reused after the counter was moved aside"


def test_a_newer_schema_is_read_with_a_warning_and_never_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert new_draft(data_dir, "ok").returncode == 0
    path = data_dir / "drafts.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["_meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    env = {"RTC_DATA_DIR": str(data_dir)}
    read = rtc("drafts", env=env)
    assert read.returncode == 0
    assert "ok" in read.stdout
    assert "warning" in read.stderr
    assert "newer rtc (schema 99" in read.stderr
    write = new_draft(data_dir, "new")
    assert write.returncode == 2
    assert "refusing to write" in write.stderr
    assert "Traceback" not in write.stderr
    assert path.read_bytes() == before


# 3. Crash leftovers -----------------------------------------------------------------------


def test_fifty_kills_leave_no_temp_files_after_the_next_write(tmp_path: Path) -> None:
    """50 writers SIGKILLed at random moments; the next write cleans up; the .bak parses."""
    data_dir = tmp_path / "data"
    store = seed_store(data_dir)
    rng = random.Random(18)
    interrupted = 0
    for _ in range(50):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_end)
            write_forever(data_dir, write_end)
        os.close(write_end)
        assert os.read(read_end, 1) == b".", "the writer wrote once before being killed"
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
        interrupted += bool(temp_files(data_dir))
    leftovers = temp_files(data_dir)
    print(f"kills that left temp files: {interrupted}/50; left now: {len(leftovers)}")
    store.state.set("after", "the kills")
    store.drafts.create(lambda new_id: Draft(id=new_id, title="last"))
    assert interrupted > 0, "some kills landed mid-write (else this test proves nothing)"
    assert temp_files(data_dir) == []
    for name in ("drafts.json", "drafts.json.bak", "state.json", "state.json.bak"):
        json.loads((data_dir / name).read_text(encoding="utf-8"))
    assert store.drafts.all()[0].title == "last"


# 5. Permissions ---------------------------------------------------------------------------


def test_data_dir_and_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "private"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    assert new_draft(data_dir, "one").returncode == 0
    assert new_draft(data_dir, "two").returncode == 0
    assert oct(data_dir.stat().st_mode & 0o7777) == oct(0o700)
    for path in data_dir.iterdir():
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), path.name
