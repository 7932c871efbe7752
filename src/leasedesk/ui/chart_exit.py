"""Chart: a lease's exit curve X(m), the cost of giving notice in lease month m, with lock-in and notice marked.

The curve comes from the comparison (``OfferResult.exit_curve``); the marks are the
lease's own terms: notice is allowed from month L, and the earliest end is L + notice. The
months where leaving costs more than staying to the end (a termination fee above the fees it
saves, ``ExitCurve.costs_more_than_staying``) are shaded. Nominal is a solid line, present
value a dashed one, and the legend draws each entry as its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCharts import QAreaSeries, QLegend, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from leasedesk.core.formatting import format_metric, format_money, format_months
from leasedesk.core.model import LeaseOffer, add_months
from leasedesk.ui import theme
from leasedesk.ui.chart_support import LeaseChartView, money_axis, place_legend, show_tooltip, style_axes

if TYPE_CHECKING:
    from leasedesk.core.comparison import OfferResult


class ExitCurveChart(LeaseChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exit_chart")
        self.setAccessibleName("Exit curve of the selected lease")
        self.lease_id: str | None = None
        self.curve_series: QLineSeries | None = None
        self.pv_series: QLineSeries | None = None
        self.costs_more_series: QAreaSeries | None = None  # the shaded months, None when there are none

    def _lease_result(self) -> OfferResult | None:
        """The selected lease, else the first lease of the deal."""
        leases = self.lease_results()
        chosen = [r for r in leases if r.offer_id == self._selected]
        candidates = chosen or leases
        return candidates[0] if candidates else None

    def rebuild(self) -> None:
        chart = self.clear()
        self.curve_series = self.pv_series = self.costs_more_series = None
        result = self._lease_result()
        self.lease_id = result.offer_id if result is not None else None
        if result is None or self._comparison is None:
            chart.setTitle("Exit curve: the deal has no lease")
            return
        lease = result.offer
        assert isinstance(lease, LeaseOffer)
        currency = self._comparison.deal.currency
        curve = result.exit_curve
        if curve is None or len(curve) == 0:
            whole = format_metric("min_commitment", result.metrics["min_commitment"], currency)
            why = "no lessee exit right" if not lease.lessee_exit.allowed else "the lock-in lasts the whole term"
            chart.setTitle(f"{lease.display_name}: {why}, the whole term is committed ({whole})")
            return
        chart.setTitle(f"Exit curve of {lease.display_name}: what leaving costs")
        right = lease.lessee_exit
        term = lease.term_months
        high = max(float(curve.cost.max()), float(curve.cost_pv.max()))
        y_axis, factor = money_axis(currency, 0.0, high, "Cost")
        x_axis = QValueAxis()
        x_axis.setRange(0, term)
        x_axis.setLabelFormat("%d")
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(1 if term <= 12 else 3 if term <= 24 else 6 if term <= 72 else 12 if term <= 180 else 24)
        x_axis.setTitleText(f"Notice given at the start of lease month (0 = {lease.start:%b %Y})")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        colour = theme.offer_color(self._comparison.results.index(result), self.palette())

        nominal = QLineSeries()
        nominal.setName("Cost of leaving, nominal")
        nominal.setPen(QPen(colour, 2.5))
        nominal.replace([QPointF(float(m), float(x) / factor) for m, x in zip(curve.notice_months, curve.cost,
                                                                                strict=True)])
        present = QLineSeries()
        present.setName("Cost of leaving, present value")
        pv_pen = QPen(colour, 2.0)
        pv_pen.setStyle(Qt.PenStyle.DashLine)
        present.setPen(pv_pen)
        present.replace([QPointF(float(m), float(x) / factor) for m, x in zip(curve.notice_months, curve.cost_pv,
                                                                                strict=True)])
        top = y_axis.max()
        muted = theme.muted_color(self.palette())
        lock_in = self._vertical(f"Notice allowed from month {right.lock_in_months}", right.lock_in_months, top,
                                 muted, Qt.PenStyle.DashLine)
        earliest = float(curve.ends_at[0])  # the engine's e for notice at the lock-in
        notice = self._vertical(f"Earliest end: month {earliest:.2f} ({right.notice_days:g} days' notice)",
                                earliest, top, muted, Qt.PenStyle.DotLine)
        first = QScatterSeries()
        first.setName(f"Minimum commitment {format_money(float(curve.cost[0]), currency)}")
        first.setColor(colour)
        first.setBorderColor(colour)
        first.setMarkerSize(self.fontMetrics().height() * 0.7)
        first.append(float(curve.notice_months[0]), float(curve.cost[0]) / factor)
        worse = self._costs_more(result, top, term, factor)
        shown = [s for s in (worse, nominal, present, first, lock_in, notice) if s is not None]
        for series in shown:
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        nominal.hovered.connect(lambda point, state: self._hovered(point, state, result))
        present.hovered.connect(lambda point, state: self._hovered(point, state, result))
        self.curve_series, self.pv_series, self.costs_more_series = nominal, present, worse
        for series in shown:  # lines as their solid, dashed, dotted selves; the band as a swatch of its colour
            if series is not worse:
                for marker in chart.legend().markers(series):
                    marker.setShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        place_legend(chart)
        style_axes(chart, self.palette())

    def _costs_more(self, result: OfferResult, top: float, term: int, factor: float) -> QAreaSeries | None:
        """A band over each run of notice months where leaving costs more than staying to the end."""
        curve = result.exit_curve
        if curve is None:
            return None
        runs = curve.costs_more_runs()
        if not runs:
            return None
        upper = QLineSeries()
        for first, last in runs:  # a point's month is centred in its band; one series, one legend entry
            left, right = max(0.0, first - 0.5), min(float(term), last + 0.5)
            upper.append([QPointF(left, 0.0), QPointF(left, top), QPointF(right, top), QPointF(right, 0.0)])
        band = QAreaSeries(upper)
        band.setParent(self)  # QAreaSeries does not own its line series; keep both alive with the chart
        upper.setParent(band)
        band.setName(f"Leaving costs more than staying: {_months_words(runs)}")
        fill = QColor(theme.bad_color(self.palette()))
        fill.setAlpha(72 if theme.is_dark(self.palette()) else 48)
        band.setColor(fill)  # the legend's marker takes the series' colour
        band.setBorderColor(fill)
        band.setPen(QPen(Qt.PenStyle.NoPen))
        return band

    @staticmethod
    def _vertical(name: str, x: float, top: float, colour: QColor, style: Qt.PenStyle) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        pen = QPen(colour)
        pen.setWidthF(1.5)
        pen.setStyle(style)
        series.setPen(pen)
        series.replace([QPointF(x, 0.0), QPointF(x, top)])
        return series

    def _hovered(self, point: QPointF, state: bool, result: OfferResult) -> None:
        curve = result.exit_curve
        if not state or curve is None or len(curve) == 0 or self._comparison is None:
            return
        lease = result.offer
        assert isinstance(lease, LeaseOffer)
        i = min(range(len(curve)), key=lambda j: abs(float(curve.notice_months[j]) - point.x()))
        m = int(curve.notice_months[i])
        ends = float(curve.ends_at[i])
        currency = self._comparison.deal.currency
        end_words = "runs the whole term" if ends >= lease.term_months else f"ends after {format_months(ends)}"
        worse = ""
        if bool(curve.costs_more_than_staying[i]) and result.figures.commitment is not None:
            whole = format_money(result.figures.commitment.full_term_cost, currency)
            worse = f"\nMore than staying to the end ({whole}): the termination fee exceeds the fees it saves"
        show_tooltip(
            f"Notice at the start of month {m} ({add_months(lease.start, m):%b %Y}): the lease {end_words};\n"
            f"you pay {format_money(float(curve.cost[i]), currency)} "
            f"(present value {format_money(float(curve.cost_pv[i]), currency)}){worse}",
            self,
        )


def _months_words(runs: list[tuple[int, int]]) -> str:
    """'month 29', 'months 29–30', 'months 12–14, 20'."""
    parts = [str(first) if first == last else f"{first}–{last}" for first, last in runs]
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    return ("month " if single else "months ") + ", ".join(parts)
