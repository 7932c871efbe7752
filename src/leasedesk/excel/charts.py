"""The Summary's charts: cumulative cost per offer, cost per GPU-hour, the lessee's exit curves.

Series names point at the Summary's offer-name cells (text cells), so an offer name is never
written into a chart as anything but the text of a cell. Every reference carries a cache of the
values its cells hold as exported (the engine's figures), so viewers that do not recalculate, such
as mail previews, draw the charts; openpyxl writes none. The number caches' points are kept in a
``ChartCaches`` and written into the chart parts as text while the package is written (as openpyxl
objects, a chart of 1,000 offers over 600 months took a gigabyte and many seconds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.data_source import AxDataSource, NumData, NumDataSource, NumRef, StrData, StrRef, StrVal
from openpyxl.chart.series import SeriesLabel
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.excel.styles import MONTH

WIDTH_CM, HEIGHT_CM = 17.0, 8.5
_SCALES = ((1e12, "T", ",,,,"), (1e9, "B", ",,,"), (1e6, "M", ",,"), (1e3, "K", ","))


Points = Sequence[float | None]  # one entry per cell of a reference; None where the cell shows nothing


@dataclass(frozen=True)
class ChartSeries:
    """One offer's data: where its values lie and which Summary cell holds its name, with what they hold."""

    name_cell: str  # 'Summary'!$C$4
    name: str  # the text of that cell
    values: Reference
    cached: Points
    x_values: Reference | None = None
    x_cached: Points = ()


@dataclass
class ChartCaches:
    """The points of every number cache, by the reference they cache; written into the chart parts by ``fill``."""

    points: dict[str, Points] = field(default_factory=dict)

    def add(self, reference: str, points: Points) -> None:
        known = self.points.setdefault(reference, points)
        if list(known) != list(points):
            raise ValueError(f"{reference}: two different caches for one reference")

    def fill(self, chart_xml: bytes) -> bytes:
        """A chart part with each empty number cache's points written in, as openpyxl would write them."""
        return _EMPTY_CACHE.sub(self._filled, chart_xml.decode("utf-8")).encode("utf-8")

    def _filled(self, match: re.Match[str]) -> str:
        points = self.points.get(unescape(match.group(1)), ())
        if len(points) != int(match.group(2)):
            return match.group(0)
        return match.group(0) + "".join(
            f'<pt idx="{i}"><v>{value:.16g}</v></pt>' for i, value in enumerate(points) if value is not None
        )


_EMPTY_CACHE = re.compile(r'<numRef><f>([^<]*)</f><numCache>(?:<formatCode>[^<]*</formatCode>)?<ptCount val="(\d+)"/>')


def number_source(
    reference: Reference, points: Points, caches: ChartCaches, format_code: str = "General"
) -> NumDataSource:
    return NumDataSource(numRef=_number_ref(reference, points, format_code, caches))


def _cell_count(reference: Reference) -> int:
    return int((reference.max_row - reference.min_row + 1) * (reference.max_col - reference.min_col + 1))


def _number_ref(reference: Reference, points: Points, format_code: str, caches: ChartCaches) -> NumRef:
    """A reference with an empty cache of ``len(points)`` points; ``caches`` keeps the points for ``fill``."""
    if len(points) != _cell_count(reference):
        raise ValueError(f"{reference}: {len(points)} cached values for {_cell_count(reference)} cells")
    caches.add(str(reference), [None if value is None else float(value) for value in points])
    return NumRef(f=str(reference), numCache=NumData(formatCode=format_code, ptCount=len(points), pt=[]))


def text_ref(formula: str, texts: Sequence[str]) -> StrRef:
    return StrRef(f=formula, strCache=StrData(ptCount=len(texts), pt=[StrVal(idx=i, v=t) for i, t in enumerate(texts)]))


def money_axis_format(prefix_literal: str, largest: float) -> str:
    """$1.5B-style axis labels, scaled to the largest amount shown."""
    for factor, suffix, commas in _SCALES:
        if largest >= factor:
            return f'{prefix_literal}#,##0.0{commas}"{suffix}"'
    return f"{prefix_literal}#,##0"


def price_axis_format(prefix_literal: str) -> str:
    """$3.50: a price axis needs no more than cents (the cells show four decimals)."""
    return f"{prefix_literal}#,##0.00"


MONTH_LABEL_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
MAX_MONTH_LABELS = 14


def month_label_step(months: int) -> int:
    """Label every n-th month so that at most about a dozen labels share the axis."""
    return next((step for step in MONTH_LABEL_STEPS if months / step <= MAX_MONTH_LABELS), MONTH_LABEL_STEPS[-1])


def _axes(chart: LineChart | BarChart | ScatterChart, y_title: str, y_format: str) -> None:
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    chart.y_axis.title = y_title
    chart.y_axis.number_format = y_format
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise hides the axes in Excel
    chart.y_axis.delete = False
    chart.legend.position = "b"


def _series(item: ChartSeries, caches: ChartCaches) -> Series:
    """A series of ``item``'s values (y values beside its x values, if any), named after its name cell."""
    series = Series(item.values, item.x_values) if item.x_values is not None else Series(item.values)
    series.tx = SeriesLabel(strRef=text_ref(item.name_cell, [item.name]))
    if item.x_values is not None:
        series.xVal = AxDataSource(numRef=_number_ref(item.x_values, item.x_cached, "General", caches))
        series.yVal = number_source(item.values, item.cached, caches)
    else:
        series.val = number_source(item.values, item.cached, caches)
    series.smooth = False
    series.marker.symbol = "none"
    return series


def cumulative_cost_chart(
    series: Sequence[ChartSeries], dates: Reference, date_serials: Points, y_format: str, caches: ChartCaches
) -> LineChart:
    chart = LineChart()
    # The schedule's months only: the residual value and the deposits held come back after the last month, in
    # total_cost (the window's chart draws that end point; here it would need a row the schedule does not have).
    chart.title = "Cumulative cost (nominal, before the credits at the horizon's end)"
    _axes(chart, "Cumulative cost", y_format)
    for item in series:
        line = _series(item, caches)
        line.cat = AxDataSource(numRef=_number_ref(dates, date_serials, MONTH, caches))
        chart.series.append(line)
    chart.x_axis.number_format = MONTH
    chart.x_axis.title = "Month"
    chart.x_axis.tickLblSkip = month_label_step(len(date_serials))
    chart.x_axis.tickMarkSkip = chart.x_axis.tickLblSkip
    return chart


def cost_per_gpu_hour_chart(
    values: Reference,
    costs: Points,
    names: Reference,
    offer_names: Sequence[str],
    y_format: str,
    caches: ChartCaches,
) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = "Levelized cost per GPU-hour"
    _axes(chart, "Cost per GPU-hour", y_format)
    bars = Series(values)
    bars.val = number_source(values, costs, caches)
    bars.tx = SeriesLabel(v="Levelized cost per GPU-hour")
    bars.cat = AxDataSource(strRef=text_ref(str(names), offer_names))
    chart.series.append(bars)
    chart.legend = None
    return chart


def exit_curve_chart(series: Sequence[ChartSeries], y_format: str, caches: ChartCaches) -> ScatterChart:
    chart = ScatterChart(scatterStyle="lineMarker")  # the schema requires it; openpyxl leaves it out by default
    chart.title = "Lessee's exit curve (nominal)"
    _axes(chart, "Cost of walking away (nominal)", y_format)
    chart.x_axis.title = "Notice given at the start of lease month m"
    chart.x_axis.number_format = "0"
    for item in series:
        if item.x_values is None:
            raise ValueError("an exit curve needs its notice months as x values")
        chart.series.append(_series(item, caches))
    return chart


def place_charts(ws: Worksheet, charts: Sequence[LineChart | BarChart | ScatterChart], anchors: Sequence[str]) -> None:
    for chart, anchor in zip(charts, anchors, strict=True):
        ws.add_chart(chart, anchor)
