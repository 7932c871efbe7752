"""The one atomic-write helper that the deal file and the workbook export share.

The new content goes to a temporary file in the target's folder, is flushed and
fsynced, then renamed over the target: a crash mid-save leaves the old file or
the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


class WriteError(OSError):
    """The target could not be written; the message names the file and the reason."""


def check_writable_folder(target: Path) -> None:
    """Raise WriteError, naming ``target``, when it cannot be written (also for a name too long
    for the system or a folder that cannot be entered)."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if not folder.exists():
            raise WriteError(f"{target}: the folder {folder} does not exist")
        if not folder.is_dir():
            raise WriteError(f"{target}: {folder} is not a folder")
        if target.is_dir():
            raise WriteError(f"{target}: is a folder")
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{target}: {error.strerror or error}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(f"{target}: the folder {folder} is not writable")


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``target``; on success it replaces ``target``."""
    target = Path(target)
    check_writable_folder(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_bytes_atomically(target: Path, content: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(content)


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Let ``write`` fill the file through a binary handle, then put it in place atomically."""
    with atomic_writer(target) as handle:
        write(handle)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
