"""Autosave of the working state every minute and on every structural change, for crash recovery.

What is saved: the last valid deal, its file, and the raw text of fields that do not
validate yet (``files.recovery``). A clean exit removes the autosave; one found at
start-up means the last session ended without one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from leasedesk.core.model import Deal
from leasedesk.files.recovery import Recovery, RecoveryStore
from leasedesk.ui.document import DealDocument
from leasedesk.ui.settings import data_dir

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000


class Autosaver(QObject):
    def __init__(
        self,
        document: DealDocument,
        pending_text: Callable[[], dict[str, str]],
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.store = RecoveryStore(folder if folder is not None else data_dir())
        self._pending_text = pending_text
        self._shape: tuple[str, ...] | None = None
        self._last_saved: tuple[Deal | None, dict[str, str]] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.deal_changed.connect(self._deal_changed)

    def recovery(self) -> Recovery | None:
        """What a session that did not exit cleanly left behind, if anything."""
        return self.store.load()

    def save_now(self) -> None:
        deal = self.document.deal
        if deal is None:
            return
        pending = self._pending_text()
        if not self.document.is_modified and not pending:
            self.store.clear()  # the saved file holds it all; an older autosave would mislead
            self._last_saved = None
            return
        state = (deal, pending)
        if state == self._last_saved:
            return
        try:
            self.store.save(deal, self.document.path, pending)
            self._last_saved = state
        except OSError as error:
            log.warning("autosave failed: %s", error)

    def clean_exit(self) -> None:
        self.timer.stop()
        self.store.clear()

    def _deal_changed(self, _comparison: object) -> None:
        deal = self.document.deal
        shape = tuple(o.id for o in deal.offers) if deal is not None else ()
        if self._shape is not None and shape != self._shape:
            self.save_now()  # a structural change: an offer added, removed or moved
        self._shape = shape
