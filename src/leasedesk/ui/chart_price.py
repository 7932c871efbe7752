"""Chart: the levelized cost per delivered GPU-hour of each offer, as a row of bars in the offers' colours."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import currency_prefix, format_price_per_gpu_hour, implied_price_per_gpu_hour
from leasedesk.core.model import LeaseOffer
from leasedesk.ui import theme
from leasedesk.ui.chart_support import ChartView, label_format_prefix, show_tooltip, style_axes

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison, OfferResult


class PricePerGpuHourChart(ChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("price_chart")
        self.setAccessibleName("Levelized cost per GPU-hour per offer")
        self._comparison: Comparison | None = None
        self.bar_sets: dict[str, QBarSet] = {}

    def set_comparison(self, comparison: Comparison | None) -> None:
        self._comparison = comparison
        self.request_rebuild()

    def rebuild(self) -> None:
        chart = self.clear()
        self.bar_sets = {}
        comparison = self._comparison
        chart.setTitle("Levelized cost per delivered GPU-hour")
        if comparison is None:
            return
        shown = [(i, r) for i, r in enumerate(comparison.results) if r.metrics["cost_per_gpu_hour"] is not None]
        if not shown:
            return
        currency = comparison.deal.currency
        # One bar per offer, each in its own row and colour: a stacked series whose set i is zero
        # outside row i. The deal's first offer is the top row; each row is labelled with its figure.
        rows = list(reversed(shown))
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.6)
        labels = []
        for index, result in rows:
            value = result.metrics["cost_per_gpu_hour"]
            name = result.offer.display_name + (" (baseline)" if result.is_baseline else "")
            figure = format_price_per_gpu_hour(value, currency)
            labels.append(f"<b>{html.escape(figure)}</b> {html.escape(name)}")  # the figure first: never elided
            bar = QBarSet(f"{name}: {figure}")
            bar.append([float(value or 0.0) if r is result else 0.0 for _, r in rows])
            colour = theme.offer_color(index, self.palette())
            bar.setColor(colour)
            bar.setBorderColor(colour)
            bar.hovered.connect(lambda state, _i, result=result: self._hovered(state, result))
            series.append(bar)
            self.bar_sets[result.offer_id] = bar
        self.bar_sets = {r.offer_id: self.bar_sets[r.offer_id] for _, r in shown}  # in deal order
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(labels)
        categories.setGridLineVisible(False)
        values = QValueAxis()
        figures = [float(r.metrics["cost_per_gpu_hour"] or 0.0) for _, r in shown]
        values.setRange(min(0.0, min(figures)), max(figures) * 1.1 if max(figures) > 0 else 1.0)
        values.applyNiceNumbers()
        values.setLabelFormat(f"{label_format_prefix(currency)}%.2f")
        values.setTitleText(f"{currency_prefix(currency).strip()} per GPU-hour")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.legend().hide()  # each row names its offer and figure
        style_axes(chart, self.palette())

    def _hovered(self, state: bool, result: OfferResult) -> None:
        if not state or self._comparison is None:
            return
        deal = self._comparison.deal
        levelized = format_price_per_gpu_hour(result.metrics["cost_per_gpu_hour"], deal.currency)
        text = f"{result.offer.display_name}: {levelized} levelized"
        if isinstance(result.offer, LeaseOffer):
            quoted = implied_price_per_gpu_hour(result.offer, deal.assumptions.hours_per_month)
            text += f" (quoted {format_price_per_gpu_hour(quoted, deal.currency)})"
        show_tooltip(text, self)
