"""The atomic-write helper: a crash mid-write leaves the old file or the new one, never half, and no litter."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from leasedesk.atomic import (
    STALE_TEMP_SECONDS,
    TEMP_MARK,
    TEMP_SUFFIX,
    ReadOnlyError,
    WriteError,
    check_writable_folder,
    write_atomically,
    write_bytes_atomically,
)


class Crash(Exception):
    pass


def test_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    write_bytes_atomically(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old content that is longer")
    write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new"


def test_write_callback_fills_the_file(tmp_path: Path) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(b"part 1, ")
        handle.write(b"part 2")

    write_atomically(tmp_path / "out.bin", write)
    assert (tmp_path / "out.bin").read_bytes() == b"part 1, part 2"


def test_crash_mid_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deal.leasedeal"
    target.write_bytes(b"the old, complete file")

    def write(handle: BinaryIO) -> None:
        handle.write(b"half of the new")
        raise Crash("power cut")

    with pytest.raises(Crash):
        write_atomically(target, write)
    assert target.read_bytes() == b"the old, complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.leasedeal"]


def test_crash_mid_write_of_a_new_file_leaves_nothing(tmp_path: Path) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(b"half")
        raise Crash("power cut")

    with pytest.raises(Crash):
        write_atomically(tmp_path / "new.xlsx", write)
    assert list(tmp_path.iterdir()) == []


def test_keyboard_interrupt_mid_write_also_cleans_up(tmp_path: Path) -> None:
    def write(handle: BinaryIO) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "new.bin", write)
    assert list(tmp_path.iterdir()) == []


def test_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_bytes_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_folder_is_a_write_error_naming_target_and_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.xlsx"
    with pytest.raises(WriteError) as caught:
        write_bytes_atomically(target, b"x")
    assert str(target) in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert isinstance(caught.value, OSError)


def test_target_that_is_a_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        check_writable_folder(tmp_path)
    (tmp_path / "d").mkdir()
    with pytest.raises(WriteError) as caught:
        check_writable_folder(tmp_path / "d")
    assert "folder" in str(caught.value)


def test_parent_that_is_a_file_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(WriteError) as caught:
        check_writable_folder(tmp_path / "file" / "out.xlsx")
    assert "not a folder" in str(caught.value)


def test_writable_folder_passes(tmp_path: Path) -> None:
    check_writable_folder(tmp_path / "out.xlsx")


# --- links, read-only files, temporary files left by killed writes -------------------------------------------------


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "deal.leasedeal"
    real.write_bytes(b"old")
    link = link_folder / "deal.leasedeal"
    link.symlink_to(real)
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() == b"new"
    assert [p.name for p in real_folder.iterdir()] == ["deal.leasedeal"]
    assert [p.name for p in link_folder.iterdir()] == ["deal.leasedeal"]


def test_a_link_to_a_file_not_there_yet_creates_that_file(tmp_path: Path) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "target.xlsx")
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and (tmp_path / "target.xlsx").read_bytes() == b"new"


def test_a_loop_of_links_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(WriteError) as caught:
        write_bytes_atomically(tmp_path / "a", b"new")
    assert str(tmp_path / "a") in str(caught.value)
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_a_read_only_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "deal.leasedeal"
    target.write_bytes(b"old")
    os.chmod(target, 0o444)
    with pytest.raises(ReadOnlyError) as caught:
        write_bytes_atomically(target, b"new")
    assert str(caught.value) == f"{target}: the file is read-only"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.leasedeal"]


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_temporary_files_of_killed_writes_are_removed_by_the_next_write(tmp_path: Path) -> None:
    write_bytes_atomically(tmp_path / "deal.leasedeal", b"first")  # names its temporary file as any write does
    killed_save = tmp_path / f".deal.leasedeal{TEMP_MARK}abc123{TEMP_SUFFIX}"
    killed_export = tmp_path / f".deal.xlsx{TEMP_MARK}def456{TEMP_SUFFIX}"
    just_started = tmp_path / f".deal.leasedeal{TEMP_MARK}ghi789{TEMP_SUFFIX}"
    being_written = tmp_path / f".deal.xlsx{TEMP_MARK}jkl012{TEMP_SUFFIX}"
    not_ours = tmp_path / ".deal.leasedeal.xyz.tmp"
    for path in (killed_save, killed_export, just_started, being_written, not_ours):
        path.write_bytes(b"half")
    for path in (killed_save, killed_export, being_written, not_ours):
        _age(path, 2 * STALE_TEMP_SECONDS)
    with being_written.open("rb") as writer:  # another writer, still at work, holds its lock
        fcntl = pytest.importorskip("fcntl")
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        write_bytes_atomically(tmp_path / "deal.leasedeal", b"second")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["deal.leasedeal", just_started.name, being_written.name, not_ours.name]
    )
    assert (tmp_path / "deal.leasedeal").read_bytes() == b"second"


def test_the_temporary_file_is_named_with_the_mark(tmp_path: Path) -> None:
    seen: list[str] = []

    def write(handle: BinaryIO) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())
        handle.write(b"x")

    write_atomically(tmp_path / "out.xlsx", write)
    assert len(seen) == 1 and seen[0].startswith(f".out.xlsx{TEMP_MARK}") and seen[0].endswith(TEMP_SUFFIX)
