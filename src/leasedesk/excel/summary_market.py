"""The Summary's market view (DESIGN.md 7), written only when the deal has a market.

Equal capacity (7.1) is live: each offer's GPUs read from its sheet, Q (the ``required_gpus`` name:
the Assumptions input, or the largest offer's GPUs while it is blank) and the three figures read
from the offer sheets' formulas. The lattice figures (7.2) are values, computed by LeaseDesk at
export and labelled so, with the market inputs they were computed from below them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS, MARKET_METRIC_BY_KEY, MARKET_METRICS
from leasedesk.core.terms.assumption_terms import MARKET
from leasedesk.excel.market_columns import REQUIRED_GPUS
from leasedesk.excel.names import absolute, sheet_ref
from leasedesk.excel.styles import BOLD, COUNT, NOTE_FONT
from leasedesk.excel.summary_metrics import mark_best, metric_format
from leasedesk.excel.term_inputs import number_format

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from leasedesk.excel.summary_sheet import SummaryWriter

LATTICE_NOTE = "Computed by LeaseDesk on a binomial lattice at export; not a formula: these values do not follow edits."
LATTICE_INPUTS = ("price_per_gpu_hour", "annual_change", "volatility", "lessee_switching_cost", "provider_relet_cost")


def write_market(summary: SummaryWriter, workbook: Workbook, row: int) -> int:
    """The market sections after the row ``row``, a row apart; returns their last row (``row`` without a market)."""
    comparison = summary.comparison
    if comparison.market is None or comparison.required_gpus is None or not summary.columns:
        return row
    row = _equal_capacity(summary, workbook, row + 1)
    return _lattice(summary, row + 1)


def _equal_capacity(summary: SummaryWriter, workbook: Workbook, row: int) -> int:
    writer, columns = summary.writer, summary.columns
    summary.section(row, "Market view: every offer priced for the same capacity (formulas, DESIGN.md 7.1)")
    gpus_row, q_row = row + 1, row + 2
    summary.keyed_row(gpus_row, "offer_gpus", "GPUs of each offer (from its sheet)")
    for item in columns:
        writer.formula(gpus_row, item.column, "=" + item.input_ref("gpus"), float(item.result.offer.gpus), COUNT)
    first, last = get_column_letter(columns[0].column), get_column_letter(columns[-1].column)
    summary.keyed_row(q_row, REQUIRED_GPUS, "Required GPUs Q (the input, else the largest offer)")
    given = "market_required_gpus"
    writer.formula(
        q_row,
        columns[0].column,
        f'=IF(COUNT({given})=0,IF({given}="",MAX(${first}${gpus_row}:${last}${gpus_row}),NA()),{given})',
        float(summary.comparison.required_gpus or 0),
        COUNT,
        font=BOLD,
    )
    reference = sheet_ref(writer.title, absolute(q_row, columns[0].column))
    workbook.defined_names[REQUIRED_GPUS] = DefinedName(REQUIRED_GPUS, attr_text=reference)
    row = q_row + 1
    for key in EQUAL_CAPACITY_KEYS:
        info = MARKET_METRIC_BY_KEY[key]
        summary.keyed_row(row, key, info.label)
        for item in columns:
            value = item.result.equal_capacity[key]
            cached = "" if value is None else value
            writer.formula(row, item.column, "=" + item.result_ref(key), cached, metric_format(summary, info))
        mark_best(summary, row, info)
        row += 1
    return row


def _lattice(summary: SummaryWriter, row: int) -> int:
    writer, comparison = summary.writer, summary.comparison
    market = comparison.market
    assert market is not None
    summary.section(row, "Lease against the market on a binomial lattice (values, DESIGN.md 7.2)")
    writer.text(row + 1, 2, LATTICE_NOTE, font=NOTE_FONT)
    row += 2
    for info in MARKET_METRICS:
        if info.key in EQUAL_CAPACITY_KEYS:
            continue
        summary.keyed_row(row, info.key, info.label)
        for item in summary.columns:
            value = comparison.market_metrics(item.result.offer_id)[info.key]
            if value is not None:
                writer.value(row, item.column, value, metric_format(summary, info))
        row += 1
    writer.text(row, 2, "Computed from these market inputs (values as exported)", font=BOLD)
    row += 1
    terms = {term.key: term for term in MARKET.terms}
    for key in LATTICE_INPUTS:
        term = terms[key]
        summary.keyed_row(row, f"lattice_market_{key}", term.sheet_label or term.label)
        writer.value(row, summary.columns[0].column, float(getattr(market, key)), number_format(term, summary.formats))
        row += 1
    return row
