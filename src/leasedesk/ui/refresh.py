"""Refreshing only when it shows: a rate limit that merges refreshes while a person types, and
a refresh that waits while its widget is hidden (a tab not in front) until it is shown."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class RateLimiter(QObject):
    """Runs ``action`` at most once per ``interval_ms``: a call after a quiet interval runs at once;
    calls arriving faster are merged into one run when the interval ends."""

    def __init__(self, action: Callable[[], None], interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._action = action
        self._interval = interval_ms / 1000
        self._last_run = float("-inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    def __call__(self) -> None:
        if self._timer.isActive():
            return  # the run already waiting will see the newest state
        wait = self._last_run + self._interval - time.monotonic()
        if wait <= 0:
            self._run()
        else:
            self._timer.start(max(1, round(wait * 1000)))

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a waiting call now."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def _run(self) -> None:
        self._last_run = time.monotonic()
        self._action()


class RefreshWhenShown(QObject):
    """Calls ``refresh`` now if ``widget`` is visible, else once it is next shown."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._stale = False
        widget.installEventFilter(self)

    @property
    def stale(self) -> bool:
        return self._stale

    def request(self) -> None:
        if self._widget.isVisible():
            self._stale = False
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False
