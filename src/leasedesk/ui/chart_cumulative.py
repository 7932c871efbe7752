"""Chart: the cumulative nominal cost of each offer over the horizon, month by month, on a date axis.

Each line has a point per horizon month and a last one at the horizon's end, where the residual
value and the deposits still held come back (``OfferResult.cumulative_cost``): it ends at the
offer's total cost, as the table shows it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCharts import QCategoryAxis, QLineSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import format_money
from leasedesk.ui import theme
from leasedesk.ui.chart_support import ChartView, money_axis, msecs, place_legend, show_tooltip, style_axes

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison
    from leasedesk.core.discounting import FloatArray


class CumulativeCostChart(ChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cumulative_chart")
        self.setAccessibleName("Cumulative cost per offer")
        self._comparison: Comparison | None = None
        self.series_by_offer: dict[str, QLineSeries] = {}
        self._drawn: dict[str, object] = {}  # offer id -> the figures its series shows
        self._y_range = (0.0, 0.0, 1.0)  # axis min, max and money factor
        self._xs = np.zeros(0)  # the horizon's months on the time axis (the shape check keeps them valid)

    def set_comparison(self, comparison: Comparison | None) -> None:
        previous, self._comparison = self._comparison, comparison
        if not (previous is not None and comparison is not None and self._update_in_place(previous, comparison)):
            self.request_rebuild()

    def _update_in_place(self, previous: Comparison, comparison: Comparison) -> bool:
        """Replace the points of the offers an edit changed (typing stays fast); False when the
        chart needs a rebuild: other offers, names, baseline, dates, or values off the axis."""
        def shape(c: Comparison) -> tuple[object, ...]:
            names = tuple((r.offer_id, r.offer.display_name, r.is_baseline) for r in c.results)
            return names, c.deal.assumptions.analysis_start, c.deal.assumptions.horizon_months, c.deal.currency

        drawn_ids = set(self.series_by_offer)
        if shape(previous) != shape(comparison) or drawn_ids != {r.offer_id for r in comparison.results}:
            return False
        changed = [r for r in comparison.results if self._drawn.get(r.offer_id) is not r.figures]
        curves = {r.offer_id: r.cumulative_cost() for r in changed}
        low, high, factor = self._y_range
        if any(len(c) and (float(c.min()) / factor < low or float(c.max()) / factor > high) for c in curves.values()):
            return False
        for result in changed:
            _set_points(self.series_by_offer[result.offer_id], self._xs, curves[result.offer_id] / factor)
            self._drawn[result.offer_id] = result.figures
        return True

    def rebuild(self) -> None:
        chart = self.clear()
        self.series_by_offer = {}
        self._drawn = {}
        comparison = self._comparison
        chart.setTitle("Cumulative cost over the horizon")
        if comparison is None or not comparison.results:
            return
        deal = comparison.deal
        dates = comparison.horizon_dates()
        self._xs = np.array([msecs(d) for d in dates], dtype=float)
        curves = {r.offer_id: r.cumulative_cost() for r in comparison.results}
        low = min((float(c.min()) for c in curves.values() if len(c)), default=0.0)
        high = max((float(c.max()) for c in curves.values() if len(c)), default=1.0)
        y_axis, factor = money_axis(deal.currency, low, high, "Paid so far")
        self._y_range = (y_axis.min(), y_axis.max(), factor)
        x_axis = date_axis(dates)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for index, result in enumerate(comparison.results):
            series = QLineSeries()
            series.setName(result.offer.display_name + (" (baseline)" if result.is_baseline else ""))
            pen = QPen(theme.offer_color(index, self.palette()))
            pen.setWidthF(2.5 if result.is_baseline else 2.0)
            if result.is_baseline:
                pen.setStyle(Qt.PenStyle.DashLine)
            series.setPen(pen)
            _set_points(series, self._xs, curves[result.offer_id] / factor)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            series.hovered.connect(
                lambda point, state, offer_id=result.offer_id: self._hovered(point, state, offer_id)
            )
            self.series_by_offer[result.offer_id] = series
            self._drawn[result.offer_id] = result.figures
        place_legend(chart, len(comparison.results))
        style_axes(chart, self.palette())

    def _hovered(self, point: QPointF, state: bool, offer_id: str) -> None:
        """The figure under the pointer, read from the comparison shown now (not when drawn)."""
        comparison = self._comparison
        if not state or comparison is None or offer_id not in {r.offer_id for r in comparison.results}:
            return
        result = comparison.result(offer_id)
        name, curve, dates = result.offer.display_name, result.cumulative_cost(), comparison.horizon_dates()
        if not dates:
            return
        xs = [msecs(d) for d in dates]
        month = min(range(len(xs)), key=lambda i: abs(xs[i] - point.x()))
        paid = format_money(float(curve[month]), comparison.deal.currency)
        if month == len(dates) - 1:
            text = (f"{name}\nEnd of the horizon ({dates[month]:%b %Y}): total cost {paid}, "
                    "residual value and returned deposits netted")
        else:
            text = f"{name}\n{dates[month]:%b %Y}: {paid} paid so far"
        show_tooltip(text, self)


def _set_points(series: QLineSeries, xs: FloatArray, ys: FloatArray) -> None:
    """All the points at once from numpy arrays (no QPointF per point)."""
    series.replaceNp(xs, ys)  # type: ignore[arg-type]  # PySide6's stubs say Sequence; it takes numpy arrays


def date_axis(dates: list[dt.date]) -> QCategoryAxis:
    """A time axis labelled at the start and at each January (every few years on long horizons)."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    if not dates:
        return axis
    first, last = msecs(dates[0]), msecs(dates[-1])
    axis.setRange(first, last)
    axis.setStartValue(first)
    years = dates[-1].year - dates[0].year
    step = 1 if years <= 8 else 2 if years <= 16 else 5
    axis.append(f"{dates[0]:%b %Y}", first)
    for index, date in enumerate(dates):
        # Januaries read as the year; none too close to the first label, nor at the very end (it would be cut).
        if 6 <= index < len(dates) - 2 and date.month == 1 and (date.year - dates[0].year) % step == 0:
            axis.append(str(date.year), msecs(date))
    axis.setTitleText("Month")
    return axis
