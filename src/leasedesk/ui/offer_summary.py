"""The selected offer's terms, read-only, where the term-sheet editor will go.

Shows the terms as ``core.terms.term_rows`` words them, the exit clause and the notes,
as one rich-text table that wraps long values at any width.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from leasedesk.core.formatting import exit_clause_words
from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.core.terms.kinds import offer_kind_words
from leasedesk.core.terms.rows import term_rows
from leasedesk.ui import theme

NO_VALUE = "—"


def _label(parent: QWidget, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class OfferSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offer_summary")
        self.heading = _label(self)
        self.heading.setObjectName("summary_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = _label(self)
        self.table = _label(self, rich=True)
        self.table.setObjectName("summary_terms")
        self.notes = _label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.table)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        self.values: dict[str, str] = {}
        self._shown: tuple[Deal | None, str | None] = (None, None)
        self.show_offer(None, None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.show_offer(*self._shown)  # the labels' muted colour follows light / dark

    def show_offer(self, deal: Deal | None, offer_id: str | None) -> None:
        self._shown = (deal, offer_id)
        self.values = {}
        if deal is None or offer_id is None or offer_id not in {o.id for o in deal.offers}:
            self.heading.setText("No offer selected")
            self.subheading.setText("Select an offer in the list, or add a lease or a self-build plan.")
            self.table.clear()
            self.notes.hide()
            return
        offer = deal.offer(offer_id)
        baseline = " · baseline" if deal.resolved_baseline() == offer.id else ""
        counter = f" · counter to {offer.counter_of}" if offer.counter_of else ""
        rounds = f" · {len(offer.revisions)} earlier rounds" if offer.revisions else ""
        self.heading.setText(offer.display_name)
        self.subheading.setText(f"{offer_kind_words(offer)}{baseline}{counter}{rounds} · id {offer.id}")
        rows: list[tuple[str, str, str]] = []
        for row in term_rows(deal):
            text = row.values.get(offer.id, NO_VALUE)
            if text != NO_VALUE and row.key != "kind":
                rows.append((row.key, row.label, text))
        if isinstance(offer, LeaseOffer):
            rows.append(("exit_clause", "Exit clause", exit_clause_words(offer, deal.currency)))
        self.values = {key: text for key, _label_text, text in rows}
        muted = theme.muted_color(self.palette()).name()
        cells = "".join(
            f'<tr><td width="38%" style="padding: 0 10px 5px 0; color: {muted};">{html.escape(label)}</td>'
            f'<td width="62%" style="padding-bottom: 5px;">{html.escape(text)}</td></tr>'
            for _key, label, text in rows
        )
        self.table.setText(f'<table width="100%" cellspacing="0" cellpadding="0">{cells}</table>')
        self.notes.setText(offer.notes)
        self.notes.setVisible(bool(offer.notes))
