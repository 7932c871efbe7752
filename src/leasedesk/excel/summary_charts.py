"""The Summary's charts: cumulative cost by month and levelized cost per GPU-hour, side by side.

Each chart reads the workbook's cells (the offer sheets' schedules, the Summary's metric row) and stores
the engine's figures as its caches, so a viewer that does not recalculate still draws it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.chart import Reference
from openpyxl.utils.cell import get_column_letter

from leasedesk.excel.cells import DEFAULT_WIDTH, safe_text
from leasedesk.excel.charts import (
    WIDTH_CM,
    ChartSeries,
    cost_per_gpu_hour_chart,
    cumulative_cost_chart,
    money_axis_format,
    price_axis_format,
)
from leasedesk.excel.schedule_values import serial_dates
from leasedesk.excel.styles import currency_literal

if TYPE_CHECKING:
    from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

CM_PER_WIDTH = 0.2  # one character of column width, Calibri 11
CHART_ROWS = 19  # rows a chart of charts.HEIGHT_CM covers, with a little space


def name_text(item: OfferColumn) -> str:
    """What the offer's name cell holds (the chart caches repeat it)."""
    return safe_text(item.result.offer.display_name)


def column_after(summary: SummaryWriter, start: int, width_cm: float) -> int:
    """The first column that starts at least ``width_cm`` to the right of ``start``'s left edge."""
    widths = summary.writer.ws.column_dimensions
    covered, column = 0.0, start
    while covered < width_cm:
        covered += (widths[get_column_letter(column)].width or DEFAULT_WIDTH) * CM_PER_WIDTH
        column += 1
    return column


def write_charts(summary: SummaryWriter, row: int, label_column: int, name_row: int) -> int:
    """The two charts one row below ``row``; returns the row after them. Widens the Summary's printed columns
    to the second chart's right edge."""
    summary.charts_row = row
    if not summary.columns:
        return row
    comparison = summary.comparison
    ws, prefix = summary.writer.ws, currency_literal(comparison.deal.currency)
    largest = max((float(abs(r.cumulative_cost()).max(initial=0.0)) for r in comparison.results), default=0.0)
    first = summary.columns[0]
    horizon = comparison.deal.assumptions.horizon_months
    schedule = first.layout.schedule
    dates = Reference(
        first.worksheet,
        min_col=schedule.index["date"],
        min_row=schedule.first_row,
        max_row=schedule.first_row + horizon - 1,
    )
    series = [
        ChartSeries(
            name_cell=summary.name_cell(item),
            name=name_text(item),
            values=Reference(
                item.worksheet,
                min_col=item.layout.schedule.index["cumulative"],
                min_row=item.layout.schedule.first_row,
                max_row=item.layout.schedule.first_row + horizon - 1,
            ),
            cached=[float(x) for x in item.result.cumulative_cost()[:horizon]],
        )
        for item in summary.columns
    ]
    start = comparison.deal.assumptions.analysis_start
    dates_cached = [day for day in serial_dates(start, horizon) if isinstance(day, float)]
    line = cumulative_cost_chart(
        series, dates, dates_cached, money_axis_format(prefix, largest), summary.chart_caches
    )
    ws.add_chart(line, f"B{row + 1}")
    cost_row = summary.rows["cost_per_gpu_hour"]
    first_column = summary.columns[0].column
    values = Reference(ws, min_col=first_column, max_col=summary.last_column, min_row=cost_row)
    names = Reference(ws, min_col=first_column, max_col=summary.last_column, min_row=name_row)
    costs = [item.result.metrics["cost_per_gpu_hour"] for item in summary.columns]
    offer_names = [name_text(item) for item in summary.columns]
    bar = cost_per_gpu_hour_chart(
        values, costs, names, offer_names, price_axis_format(prefix), summary.chart_caches
    )
    bar_column = column_after(summary, label_column, WIDTH_CM + 0.5)
    ws.add_chart(bar, f"{get_column_letter(bar_column)}{row + 1}")
    summary.printed_last_column = max(summary.last_column, column_after(summary, bar_column, WIDTH_CM) - 1)
    return row + 1 + CHART_ROWS
