"""The Summary's charts: cumulative cost per offer, cost per GPU-hour, the lessee's exit curves.

Series names point at the Summary's offer-name cells (text cells), so an offer name is never
written into a chart as anything but the text of a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.series import SeriesLabel, StrRef
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.excel.styles import MONTH

WIDTH_CM, HEIGHT_CM = 17.0, 8.5
_SCALES = ((1e12, "T", ",,,,"), (1e9, "B", ",,,"), (1e6, "M", ",,"), (1e3, "K", ","))


@dataclass(frozen=True)
class ChartSeries:
    """One offer's data: where its values lie and which Summary cell holds its name."""

    name_cell: str  # 'Summary'!$C$4
    values: Reference
    x_values: Reference | None = None


def money_axis_format(prefix_literal: str, largest: float) -> str:
    """$1.5B-style axis labels, scaled to the largest amount shown."""
    for factor, suffix, commas in _SCALES:
        if largest >= factor:
            return f'{prefix_literal}#,##0.0{commas}"{suffix}"'
    return f"{prefix_literal}#,##0"


def _axes(chart: LineChart | BarChart | ScatterChart, y_title: str, y_format: str) -> None:
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    chart.y_axis.title = y_title
    chart.y_axis.number_format = y_format
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise hides the axes in Excel
    chart.y_axis.delete = False
    chart.legend.position = "b"


def _named(series: Series, name_cell: str) -> Series:
    series.tx = SeriesLabel(strRef=StrRef(name_cell))
    return series


def cumulative_cost_chart(series: Sequence[ChartSeries], dates: Reference, y_format: str) -> LineChart:
    chart = LineChart()
    chart.title = "Cumulative cost (nominal)"
    _axes(chart, "Cumulative cost", y_format)
    for item in series:
        line = _named(Series(item.values), item.name_cell)
        line.smooth = False
        line.marker.symbol = "none"
        chart.series.append(line)
    chart.set_categories(dates)
    chart.x_axis.number_format = MONTH
    chart.x_axis.title = "Month"
    return chart


def cost_per_gpu_hour_chart(values: Reference, names: Reference, y_format: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = "Levelized cost per GPU-hour"
    _axes(chart, "Cost per GPU-hour", y_format)
    bars = Series(values)
    bars.tx = SeriesLabel(v="Levelized cost per GPU-hour")
    chart.series.append(bars)
    chart.set_categories(names)
    chart.legend = None
    return chart


def exit_curve_chart(series: Sequence[ChartSeries], y_format: str) -> ScatterChart:
    chart = ScatterChart(scatterStyle="lineMarker")  # the schema requires it; openpyxl leaves it out by default
    chart.title = "Lessee's exit curve (nominal)"
    _axes(chart, "Cost of walking away (nominal)", y_format)
    chart.x_axis.title = "Notice given at the start of lease month m"
    chart.x_axis.number_format = "0"
    for item in series:
        assert item.x_values is not None
        line = _named(Series(item.values, item.x_values), item.name_cell)
        line.smooth = False
        line.marker.symbol = "none"
        chart.series.append(line)
    return chart


def place_charts(ws: Worksheet, charts: Sequence[LineChart | BarChart | ScatterChart], anchors: Sequence[str]) -> None:
    for chart, anchor in zip(charts, anchors, strict=True):
        ws.add_chart(chart, anchor)
