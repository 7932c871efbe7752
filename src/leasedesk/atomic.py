"""The one atomic-write helper that the deal file and the workbook export share.

The new content goes to a temporary file in the target's folder, is flushed and
fsynced, then renamed over the target: a crash mid-save leaves the old file or
the new one, never half of either.

A symbolic link is written through: the file it points to is replaced, in that file's
folder, and the link stays. A read-only file is refused (``ReadOnlyError``), never
replaced. Temporary files carry ``TEMP_MARK`` in their name and are locked while being
written; those that a killed process left behind (older than ``STALE_TEMP_SECONDS``,
locked by nobody) are removed by the next write into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

TEMP_MARK = ".leasedesk-"  # temporary files are named ".<target name>.leasedesk-<random>.tmp"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60.0


class WriteError(OSError):
    """The target could not be written; the message names the file and the reason."""


class ReadOnlyError(WriteError):
    """The target exists and is read-only: it is left as it is (the person may save elsewhere)."""


def write_target(target: Path) -> Path:
    """The file a write to ``target`` replaces: ``target`` itself, or the file its symbolic link points to."""
    target = Path(target)
    try:
        if not target.is_symlink():
            return target
        return Path(os.path.realpath(target, strict=True))
    except FileNotFoundError:  # a link to a file not there yet: the write creates it
        return Path(os.path.realpath(target))
    except OSError as error:  # a loop of links, a name too long
        raise WriteError(f"{target}: {error.strerror or error}") from None


def check_not_read_only(target: Path) -> None:
    """Raise ReadOnlyError when ``target`` exists and may not be written (by permission or its mode:
    a file without any write permission counts as read-only even for an administrator)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # not there (yet): nothing to protect
    if not stat.S_ISREG(mode):
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise ReadOnlyError(f"{target}: the file is read-only")


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
    """Open a temporary file beside ``target`` (beside its link's target); on success it replaces that file."""
    target = write_target(Path(target))
    check_writable_folder(target)
    check_not_read_only(target)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(folder)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", suffix=TEMP_SUFFIX, dir=folder)
    temp = Path(temp_name)
    try:
        _lock_while_open(fd)
        with os.fdopen(fd, "w+b") as handle:  # readable too: a writer may check what it wrote
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


def remove_stale_temporaries(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temporary files that writes killed midway left in ``folder``: only files named with
    ``TEMP_MARK``, older than ``older_than`` seconds, and locked by no writer. Returns those removed."""
    removed: list[Path] = []
    now = time.time()
    for path in Path(folder).glob(f".*{glob.escape(TEMP_MARK)}*{TEMP_SUFFIX}"):
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than or _is_being_written(path):
                continue
            path.unlink()
        except OSError as error:
            log.debug("left the temporary file %s: %s", path, error)
            continue
        log.info("removed %s, left by a write that did not finish", path)
        removed.append(path)
    return removed


def _lock_while_open(fd: int) -> None:
    """Mark a temporary file as being written: the lock goes with the process (POSIX; elsewhere an
    open file cannot be deleted anyway)."""
    if os.name == "posix":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _is_being_written(path: Path) -> bool:
    if os.name != "posix":
        return False
    import fcntl

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return True
        raise
    finally:
        os.close(fd)
    return False


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
