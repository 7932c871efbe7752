"""Chart: the selected lease against the market, by lease month, on one price axis ($ per GPU-hour).

The lessee's and the provider's walk-away prices (dots: they are lattice node prices, so they step),
the expected market price, and the lease's own cost per delivered GPU-hour, with the lock-in and the
notice marked; under it, the exit clause at these prices in words. Every figure and word comes from
core (``Comparison.walk_away_chart`` and ``Comparison.exit_clause_at_market``); the chart is drawn
only for the selected lease and only while its tab is shown (``ChartView.request_rebuild``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCharts import QLineSeries, QScatterSeries, QValueAxis, QXYSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from leasedesk.core.formatting import currency_prefix, format_price_per_gpu_hour
from leasedesk.core.model import LeaseOffer, add_months
from leasedesk.ui import theme
from leasedesk.ui.chart_support import LeaseChartView, label_format_prefix, place_legend, show_tooltip, style_axes

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison
    from leasedesk.core.market.walk_away_chart import WalkAwayChartData

# Walk-away prices far above the lease's own cost and the market (a provider walking only at a price
# many times today's) would flatten the rest; the axis stops at this multiple and such dots fall off it.
AXIS_HEADROOM = 1.6
NO_MARKET = "Walk-away prices need a market: fill the Market group on the Assumptions tab"
NOT_A_LEASE = "Walk-away prices: select a lease (a self-build has no exit rights to price)"


class WalkAwayChart(LeaseChartView):
    """The walk-away chart of one lease; ``caption`` gets the clause in words (it sits under the chart)."""

    def __init__(self, caption: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walk_away_chart")
        self.setAccessibleName("Walk-away prices of the selected lease")
        self.caption = caption
        self.lease_id: str | None = None
        self.series_by_role: dict[str, QXYSeries] = {}
        self._shape: tuple[object, ...] | None = None  # what was drawn, apart from the figures
        self._y_axis = QValueAxis()

    def _lease_id(self) -> str | None:
        """The selected offer if it is a lease; with nothing selected, the deal's first lease."""
        leases = [r.offer_id for r in self.lease_results()]
        if self._selected is None:
            return leases[0] if leases else None
        return self._selected if self._selected in leases else None

    def rebuild(self) -> None:
        """Draw the chart afresh, or, when only the figures moved (typing in the shown lease), move the
        points of the series already drawn: rebuilding axes and legend on each keystroke is slow."""
        comparison = self._comparison
        if comparison is None or comparison.market is None:
            self._note(NO_MARKET)
            return
        lease_id = self._lease_id()
        if lease_id is None:
            self._note(NOT_A_LEASE)
            return
        lease = comparison.result(lease_id).offer
        data = comparison.walk_away_chart(lease_id)
        clause = comparison.exit_clause_at_market(lease_id)
        if data is None or clause is None or not isinstance(lease, LeaseOffer):
            self._note(f"{lease.display_name}: no market figures (check the market's volatility)")
            return
        self.lease_id = lease_id
        self.caption.setText(clause.text)
        points = _points(data)
        shape = (lease_id, lease.start, len(data.months), tuple(points), data.marks, comparison.deal.currency,
                 self.palette().cacheKey())
        if shape == self._shape:
            self._move_points(points, data)
        else:
            self.clear()
            self.series_by_role = {}
            self._draw(comparison, lease, data, points)
            self._shape = shape
        self.chart().setTitle(f"{lease.display_name} against the market, by lease month")

    def _note(self, title: str) -> None:
        """No series: only a title that says why."""
        chart = self.clear()
        chart.setTitle(title)
        self.series_by_role = {}
        self.lease_id = None
        self._shape = None
        self.caption.setText("")

    def _move_points(self, points: dict[str, list[QPointF]], data: WalkAwayChartData) -> None:
        self._y_axis.setRange(0.0, _axis_top(data))
        self._y_axis.applyNiceNumbers()
        top = self._y_axis.max()
        for role, series in self.series_by_role.items():
            if role.startswith("mark:"):
                x = series.at(0).x()
                series.replace([QPointF(x, 0.0), QPointF(x, top)])
            else:
                series.replace(points[role])

    def _draw(
        self, comparison: Comparison, lease: LeaseOffer, data: WalkAwayChartData, points: dict[str, list[QPointF]]
    ) -> None:
        chart = self.chart()
        palette = self.palette()
        currency = comparison.deal.currency
        term = len(data.months)
        x_axis = QValueAxis()
        x_axis.setRange(0, term)
        x_axis.setLabelFormat("%d")
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(1 if term <= 12 else 3 if term <= 24 else 6 if term <= 72 else 12)
        x_axis.setTitleText(f"Lease month (0 = {lease.start:%b %Y})")
        y_axis = self._y_axis = QValueAxis()
        y_axis.setRange(0.0, _axis_top(data))
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat(f"{label_format_prefix(currency)}%.2f")
        y_axis.setTitleText(f"{currency_prefix(currency).strip()}/GPU-h")  # short: the plot may be low
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

        colour = theme.offer_color([r.offer_id for r in comparison.results].index(lease.id), palette)
        muted = theme.muted_color(palette)
        makers: dict[str, Callable[[], QXYSeries]] = {
            "own_cost": lambda: _line("Lease: fee and power per GPU-h", colour, 2.5),
            "expected_price": lambda: _line("Expected market price", muted, 2.0, Qt.PenStyle.DashLine),
            "lessee_below": lambda: self._dots("You walk away below", theme.good_color(palette)),
            "provider_above": lambda: self._dots("Provider walks away above", theme.bad_color(palette)),
        }
        top = y_axis.max()
        for role, role_points in points.items():
            item = makers[role]()
            item.replace(role_points)
            self._add(item, role, x_axis, y_axis, lease)
        for mark in data.marks:
            line = _line(mark.label, muted if mark.kind == "notice_from" else theme.bad_color(palette), 1.5,
                         Qt.PenStyle.DashLine if mark.kind == "notice_from" else Qt.PenStyle.DotLine)
            line.replace([QPointF(mark.month, 0.0), QPointF(mark.month, top)])
            self._add(line, f"mark:{mark.label}", x_axis, y_axis, None)
        place_legend(chart, len(self.series_by_role))
        style_axes(chart, palette)

    def _add(
        self, item: QXYSeries, role: str, x_axis: QValueAxis, y_axis: QValueAxis, lease: LeaseOffer | None
    ) -> None:
        self.chart().addSeries(item)
        item.attachAxis(x_axis)
        item.attachAxis(y_axis)
        self.series_by_role[role] = item
        if lease is not None:
            name = item.name()
            item.hovered.connect(lambda point, state, name=name: self._hovered(point, state, name, lease))

    def _dots(self, name: str, colour: QColor) -> QScatterSeries:
        dots = QScatterSeries()
        dots.setName(name)
        dots.setColor(colour)
        dots.setBorderColor(colour)
        dots.setMarkerSize(max(5.0, self.fontMetrics().height() * 0.45))
        return dots

    def _hovered(self, point: QPointF, state: bool, name: str, lease: LeaseOffer) -> None:
        if not state or self._comparison is None:
            return
        month = max(0, min(round(point.x()), lease.term_months - 1))
        price = format_price_per_gpu_hour(point.y(), self._comparison.deal.currency)
        show_tooltip(f"Lease month {month} ({add_months(lease.start, month):%b %Y})\n{name}: {price}", self)


def _line(name: str, colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QLineSeries:
    line = QLineSeries()
    line.setName(name)
    pen = QPen(colour, width)
    pen.setStyle(style)
    line.setPen(pen)
    return line


def _points(data: WalkAwayChartData) -> dict[str, list[QPointF]]:
    """The points of each series that has any (a side that never walks, or has no right, has no dots)."""
    series = {
        "own_cost": data.own_cost,
        "expected_price": data.expected_price,
        "lessee_below": data.lessee_below,
        "provider_above": data.provider_above,
    }
    points = {role: [QPointF(float(k), v) for k, v in enumerate(values) if v is not None]
              for role, values in series.items()}
    return {role: role_points for role, role_points in points.items() if role_points}


def _axis_top(data: WalkAwayChartData) -> float:
    """Room for the lease's cost, the market and the walk-away prices up to AXIS_HEADROOM times those two."""
    reference = [v for v in (*data.own_cost, *data.expected_price) if v is not None]
    walk_away = [v for v in (*data.lessee_below, *data.provider_above) if v is not None]
    base = max(reference, default=1.0)
    return max([base, *(v for v in walk_away if v <= AXIS_HEADROOM * base)]) * 1.05


class WalkAwayPanel(QWidget):
    """The chart's tab: the chart over the clause in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walk_away_panel")
        self.caption = QLabel(self)
        self.caption.setObjectName("walk_away_caption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = WalkAwayChart(self.caption, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.caption)
