"""Autosave of the working state every minute and on every structural change, for crash recovery.

What is saved: the last valid deal, its file, and the raw text of fields that do not
validate yet (``files.recovery``). Each running LeaseDesk has its own autosave file and
holds a lock beside it for as long as it runs; a clean exit removes both. At start-up,
an autosave whose lock nobody holds any more was left by a session that crashed, and is
offered back; one whose owner still runs belongs to that other window and is left alone.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from leasedesk.core.model import Deal
from leasedesk.files.recovery import Recovery, RecoveryStore
from leasedesk.ui.document import DealDocument
from leasedesk.ui.settings import data_dir

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000
PREFIX, SUFFIX, LOCK_SUFFIX = "autosave-", ".leasedesk-recovery", ".lock"


def _lock_for(autosave: Path) -> QLockFile:
    return QLockFile(str(autosave.with_suffix(LOCK_SUFFIX)))


class Autosaver(QObject):
    """``failed(message)`` when the working state could not be autosaved (the work stays in memory)."""

    failed = Signal(str)

    def __init__(
        self,
        document: DealDocument,
        pending_text: Callable[[], dict[str, str]],
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = folder if folder is not None else data_dir()
        self.store = RecoveryStore(self.folder, f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}{SUFFIX}")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = _lock_for(self.store.path)
        if not self.lock.tryLock(0):
            log.warning("could not lock %s: another window may take this autosave for a crashed one", self.store.path)
        self._pending_text = pending_text
        self._shape: tuple[str, ...] | None = None
        self._last_saved: tuple[Deal | None, dict[str, str]] | None = None
        self._recovered: list[tuple[RecoveryStore, QLockFile]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.deal_changed.connect(self._deal_changed)

    def recovery(self) -> Recovery | None:
        """The newest autosave left by a session that did not exit cleanly (its lock is free), if any.

        The autosaves found are held (locked) until ``done_with_recovery``, so a second window
        starting meanwhile does not offer the same work again."""
        found: list[Recovery] = []
        for path in sorted(self.folder.glob(f"{PREFIX}*{SUFFIX}")):
            if path == self.store.path:
                continue
            lock = _lock_for(path)
            if not lock.tryLock(0):
                continue  # its window is still open
            store = RecoveryStore(self.folder, path.name)
            recovery = store.load()
            self._recovered.append((store, lock))
            if recovery is not None:
                found.append(recovery)
        return max(found, key=lambda r: r.saved_at, default=None)

    def done_with_recovery(self) -> None:
        """The person took the work back (now in this session's autosave) or declined it: the
        crashed sessions' autosaves go."""
        if self.document.is_modified:
            self.save_now()
        for store, lock in self._recovered:
            store.clear()
            lock.unlock()
        self._recovered = []

    def save_now(self) -> bool:
        """Put the working state in this session's autosave. True when it is there (or nothing needs
        saving); on any error the work stays in memory, the error is logged and ``failed`` emitted."""
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
        self.timer.stop()
        self.store.clear()
        self.lock.unlock()

    def _deal_changed(self, _comparison: object) -> None:
        deal = self.document.deal
        shape = tuple(o.id for o in deal.offers) if deal is not None else ()
        if self._shape is not None and shape != self._shape:
            self.save_now()  # a structural change: an offer added, removed or moved
        self._shape = shape
