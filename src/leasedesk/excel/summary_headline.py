"""The Summary's headline block, at its top: the answer first.

The ranking metric, each offer's rank by it and each lease's break-even fee and headroom are formulas
over the metric rows below (they follow edits); the headline sentence of core.headline is text, labelled
as written at export, since a sentence cannot recalculate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils.cell import get_column_letter

from leasedesk.core.headline import headline
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY
from leasedesk.core.metric_info import METRIC_BY_KEY
from leasedesk.excel.cells import CachedValue
from leasedesk.excel.styles import BEST_FILL, BEST_FONT, INTEGER, LINE_POINTS, NOTE_FONT, WRAP, wrapped_lines
from leasedesk.excel.summary_metrics import metric_format

if TYPE_CHECKING:
    from leasedesk.excel.summary_sheet import SummaryWriter

SECTION = "Headline: the answer first"
SENTENCE_LABEL = "As written at export (does not recalculate):"
WRAP_MARGIN = 0.8  # wrapped_lines counts a little generously; LibreOffice's Calibri substitute wraps sooner
ROWS = 6  # the section heading, the sentence, the ranking metric, the rank, the break-even fee, the headroom


def ranks(values: list[float | None]) -> list[int | None]:
    """Each value's rank, lowest first, ties sharing the better rank: 1 + how many numbers are lower."""
    numbers = [value for value in values if value is not None]
    return [None if value is None else 1 + sum(other < value for other in numbers) for value in values]


def merged_text(summary: SummaryWriter, row: int, first: int, last: int, text: str, width: float) -> None:
    """``text`` wrapped across the merged columns ``first``..``last`` (``width`` characters in all), its row as
    tall as the text needs (set here: the writer's row fitting would count one column's width only)."""
    ws = summary.writer.ws
    cell = summary.writer.text(row, first, text, font=NOTE_FONT)
    cell.alignment = WRAP
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    ws.row_dimensions[row].height = wrapped_lines(text, width * WRAP_MARGIN) * LINE_POINTS


def write_headline(summary: SummaryWriter, row: int) -> None:
    """The block in its ``ROWS`` rows from ``row``; written after the metric rows it reads."""
    comparison = summary.comparison
    summary.section(row, SECTION)
    sentence_row = row + 1
    summary.keyed_row(sentence_row, "headline_sentence", SENTENCE_LABEL)
    if summary.columns:
        sentence = headline(comparison).sentence
        first, last = summary.columns[0].column, summary.columns[-1].column
        merged_text(summary, sentence_row, first, last, sentence, summary.offer_width * len(summary.columns))
    key = comparison.ranking_key
    if key not in summary.rows or not summary.columns:
        return
    _ranking(summary, row + 2, key)
    _breakeven(summary, row + 4)


def _ranking(summary: SummaryWriter, row: int, key: str) -> None:
    writer = summary.writer
    info = METRIC_BY_KEY.get(key) or MARKET_METRIC_BY_KEY[key]
    metric_row = summary.rows[key]
    summary.keyed_row(row, f"headline_{key}", f"{info.label} (ranks the offers)")
    summary.keyed_row(row + 1, "headline_rank", "Rank (1 = best; follows edits)")
    first, last = get_column_letter(summary.columns[0].column), get_column_letter(summary.columns[-1].column)
    span = f"${first}${metric_row}:${last}${metric_row}"
    by_offer = summary.comparison.metric_values(key)
    values = [by_offer[item.result.offer_id] for item in summary.columns]
    for item, value, rank in zip(summary.columns, values, ranks(values), strict=True):
        cell = f"{item.letter}{metric_row}"
        writer.formula(row, item.column, f'=IF({cell}="","",{cell})', "" if value is None else value,
                       metric_format(summary, info))
        cached: CachedValue = "" if rank is None else float(rank)
        # 1 + how many numbers are lower, as SUMPRODUCT counts them: RANK would come back from Gnumeric as
        # RANK.EQ, which the import would take for a changed formula
        formula = f'=IF(ISNUMBER({cell}),1+SUMPRODUCT(ISNUMBER({span})*({span}<{cell})),"")'
        writer.formula(row + 1, item.column, formula, cached, INTEGER)
    writer.ws.conditional_formatting.add(
        f"{first}{row + 1}:{last}{row + 1}",
        FormulaRule(formula=[f"{first}{row + 1}=1"], fill=BEST_FILL, font=BEST_FONT),
    )


def _breakeven(summary: SummaryWriter, row: int) -> None:
    """Each lease's break-even fee and headroom, read from the metric rows; blank where they cannot apply."""
    writer = summary.writer
    baseline = next((item for item in summary.columns if item.result.is_baseline), None)
    against = f" against {baseline.result.offer.display_name}" if baseline is not None else " (no baseline)"
    summary.keyed_row(row, "headline_breakeven_fee", "Break-even monthly fee" + against)
    summary.keyed_row(row + 1, "headline_breakeven_headroom", "Headroom: break-even fee minus the monthly fee")
    for key, target in (("breakeven_fee", row), ("breakeven_headroom", row + 1)):
        source = summary.rows[key]
        for item in summary.columns:
            if writer.ws.cell(row=source, column=item.column).value is None:
                continue  # blank below (a self-build, the baseline): blank here too
            value = item.result.metrics["breakeven_fee"] if key == "breakeven_fee" else item.result.breakeven_headroom
            cell = f"{item.letter}{source}"
            writer.formula(
                target, item.column, f'=IF({cell}="","",{cell})', "" if value is None else value,
                summary.formats.money,
            )
