"""Autosave of the working state, for crash recovery: a moment after each edit, and every minute.

What is saved: the last valid deal, its file, and the raw text of fields that do not
validate yet (``files.recovery``). Each running LeaseDesk window has its own autosave
file and holds a lock beside it for as long as it runs; a clean exit removes both.

At start-up, an autosave whose lock nobody holds any more was left by a session that
crashed. Whether the owner still runs is asked of the lock itself: ``QLockFile`` also
holds an operating-system lock on the lock file, which dies with its process, and
``removeStaleLockFile`` succeeds only when no live process holds it. So a crashed
session is found even when its process id now belongs to another running program (Qt's
own check, by process id and name, takes such a program for the owner). Every crashed
session's work is offered; an autosave is deleted only once its work was taken back
(and is safe in this window's own autosave) or declined.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from leasedesk.core.model import Deal
from leasedesk.files.recovery import Recovery, RecoveryStore
from leasedesk.ui.document import DealDocument
from leasedesk.ui.settings import data_dir

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000  # a backstop: the autosave after each edit does the work
SETTLE_MS = 2_000  # an edit is saved this long after the typing stops
PREFIX, SUFFIX, LOCK_SUFFIX = "autosave-", ".leasedesk-recovery", ".lock"


def _lock_for(autosave: Path) -> QLockFile:
    return QLockFile(str(autosave.with_suffix(LOCK_SUFFIX)))


def _take_if_owner_gone(lock: QLockFile) -> bool:
    """Lock ``lock`` when the session that held it no longer runs; False while it does."""
    if lock.tryLock(0):
        return True
    if lock.error() != QLockFile.LockError.LockFailedError:
        return False
    # Qt saw a running process with the recorded id and name. Whether it is the owner, the
    # operating-system lock tells: removing succeeds only when no live process holds it.
    return lock.removeStaleLockFile() and lock.tryLock(0)


@dataclass(eq=False)
class CrashedSession:
    """The work of a session that did not exit cleanly, held (locked) until taken back or declined."""

    recovery: Recovery
    store: RecoveryStore
    lock: QLockFile


class Autosaver(QObject):
    """``failed(message)`` when the working state could not be autosaved (the work stays in memory)."""

    failed = Signal(str)

    def __init__(
        self,
        document: DealDocument,
        pending_text: Callable[[], dict[str, str]],
        folder: Path | None = None,
        parent: QObject | None = None,
        settle_ms: int = SETTLE_MS,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = folder if folder is not None else data_dir()
        self.store = RecoveryStore(self.folder, f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}{SUFFIX}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("no autosave folder %s: %s", self.folder, error)
        self.lock = _lock_for(self.store.path)
        if not self.lock.tryLock(0):
            log.warning("could not lock %s: another window may take this autosave for a crashed one", self.store.path)
        self._pending_text = pending_text
        self._shape: tuple[str, ...] | None = None
        self._last_saved: tuple[Deal | None, dict[str, str]] | None = None
        self._held: list[CrashedSession] = []
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        self.settle_timer = QTimer(self)
        self.settle_timer.setSingleShot(True)
        self.settle_timer.setInterval(settle_ms)
        self.settle_timer.timeout.connect(self.save_now)
        document.deal_changed.connect(self._deal_changed)

    # ----- the work of crashed sessions -----
    def crashed_sessions(self) -> list[CrashedSession]:
        """The work left by every session that did not exit cleanly, newest first.

        Each is held (locked) until ``recovered`` or ``declined``, so a second window starting
        meanwhile does not offer the same work again. Autosaves that cannot be read are set aside
        (kept under another name), and the locks of sessions that crashed before their first
        autosave are removed."""
        sessions: list[CrashedSession] = []
        for path in sorted(self.folder.glob(f"{PREFIX}*{SUFFIX}")):
            if path == self.store.path:
                continue
            lock = _lock_for(path)
            if not _take_if_owner_gone(lock):
                continue  # its window is still open
            store = RecoveryStore(self.folder, path.name)
            recovery = store.load()
            if recovery is None:
                store.set_aside()
                lock.unlock()
                continue
            session = CrashedSession(recovery, store, lock)
            sessions.append(session)
            self._held.append(session)
        self._remove_orphan_locks()
        return sorted(sessions, key=lambda s: s.recovery.saved_at, reverse=True)

    def recovered(self, session: CrashedSession) -> bool:
        """This window shows ``session``'s work: once it is in this window's own autosave, the crashed
        session's autosave goes. False (and the old autosave kept) when it could not be saved."""
        if not self.save_now():
            return False
        self._release(session, delete=True)
        return True

    def declined(self, session: CrashedSession) -> None:
        """The person does not want ``session``'s work back: its autosave goes."""
        self._release(session, delete=True)

    def _release(self, session: CrashedSession, delete: bool) -> None:
        if delete:
            session.store.clear()
        session.lock.unlock()
        if session in self._held:
            self._held.remove(session)

    def _remove_orphan_locks(self) -> None:
        """A session that crashed before its first autosave left only its lock: remove it."""
        for lock_path in self.folder.glob(f"{PREFIX}*{LOCK_SUFFIX}"):
            autosave = lock_path.with_suffix(SUFFIX)
            if autosave == self.store.path or autosave.exists():
                continue
            lock = QLockFile(str(lock_path))
            if _take_if_owner_gone(lock):
                lock.unlock()  # removes the lock file
                log.info("removed %s, left by a session that crashed before its first autosave", lock_path)

    # ----- this session's autosave -----
    def schedule(self, *_changed: object) -> None:
        """Something was typed or edited: save a moment after the typing stops (each change restarts the wait)."""
        self.settle_timer.start()

    def save_now(self) -> bool:
        """Put the working state in this session's autosave. True when it is there (or nothing needs
        saving); on any error the work stays in memory, the error is logged and ``failed`` emitted."""
        self.settle_timer.stop()
        deal = self.document.deal
        if deal is None:
            return True
        try:
            pending = self._pending_text()
            if not self.document.is_modified and not pending:
                self.store.clear()  # the saved file holds it all; an older autosave would mislead
                self._last_saved = None
                return True
            state = (deal, pending)
            if state == self._last_saved:
                return True
            self.store.save(deal, self.document.path, pending)
        except Exception as error:  # whatever goes wrong, the work stays in the window
            log.exception("autosave to %s failed", self.store.path)
            self.failed.emit(f"Autosave failed: {error}")
            return False
        self._last_saved = state
        return True

    def clean_exit(self) -> None:
        """The window closes cleanly: its autosave and lock go; crashed sessions still held are let go
        unharmed (offered again next time)."""
        self.timer.stop()
        self.settle_timer.stop()
        self.store.clear()
        self.lock.unlock()
        for session in list(self._held):
            self._release(session, delete=False)

    def _deal_changed(self, _comparison: object) -> None:
        deal = self.document.deal
        shape = tuple(o.id for o in deal.offers) if deal is not None else ()
        if self._shape is not None and shape != self._shape:
            self.save_now()  # a structural change: an offer added, removed or moved
        else:
            self.schedule()
        self._shape = shape
