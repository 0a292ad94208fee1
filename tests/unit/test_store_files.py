"""The store's file layer: links never followed, stale temps cleaned, modes and groups kept."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rtc_tui.core.models import Draft
from rtc_tui.store import FileModes, FileStore, StoreError, fsio
from rtc_tui.store.fsio import (
    FileLock,
    backup_atomic,
    clean_stale_temps,
    create_complete,
    write_atomic,
)


def test_a_link_planted_at_the_backup_is_replaced_not_written_through(tmp_path: Path) -> None:
    """The rename path itself, below the refusal: even unchecked, the victim is untouched."""
    data = tmp_path / "drafts.json"
    write_atomic(data, b'{"old": {}}', FileModes())
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    (tmp_path / "drafts.json.bak").symlink_to(victim)

    backup_atomic(data, FileModes())
    write_atomic(data, b'{"new": {}}', FileModes())

    assert victim.read_bytes() == b"precious"
    backup = tmp_path / "drafts.json.bak"
    assert not backup.is_symlink()
    assert backup.read_bytes() == b'{"old": {}}'
    assert data.read_bytes() == b'{"new": {}}'


def test_a_link_planted_at_the_data_file_is_never_read_or_written(tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("{}", encoding="utf-8")
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "drafts.json").symlink_to(victim)
    store = FileStore(tmp_path / "store")
    with pytest.raises(StoreError, match="symbolic link"):
        store.drafts.all()
    with pytest.raises(StoreError, match="symbolic link"):
        store.drafts.create(lambda new_id: Draft(id=new_id, title="x"))
    assert victim.read_text(encoding="utf-8") == "{}"


def test_a_linked_lock_file_is_refused_even_by_the_lock_itself(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    lock_path = tmp_path / "drafts.json.lock"
    lock_path.symlink_to(victim)
    lock = FileLock(lock_path, 1.0, FileModes())
    with pytest.raises(StoreError, match="symbolic link"), lock.hold():
        pass
    assert victim.read_bytes() == b"precious"


def test_temps_of_dead_writers_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    data = tmp_path / "drafts.json"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(dead.stdout)
    stale = [
        tmp_path / f".drafts.json.{dead_pid}.abcd1234.tmp",
        tmp_path / f".drafts.json.bak.{dead_pid}.abcd1234.tmp",
        tmp_path / ".drafts.json.k3j4h5g6.tmp",  # an older rtc's name, without a pid
    ]
    live = tmp_path / ".drafts.json.1.abcd1234.tmp"  # pid 1 is always running
    other = tmp_path / ".events.json.99999999.abcd1234.tmp"
    for path in [*stale, live, other]:
        path.write_bytes(b"{")
    removed = clean_stale_temps(data)
    assert sorted(removed) == sorted(stale)
    assert live.exists()
    assert other.exists()


def test_the_next_write_cleans_what_a_crash_left(store: FileStore) -> None:
    store.drafts.create(lambda new_id: Draft(id=new_id, title="one"))
    crumb = store.data_dir / ".drafts.json.bak.0.deadbeef.tmp"
    crumb.write_bytes(b"{")
    store.drafts.create(lambda new_id: Draft(id=new_id, title="two"))
    assert not crumb.exists()


def test_default_modes_are_private(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store")
    store.drafts.create(lambda new_id: Draft(id=new_id, title="one"))
    store.drafts.create(lambda new_id: Draft(id=new_id, title="two"))
    assert stat.S_IMODE((tmp_path / "store").stat().st_mode) == 0o700
    for path in (tmp_path / "store").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_team_group_gets_a_setgid_folder_and_group_files(tmp_path: Path) -> None:
    gid = 100  # "users" on Debian; root may give files to any group
    modes = FileModes.for_group(gid)
    store = FileStore(tmp_path / "store", modes=modes)
    store.drafts.create(lambda new_id: Draft(id=new_id, title="one"))
    store.drafts.create(lambda new_id: Draft(id=new_id, title="two"))
    folder = (tmp_path / "store").stat()
    assert stat.S_IMODE(folder.st_mode) == 0o2770
    assert folder.st_gid == gid
    for path in (tmp_path / "store").iterdir():
        st = path.stat()
        assert (stat.S_IMODE(st.st_mode), st.st_gid) == (0o660, gid), path.name


def test_a_teammates_file_in_the_group_is_accepted(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("this test needs root to give a file to another user (chown)")
    modes = FileModes.for_group(100)
    store = FileStore(tmp_path / "store", modes=modes)
    store.drafts.create(lambda new_id: Draft(id=new_id, title="one"))
    os.chown(tmp_path / "store" / "drafts.json", 65534, 100)
    assert [d.title for d in store.drafts.all()] == ["one"]
    os.chown(tmp_path / "store" / "drafts.json", 65534, 65534)
    with pytest.raises(StoreError, match="owned by another user"):
        store.drafts.all()


def test_a_failed_transaction_writes_nothing(store: FileStore) -> None:
    store.drafts.create(lambda new_id: Draft(id=new_id, title="one"))
    path = store.data_dir / "drafts.json"
    before = path.read_bytes()

    def build(new_id: int) -> Draft:
        raise RuntimeError("the editor changed its mind")

    with pytest.raises(RuntimeError):
        store.drafts.create(build)
    assert path.read_bytes() == before
    assert json.loads(before)["counters"]["1"]["next_draft"] == 2


def test_a_created_file_appears_whole_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever sees the name (a script watching the exports) reads every byte, never a part."""
    folder = _exports(tmp_path)
    path = folder / "draft-1.md"
    seen_while_writing: list[bool] = []
    real_write_all = fsio._write_all

    def writing(fd: int, data: bytes) -> None:
        seen_while_writing.append(path.exists())
        real_write_all(fd, data)

    monkeypatch.setattr(fsio, "_write_all", writing)
    create_complete(path, b"Che finale, ragazzi!\n", FileModes())
    assert seen_while_writing == [False]
    assert path.read_text(encoding="utf-8") == "Che finale, ragazzi!\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_nlink == 1
    assert sorted(p.name for p in folder.iterdir()) == ["draft-1.md"]


def test_a_created_file_never_replaces_a_file_or_a_planted_link(tmp_path: Path) -> None:
    folder = _exports(tmp_path)
    taken = folder / "taken.md"
    taken.write_text("keep me", encoding="utf-8")
    victim = folder / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    planted = folder / "planted.md"
    planted.symlink_to(victim)
    for path in (taken, planted):
        with pytest.raises(FileExistsError):
            create_complete(path, b"new text", FileModes())
    assert taken.read_text(encoding="utf-8") == "keep me"
    assert victim.read_text(encoding="utf-8") == "precious"
    assert planted.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["planted.md", "taken.md", "victim.txt"]


def test_without_hard_links_the_file_is_created_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some mounts (FUSE, SMB, FAT) refuse ``link``: the file is still created, never replaced."""

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    folder = _exports(tmp_path)
    path = folder / "draft-1.md"
    create_complete(path, b"Che finale!", FileModes())
    assert path.read_bytes() == b"Che finale!"
    with pytest.raises(FileExistsError):
        create_complete(path, b"other", FileModes())
    assert path.read_bytes() == b"Che finale!"
    assert sorted(p.name for p in folder.iterdir()) == ["draft-1.md"]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio, "_write_all", full)
    folder = _exports(tmp_path)
    with pytest.raises(OSError, match="No space"):
        create_complete(folder / "draft-1.md", b"Che finale!", FileModes())
    assert list(folder.iterdir()) == []


def _exports(tmp_path: Path) -> Path:
    """A folder of its own (the test's home holds the config and cache folders too)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder
