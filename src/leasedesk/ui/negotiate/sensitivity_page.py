"""The sensitivity page: the tornado of the selected offer's advantage over the baseline, and a grid
over two chosen inputs with the winning offer of each cell (DESIGN.md 8.4)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.model import Deal, Offer
from leasedesk.core.negotiation.report import format_value
from leasedesk.core.negotiation.sensitivity import DEFAULT_STEPS, input_ranges
from leasedesk.ui.negotiate.grid_model import GridModel
from leasedesk.ui.negotiate.page import AnalysisPage, Request, fit_height
from leasedesk.ui.negotiate.tornado_chart import TornadoChart
from leasedesk.ui.negotiate.words import in_sentence, metric_label, term_label

MAX_GRID_STEPS = 9  # a grid a person can read; the command line goes further


class SensitivityPage(AnalysisPage):
    slot = "sensitivity"
    title = "Sens&itivity"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("sensitivity_summary")
        self.summary.setWordWrap(True)
        self.tornado = TornadoChart(self)
        self.rows_combo = QComboBox(self)
        self.rows_combo.setObjectName("grid_rows")
        self.columns_combo = QComboBox(self)
        self.columns_combo.setObjectName("grid_columns")
        self.steps_spin = QSpinBox(self)
        self.steps_spin.setObjectName("grid_steps")
        self.steps_spin.setRange(2, MAX_GRID_STEPS)
        self.steps_spin.setValue(DEFAULT_STEPS)
        self.steps_spin.setSuffix(" values each")
        for combo in (self.rows_combo, self.columns_combo):
            combo.activated.connect(lambda _index: self.request_changed.emit())
        self.steps_spin.editingFinished.connect(self.request_changed.emit)
        self.grid_model = GridModel()
        self.grid = QTableView(self)
        self.grid.setObjectName("sensitivity_grid")
        self.grid.setModel(self.grid_model)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_caption = QLabel(self)
        self.grid_caption.setWordWrap(True)
        controls = QFormLayout()
        controls.addRow("Grid &rows", self.rows_combo)
        columns_row = QHBoxLayout()
        columns_row.addWidget(self.columns_combo, 1)
        columns_row.addWidget(self.steps_spin)
        controls.addRow("co&lumns", columns_row)
        inner = QVBoxLayout()
        inner.addWidget(self.message)
        inner.addWidget(self.summary)
        inner.addWidget(self.tornado)
        inner.addLayout(controls)
        inner.addWidget(self.grid_caption)
        inner.addWidget(self.grid)
        inner.addStretch(1)
        self.scroll_body(inner)

    def set_context(self, deal: Deal | None, offer: Offer | None) -> None:
        super().set_context(deal, offer)
        keys: list[str] = []
        if deal is not None and offer is not None and offer.id != deal.resolved_baseline():
            keys = [item.key for item in input_ranges(deal, offer)]
        for combo, default in ((self.rows_combo, 0), (self.columns_combo, 1)):
            chosen = combo.currentData()
            combo.clear()
            for key in keys:
                combo.addItem(term_label(offer.kind if offer else "lease", key), key)
            index = combo.findData(chosen) if chosen is not None else -1
            combo.setCurrentIndex(index if index >= 0 else min(default, len(keys) - 1))

    def request(self) -> Request | None:
        deal, offer = self.deal, self.offer
        if deal is None or offer is None:
            return None
        if deal.resolved_baseline() is None or deal.resolved_baseline() == offer.id:
            self._clear()
            self.say("Sensitivity measures an offer's advantage over the baseline: select an offer that is not "
                     "the baseline." if deal.resolved_baseline() else "The deal has no baseline to compare with.")
            return None
        params: dict[str, Any] = {"offer": offer.id, "steps": self.steps_spin.value()}
        rows, columns = self.rows_combo.currentData(), self.columns_combo.currentData()
        if rows is not None and columns is not None and rows != columns:
            params["grid"] = [rows, columns]
        return "sensitivity", params

    def show_result(self, data: dict[str, Any]) -> None:
        if "error" in data or self.deal is None or self.offer is None:
            self._clear()
            self.say(data.get("error", ""))
            return
        deal, metric, currency = self.deal, data["metric"], self.deal.currency
        baseline = deal.offer(data["baseline"]).display_name
        now = data["advantage"]
        shown_now = format_value(metric, now, currency, signed=True).replace("-", "-\u2060")  # no break after the sign
        self.summary.setText(
            f"Advantage of {self.offer.display_name} over the baseline {baseline} in "
            f"{in_sentence(metric_label(metric))} (the baseline's minus this offer's; positive: this offer wins): "
            f"<b>{shown_now}</b> now.")
        self.tornado.show_tornado(data["tornado"], now or 0.0, self.offer.kind, currency,
                                  "What moves the advantage most", metric)
        names = {o.id: o.display_name for o in deal.offers}
        self.grid_model.set_grid(data["grid"], metric, currency, names)
        fit_height(self.grid)
        grid = data["grid"]
        if grid is None:
            self.grid_caption.setText("Choose two different inputs for the grid.")
            return
        winners = dict.fromkeys(best for row in grid["best"] for best in row if best is not None)
        legend = "  ".join(
            f'<span style="background: {self.grid_model.colours[w].name(QColor.NameFormat.HexArgb)};">'
            f"&nbsp;&nbsp;&nbsp;&nbsp;</span> {html.escape(names[w])}" for w in winners if w in self.grid_model.colours)
        per_hour = " per GPU-hour" if metric.endswith("per_gpu_hour") else ""
        self.grid_caption.setText(
            f"Each cell: this offer's advantage{per_hour}; its colour: the offer that wins there. Rows: "
            f"{in_sentence(term_label(self.offer.kind, grid['rows']))}; columns: "
            f"{in_sentence(term_label(self.offer.kind, grid['columns']))}.<br>Wins: {legend}")

    def _clear(self) -> None:
        self.summary.clear()
        self.tornado.show_tornado([], 0.0, "lease", "USD", "", "cost_per_gpu_hour")
        self.grid_model.set_grid(None, "cost_per_gpu_hour", "USD", {})
        self.grid_caption.clear()
