"""The term-values page: what one step of each term is worth, with the note on exit terms."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from leasedesk.core.model import LeaseOffer
from leasedesk.ui.negotiate.page import AnalysisPage, Request
from leasedesk.ui.negotiate.term_values_model import TermValuesModel

NO_MARKET_NOTE = (
    "Exit terms: the horizon figures assume the full term, so a notice period or a lock-in moves only the "
    "minimum commitment here, and its fee equivalent is 0. The market view prices them: add a market to the "
    "deal's assumptions to see what they are worth."
)
MARKET_NOTE = (
    "\u201c= monthly fee (market)\u201d prices each step in the market view, where either side may exit "
    "when the market moves: the change of the monthly fee that is worth as much."
)
FEE_NOTE = "\u201c= monthly fee\u201d: the change of the monthly fee that moves the present value of cost as much."


class TermValuesPage(AnalysisPage):
    slot = "term_values"
    title = "Ter&m values"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TermValuesModel()
        self.table = QTableView(self)
        self.table.setObjectName("term_values_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._explain(current.row()))
        self.sentence = QLabel(self)
        self.sentence.setObjectName("term_value_sentence")
        self.sentence.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("term_values_note")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.note)

    def request(self) -> Request | None:
        if self.offer is None:
            self.model.clear()
            return None
        return "term_values", {"offer": self.offer.id}

    def show_result(self, data: dict[str, Any]) -> None:
        if "error" in data or self.offer is None or self.deal is None:
            self.model.clear()
            self.sentence.clear()
            self.note.hide()
            self.say(data.get("error", ""))
            return
        self.model.set_values(data, self.offer.kind, self.deal.currency)
        lease = isinstance(self.offer, LeaseOffer)
        notes = [FEE_NOTE, MARKET_NOTE if self.model.market else NO_MARKET_NOTE] if lease else []
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self._explain(self._exit_row())

    def _exit_row(self) -> int:
        """The row to explain first: our notice period when there is one, else the first."""
        rows = [i for i, step in enumerate(self.model.steps) if step["term"] == "lessee_exit.notice_days"]
        return rows[0] if rows else 0

    def _explain(self, row: int) -> None:
        text = self.model.sentence(row) if 0 <= row < self.model.rowCount() else ""
        self.sentence.setText(text + ("." if text else ""))
