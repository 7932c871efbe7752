"""The bridge as a waterfall: "before", one floating bar per changed clause, "after" (QtCharts).

A floating bar is a stack on a transparent base: from the running total before a clause to the
running total after it, coloured by whether the clause made the metric better or worse. A bar
below zero stacks downward from zero the same way, one that crosses zero in two parts. The
value axis starts near the smallest running total, so that small clauses show.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import currency_prefix
from leasedesk.core.negotiation.report import format_value, metric_info
from leasedesk.ui import theme
from leasedesk.ui.chart_support import ChartView, money_scale, style_axes
from leasedesk.ui.negotiate.bridge_model import BridgeBar

SET_NAMES = ("base", "total", "better", "worse")


class WaterfallChart(ChartView):
    """Set with ``show_bars``; ``bars`` keeps what is drawn (for tests and tooltips)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bridge_waterfall")
        self.setMinimumHeight(self.fontMetrics().height() * 16)
        self.bars: list[BridgeBar] = []
        self._metric = "pv_cost"
        self._currency = "USD"
        self._title = ""

    def show_bars(self, bars: list[BridgeBar], metric: str, currency: str, title: str) -> None:
        self.bars, self._metric, self._currency, self._title = bars, metric, currency, title
        self.request_rebuild()

    def rebuild(self) -> None:
        chart = self.clear()
        chart.setTitle(self._title)
        chart.legend().hide()
        if not self.bars:
            return
        palette = self.palette()
        ends = [v for bar in self.bars for v in (bar.start, bar.end)]
        low, high = min(ends), max(ends)
        pad = max((high - low) * 0.15, abs(high) * 0.01, 1e-9)
        axis_low = low - pad if low - pad > 0 or low < 0 else 0.0
        axis_high = high + pad if high + pad < 0 or high > 0 else 0.0
        factor, suffix, decimals = self._scale(max(abs(axis_low), abs(axis_high)))
        sets = {name: QBarSet(name) for name in SET_NAMES}
        below = {name: QBarSet(name) for name in SET_NAMES}  # the parts under zero stack downward
        for bar in self.bars:
            lo, hi = sorted((bar.start / factor, bar.end / factor))
            colour = "total" if bar.total else self._effect(bar)
            if bar.total:
                lo, hi = min(0.0, bar.end / factor), max(0.0, bar.end / factor)
            up = {name: 0.0 for name in SET_NAMES}
            down = {name: 0.0 for name in SET_NAMES}
            if lo >= 0:
                up["base"], up[colour] = lo, hi - lo
            elif hi <= 0:
                down["base"], down[colour] = hi, lo - hi
            else:
                up[colour], down[colour] = hi, lo
            for name in SET_NAMES:
                sets[name].append(up[name])
                below[name].append(down[name])
        series = QStackedBarSeries()
        series.setBarWidth(0.6)
        for group in (sets, below):
            for name in SET_NAMES:
                series.append(group[name])
        chart.addSeries(series)
        colours = self._colours(palette)
        outline = QColor(palette.color(QPalette.ColorRole.WindowText))
        for group in (sets, below):
            for name, bar_set in group.items():
                bar_set.setColor(colours[name])
                bar_set.setBorderColor(Qt.GlobalColor.transparent if name == "base" else outline)
        categories = QBarCategoryAxis()
        categories.append([self._axis_label(bar) for bar in self.bars])
        values = QValueAxis()
        values.setRange(axis_low / factor, axis_high / factor)
        values.applyNiceNumbers()
        prefix = currency_prefix(self._currency).replace("%", "%%")
        values.setLabelFormat(f"{prefix}%.{decimals}f{suffix}")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        style_axes(chart, palette)

    def _effect(self, bar: BridgeBar) -> str:
        """'better' or 'worse' for the deal's side, by which way the metric is better."""
        better = metric_info(self._metric).better
        if better == "none":
            return "total"
        lower = bar.end < bar.start
        return "better" if lower == (better == "lower") else "worse"

    @staticmethod
    def _colours(palette: QPalette) -> dict[str, QColor]:
        return {
            "base": QColor(Qt.GlobalColor.transparent),
            "total": palette.color(QPalette.ColorRole.Mid),
            "better": theme.good_color(palette),
            "worse": theme.bad_color(palette),
        }

    def _axis_label(self, bar: BridgeBar) -> str:
        """The bar's name over its value: 'Fee' over '-$360.7M', 'Before' over '$5.4B'."""
        name = bar.label.split(":", 1)[0]
        if len(name) > 10 and " " in name:  # two short lines fit under a bar where one long line is cut
            middle = len(name) // 2
            cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - middle))
            name = f"{name[:cut]}<br>{name[cut + 1:]}"
        value = bar.end if bar.total else bar.change
        return f"{name}<br>{format_value(self._metric, value, self._currency, signed=not bar.total)}"

    def _scale(self, largest: float) -> tuple[float, str, int]:
        if metric_info(self._metric).unit == "money_per_gpu_hour":
            return 1.0, "", 4
        factor, suffix = money_scale(largest)
        return factor, suffix, 2
