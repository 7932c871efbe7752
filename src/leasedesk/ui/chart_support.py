"""What the charts share: money axes scaled to K/M/B in the deal's currency, palette colours, tooltips.

Imports QtCharts, so only the chart modules import this, after the window is on screen.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from PySide6.QtCharts import QAbstractAxis, QChart, QChartView, QLegend, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QEvent, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QPainter, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QToolTip, QWidget

from leasedesk.core.formatting import currency_prefix, money_scale
from leasedesk.core.model import LeaseOffer
from leasedesk.ui import theme

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison, OfferResult


def label_format_prefix(currency: str) -> str:
    """The currency's prefix for a QValueAxis label format, or "" when Qt cannot draw it there: QtCharts
    formats the labels through Latin-1, so "€" would be drawn as "?". The axis title (plain text) always
    names the currency."""
    prefix = currency_prefix(currency)
    try:
        prefix.encode("latin-1")
    except UnicodeEncodeError:
        return ""
    return prefix.replace("%", "%%")


def money_axis(currency: str, low: float, high: float, title: str) -> tuple[QValueAxis, float]:
    """A value axis from ``low`` to ``high`` labelled like '$2.5B'; returns it and the factor to divide by."""
    factor, suffix = money_scale(max(abs(low), abs(high)))
    axis = QValueAxis()
    prefix = label_format_prefix(currency)
    lo, hi = low / factor, high / factor
    if math.isclose(lo, hi):
        lo, hi = lo - 1, hi + 1
    axis.setRange(min(lo, 0.0), hi)
    axis.applyNiceNumbers()
    step = (axis.max() - axis.min()) / max(1, axis.tickCount() - 1)
    decimals = 0 if step >= 1 and float(step).is_integer() else 1 if step >= 0.1 else 2
    axis.setLabelFormat(f"{prefix}%.{decimals}f{suffix}")
    axis.setTitleText(f"{title} ({currency_prefix(currency).strip()}{suffix or ''})")
    return axis, factor


def msecs(date: dt.date) -> float:
    return float(QDateTime(QDate(date.year, date.month, date.day), QTime(0, 0)).toMSecsSinceEpoch())


def show_tooltip(text: str, widget: QWidget) -> None:
    QToolTip.showText(QCursor.pos(), text, widget)


def style_chart(chart: QChart, palette: QPalette) -> None:
    """Theme, background, title and legend from the window's palette; call before adding series
    (a theme resets series colours), then ``style_axes`` once the axes are attached."""
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if theme.is_dark(palette) else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(0)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setTitleBrush(text)
    title_font = QFont(chart.titleFont())
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    legend = chart.legend()
    legend.setLabelColor(text)
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)


def place_legend(chart: QChart, entries: int = 0) -> None:
    """Below the plot when its entries fit on one row at the chart's width; else beside it, one per line,
    so no name is cut short (QLegend elides what does not fit). ``entries``: kept for callers, unused:
    the names' widths decide. Charts in a ``ChartView`` are placed again when the view is resized."""
    legend = chart.legend()
    room = chart.size().width() - chart.margins().left() - chart.margins().right() - legend_slack(legend)
    fits = room > 0 and legend_row_width(legend) <= room
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom if fits else Qt.AlignmentFlag.AlignRight)


def legend_entry_widths(legend: QLegend) -> list[float]:
    """The width each entry needs to show its whole name: marker, spacing and text."""
    metrics = QFontMetricsF(legend.font())
    padding = metrics.height() * 1.5  # the marker and the gaps around it (20 px at a 13 px font)
    return [metrics.horizontalAdvance(m.label()) + padding for m in legend.markers()]


def legend_row_width(legend: QLegend) -> float:
    return sum(legend_entry_widths(legend))


def legend_slack(legend: QLegend) -> float:
    """Room the legend's own margins and the layout's rounding take from a row."""
    return QFontMetricsF(legend.font()).height() * 3


def style_axes(chart: QChart, palette: QPalette) -> None:
    text = palette.color(QPalette.ColorRole.WindowText)
    grid = palette.color(QPalette.ColorRole.Mid if theme.is_dark(palette) else QPalette.ColorRole.Midlight)
    line = palette.color(QPalette.ColorRole.Mid)
    for axis in chart.axes():
        style_axis(axis, text, grid, line)


def style_axis(axis: QAbstractAxis, text: QColor, grid: QColor, line: QColor) -> None:
    axis.setLabelsColor(text)
    axis.setTitleBrush(text)
    axis.setLinePenColor(line)
    axis.setGridLineColor(grid)


class ChartView(QChartView):
    """A chart view that restyles its chart when the palette changes (light / dark)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(self.fontMetrics().height() * 12)

    _stale = False

    def request_rebuild(self) -> None:
        """Redraw now if shown; a chart on a hidden tab redraws when it is next shown, so typing
        pays only for the chart in view."""
        if self.isVisible() or (not self.isWindow() and self.window().isHidden()):
            self._stale = False
            self.rebuild()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.rebuild()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.request_rebuild()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # resizes the chart to the view
        if self.chart().legend().isVisible():
            place_legend(self.chart())

    def rebuild(self) -> None:
        """Subclasses redraw their series (colours depend on the palette)."""

    def clear(self) -> QChart:
        """The chart emptied of series and axes and styled from the palette, ready to draw on."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        style_chart(chart, self.palette())
        return chart


class LeaseChartView(ChartView):
    """A chart of one lease of the comparison, the one selected in the window (the exit curve, the walk-away
    prices): it follows the comparison and the selection, each redrawing it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._selected: str | None = None

    def set_comparison(self, comparison: Comparison | None, selected: str | None = None) -> None:
        self._comparison = comparison
        self._selected = selected
        self.request_rebuild()

    def set_selected(self, selected: str | None) -> None:
        if selected != self._selected:
            self._selected = selected
            self.request_rebuild()

    def lease_results(self) -> list[OfferResult]:
        """The comparison's leases, in deal order (none without a comparison)."""
        if self._comparison is None:
            return []
        return [r for r in self._comparison.results if isinstance(r.offer, LeaseOffer)]
