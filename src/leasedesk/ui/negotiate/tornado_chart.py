"""The tornado of DESIGN.md 8.4: how far the selected offer's advantage over the baseline moves when
each input goes to its low or its high end, largest swing on top (QtCharts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import currency_prefix
from leasedesk.core.negotiation.report import format_term, format_value
from leasedesk.ui import theme
from leasedesk.ui.chart_support import ChartView, show_tooltip, style_axes
from leasedesk.ui.negotiate.words import term_label


class TornadoChart(ChartView):
    """Set with ``show_tornado``; each bar is the advantage at an end minus the advantage now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tornado_chart")
        self.setMinimumHeight(self.fontMetrics().height() * 14)
        self._bars: list[dict[str, Any]] = []
        self._now = 0.0
        self._kind = "lease"
        self._currency = "USD"
        self._title = ""
        self._metric = "cost_per_gpu_hour"

    def show_tornado(
        self, bars: list[dict[str, Any]], now: float, kind: str, currency: str, title: str, metric: str
    ) -> None:
        self._bars = [b for b in bars if b["advantage_low"] is not None and b["advantage_high"] is not None]
        self._now, self._kind, self._currency, self._title, self._metric = now, kind, currency, title, metric
        line = self.fontMetrics().height()
        self.setMinimumHeight(max(14, 10 + 2 * len(self._bars)) * line)  # each input's label needs its line
        self.request_rebuild()

    def rebuild(self) -> None:
        chart = self.clear()
        chart.setTitle(self._title)
        if not self._bars:
            chart.legend().hide()
            return
        palette = self.palette()
        low_set, high_set = QBarSet("Input at its low end"), QBarSet("Input at its high end")
        low_set.setColor(theme.offer_color(0, palette))
        high_set.setColor(theme.offer_color(1, palette))
        labels = []
        for bar in reversed(self._bars):  # the category axis runs bottom-up: the largest swing on top
            low_set.append(bar["advantage_low"] - self._now)
            high_set.append(bar["advantage_high"] - self._now)
            labels.append(term_label(self._kind, bar["input"]))
        series = QHorizontalBarSeries()
        series.hovered.connect(self._hovered)
        series.append(low_set)
        series.append(high_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(labels)
        reach = max(abs(v) for s in (low_set, high_set) for v in (s.at(i) for i in range(s.count())))
        values = QValueAxis()
        values.setRange(-reach * 1.1 or -1e-4, reach * 1.1 or 1e-4)
        values.applyNiceNumbers()
        values.setLabelFormat("%.2f" if reach >= 0.05 else "%.4f")
        unit = f"{currency_prefix(self._currency).strip() or self._currency + ' '}/GPU-h"
        values.setTitleText(f"Δ advantage ({unit})")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.legend().show()
        style_axes(chart, palette)

    def _hovered(self, status: bool, index: int, bar_set: QBarSet) -> None:
        """The input's range and the advantage at that end, under the pointer."""
        if not status or not 0 <= index < len(self._bars):
            return
        bar = self._bars[len(self._bars) - 1 - index]
        end = "low" if bar_set.label().endswith("low end") else "high"
        value = format_term(bar["input"], bar[end], self._currency)
        advantage = format_value(self._metric, bar[f"advantage_{end}"], self._currency, signed=True)
        show_tooltip(f"{term_label(self._kind, bar['input'])} at {value}: advantage {advantage}", self)
