"""The charts: a line per offer over the horizon, the selected lease's exit curve, cost per GPU-hour bars."""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QCategoryAxis, QLegend, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from pytestqt.qtbot import QtBot

from leasedesk.core.formatting import format_metric, format_price_per_gpu_hour, money_scale
from leasedesk.core.model import LeaseOffer
from leasedesk.resources import sample_deal_path
from leasedesk.ui.chart_support import ChartView
from leasedesk.ui.main_window import MainWindow


def test_charts_are_created_after_the_window_and_follow_the_deal(window: MainWindow, qtbot: QtBot) -> None:
    assert window.charts is None  # QtCharts stays off the path to the first paint
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    comparison = window.document.comparison
    assert comparison is not None
    lines = charts.cumulative.series_by_offer
    assert list(lines) == ["memphis", "hyperscaler", "build"]
    memphis = lines["memphis"]
    assert memphis.count() == comparison.deal.assumptions.horizon_months + 1  # and the horizon's end
    factor, suffix = money_scale(max(float(r.cumulative_cost().max()) for r in comparison.results))
    assert suffix == "B"
    expected_last = float(comparison.result("memphis").cumulative_cost()[-1]) / factor
    assert abs(memphis.at(memphis.count() - 1).y() - expected_last) < 1e-9
    money_axis = charts.cumulative.chart().axes()[1]
    assert isinstance(money_axis, QValueAxis) and money_axis.labelFormat() == "$%.0fB"

    charts.setCurrentWidget(charts.price)  # a chart on a hidden tab is drawn when shown
    bars = charts.price.bar_sets
    assert list(bars) == ["memphis", "hyperscaler", "build"]
    for offer_id, bar in bars.items():  # one bar per offer, in its own row (zero elsewhere)
        value = comparison.result(offer_id).metrics["cost_per_gpu_hour"]
        assert sorted(bar.at(i) for i in range(bar.count())) == [0.0, 0.0, value]
        assert format_price_per_gpu_hour(value) in bar.label()
    axis = next(a for a in charts.price.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories()[-1] == "<b>$3.46/GPU-h</b> Memphis lease"  # the deal's first offer on top
    assert any(isinstance(s, QAbstractBarSeries) for s in charts.price.chart().series())

    window.offers.add_lease()
    charts.setCurrentWidget(charts.cumulative)
    assert list(charts.cumulative.series_by_offer) == ["memphis", "hyperscaler", "build", "lease"]


def test_each_cumulative_line_ends_at_the_offers_total_cost(window: MainWindow, qtbot: QtBot) -> None:
    """The residual value and a deposit held past the horizon come back at its end, as the table nets them."""
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    hyperscaler = window.document.deal.offer("hyperscaler")  # type: ignore[union-attr]
    assert isinstance(hyperscaler, LeaseOffer) and hyperscaler.deposit == 127_020_000
    # 60 months from Oct 2026 run past the horizon's end (Jan 2030): the deposit is still held there.
    window.document.replace_offer(dataclasses.replace(hyperscaler, term_months=60), "Change term")
    charts.set_comparison(window.document.comparison, None)
    comparison = window.document.comparison
    assert comparison is not None
    build = comparison.result("build")
    assert build.figures.flows.end["residual"] < 0  # the self-build's residual value is credited at the end
    assert comparison.result("hyperscaler").figures.flows.end["deposit"] == -127_020_000
    factor, _suffix = money_scale(max(float(r.cumulative_cost().max()) for r in comparison.results))
    x_axis = charts.cumulative.chart().axes()[0]
    for offer_id, line in charts.cumulative.series_by_offer.items():
        last = line.at(line.count() - 1)
        total = comparison.result(offer_id).metrics["total_cost"]
        assert total is not None
        assert abs(last.y() * factor - total) <= 1e-6 * abs(total), offer_id
        end = QDateTime.fromMSecsSinceEpoch(int(last.x())).date()
        assert (end.year(), end.month()) == (2030, 1), offer_id  # 42 months after Jul 2026
        assert isinstance(x_axis, QCategoryAxis) and last.x() == x_axis.max()
    # the sample's build: the residual value, credited at the end, brings it down to the table's total
    line = charts.cumulative.series_by_offer["build"]
    assert line.at(line.count() - 2).y() > line.at(line.count() - 1).y()
    assert format_metric("total_cost", build.metrics["total_cost"], "USD") == "$2.2B"


def test_the_exit_curve_follows_the_selected_lease(window: MainWindow) -> None:
    charts = window.ensure_charts()
    exit_chart = charts.exit_curve
    assert exit_chart.lease_id == "memphis"
    curve = window.document.comparison.result("memphis").exit_curve  # type: ignore[union-attr]
    assert curve is not None
    series = exit_chart.curve_series
    assert isinstance(series, QLineSeries) and series.count() == len(curve)
    names = [s.name() for s in exit_chart.chart().series()]
    assert "Notice allowed from month 3" in names
    assert any(name.startswith("Earliest end: month 5.96") for name in names)
    window.offers.select_offer("hyperscaler")
    assert exit_chart.lease_id == "hyperscaler"
    assert "Notice allowed from month 18" in [s.name() for s in exit_chart.chart().series()]
    window.offers.select_offer("build")  # a self-build has no exit curve: the first lease is shown
    assert exit_chart.lease_id == "memphis"
    x_axis = next(a for a in exit_chart.chart().axes() if isinstance(a, QValueAxis) and a.labelFormat() == "%d")
    assert x_axis.max() == 42


def test_the_exit_curve_shades_the_months_where_leaving_costs_more_than_staying(window: MainWindow,
                                                                              qtbot: QtBot) -> None:
    """Hyperscaler: $127M a month (3% a year), 180 days' notice after month 18, a $250M fee, 36 months. Notice
    in month m ends at m + 5.91; it saves (36 - m - 5.91) months of fees, under $250M only from m = 29 (the
    saved fees: 1.09 months of about $134.7M in lease year 3) until m = 30, after which notice runs to the end."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    window.offers.select_offer("hyperscaler")
    charts.show_chart(charts.exit_curve)
    exit_chart = charts.exit_curve
    band = exit_chart.costs_more_series
    assert band is not None and band.name() == "Leaving costs more than staying: months 29–30"
    upper = band.upperSeries()
    assert [(p.x(), p.y() > 0) for p in upper.points()] == [(28.5, False), (28.5, True), (30.5, True), (30.5, False)]
    assert band in exit_chart.chart().series()
    assert [m.label() for m in exit_chart.chart().legend().markers(band)] == [band.name()]  # a legend entry
    # nominal solid, present value dashed, and so drawn in the legend
    nominal, present = exit_chart.curve_series, exit_chart.pv_series
    assert nominal is not None and present is not None
    assert nominal.pen().style() == Qt.PenStyle.SolidLine and present.pen().style() == Qt.PenStyle.DashLine
    legend = exit_chart.chart().legend()
    for series in (nominal, present):
        assert legend.markers(series)[0].shape() == QLegend.MarkerShape.MarkerShapeFromSeries
    window.offers.select_offer("memphis")  # no fee: leaving never costs more than staying
    assert exit_chart.lease_id == "memphis" and exit_chart.costs_more_series is None


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_no_legend_entry_is_cut_short(window: MainWindow, qtbot: QtBot, size: tuple[int, int]) -> None:
    """Each entry's text is drawn as wide as the whole name, inside the chart view (QLegend elides what does
    not fit: the exit curve's six entries did not fit in a row at 1366 x 768)."""
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    window.offers.select_offer("hyperscaler")  # the most entries: the shaded months too
    charts_shown: list[ChartView] = [charts.exit_curve, charts.cumulative]
    for chart in charts_shown:
        charts.show_chart(chart)
        qtbot.waitUntil(functools.partial(_fills_its_view, chart))
        legend = chart.chart().legend()
        assert legend.isVisible() and legend.markers()
        qtbot.waitUntil(functools.partial(_legend_shows_every_name_whole, legend))  # once the legend is laid out
        frame = QRectF(QPointF(0, 0), chart.chart().size())
        assert frame.contains(legend.geometry()), (chart.objectName(), legend.geometry(), frame)


def _fills_its_view(chart: ChartView) -> bool:
    return bool(chart.chart().size().toSize() == chart.viewport().size())


def _legend_shows_every_name_whole(legend: QLegend) -> bool:
    metrics = QFontMetricsF(legend.font())
    drawn = _legend_text_widths(legend)
    return len(drawn) == len(legend.markers()) and all(
        width >= metrics.horizontalAdvance(marker.label()) - 1
        for marker, width in zip(legend.markers(), drawn, strict=True)
    )


def _legend_text_widths(legend: QLegend) -> list[float]:
    """The width of the text each legend entry draws: an entry item's first child is its (elided) text."""
    group = legend.childItems()[0]
    return [entry.childItems()[0].boundingRect().width() for entry in group.childItems()]


def test_a_lease_without_an_exit_right_says_so(window: MainWindow) -> None:
    window.offers.add_lease()  # placeholder terms: no exit right
    charts = window.ensure_charts()
    assert charts.exit_curve.lease_id == "lease"
    assert "no lessee exit right" in charts.exit_curve.chart().title()
    assert charts.exit_curve.curve_series is None


def test_money_scale() -> None:
    assert money_scale(6.3e9) == (1e9, "B")
    assert money_scale(-893.5e6) == (1e6, "M")
    assert money_scale(12_500) == (1e3, "K")
    assert money_scale(12) == (1.0, "")


def test_switching_to_dark_restyles_the_window_and_its_charts(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from leasedesk.ui import theme

    charts = window.ensure_charts()
    window.show()
    qtbot.waitExposed(window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        for appearance, dark in (("dark", True), ("light", False)):
            window.set_appearance(appearance)
            assert theme.is_dark(app.palette()) is dark
            assert window.commands.appearance[appearance].isChecked()
            base = app.palette().color(QPalette.ColorRole.Base)
            for chart in charts.charts():
                charts.show_chart(chart)  # a chart on a hidden tab restyles when shown
                qtbot.waitUntil(functools.partial(_has_background, chart, base))
    finally:
        theme.apply_appearance(app, "system")


def test_typing_updates_the_shown_chart_in_place_and_a_hidden_one_when_shown(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    line = charts.cumulative.series_by_offer["memphis"]
    lease = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    window.document.replace_offer(dataclasses.replace(lease, monthly_fee=100e6), "Change monthly fee")
    assert charts.cumulative.series_by_offer["memphis"] is line  # updated in place, not rebuilt
    comparison = window.document.comparison
    assert comparison is not None
    factor, _suffix = money_scale(max(float(r.cumulative_cost().max()) for r in comparison.results))
    expected_last = float(comparison.result("memphis").cumulative_cost()[-1]) / factor
    assert abs(line.at(line.count() - 1).y() - expected_last) < 1e-9
    charts.setCurrentWidget(charts.price)
    value = comparison.result("memphis").metrics["cost_per_gpu_hour"]
    assert format_price_per_gpu_hour(value) in charts.price.bar_sets["memphis"].label()


def _has_background(chart: ChartView, colour: QColor) -> bool:
    return bool(chart.chart().backgroundBrush().color() == colour)


def test_axis_labels_of_a_euro_deal_use_no_sign_qt_would_draw_as_a_question_mark(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """QtCharts formats axis labels through Latin-1, so a "€" in a label format is drawn as "?"; the labels go
    without it and the axis titles (plain text) name the currency."""
    data = json.loads(sample_deal_path().read_text(encoding="utf-8"))
    data["currency"] = "EUR"
    path = tmp_path / "euro.leasedeal"
    path.write_text(json.dumps(data), encoding="utf-8")
    window.document.load(path)
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    axes: list[QValueAxis] = []
    for view in (charts.cumulative, charts.exit_curve, charts.price, charts.walk_away):
        charts.setCurrentWidget(charts.walk_away_panel if view is charts.walk_away else view)
        axes += [axis for axis in view.chart().axes() if isinstance(axis, QValueAxis)]
    money = [axis for axis in axes if "€" in axis.titleText()]
    assert len(money) >= 3, [axis.titleText() for axis in axes]
    for axis in axes:
        axis.labelFormat().encode("latin-1")  # raises on "€"
