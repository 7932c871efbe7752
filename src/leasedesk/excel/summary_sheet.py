"""The Summary sheet: offers side by side, every metric a formula over the offer sheets, charts, exit curves.

Column A holds machine-readable keys (narrow, grey): ``offer_id`` marks the header row of offer ids,
then the term keys of core.terms and the metric keys of DESIGN.md 2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.best_marks import EQUAL_HOURS_TOLERANCE, TOTALS_NEED_EQUAL_HOURS
from leasedesk.core.comparison import Comparison, OfferResult
from leasedesk.core.metric_info import METRICS, MetricInfo
from leasedesk.core.model import LeaseOffer
from leasedesk.excel.cells import DEFAULT_WIDTH, CachedValue, SheetWriter, safe_text
from leasedesk.excel.charts import (
    WIDTH_CM,
    ChartCaches,
    ChartSeries,
    cost_per_gpu_hour_chart,
    cumulative_cost_chart,
    money_axis_format,
    price_axis_format,
)
from leasedesk.excel.names import name_ref, sheet_ref
from leasedesk.excel.offer_sheet import OfferSheetLayout
from leasedesk.excel.print_setup import KEY_COLUMN_WIDTH, SummaryPrint, print_summary
from leasedesk.excel.schedule_values import EXCEL_EPOCH, serial_dates
from leasedesk.excel.styles import (
    BEST_FILL,
    BEST_FONT,
    BOLD,
    COUNT,
    DATE,
    HEADER_BORDER,
    HEADER_FILL,
    INTEGER,
    KEY_FONT,
    MONTHS,
    PERCENT,
    SECTION_FILL,
    SECTION_FONT,
    TITLE_FONT,
    TOP,
    WRAP_CENTER,
    Formats,
    currency_literal,
    set_widths,
)
from leasedesk.excel.summary_exits import LaterRows, write_exit_table
from leasedesk.excel.summary_headline import ROWS as HEADLINE_ROWS
from leasedesk.excel.summary_headline import merged_text, write_headline
from leasedesk.excel.summary_market import write_market
from leasedesk.excel.summary_terms import write_terms

SHEET = "Summary"
KEY_COLUMN, LABEL_COLUMN, FIRST_OFFER_COLUMN = 1, 2, 3
ID_ROW, NAME_ROW = 3, 4
OFFER_WIDTH = 22
LABEL_WIDTH = 46
KEY_FILL = PatternFill("solid", fgColor="EDEDED")  # the keys column, set apart in grey (it does not print)
OFFERS_PER_PAGE = 7  # printed one page wide up to this many offers; more offers spread over more pages
CM_PER_WIDTH = 0.2  # one character of column width, Calibri 11
CHART_ROWS = 19  # rows a chart of charts.HEIGHT_CM covers, with a little space


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
        self.chart_caches = ChartCaches()  # the charts' number caches, written into the package by write_package
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

    def _section(self, row: int, text: str) -> None:
        self.section_rows.append(row)
        for column in range(KEY_COLUMN, self.last_column + 1):
            self.writer.ws.cell(row=row, column=column).fill = SECTION_FILL
        self.writer.text(row, LABEL_COLUMN, text, font=SECTION_FONT, fill=SECTION_FILL)

    def _keyed_row(self, row: int, key: str, label: str) -> None:
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
        row = self._metrics(row + 1)
        if self.workbook is not None:
            row = write_market(self, self.workbook, row)
        write_headline(self, headline_row)  # at the top, once the metric rows it reads are known
        row = self._assumptions(row + 1)
        row = self._charts(row + 1)
        last_printed_row = self._exit_table(row)
        self._finish(last_printed_row)

    def _header(self) -> None:
        writer = self.writer
        for row, key, label in ((ID_ROW, "offer_id", "Offer id"), (NAME_ROW, "offer_name", "Offer")):
            self._keyed_row(row, key, label)
            for column in range(KEY_COLUMN, self.last_column + 1):
                cell = writer.ws.cell(row=row, column=column)
                cell.fill = HEADER_FILL
                if row == NAME_ROW:
                    cell.border = HEADER_BORDER
        for item in self.columns:
            writer.text(ID_ROW, item.column, item.result.offer_id, fill=HEADER_FILL, alignment=WRAP_CENTER)
            name = item.result.offer.display_name
            writer.text(NAME_ROW, item.column, name, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER)
        self._keyed_row(NAME_ROW + 1, "baseline", "Baseline of the break-even fee")
        for item in self.columns:
            if item.result.is_baseline:
                writer.text(NAME_ROW + 1, item.column, "baseline", alignment=WRAP_CENTER)

    def _metric_format(self, info: MetricInfo) -> str:
        return {
            "money": self.formats.money,
            "money_per_gpu_hour": self.formats.price,
            "gpu_hours": COUNT,
            "months": MONTHS,
            "month_index": INTEGER,
        }[info.unit]

    def _metrics(self, row: int) -> int:
        horizon = self.comparison.deal.assumptions.horizon_months
        self._section(row, f"Metrics over the {horizon}-month horizon (formulas over the offer sheets)")
        row += 1
        for info in METRICS:
            self._keyed_row(row, info.key, info.label)
            number_format = self._metric_format(info)
            for item in self.columns:
                if info.key == "breakeven_fee":
                    self._breakeven(row, item, number_format)
                    continue
                value = item.result.metrics[info.key]
                self.writer.formula(
                    row, item.column, "=" + item.result_ref(info.key), "" if value is None else value, number_format
                )
            row += 1
        for info in METRICS:  # after every row: the totals' marks read the gpu_hours row
            if info.better != "none" and self.columns:
                self._mark_best(self.rows[info.key], info)
        self._headroom(row)
        return row + 1

    def _baseline_column(self) -> OfferColumn | None:
        return next((item for item in self.columns if item.result.is_baseline), None)

    def _breakeven(self, row: int, item: OfferColumn, number_format: str) -> None:
        baseline = self._baseline_column()
        if baseline is None or baseline is item or not isinstance(item.result.offer, LeaseOffer):
            return  # the metric cannot apply: the cell stays blank
        c0 = baseline.result_ref("cost_per_gpu_hour")
        b, hours = item.result_ref("fee_pv_per_unit"), item.result_ref("discounted_gpu_hours")
        pv, fee = item.result_ref("pv_cost"), item.input_ref("monthly_fee")
        formula = f'=IF({c0}="","",IF(OR({b}<=0,{hours}<=0),"",({c0}*{hours}-({pv}-{b}*{fee}))/{b}))'
        value = item.result.metrics["breakeven_fee"]
        self.writer.formula(row, item.column, formula, "" if value is None else value, number_format)

    def _headroom(self, row: int) -> None:
        self._keyed_row(row, "breakeven_headroom", "Headroom: break-even fee minus the monthly fee")
        breakeven_row = self.rows["breakeven_fee"]
        for item in self.columns:
            if self.writer.ws.cell(row=breakeven_row, column=item.column).value is None:
                continue
            breakeven = f"{item.letter}{breakeven_row}"
            headroom = item.result.breakeven_headroom
            self.writer.formula(
                row,
                item.column,
                f'=IF({breakeven}="","",{breakeven}-{item.input_ref("monthly_fee")})',
                "" if headroom is None else headroom,
                self.formats.money,
            )

    def _mark_best(self, row: int, info: MetricInfo) -> None:
        first, last = get_column_letter(FIRST_OFFER_COLUMN), get_column_letter(self.last_column)
        cells = f"${first}{row}:${last}{row}"
        target = "MIN" if info.better == "lower" else "MAX"
        best = f"{target}({cells})"
        conditions = [
            f"ISNUMBER({first}{row})",
            f"COUNT({cells})>=2",
            f"ABS({first}{row}-{best})<=0.000000001*MAX(1,ABS({best}))",
        ]
        if info.key in TOTALS_NEED_EQUAL_HOURS:
            conditions.append(self._equal_hours_condition())
        formula = f"AND({','.join(conditions)})"
        self.writer.ws.conditional_formatting.add(
            f"{first}{row}:{last}{row}", FormulaRule(formula=[formula], fill=BEST_FILL, font=BEST_FONT)
        )

    def _equal_hours_condition(self) -> str:
        """Every offer's gpu_hours within 1% of the largest (so a total never rewards delivering less)."""
        hours_row = self.rows["gpu_hours"]
        first, last = get_column_letter(FIRST_OFFER_COLUMN), get_column_letter(self.last_column)
        hours = f"${first}${hours_row}:${last}${hours_row}"
        return f"MIN({hours})>={1 - EQUAL_HOURS_TOLERANCE}*MAX({hours})"

    def _assumptions(self, row: int) -> int:
        self._section(row, "Assumptions used (from the Assumptions sheet)")
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
            self._keyed_row(row + offset, key, label)
            self.writer.formula(row + offset, FIRST_OFFER_COLUMN, f"={key}", cached, number_format)
        return row + len(items) + 1

    def _charts(self, row: int) -> int:
        self.charts_row = row
        if not self.columns:
            return row
        ws, prefix = self.writer.ws, currency_literal(self.comparison.deal.currency)
        largest = max((float(abs(r.cumulative_cost()).max(initial=0.0)) for r in self.comparison.results), default=0.0)
        first = self.columns[0]
        horizon = self.comparison.deal.assumptions.horizon_months
        schedule = first.layout.schedule
        dates = Reference(
            first.worksheet,
            min_col=schedule.index["date"],
            min_row=schedule.first_row,
            max_row=schedule.first_row + horizon - 1,
        )
        series = [
            ChartSeries(
                name_cell=self._name_cell(item),
                name=self._name_text(item),
                values=Reference(
                    item.worksheet,
                    min_col=item.layout.schedule.index["cumulative"],
                    min_row=item.layout.schedule.first_row,
                    max_row=item.layout.schedule.first_row + horizon - 1,
                ),
                cached=[float(x) for x in item.result.cumulative_cost()[:horizon]],
            )
            for item in self.columns
        ]
        start = self.comparison.deal.assumptions.analysis_start
        dates_cached = [day for day in serial_dates(start, horizon) if isinstance(day, float)]
        line = cumulative_cost_chart(
            series, dates, dates_cached, money_axis_format(prefix, largest), self.chart_caches
        )
        ws.add_chart(line, f"B{row + 1}")
        cost_row = self.rows["cost_per_gpu_hour"]
        values = Reference(ws, min_col=FIRST_OFFER_COLUMN, max_col=self.last_column, min_row=cost_row)
        names = Reference(ws, min_col=FIRST_OFFER_COLUMN, max_col=self.last_column, min_row=NAME_ROW)
        costs = [item.result.metrics["cost_per_gpu_hour"] for item in self.columns]
        offer_names = [self._name_text(item) for item in self.columns]
        bar = cost_per_gpu_hour_chart(
            values, costs, names, offer_names, price_axis_format(prefix), self.chart_caches
        )
        bar_column = self._column_after(LABEL_COLUMN, WIDTH_CM + 0.5)
        ws.add_chart(bar, f"{get_column_letter(bar_column)}{row + 1}")
        self.printed_last_column = max(self.last_column, self._column_after(bar_column, WIDTH_CM) - 1)
        return row + 1 + CHART_ROWS

    def _name_cell(self, item: OfferColumn) -> str:
        return sheet_ref(SHEET, f"${item.letter}${NAME_ROW}")

    @staticmethod
    def _name_text(item: OfferColumn) -> str:
        """What the offer's name cell holds (the chart caches repeat it)."""
        return safe_text(item.result.offer.display_name)

    def _column_after(self, start: int, width_cm: float) -> int:
        """The first column that starts at least ``width_cm`` to the right of ``start``'s left edge."""
        widths = self.writer.ws.column_dimensions
        covered, column = 0.0, start
        while covered < width_cm:
            covered += (widths[get_column_letter(column)].width or DEFAULT_WIDTH) * CM_PER_WIDTH
            column += 1
        return column

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


