"""Two labels of the comparison's head: the deal's words cut to fit, and the headline sentence.

The headline is painted text rather than a word-wrapped QLabel, which relaid the whole window on every
keystroke; it asks for a layout only when its height changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """One line of text that ends in '…' when it does not fit; the whole text is its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class HeadlineText(QWidget):
    """Wrapped plain text that asks for a new layout only when its height changes.

    A QLabel asks the window to lay itself out again on every new text; the headline changes with
    every keystroke in a fee, and that relayout cost more than the rest of the edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        before = self.heightForWidth(self.width())
        self._text = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    _FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self._text:
            return 0
        rect = self.fontMetrics().boundingRect(QRect(0, 0, max(1, width), 100_000), self._FLAGS, self._text)
        return rect.height()

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 0 else self.fontMetrics().averageCharWidth() * 100
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """A line: the window may still be made small (the layout gives the whole height when it has room)."""
        return QSize(0, self.fontMetrics().lineSpacing() if self._text else 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), self._FLAGS, self._text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
