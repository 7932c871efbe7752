"""What every page of the Negotiate view does: say what to compute, and show the answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QTableView, QVBoxLayout, QWidget

from leasedesk.core.model import Deal, Offer

Request = tuple[str, dict[str, Any]]  # a task of ``tasks.run_task`` and its parameters


class AnalysisPage(QWidget):
    """``request_changed()`` when the page's own choices change, so the view asks again."""

    request_changed = Signal()
    slot = ""
    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deal: Deal | None = None
        self.offer: Offer | None = None
        self.message = QLabel(self)
        self.message.setObjectName(f"{self.slot}_message")
        self.message.setWordWrap(True)

    def set_context(self, deal: Deal | None, offer: Offer | None) -> None:
        """The deal and the selected offer changed: update the choices (cheap; nothing computed)."""
        self.deal, self.offer = deal, offer

    def request(self) -> Request | None:
        """What to compute now; None when there is nothing to ask (the page says why)."""
        return None

    def show_result(self, data: dict[str, Any]) -> None:
        """The answer of the newest request (``{"error": text}`` when the core refused it)."""

    def clear(self) -> None:
        """Show no answer (another offer is selected, or none)."""
        self.show_result({"error": ""})

    def scroll_body(self, body: QLayout) -> None:
        """Lay the page out as ``body`` in a scroll area: charts and tables keep a readable height in a
        narrow window, and the page scrolls instead."""
        holder = QWidget(self)
        holder.setLayout(body)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def fit_height(table: QTableView) -> None:
    """A table as tall as its rows, so that the page scrolls rather than the table."""
    table.resizeRowsToContents()
    model = table.model()
    rows = sum(table.rowHeight(r) for r in range(model.rowCount() if model is not None else 0))
    table.setFixedHeight(rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2)
