"""The bridge as a waterfall: "before", one floating bar per changed clause, "after" (QtCharts), from
the top down, so that each bar's name and value sit on its left at any width.

A floating bar is a stack on a transparent base: from the running total before a clause to the
running total after it, coloured by whether the clause made the metric better or worse. A bar
below zero stacks downward from zero the same way, one that crosses zero in two parts. The
value axis starts near the smallest running total, so that small clauses show.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import currency_prefix, money_scale
from leasedesk.core.negotiation.report import format_value, metric_info
from leasedesk.ui import theme
from leasedesk.ui.chart_support import ChartView, show_tooltip, style_axes
from leasedesk.ui.negotiate.bridge_model import BridgeBar

SET_NAMES = ("base", "total", "better", "worse")


class WaterfallChart(ChartView):
    """Set with ``show_bars``; ``bars`` keeps what is drawn (for tests and tooltips)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bridge_waterfall")
        self.bars: list[BridgeBar] = []
        self._metric = "pv_cost"
        self._currency = "USD"
        self._title = ""
        self._ticks = 0
        self._widest_tick = "$8.88B"

    def show_bars(self, bars: list[BridgeBar], metric: str, currency: str, title: str) -> None:
        self.bars, self._metric, self._currency, self._title = bars, metric, currency, title
        self.setMinimumHeight(max(14, 9 + 3 * len(bars)) * self.fontMetrics().height())  # two lines a bar
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
        for bar in reversed(self.bars):  # the category axis runs bottom-up: "before" on top
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
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.6)
        series.hovered.connect(self._hovered)
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
        categories.append([self._axis_label(bar) for bar in reversed(self.bars)])
        values = QValueAxis()
        values.setRange(axis_low / factor, axis_high / factor)
        values.applyNiceNumbers()
        prefix = currency_prefix(self._currency).replace("%", "%%")
        values.setLabelFormat(f"{prefix}%.{decimals}f{suffix}")
        self._ticks = self._tick_count(prefix + "8" * (decimals + 3) + suffix)
        if values.tickCount() > self._ticks:  # fewer labels, none cut short, in a narrow column
            values.setTickCount(self._ticks)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        style_axes(chart, palette)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.bars and self._tick_count(self._widest_tick) != self._ticks:
            self.request_rebuild()

    def _tick_count(self, widest: str) -> int:
        self._widest_tick = widest
        return max(3, min(7, int(self.width() * 0.75 / (self.fontMetrics().horizontalAdvance(widest) * 1.6))))

    def _hovered(self, status: bool, index: int, _bar_set: QBarSet) -> None:
        if status and 0 <= index < len(self.bars):
            bar = self.bars[len(self.bars) - 1 - index]
            total = format_value(self._metric, bar.end, self._currency)
            text = bar.label if bar.total else f"{bar.label}: {self._value_text(bar)}"
            show_tooltip(f"{text} (running total {total})" if not bar.total else f"{text}: {total}", self)

    def _value_text(self, bar: BridgeBar) -> str:
        value = bar.end if bar.total else bar.change
        return format_value(self._metric, value, self._currency, signed=not bar.total)

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
        return f"{bar.label.split(':', 1)[0]}<br>{self._value_text(bar)}"

    def _scale(self, largest: float) -> tuple[float, str, int]:
        if metric_info(self._metric).unit == "money_per_gpu_hour":
            return 1.0, "", 4
        factor, suffix = money_scale(largest)
        return factor, suffix, 2
