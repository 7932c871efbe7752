"""The atomic-write helper: a crash mid-write leaves the old file or the new one, never half, and no litter."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from leasedesk.atomic import WriteError, check_writable_folder, write_atomically, write_bytes_atomically


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
