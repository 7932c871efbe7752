"""The Summary sheet: offers side by side, every metric a formula over the offer sheets, charts, exit curves.

Column A holds machine-readable keys (narrow, grey, outside the print): ``offer_id`` marks the header row
of offer ids, then the headline's keys, the term keys and the metric keys of DESIGN.md 2. This module lays
out the sheet and its header; each block has its module: summary_headline, summary_terms,
summary_metrics, summary_market, summary_charts, summary_exits; print_setup sets how it prints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.comparison import Comparison, OfferResult
from leasedesk.excel.cells import CachedValue, SheetWriter
from leasedesk.excel.charts import ChartCaches
from leasedesk.excel.names import name_ref, sheet_ref
from leasedesk.excel.offer_sheet import OfferSheetLayout
from leasedesk.excel.print_setup import KEY_COLUMN_WIDTH, SummaryPrint, print_summary
from leasedesk.excel.schedule_values import EXCEL_EPOCH
from leasedesk.excel.styles import (
    BOLD,
    COUNT,
    DATE,
    HEADER_BORDER,
    HEADER_FILL,
    INTEGER,
    KEY_FONT,
    PERCENT,
    SECTION_FILL,
    SECTION_FONT,
    TITLE_FONT,
    TOP,
    WRAP_CENTER,
    Formats,
    set_widths,
)
from leasedesk.excel.summary_charts import CHART_ROWS, write_charts
from leasedesk.excel.summary_exits import LaterRows, write_exit_table
from leasedesk.excel.summary_headline import ROWS as HEADLINE_ROWS
from leasedesk.excel.summary_headline import merged_text, write_headline
from leasedesk.excel.summary_market import write_market
from leasedesk.excel.summary_metrics import write_metrics
from leasedesk.excel.summary_terms import write_terms

SHEET = "Summary"
KEY_COLUMN, LABEL_COLUMN, FIRST_OFFER_COLUMN = 1, 2, 3
ID_ROW, NAME_ROW = 3, 4
OFFER_WIDTH = 22
LABEL_WIDTH = 46
KEY_FILL = PatternFill("solid", fgColor="EDEDED")  # the keys column, set apart in grey (it does not print)
OFFERS_PER_PAGE = 7  # printed one page wide up to this many offers; more offers spread over more pages


@dataclass(frozen=True)
class OfferColumn:
    result: OfferResult
    column: int
    layout: OfferSheetLayout
    worksheet: Worksheet

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.column))

    def result_ref(self, key: str) -> str:
        """'Memphis lease'!pv_cost: the offer sheet's name for the result, as an auditor reads it."""
        if key not in self.layout.results:
            raise KeyError(f"{self.layout.title} has no result named {key}")
        return name_ref(self.layout.title, key)

    def input_ref(self, key: str) -> str:
        if key not in self.layout.inputs:
            raise KeyError(f"{self.layout.title} has no input named {key}")
        return name_ref(self.layout.title, key)


class SummaryWriter:
    def __init__(
        self,
        writer: SheetWriter,
        comparison: Comparison,
        formats: Formats,
        columns: list[OfferColumn],
        workbook: Workbook | None = None,
    ):
        self.writer = writer
        self.workbook = workbook  # for the workbook-wide name of the market view's required GPUs
        self.chart_caches = ChartCaches()  # the charts' number caches, filled in as the package is written
        self.later_rows: LaterRows | None = None  # the exit table's rows after its first, written with the package
        self.comparison = comparison
        self.formats = formats
        self.columns = columns
        self.last_column = FIRST_OFFER_COLUMN + max(len(columns), 1) - 1
        self.rows: dict[str, int] = {}
        self.offer_width = OFFER_WIDTH
        self.printed_last_column = self.last_column  # widened to the charts' right edge when they are written
        self.section_rows: list[int] = []  # where a printed page may start
        self.charts_row = 0  # the first row of the charts' block

    # --- layout helpers --------------------------------------------------------------------------------------

    def section(self, row: int, text: str) -> None:
        self.section_rows.append(row)
        for column in range(KEY_COLUMN, self.last_column + 1):
            self.writer.ws.cell(row=row, column=column).fill = SECTION_FILL
        self.writer.text(row, LABEL_COLUMN, text, font=SECTION_FONT, fill=SECTION_FILL)

    def keyed_row(self, row: int, key: str, label: str) -> None:
        self.writer.text(row, KEY_COLUMN, key, font=KEY_FONT, fill=KEY_FILL, alignment=TOP)
        self.writer.text(row, LABEL_COLUMN, label, alignment=TOP)
        self.rows[key] = row

    # --- the parts -------------------------------------------------------------------------------------------

    def write(self) -> None:
        deal = self.comparison.deal
        writer = self.writer
        writer.text(1, LABEL_COLUMN, deal.name or "Untitled deal", font=TITLE_FONT)
        merged_text(
            self,
            2,
            LABEL_COLUMN,
            max(self.last_column, LABEL_COLUMN + 1),
            f"Amounts in {deal.currency}. Every figure is a formula over the offer sheets; change a blue input "
            "there or on the Assumptions sheet and it recalculates. The best value of each ranked row is green "
            "(the totals only while every offer delivers GPU-hours within 1% of the largest). The headline "
            "sentence is text written at export.",
            LABEL_WIDTH + self.offer_width * len(self.columns),
        )
        self._widths()
        self._header()
        headline_row = NAME_ROW + 2
        row = write_terms(self, headline_row + HEADLINE_ROWS + 1)
        row = write_metrics(self, row + 1)
        if self.workbook is not None:
            row = write_market(self, self.workbook, row)
        write_headline(self, headline_row)  # at the top, once the metric rows it reads are known
        row = self._assumptions(row + 1)
        row = write_charts(self, row + 1, LABEL_COLUMN, NAME_ROW)
        last_printed_row = self._exit_table(row)
        self._finish(last_printed_row)

    def _header(self) -> None:
        writer = self.writer
        for row, key, label in ((ID_ROW, "offer_id", "Offer id"), (NAME_ROW, "offer_name", "Offer")):
            self.keyed_row(row, key, label)
            for column in range(KEY_COLUMN, self.last_column + 1):
                cell = writer.ws.cell(row=row, column=column)
                cell.fill = HEADER_FILL
                if row == NAME_ROW:
                    cell.border = HEADER_BORDER
        for item in self.columns:
            writer.text(ID_ROW, item.column, item.result.offer_id, fill=HEADER_FILL, alignment=WRAP_CENTER)
            name = item.result.offer.display_name
            writer.text(NAME_ROW, item.column, name, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER)
        self.keyed_row(NAME_ROW + 1, "baseline", "Baseline of the break-even fee")
        for item in self.columns:
            if item.result.is_baseline:
                writer.text(NAME_ROW + 1, item.column, "baseline", alignment=WRAP_CENTER)

    def _assumptions(self, row: int) -> int:
        self.section(row, "Assumptions used (from the Assumptions sheet)")
        assumptions = self.comparison.deal.assumptions
        items: Sequence[tuple[str, str, CachedValue, str | None]] = (
            ("analysis_start", "Analysis start", float((assumptions.analysis_start - EXCEL_EPOCH).days), DATE),
            ("horizon_months", "Horizon (months)", assumptions.horizon_months, INTEGER),
            ("discount_rate", "Discount rate (annual)", assumptions.discount_rate, PERCENT),
            ("rate_convention", "Rate convention", assumptions.rate_convention, None),
            ("payment_timing", "Payment timing", assumptions.payment_timing, None),
            ("hours_per_month", "Hours per month", assumptions.hours_per_month, COUNT),
        )
        for offset, (key, label, cached, number_format) in enumerate(items, start=1):
            self.keyed_row(row + offset, key, label)
            self.writer.formula(row + offset, FIRST_OFFER_COLUMN, f"={key}", cached, number_format)
        return row + len(items) + 1

    def name_cell(self, item: OfferColumn) -> str:
        """The offer's name cell on the Summary, as a chart's series title reads it."""
        return sheet_ref(SHEET, f"${item.letter}${NAME_ROW}")

    def _exit_table(self, row: int) -> int:
        """The exit curves' chart and table from ``row``; returns the last row that prints (the chart's, or
        the heading that says no lease has an exit right): the table, a row a month, stays on screen."""
        self.later_rows = write_exit_table(self, row, CHART_ROWS)
        return row + CHART_ROWS if self.later_rows is not None else row

    def _widths(self) -> None:
        ws = self.writer.ws
        set_widths(ws, {"A": KEY_COLUMN_WIDTH, "B": LABEL_WIDTH})
        for item in self.columns:
            ws.column_dimensions[item.letter].width = OFFER_WIDTH

    def _finish(self, last_printed_row: int) -> None:
        ws = self.writer.ws
        ws.row_dimensions[NAME_ROW].height = 32
        self.writer.fit_rows()
        ws.freeze_panes = ws.cell(row=NAME_ROW + 1, column=FIRST_OFFER_COLUMN).coordinate
        layout = SummaryPrint(
            first_column=LABEL_COLUMN,
            last_column=self.printed_last_column,
            last_row=last_printed_row,
            title_rows=(ID_ROW, NAME_ROW),
            section_starts=self.section_rows,
            charts_row=self.charts_row,
            pages_wide=max(1, math.ceil(len(self.columns) / OFFERS_PER_PAGE)),
        )
        print_summary(ws, layout)


