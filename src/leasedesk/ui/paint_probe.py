"""Notices when widgets have really been painted: for start-up work after the first frame, and the smoke test."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class PaintProbe(QObject):
    """Counts paint events of the watched widgets and emits ``painted(widget)`` for each."""

    painted = Signal(QWidget)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[int, int] = {}
        self._widgets: dict[int, QWidget] = {}

    def watch(self, widget: QWidget) -> None:
        key = id(widget)
        if key not in self._widgets:
            self._widgets[key] = widget
            self._counts[key] = 0
            widget.installEventFilter(self)

    def paint_count(self, widget: QWidget) -> int:
        return self._counts.get(id(widget), 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            key = id(watched)
            if key in self._counts:
                self._counts[key] += 1
                self.painted.emit(self._widgets[key])
        return False
