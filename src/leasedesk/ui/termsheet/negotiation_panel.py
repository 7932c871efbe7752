"""Negotiation rounds of the selected offer: record a round, view (as a term sheet) and restore one, counter."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.model import Deal, Offer
from leasedesk.core.negotiation import changes_since_last_round
from leasedesk.ui.negotiate.round_sheet import differences_in_words, round_as_deal
from leasedesk.ui.offer_summary import OfferSheet


class NegotiationPanel(QWidget):
    record_requested = Signal(str, str)  # label, side
    restore_requested = Signal(int)  # revision index
    counter_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("negotiation_panel")
        self._offer: Offer | None = None
        self._deal: Deal | None = None
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText("Round label, e.g. Provider ask 2")
        self.side_combo = QComboBox(self)
        self.side_combo.addItem("Provider's terms", "provider")
        self.side_combo.addItem("Our terms (lessee)", "lessee")
        self.record_button = QPushButton("&Record round", self)
        self.record_button.setToolTip("Store the offer's current terms as a round, before you type the next counter.")
        self.record_button.clicked.connect(self._record)
        self.counter_button = QPushButton("Duplicate as &counter-offer", self)
        self.counter_button.setToolTip("A new offer with these terms that records which offer it counters.")
        self.counter_button.clicked.connect(self.counter_requested.emit)
        self.rounds = QListWidget(self)
        self.rounds.setObjectName("rounds_list")
        self.rounds.currentRowChanged.connect(self._show_round)
        self.restore_button = QPushButton("Res&tore this round", self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self.rounds.currentRow()))
        self.changes = QLabel(self)
        self.changes.setObjectName("changes_since_last_round")
        self.changes.setWordWrap(True)
        self.round_terms = OfferSheet(self)  # the round as a term sheet: labels, units, clauses in words
        self.round_terms.setObjectName("round_terms")
        self.round_terms.hide()

        record_row = QHBoxLayout()
        record_row.addWidget(self.label_edit, 2)
        record_row.addWidget(self.side_combo, 1)
        record_row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(record_row)
        layout.addWidget(self.changes)
        layout.addWidget(self.rounds)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.counter_button)
        layout.addLayout(buttons)
        layout.addWidget(self.round_terms)

    def set_offer(self, offer: Offer | None, deal: Deal | None = None, changed: list[str] | None = None) -> None:
        """Show the offer's rounds; ``deal``: the deal it is in (a viewed round reads as a term sheet
        under its assumptions); ``changed``: its terms that differ from the newest round, if the
        caller has them already. The list of rounds is rebuilt only when the rounds changed."""
        previous, self._offer, self._deal = self._offer, offer, deal
        same_rounds = (previous is not None and offer is not None and previous.id == offer.id
                       and previous.revisions is offer.revisions)
        if not same_rounds:
            self._show_rounds(offer)
        elif not self.round_terms.isHidden():
            self._show_round(self.rounds.currentRow())  # what the viewed round differs in, now
        self.setEnabled(offer is not None)
        if offer is None or not offer.revisions:
            self.changes.setText("No round recorded yet.")
            return
        if changed is None:
            changed = changes_since_last_round(offer)
        if changed:
            self.changes.setText("Changed since the last round: " + ", ".join(k.replace("_", " ") for k in changed))
        else:
            self.changes.setText("No change since the last round.")

    def _show_rounds(self, offer: Offer | None) -> None:
        self.rounds.blockSignals(True)
        self.rounds.clear()
        if offer is not None:
            for revision in offer.revisions:
                who = "provider" if revision.side == "provider" else "lessee"
                item = QListWidgetItem(f"{revision.label or 'Round'}  ({who}, {revision.time})")
                self.rounds.addItem(item)
        self.rounds.blockSignals(False)
        self.restore_button.setEnabled(False)
        self.round_terms.hide()
        self.label_edit.setText(f"Round {len(offer.revisions) + 1}" if offer is not None else "")

    def _record(self) -> None:
        self.record_requested.emit(self.label_edit.text().strip() or "Round", str(self.side_combo.currentData()))

    def _show_round(self, row: int) -> None:
        if self._offer is None or not 0 <= row < len(self._offer.revisions):
            self.restore_button.setEnabled(False)
            self.round_terms.hide()
            return
        revision = self._offer.revisions[row]
        earlier = round_as_deal(self._deal, self._offer, row) if self._deal is not None else None
        self.round_terms.show_offer(earlier, self._offer.id if earlier is not None else None)
        self.round_terms.heading.setText(f"{revision.label or 'Round'}: {self._offer.display_name}")
        self.round_terms.subheading.setText(differences_in_words(self._offer, row) if earlier is not None
                                            else "These terms no longer fit the deal's assumptions.")
        self.round_terms.show()
        self.restore_button.setEnabled(True)
