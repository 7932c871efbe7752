"""The term-sheet editor of the selected offer: its form, its negotiation rounds, and the deal's
assumptions, wired to the document so that every edit goes through the undo stack.

It follows the selection (``OfferSelection``) and the document; each part is told only
what changed, so a keystroke converts the offer once and compares it with its last round once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from leasedesk.core.edits import moved_analysis_start
from leasedesk.core.model import Assumptions, Deal, Offer
from leasedesk.core.negotiation import counter_offer, record_round, restore_round
from leasedesk.core.terms.kinds import KIND_KEYS
from leasedesk.core.validation import DealError
from leasedesk.ui.document import DealDocument
from leasedesk.ui.negotiate.view import NegotiateView
from leasedesk.ui.selection import OfferSelection
from leasedesk.ui.termsheet.assumptions_form import AssumptionsForm
from leasedesk.ui.termsheet.deal_form import DealForm
from leasedesk.ui.termsheet.negotiation_panel import NegotiationPanel
from leasedesk.ui.termsheet.offer_form import OfferForm

log = logging.getLogger(__name__)


class TermSheetEditor(QWidget):
    """``pending_changed(dict)``: field path -> typed text that does not validate yet, over the deal.

    ``offer_created(offer_id)`` after "Duplicate as counter-offer", so the window can select it.
    """

    pending_changed = Signal(dict)
    offer_created = Signal(str)

    def __init__(self, document: DealDocument, parent: QWidget | None = None,
                 selection: OfferSelection | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("term_sheet_editor")
        self.document = document
        self.selection = selection if selection is not None else OfferSelection(document, self)
        self.forms = {kind: OfferForm(kind) for kind in KIND_KEYS}  # one form per registered kind
        self._empty = QLabel("Select an offer to edit its terms, or add one.")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty)
        for form in self.forms.values():
            form.placeholder_fees = document.placeholder_fees  # shared: the document's session knows them
            self._stack.addWidget(form)
            form.offer_edited.connect(self._offer_edited)
            form.typing_refused.connect(lambda offer_id, key: self.document.take_back_typing(f"{offer_id}:{key}"))
            form.analysis_start_move_requested.connect(self._move_analysis_start)
            form.pending_changed.connect(lambda _pending: self.pending_changed.emit(self.pending_text()))
        self.negotiation = NegotiationPanel(self)
        self.negotiation.record_requested.connect(self._record_round)
        self.negotiation.restore_requested.connect(self._restore_round)
        self.negotiation.counter_requested.connect(self._counter)
        self.assumptions = AssumptionsForm(self)
        self.assumptions.assumptions_edited.connect(self._assumptions_edited)
        self.assumptions.typing_refused.connect(lambda key: self.document.take_back_typing(f"assumptions:{key}"))
        self.assumptions.pending_changed.connect(lambda _pending: self.pending_changed.emit(self.pending_text()))
        self.deal_form = DealForm(self)
        self.deal_form.deal_edited.connect(self._deal_edited)
        self.deal_form.pending_changed.connect(lambda _pending: self.pending_changed.emit(self.pending_text()))

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editor_tabs")
        self.negotiate = NegotiateView(document, self.selection, self)  # follows the selection too
        pages = ((self._stack, "&Terms"), (self.negotiation, "&Negotiation"), (self.assumptions, "&Assumptions"),
                 (self.deal_form, "Dea&l"))
        for page, title in pages:
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the tab bar into the fields
            scroll.setWidget(page)  # scrolls rather than forcing the window taller
            if page is self.assumptions:
                self._assumptions_page = scroll
            # The rounds share their tab with what the terms are worth: bridge, term values, solve, sensitivity.
            self.tabs.addTab(self.negotiate.with_rounds(scroll) if page is self.negotiation else scroll, title)
        self.deal_form.assumptions_requested.connect(self.show_assumptions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        document.deal_changed.connect(lambda _comparison: self._refresh())
        document.replaced.connect(self._forget_pending)
        self.selection.changed.connect(lambda _offer_id: self._refresh())
        self._refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for form in self.forms.values():
            form.set_columns(2 if event.size().width() >= 2 * form.one_column_width() + 60 else 1)

    # ----- what the window calls -----
    def show_offer(self, offer_id: str | None) -> None:
        self.selection.select(offer_id)

    def show_assumptions(self) -> None:
        """Bring the Assumptions tab to the front (from a link)."""
        self.tabs.setCurrentWidget(self._assumptions_page)

    def current_offer(self) -> Offer | None:
        return self.selection.offer()

    def pending_text(self) -> dict[str, str]:
        """Everything typed that does not validate yet, in any offer or the assumptions,
        keyed by a path naming the offer and the field (``offers[c2].term_months``)."""
        pending = {f"assumptions.{k}": v for k, v in self.assumptions.pending_text().items()}
        pending.update({f"deal.{k}": v for k, v in self.deal_form.pending_text().items()})
        for form in self.forms.values():
            for offer_id, fields in form.all_pending().items():
                pending.update({f"offers[{offer_id}].{k}": v for k, v in fields.items()})
        return pending

    def problem_messages(self) -> list[str]:
        """The rules broken by text not yet valid: the shown offer's first, then other offers', then the
        assumptions'."""
        shown = self.current_offer()
        messages: list[str] = []
        others: list[str] = []
        deal = self.document.deal
        for form in self.forms.values():
            for offer_id, texts in form.all_messages().items():
                if shown is not None and offer_id == shown.id:
                    messages = texts + messages
                else:
                    name = _offer_name(deal, offer_id)
                    others.extend(f"{name}: {text}" for text in texts)
        return messages + others + self.assumptions.problem_messages() + self.deal_form.problem_messages()

    def restore_pending(self, pending: dict[str, str]) -> None:
        """Put back text recovered from an autosave into its fields, offer by offer."""
        shown = self.selection.offer_id
        by_offer: dict[str, dict[str, str]] = {}
        for key, text in pending.items():
            if key.startswith("assumptions."):
                self.assumptions.restore_pending({key.removeprefix("assumptions."): text})
            elif key.startswith("deal."):
                self.deal_form.restore_pending({key.removeprefix("deal."): text})
            elif key.startswith("offers[") and "]." in key:
                offer_id, field = key.removeprefix("offers[").split("].", 1)
                by_offer.setdefault(offer_id, {})[field] = text
        for offer_id, fields in by_offer.items():
            self.show_offer(offer_id)
            offer = self.current_offer()
            if offer is not None:
                self.forms[offer.kind].restore_pending(fields)
        self.show_offer(shown)

    def _forget_pending(self) -> None:
        for form in self.forms.values():
            form.forget_pending()
        self.assumptions.forget_pending()
        self.deal_form.forget_pending()
        self.pending_changed.emit(self.pending_text())

    # ----- internals -----
    def _refresh(self) -> None:
        deal = self.document.deal
        if deal is not None:
            self.assumptions.set_deal(deal)
            self.deal_form.set_deal(deal)
            live = {o.id for o in deal.offers}
            for form in self.forms.values():
                form.forget_pending(keep_offer_ids=live)  # a deleted offer's bad text blocks nothing
        offer = self.current_offer()
        if offer is None or deal is None:
            self.negotiation.set_offer(None)
            self._stack.setCurrentWidget(self._empty)
            return
        form = self.forms[offer.kind]
        form.set_context(deal.assumptions, deal.currency)
        form.set_offer(offer)
        self.negotiation.set_offer(offer, deal, form.changes_since_last_round())
        self._stack.setCurrentWidget(form)

    def _offer_edited(self, offer: Offer, text: str, key: str) -> None:
        self.document.replace_offer(offer, text, merge_key=f"{offer.id}:{key}")

    def _assumptions_edited(self, assumptions: Assumptions, text: str, key: str) -> None:
        deal = self.document.deal
        if deal is not None:
            merge_key = f"assumptions:{key}" if key else None  # no key: a step of its own (a button)
            self.document.change(dataclasses.replace(deal, assumptions=assumptions), text, merge_key)

    def _deal_edited(self, deal: Deal, text: str, key: str) -> None:
        self.document.change(deal, text, f"deal:{key}")

    def _move_analysis_start(self, start: dt.date) -> None:
        """One step: the analysis start moves to the offer's start typed before it, and that start applies
        to the offer as it is now (edits made since the start was typed stay)."""
        deal, offer = self.document.deal, self.current_offer()
        if deal is None or offer is None:
            return
        moved = moved_analysis_start(deal, offer.id, start)
        form = self.forms[offer.kind]
        if isinstance(moved, str):
            log.info("the analysis start cannot move to %s: %s", start, moved)
            form.show_note(f"The analysis start cannot move to {start:%b %Y}: {moved}")
            return
        form.start_moved()
        self.document.change(moved, f"Move the analysis start to {start:%b %Y}")

    def _record_round(self, label: str, side: str) -> None:
        offer = self.current_offer()
        if offer is not None:
            self.document.replace_offer(record_round(offer, label, side), f"Record round {label!r}")  # type: ignore[arg-type]

    def _restore_round(self, index: int) -> None:
        offer, deal = self.current_offer(), self.document.deal
        if offer is None or deal is None:
            return
        try:
            restored = restore_round(offer, index, deal.assumptions)
        except DealError as error:
            log.warning("round %d of %s cannot be restored: %s", index, offer.id, error)
            self.negotiation.changes.setText(f"This round cannot be restored: {error}")
            return
        self.document.replace_offer(restored, f"Restore {offer.revisions[index].label or 'round'}")

    def _counter(self) -> None:
        deal = self.document.deal
        offer = self.current_offer()
        if deal is None or offer is None:
            return
        counter = counter_offer(deal, offer.id)
        self.document.add_offer(counter)
        self.offer_created.emit(counter.id)


def _offer_name(deal: Deal | None, offer_id: str) -> str:
    try:
        return deal.offer(offer_id).display_name if deal is not None else offer_id
    except KeyError:
        return offer_id
