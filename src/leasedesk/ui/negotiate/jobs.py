"""Negotiation analyses off the window's thread: a worker process, polled with a timer.

A Python thread would share the interpreter lock with the window, so each analysis runs in a
process of its own interpreter (started with 'spawn', the same on every platform). The deal
goes there as its JSON data and the answer comes back as plain data. Each request has a slot
("bridge", "solve", ...); a new request in a slot makes the one before it stale: cancelled if
it has not started, its answer dropped if it has.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from leasedesk.ui.negotiate.tasks import run_task
from leasedesk.worker_process import watch_parent

log = logging.getLogger(__name__)
POLL_MS = 40


class AnalysisJobs(QObject):
    """``finished(slot, data)`` with the answer of the newest request of a slot, ``busy_changed(bool)``."""

    finished = Signal(str, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future[dict[str, Any]]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, slot: str, task: str, deal_data: dict[str, Any], params: dict[str, Any]) -> None:
        """Run ``task`` on the deal; the slot's earlier request, if any, is dropped."""
        was_busy = self.busy
        self.drop(slot, quiet=True)
        self._pending[slot] = self._executor().submit(run_task, task, deal_data, params)
        self._timer.start()
        if not was_busy:
            self.busy_changed.emit(True)

    def drop(self, slot: str, *, quiet: bool = False) -> None:
        """Forget the slot's request: it never reports (cancelled when it has not started)."""
        future = self._pending.pop(slot, None)
        if future is not None:
            future.cancel()
        if not quiet and future is not None and not self._pending:
            self._timer.stop()
            self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Stop the worker process (the window is closing, or a test ends)."""
        self._timer.stop()
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=watch_parent
            )
        return self._pool

    def _poll(self) -> None:
        done = [(slot, future) for slot, future in self._pending.items() if future.done()]
        for slot, _future in done:
            del self._pending[slot]
        if not self._pending:
            self._timer.stop()
            self.busy_changed.emit(False)
        for slot, future in done:
            try:
                data = future.result()
            except Exception as error:  # a broken worker or a bug: say so, keep the window alive
                log.exception("negotiation analysis %s failed", slot)
                data = {"error": f"the analysis failed: {error}"}
            self.finished.emit(slot, data)
