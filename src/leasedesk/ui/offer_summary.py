"""The Overview tab of the term sheet: the selected offer's terms, read-only, in words.

Shows the terms as ``core.terms.rows`` words them, the exit clause and the notes, as one
rich-text table that wraps long values at any width. It follows the document and the
selection; the heading changes at once, the table when the tab is shown.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from leasedesk.core.formatting import exit_clause_words
from leasedesk.core.model import LeaseOffer
from leasedesk.core.terms.kinds import offer_kind_words
from leasedesk.core.terms.rows import NO_TERM as NO_VALUE
from leasedesk.core.terms.rows import TERM_ROWS, offer_term_words, row_context
from leasedesk.ui import theme
from leasedesk.ui.document import DealDocument
from leasedesk.ui.refresh import RefreshWhenShown
from leasedesk.ui.selection import OfferSelection


def _label(parent: QWidget, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class OfferSummary(QWidget):
    def __init__(self, document: DealDocument, selection: OfferSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offer_summary")
        self._document = document
        self._selection = selection
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
        self._values: dict[str, str] = {}
        self._terms = RefreshWhenShown(self, self._show_terms)
        document.deal_changed.connect(lambda _comparison: self.refresh())
        selection.changed.connect(lambda _offer_id: self.refresh())
        self.refresh()

    @property
    def values(self) -> dict[str, str]:
        """Row key -> the text shown (brought up to date if the tab is hidden)."""
        if self._terms.stale:
            self._show_terms()
        return self._values

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._terms.request()  # the labels' muted colour follows light / dark

    def refresh(self) -> None:
        """The heading now; the table of terms now if it shows, else once it is shown."""
        offer = self._selection.offer()
        deal = self._document.deal
        if deal is None or offer is None:
            _set_text(self.heading, "No offer selected")
            _set_text(self.subheading, "Select an offer in the list, or add a lease or a self-build plan.")
        else:
            baseline = " · baseline" if deal.resolved_baseline() == offer.id else ""
            counter = f" · counter to {offer.counter_of}" if offer.counter_of else ""
            rounds = f" · {len(offer.revisions)} earlier rounds" if offer.revisions else ""
            _set_text(self.heading, offer.display_name)
            _set_text(self.subheading, f"{offer_kind_words(offer)}{baseline}{counter}{rounds} · id {offer.id}")
        self._terms.request()

    def _show_terms(self) -> None:
        offer = self._selection.offer()
        deal = self._document.deal
        if deal is None or offer is None:
            self._values = {}
            self.table.clear()
            self.notes.hide()
            return
        words = offer_term_words(offer, row_context(deal))
        rows = [(key, label, words[key]) for key, label in TERM_ROWS if key != "kind" and words[key] != NO_VALUE]
        if isinstance(offer, LeaseOffer):
            rows.append(("exit_clause", "Exit clause", exit_clause_words(offer, deal.currency)))
        self._values = {key: text for key, _label_text, text in rows}
        muted = theme.muted_color(self.palette()).name()
        cells = "".join(
            f'<tr><td width="38%" style="padding: 0 10px 5px 0; color: {muted};">{html.escape(label)}</td>'
            f'<td width="62%" style="padding-bottom: 5px;">{html.escape(text)}</td></tr>'
            for _key, label, text in rows
        )
        _set_text(self.table, f'<table width="100%" cellspacing="0" cellpadding="0">{cells}</table>')
        _set_text(self.notes, offer.notes)
        self.notes.setVisible(bool(offer.notes))


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
