"""The bridge page: from a "before" (a recorded round or another offer) to the current terms,
one waterfall bar per changed clause, for the metric the user picks (DESIGN.md 8.1, 8.5)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.model import Offer
from leasedesk.ui.negotiate.bridge_chart import WaterfallChart
from leasedesk.ui.negotiate.bridge_model import BridgeModel, bars_for
from leasedesk.ui.negotiate.page import AnalysisPage, Request, fit_height
from leasedesk.ui.negotiate.words import metric_label, side_words

ORDER_NOTE = (
    "Each bar is the clause's Shapley value: its average effect over every order in which the changed "
    "clauses could have been agreed. The bars add up to after minus before and do not depend on the order "
    "of the clauses (a one-at-a-time bridge would)."
)


class BridgePage(AnalysisPage):
    slot = "bridge"
    title = "&Bridge"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("bridge_source")
        self.source_combo.setToolTip("What the current terms are compared with: a recorded round or another offer.")
        self.source_combo.activated.connect(lambda _index: self.request_changed.emit())
        self.metric_combo = QComboBox(self)
        self.metric_combo.setObjectName("bridge_metric")
        self.metric_combo.activated.connect(lambda _index: self._draw())
        self.sides = QLabel(self)
        self.sides.setObjectName("bridge_sides")
        self.sides.setWordWrap(True)
        self.chart = WaterfallChart(self)
        self.model = BridgeModel()
        self.table = QTableView(self)
        self.table.setObjectName("bridge_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.note = QLabel(ORDER_NOTE, self)
        self.note.setWordWrap(True)
        self._data: dict[str, Any] | None = None
        form = QFormLayout()
        form.addRow("&Compare with", self.source_combo)
        form.addRow("M&etric", self.metric_combo)
        layout = QVBoxLayout()
        layout.addLayout(form)
        layout.addWidget(self.sides)
        layout.addWidget(self.message)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.scroll_body(layout)

    def set_context(self, deal: Any, offer: Offer | None) -> None:
        previous = self.source_combo.currentData() if self.offer is not None and offer is not None and \
            offer.id == self.offer.id else None
        super().set_context(deal, offer)
        self.source_combo.clear()
        if deal is None or offer is None:
            return
        for revision in reversed(offer.revisions):  # the latest round first: the default of DESIGN.md 8.5
            self.source_combo.addItem(f"Round: {revision.label} ({side_words(revision.side)})", revision.label)
        others = sorted((o for o in deal.offers if o.id != offer.id and o.kind == offer.kind),
                        key=lambda o: o.id != offer.counter_of)  # the offer it counters first
        for other in others:
            countered = " — the offer this counters" if other.id == offer.counter_of else ""
            self.source_combo.addItem(f"Offer: {other.display_name}{countered}", other.id)
        if not offer.revisions and offer.counter_of is None:
            self.source_combo.setCurrentIndex(-1)
            self.source_combo.setPlaceholderText("Choose a round or an offer")
        chosen = self.source_combo.findData(previous) if previous is not None else -1
        if chosen >= 0:
            self.source_combo.setCurrentIndex(chosen)

    def request(self) -> Request | None:
        if self.offer is None:
            return None
        ref = self.source_combo.currentData()
        if ref is None:
            self._clear()
            self.say("No round is recorded and this offer counters none. Record a round on the Negotiation tab "
                     "before typing a counter, or choose another offer to compare with.")
            return None
        return "bridge", {"offer": self.offer.id, "ref": ref}

    def show_result(self, data: dict[str, Any]) -> None:
        if "error" in data:
            self._clear()
            self.say(data["error"])
            return
        self._data = data
        chosen = self.metric_combo.currentData()
        self.metric_combo.clear()
        for key in data["metrics"]:
            self.metric_combo.addItem(metric_label(key), key)
        self.metric_combo.setCurrentIndex(max(0, self.metric_combo.findData(chosen)))
        self._show_sides(data["from"])
        self._draw()

    def _show_sides(self, source: str) -> None:
        assert self.offer is not None and self.deal is not None
        revision = next((r for r in reversed(self.offer.revisions) if r.label == source), None)
        if revision is not None:
            before = f"round {source!r}, {side_words(revision.side)}"
        else:
            other = next((o for o in self.deal.offers if o.id == source), None)
            name = other.display_name if other is not None else source
            before = f"offer {name}, proposed by: {side_words(getattr(other, 'proposed_by', None))}"
        after = side_words(getattr(self.offer, "proposed_by", None))
        self.sides.setText(f"Before: {before}.   After: the current terms, proposed by: {after}.")

    def _draw(self) -> None:
        data, metric = self._data, self.metric_combo.currentData()
        if data is None or metric is None or self.deal is None:
            return
        if not data["metrics"][metric]["clauses"]:
            self._clear(keep_data=True)
            self.say("No clause changed: every figure is as it was.")
            return
        bars = bars_for(data, metric)
        if bars is None:
            self._clear(keep_data=True)
            self.say(f"{metric_label(metric)} has no value for some of the blends of the two versions.")
            return
        self.say("")
        currency = self.deal.currency
        self.model.set_bars(bars, metric, currency)
        fit_height(self.table)
        self.chart.show_bars(bars, metric, currency, metric_label(metric))

    def _clear(self, keep_data: bool = False) -> None:
        if not keep_data:
            self._data = None
            self.metric_combo.clear()
            self.sides.clear()
        self.model.set_bars([], "pv_cost", "USD")
        self.chart.show_bars([], "pv_cost", "USD", "")
