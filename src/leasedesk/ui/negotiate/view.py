"""The Negotiation tab of the selected offer: its rounds, then bridge, term values, solve and sensitivity.

Each analysis is a page. Its figures come from the core, computed in a worker process
(``AnalysisJobs``), so the window never waits. Only the page in view computes; the others are
marked stale and compute when shown. The view follows the selected offer (``OfferSelection``)
and the document: a change of the deal or of the selected offer drops every
answer still on its way and, after a short pause (typing merges into one request), asks again
for the page in view. The pages, and QtCharts with them, are built when the view is first shown.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QTabWidget, QVBoxLayout, QWidget

from leasedesk.core.codec import deal_to_data
from leasedesk.core.model import Deal, Offer
from leasedesk.ui.document import DealDocument
from leasedesk.ui.negotiate.jobs import AnalysisJobs
from leasedesk.ui.negotiate.page import AnalysisPage
from leasedesk.ui.selection import OfferSelection
from leasedesk.ui.settings import open_settings

log = logging.getLogger(__name__)
SETTLE_MS = 150  # a pause in typing before the analyses are asked again
KEY_PAGE = "negotiate/page"  # the page last looked at, shown again at the next start


class NegotiateView(QWidget):
    def __init__(self, document: DealDocument, selection: OfferSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("negotiate_view")
        self.document = document
        self.selection = selection
        self.jobs = AnalysisJobs(self)
        self.jobs.finished.connect(self._finished)
        self.jobs.busy_changed.connect(self._busy_changed)
        self.pages: list[AnalysisPage] = []
        self._shown_offer: str | None = None  # whose figures the pages show
        self._stale: set[str] = set()
        self._deal_data: tuple[Deal, dict[str, Any]] | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("negotiate_heading")
        self.heading.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("negotiate_progress")
        self.progress.setRange(0, 0)  # busy: how long an analysis takes is not known in advance
        self.progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("negotiate_tabs")
        self.tabs.currentChanged.connect(self._page_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._refresh_visible)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        document.deal_changed.connect(lambda _comparison: self._context_changed())
        selection.changed.connect(lambda _offer_id: self._context_changed())
        jobs = self.jobs
        self.destroyed.connect(lambda: jobs.shutdown())  # the worker process ends with the view
        self._show_heading()

    # ----- what the window calls -----
    def with_rounds(self, rounds: QWidget) -> NegotiateView:
        """The view with the rounds of the offer (record, restore, counter) as its first page."""
        self.tabs.insertTab(0, rounds, "Ro&unds")
        self.tabs.setCurrentIndex(0)
        return self

    def current_page(self) -> AnalysisPage | None:
        page = self.tabs.currentWidget()
        return page if isinstance(page, AnalysisPage) else None

    def page(self, slot: str) -> AnalysisPage:
        self.ensure_pages()
        return next(p for p in self.pages if p.slot == slot)

    def ensure_pages(self) -> None:
        """Build the pages (and import QtCharts) once."""
        if self.pages:
            return
        from leasedesk.ui.negotiate.bridge_page import BridgePage
        from leasedesk.ui.negotiate.sensitivity_page import SensitivityPage
        from leasedesk.ui.negotiate.solve_page import SolvePage
        from leasedesk.ui.negotiate.term_values_page import TermValuesPage

        self.tabs.blockSignals(True)
        for page_type in (BridgePage, TermValuesPage, SolvePage, SensitivityPage):
            page = page_type(self)
            page.setObjectName(f"{page.slot}_page")
            page.request_changed.connect(lambda page=page: self._ask(page))
            if isinstance(page, SolvePage):
                page.apply_requested.connect(self._apply)
            self.pages.append(page)
            self.tabs.addTab(page, page.title)
        remembered = self.tabs.findChild(AnalysisPage, str(open_settings().value(KEY_PAGE, "")))
        if remembered is not None:
            self.tabs.setCurrentWidget(remembered)
        self.tabs.blockSignals(False)
        self._context_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_pages()
        self._refresh_visible()

    # ----- internals -----
    def _offer(self) -> Offer | None:
        return self.selection.offer()

    def _context_changed(self) -> None:
        """New terms or another offer: every answer on its way is stale, every page needs asking again."""
        for page in self.pages:
            self.jobs.drop(page.slot)
        self._show_heading()
        deal, offer = self.document.deal, self._offer()
        shown_offer = offer.id if offer is not None else None
        for page in self.pages:
            if shown_offer != self._shown_offer:
                page.clear()  # another offer's figures never stand beside this one's name
            page.set_context(deal, offer)
        self._shown_offer = shown_offer
        self._stale = {page.slot for page in self.pages}
        if self.isVisible():
            self._settle.start()

    def _show_heading(self) -> None:
        offer = self._offer()
        self.heading.setText(f"Negotiating <b>{offer.display_name}</b>" if offer is not None
                             else "Select an offer to see what its terms are worth.")

    def _page_changed(self) -> None:
        page = self.current_page()
        if self.pages:  # not while the rounds page is put in place
            open_settings().setValue(KEY_PAGE, page.objectName() if page is not None else "")
        self._refresh_visible()

    def _refresh_visible(self) -> None:
        page = self.current_page()
        if page is None or not self.isVisible() or page.slot not in self._stale:
            return
        self._ask(page)

    def _ask(self, page: AnalysisPage) -> None:
        self._stale.discard(page.slot)
        deal = self.document.deal
        request = page.request()
        if request is None or deal is None:
            self.jobs.drop(page.slot)
            return
        task, params = request
        page.say("")
        self.jobs.submit(page.slot, task, self._data_of(deal), params)

    def _data_of(self, deal: Deal) -> dict[str, Any]:
        if self._deal_data is None or self._deal_data[0] is not deal:
            self._deal_data = (deal, deal_to_data(deal))
        return self._deal_data[1]

    def _finished(self, slot: str, data: dict[str, Any]) -> None:
        page = next((p for p in self.pages if p.slot == slot), None)
        if page is not None:
            page.show_result(data)

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setToolTip("Computing…" if busy else "")

    def _apply(self, offer: Offer, text: str) -> None:
        """The solve page's answer, as one undoable edit through the document."""
        self.document.replace_offer(offer, text)
