"""The Summary's metric rows (DESIGN.md 2): each a formula over the offer sheets' results, the best marked.

The break-even fee is computed here from the offer sheets' figures and the baseline's cost per GPU-hour;
its headroom follows it. A best mark is a conditional format, so it follows edits; the totals carry one
only while every offer delivers GPU-hours within 1% of the largest (core.best_marks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils.cell import get_column_letter

from leasedesk.core.best_marks import EQUAL_HOURS_TOLERANCE, TOTALS_NEED_EQUAL_HOURS
from leasedesk.core.metric_info import METRICS, MetricInfo
from leasedesk.core.model import LeaseOffer, add_months
from leasedesk.excel.schedule_values import EXCEL_EPOCH
from leasedesk.excel.styles import BEST_FILL, BEST_FONT, COUNT, INTEGER, MONTH, MONTHS

if TYPE_CHECKING:
    from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

FIRST_CAPACITY_DATE_KEY = "first_capacity_date"


def metric_format(summary: SummaryWriter, info: MetricInfo) -> str:
    """The number format of a metric's unit, money and prices in the deal's currency."""
    return {
        "money": summary.formats.money,
        "money_per_gpu_hour": summary.formats.price,
        "gpu_hours": COUNT,
        "months": MONTHS,
        "month_index": INTEGER,
    }[info.unit]


def write_metrics(summary: SummaryWriter, row: int) -> int:
    """The metric rows from ``row`` (a section heading first) and the headroom; returns the row after them."""
    horizon = summary.comparison.deal.assumptions.horizon_months
    summary.section(row, f"Metrics over the {horizon}-month horizon (formulas over the offer sheets)")
    row += 1
    for info in METRICS:
        summary.keyed_row(row, info.key, info.label)
        number_format = metric_format(summary, info)
        for item in summary.columns:
            if info.key == "breakeven_fee":
                _breakeven(summary, row, item, number_format)
                continue
            value = item.result.metrics[info.key]
            summary.writer.formula(
                row, item.column, "=" + item.result_ref(info.key), "" if value is None else value, number_format
            )
        row += 1
        if info.key == "first_capacity_month":
            _first_capacity_date(summary, row)
            row += 1
    for info in METRICS:  # after every row: the totals' marks read the gpu_hours row
        if info.better != "none" and summary.columns:
            mark_best(summary, summary.rows[info.key], info)
    _headroom(summary, row)
    return row + 1


def _first_capacity_date(summary: SummaryWriter, row: int) -> None:
    """First capacity as a month people read (Jul 2027), under its index; not a metric key of the contract."""
    summary.keyed_row(row, FIRST_CAPACITY_DATE_KEY, "  First capacity (date)")
    index_row = summary.rows["first_capacity_month"]
    start = summary.comparison.deal.assumptions.analysis_start
    for item in summary.columns:
        month = item.result.metrics["first_capacity_month"]
        cached = "" if month is None else float((add_months(start, int(month)) - EXCEL_EPOCH).days)
        index = f"{item.letter}{index_row}"
        summary.writer.formula(row, item.column, f'=IF(ISNUMBER({index}),EDATE(analysis_start,{index}),"")',
                               cached, MONTH)


def _baseline_column(summary: SummaryWriter) -> OfferColumn | None:
    return next((item for item in summary.columns if item.result.is_baseline), None)


def _breakeven(summary: SummaryWriter, row: int, item: OfferColumn, number_format: str) -> None:
    baseline = _baseline_column(summary)
    if baseline is None or baseline is item or not isinstance(item.result.offer, LeaseOffer):
        return  # the metric cannot apply: the cell stays blank
    c0 = baseline.result_ref("cost_per_gpu_hour")
    b, hours = item.result_ref("fee_pv_per_unit"), item.result_ref("discounted_gpu_hours")
    pv, fee = item.result_ref("pv_cost"), item.input_ref("monthly_fee")
    formula = f'=IF({c0}="","",IF(OR({b}<=0,{hours}<=0),"",({c0}*{hours}-({pv}-{b}*{fee}))/{b}))'
    value = item.result.metrics["breakeven_fee"]
    summary.writer.formula(row, item.column, formula, "" if value is None else value, number_format)


def _headroom(summary: SummaryWriter, row: int) -> None:
    summary.keyed_row(row, "breakeven_headroom", "Headroom: break-even fee minus the monthly fee")
    breakeven_row = summary.rows["breakeven_fee"]
    for item in summary.columns:
        if summary.writer.ws.cell(row=breakeven_row, column=item.column).value is None:
            continue
        breakeven = f"{item.letter}{breakeven_row}"
        headroom = item.result.breakeven_headroom
        summary.writer.formula(
            row,
            item.column,
            f'=IF({breakeven}="","",{breakeven}-{item.input_ref("monthly_fee")})',
            "" if headroom is None else headroom,
            summary.formats.money,
        )


def mark_best(summary: SummaryWriter, row: int, info: MetricInfo) -> None:
    """Green on the best value of the row ``row`` (ties included), by the metric's direction."""
    first, last = get_column_letter(summary.columns[0].column), get_column_letter(summary.last_column)
    cells = f"${first}{row}:${last}{row}"
    target = "MIN" if info.better == "lower" else "MAX"
    best = f"{target}({cells})"
    conditions = [
        f"ISNUMBER({first}{row})",
        f"COUNT({cells})>=2",
        f"ABS({first}{row}-{best})<=0.000000001*MAX(1,ABS({best}))",
    ]
    if info.key in TOTALS_NEED_EQUAL_HOURS:
        conditions.append(_equal_hours_condition(summary))
    formula = f"AND({','.join(conditions)})"
    summary.writer.ws.conditional_formatting.add(
        f"{first}{row}:{last}{row}", FormulaRule(formula=[formula], fill=BEST_FILL, font=BEST_FONT)
    )


def _equal_hours_condition(summary: SummaryWriter) -> str:
    """Every offer's gpu_hours within 1% of the largest (so a total never rewards delivering less)."""
    hours_row = summary.rows["gpu_hours"]
    first, last = get_column_letter(summary.columns[0].column), get_column_letter(summary.last_column)
    hours = f"${first}${hours_row}:${last}${hours_row}"
    return f"MIN({hours})>={1 - EQUAL_HOURS_TOLERANCE}*MAX({hours})"
