"""What every page of the Negotiate view does: say what to compute, and show the answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

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

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
