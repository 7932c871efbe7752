"""The Overview tab of the term sheet: the selected offer's terms, read-only, in words.

Shows the terms as ``core.terms.rows`` words them, the exit clause and the notes, as one
rich-text table that wraps long values at any width. ``OfferSummary`` follows the document and
the selection; the heading changes at once, the table when the tab is shown. ``OfferSheet`` shows
what it is told (a recorded round as a term sheet on the Negotiation tab).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from leasedesk.core.formatting import exit_clause_words
from leasedesk.core.model import Deal, LeaseOffer, Offer
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


class OfferSheet(QWidget):
    """An offer's terms in words, shown as told: ``show_offer(deal, offer_id)`` (a recorded round, say)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self._shown: tuple[Deal | None, Offer | None] = (None, None)

    @property
    def values(self) -> dict[str, str]:
        """Row key -> the text shown."""
        return self._values

    def show_offer(self, deal: Deal | None, offer_id: str | None) -> None:
        """The heading and the terms of the deal's offer ``offer_id`` (none when it is not there), now."""
        offer = None if deal is None else next((o for o in deal.offers if o.id == offer_id), None)
        self._show_heading(deal, offer)
        self._show_terms(deal, offer)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()  # the labels' muted colour follows light / dark

    def _restyle(self) -> None:
        self._show_terms(*self._shown)

    def _show_heading(self, deal: Deal | None, offer: Offer | None) -> None:
        if deal is None or offer is None:
            _set_text(self.heading, "No offer selected")
            _set_text(self.subheading, "Select an offer in the list, or add a lease or a self-build plan.")
            return
        baseline = " · baseline" if deal.resolved_baseline() == offer.id else ""
        counter = f" · counter to {offer.counter_of}" if offer.counter_of else ""
        rounds = f" · {len(offer.revisions)} earlier rounds" if offer.revisions else ""
        _set_text(self.heading, offer.display_name)
        _set_text(self.subheading, f"{offer_kind_words(offer)}{baseline}{counter}{rounds} · id {offer.id}")

    def _show_terms(self, deal: Deal | None, offer: Offer | None) -> None:
        self._shown = (deal, offer)
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


class OfferSummary(OfferSheet):
    """The selected offer's sheet, following the document and the selection."""

    def __init__(self, document: DealDocument, selection: OfferSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offer_summary")
        self._document = document
        self._selection = selection
        self._terms = RefreshWhenShown(self, self._show_current_terms)
        document.deal_changed.connect(lambda _comparison: self.refresh())
        selection.changed.connect(lambda _offer_id: self.refresh())
        self.refresh()

    @property
    def values(self) -> dict[str, str]:
        """Row key -> the text shown (brought up to date if the tab is hidden)."""
        if self._terms.stale:
            self._show_current_terms()
        return self._values

    def refresh(self) -> None:
        """The heading now; the table of terms now if it shows, else once it is shown."""
        self._show_heading(self._document.deal, self._selection.offer())
        self._terms.request()

    def _restyle(self) -> None:
        self._terms.request()

    def _show_current_terms(self) -> None:
        self._show_terms(self._document.deal, self._selection.offer())


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
