"""One offer's sheet: its terms as named inputs on top, its results, then the monthly schedule below.

The kind-specific parts (which inputs, which formulas) come from lease_sheet and build_sheet as an
``OfferSheetSpec``; this module lays them out the same way for both kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.comparison import OfferResult
from leasedesk.core.discounting import Discounting
from leasedesk.core.metric_info import METRIC_BY_KEY
from leasedesk.core.model import Assumptions, Offer
from leasedesk.core.terms.kinds import kind_of
from leasedesk.excel.cells import CachedValue, InputValue, SheetWriter, styled
from leasedesk.excel.names import absolute
from leasedesk.excel.print_setup import print_schedule_sheet
from leasedesk.excel.schedule import Column, Schedule
from leasedesk.excel.schedule_values import ScheduleValues
from leasedesk.excel.styles import (
    BOLD,
    COUNT,
    FACTOR,
    HEADER_BORDER,
    HEADER_FILL,
    INPUT_FONT,
    INTEGER,
    KEY_FONT,
    MONTH,
    NOTE_FONT,
    SECTION_FILL,
    SECTION_FONT,
    TITLE_FONT,
    Formats,
    set_widths,
)
from leasedesk.excel.term_inputs import in_sheet_order, term_inputs

SCHEDULE_PAGES_WIDE = 2  # ~24 schedule columns on one page would print too small to read
SPARE_RAMP_ROWS = 3  # empty rows under the ramp steps, so a recipient can add steps
LABEL_COLUMN, VALUE_COLUMN, NAME_COLUMN = 1, 2, 3
EXIT_COST_NAME = "exit_cost_by_month"  # the exit-cost column, named for the Summary's exit curve


@dataclass(frozen=True)
class InputItem:
    key: str  # the defined name: the deal-file key, nested keys joined with "_"
    label: str
    value: InputValue
    number_format: str | None = None
    choices: tuple[str, ...] = ()  # a list the cell is validated against


@dataclass(frozen=True)
class ResultItem:
    key: str
    label: str
    formula: str | None  # a template over the schedule's whole columns ([key:]) and defined names
    cached: CachedValue | None
    number_format: str | None = None


def offer_inputs(offer: Offer, formats: Formats) -> list[InputItem]:
    """The offer's terms as named inputs, in its kind's sheet order (core.terms.kinds)."""
    spec = kind_of(offer)
    terms = in_sheet_order(spec.terms(), spec.sheet_order)
    return [
        InputItem(item.key, item.label, item.value, item.number_format, item.choices)
        for item in term_inputs(offer, terms, formats)
    ]


@dataclass(frozen=True)
class RampTable:
    steps: Sequence[tuple[int, int]]  # (lease month, GPUs)


@dataclass(frozen=True)
class OfferSheetSpec:
    kind_words: str
    offer_id: str
    name: str
    inputs: Sequence[InputItem]
    results: Sequence[ResultItem]
    columns: Sequence[Column]
    months: int
    ramp: RampTable | None = None


@dataclass
class OfferSheetLayout:
    """Where things are on a written offer sheet, for the Summary's formulas and charts, and the style of
    each schedule column for the months written later (``Schedule.rows``). The schedule holds no values."""

    title: str
    schedule: Schedule
    inputs: dict[str, str] = field(default_factory=dict)  # key -> $B$7
    results: dict[str, str] = field(default_factory=dict)
    style_ids: list[int] = field(default_factory=list)


def _section(writer: SheetWriter, row: int, text: str) -> None:
    for column in (LABEL_COLUMN, VALUE_COLUMN, NAME_COLUMN):
        styled(writer.ws.cell(row=row, column=column), None, None, SECTION_FILL)
    writer.text(row, LABEL_COLUMN, text, font=SECTION_FONT, fill=SECTION_FILL)


def _ramp_rows(ramp: RampTable | None) -> int:
    return 0 if ramp is None else len(ramp.steps) + SPARE_RAMP_ROWS


@dataclass(frozen=True)
class _Rows:
    """The first row of each section of an offer sheet."""

    inputs: int
    ramp: int
    results: int
    schedule: int

    @classmethod
    def of(cls, spec: OfferSheetSpec) -> _Rows:
        inputs = 4
        ramp = inputs + len(spec.inputs) + 2
        results = ramp + (_ramp_rows(spec.ramp) + 3 if spec.ramp is not None else 0)
        return cls(inputs, ramp, results, results + len(spec.results) + 2)

    @property
    def ramp_steps(self) -> int:
        return self.ramp + 2  # under the section's title and the table's header


def offer_sheet_layout(title: str, spec: OfferSheetSpec) -> OfferSheetLayout:
    """Where ``write_offer_sheet`` puts things, worked out without writing a cell (style ids excepted)."""
    rows = _Rows.of(spec)
    schedule = Schedule(header_row=rows.schedule + 1, months=spec.months, columns=spec.columns)
    return OfferSheetLayout(
        title=title,
        schedule=schedule.without_values(),
        inputs={item.key: absolute(rows.inputs + n, VALUE_COLUMN) for n, item in enumerate(spec.inputs, start=1)},
        results={item.key: absolute(rows.results + n, VALUE_COLUMN) for n, item in enumerate(spec.results, start=1)},
    )


def register_offer_sheet(ws: Worksheet, spec: OfferSheetSpec, layout: OfferSheetLayout) -> None:
    """What the workbook's own part holds of an offer sheet: its defined names and print titles. Set on the
    sheet the workbook holds; its cells are written elsewhere (``write_offer_sheet``, in excel.offer_part)."""
    writer = SheetWriter(ws)
    rows = _Rows.of(spec)
    for n, item in enumerate(spec.inputs, start=1):
        writer.name_cell(item.key, rows.inputs + n, VALUE_COLUMN)
    if spec.ramp is not None:
        last = rows.ramp_steps + _ramp_rows(spec.ramp) - 1
        writer.name_range("ramp_month", rows.ramp_steps, last, LABEL_COLUMN)
        writer.name_range("ramp_gpus", rows.ramp_steps, last, VALUE_COLUMN)
    for n, result in enumerate(spec.results, start=1):
        writer.name_cell(result.key, rows.results + n, VALUE_COLUMN)
    schedule = layout.schedule
    if "exit_cost" in schedule.index:
        writer.name_range(EXIT_COST_NAME, schedule.first_row, schedule.last_row, schedule.index["exit_cost"])
    print_schedule_sheet(ws, schedule.header_row, SCHEDULE_PAGES_WIDE)


def write_offer_sheet(writer: SheetWriter, spec: OfferSheetSpec) -> OfferSheetLayout:
    """The sheet's cells and its own settings (widths, panes, page setup); its defined names are the
    workbook's, set by ``register_offer_sheet``."""
    ws = writer.ws
    writer.text(1, 1, spec.name, font=TITLE_FONT)
    writer.text(
        2,
        1,
        f"{spec.kind_words}, offer id {spec.offer_id}. Blue cells are inputs (named after the deal-file keys, "
        "see column C); everything else is a formula.",
        font=NOTE_FONT,
    )
    rows = _Rows.of(spec)
    layout = offer_sheet_layout(writer.title, spec)
    schedule = Schedule(header_row=layout.schedule.header_row, months=spec.months, columns=spec.columns)

    _write_inputs(writer, rows.inputs, spec.inputs)
    if spec.ramp is not None:
        _write_ramp(writer, rows.ramp, spec.ramp)
    _write_results(writer, rows.results, spec.results, schedule)

    _section(writer, rows.schedule, "Monthly schedule (month t of the analysis; one row per month the figures need)")
    layout.style_ids = schedule.write_head(writer)

    ws.row_dimensions[schedule.header_row].height = 45
    set_widths(ws, {"A": 40, "B": 17, "C": 26})
    for column in spec.columns[3:]:
        ws.column_dimensions[schedule.letter(column.key)].width = 15
    writer.fit_rows()
    ws.freeze_panes = "B1"
    print_schedule_sheet(ws, schedule.header_row, SCHEDULE_PAGES_WIDE)
    return layout


def _write_inputs(writer: SheetWriter, row: int, inputs: Sequence[InputItem]) -> None:
    _section(writer, row, "Terms (inputs)")
    for offset, item in enumerate(inputs, start=1):
        writer.text(row + offset, LABEL_COLUMN, item.label)
        writer.input(row + offset, VALUE_COLUMN, item.value, item.number_format)
        writer.text(row + offset, NAME_COLUMN, item.key, font=KEY_FONT)
        if item.choices:
            writer.choices(row + offset, VALUE_COLUMN, item.choices)
        elif isinstance(item.value, bool):
            writer.yes_no(row + offset, VALUE_COLUMN)


def _write_results(writer: SheetWriter, row: int, results: Sequence[ResultItem], schedule: Schedule) -> None:
    _section(writer, row, "Results (formulas)")
    for offset, result in enumerate(results, start=1):
        writer.text(row + offset, LABEL_COLUMN, result.label)
        if result.formula is None:
            assert result.cached is not None and not isinstance(result.cached, str)
            writer.value(row + offset, VALUE_COLUMN, result.cached, result.number_format)
        else:
            formula = schedule.resolve(result.formula)
            writer.formula(row + offset, VALUE_COLUMN, formula, result.cached, result.number_format, font=BOLD)
        writer.text(row + offset, NAME_COLUMN, result.key, font=KEY_FONT)


def _write_ramp(writer: SheetWriter, row: int, ramp: RampTable) -> None:
    _section(writer, row, "Ramp (inputs): GPUs delivered from each lease month; empty = all GPUs from month 0")
    header = row + 1
    for column, title in ((LABEL_COLUMN, "From lease month"), (VALUE_COLUMN, "GPUs delivered")):
        writer.text(header, column, title, font=BOLD, fill=HEADER_FILL)
        styled(writer.ws.cell(row=header, column=column), None, None, None, border=HEADER_BORDER)
    first = header + 1
    for offset, (month, gpus) in enumerate(ramp.steps):
        writer.input(first + offset, LABEL_COLUMN, month, INTEGER)
        writer.input(first + offset, VALUE_COLUMN, gpus, COUNT)
    last = first + _ramp_rows(ramp) - 1
    for spare in range(first + len(ramp.steps), last + 1):  # empty input cells, in the input style
        for column in (LABEL_COLUMN, VALUE_COLUMN):
            styled(writer.ws.cell(row=spare, column=column), None, INPUT_FONT, None)
    writer.text(header, NAME_COLUMN, "ramp_month, ramp_gpus", font=KEY_FONT)


# Schedule columns that lease and self-build sheets share (values: the engine's, as cached results).
def timeline_columns(values: ScheduleValues) -> list[Column]:
    """Month, t and whether t is inside the horizon."""
    v = values.get
    return [
        Column("date", "Month", MONTH, "=EDATE(analysis_start,[t])", values=v("date")),
        Column("t", "t (analysis month)", INTEGER, values=v("t")),
        Column("in_horizon", "In horizon (1/0)", INTEGER, "=IF([t]<horizon_months,1,0)", values=v("in_horizon")),
    ]


def discount_columns(values: ScheduleValues) -> list[Column]:
    """v_t for recurring amounts (advance or arrears) and w_t for one-offs."""
    v = values.get
    return [
        Column("v", "Discount factor v (recurring)", FACTOR, "=(1+monthly_rate)^(-([t]+payment_shift))", values=v("v")),
        Column("w", "Discount factor w (one-off)", FACTOR, "=(1+monthly_rate)^(-[t])", values=v("w")),
    ]


def cumulative_column(values: ScheduleValues, formats: Formats) -> Column:
    return Column(
        "cumulative",
        "Cumulative cost",
        formats.money,
        "=[cumulative^]+[cost]",
        first="=[cost]",
        values=values.get("cumulative"),
    )


def yes_no(name: str) -> str:
    """The TRUE/FALSE input ``name``, or #N/A when it holds anything else (text, a number): a mistyped
    switch must never be read as one of its positions (AND ignores text, IF takes any number)."""
    return f"IF(ISLOGICAL({name}),{name},NA())"


def checked(expression: str) -> str:
    """A formula that shows #N/A, never a silently wrong figure, when the schedule has too few rows."""
    return f"=IF(schedule_ok,{expression},NA())"


def metric_item(result: OfferResult, key: str, formula: str, number_format: str) -> ResultItem:
    """A metric of DESIGN.md 2 as a named result cell, cached with the engine's value ("" for null)."""
    value = result.metrics[key]
    return ResultItem(key, METRIC_BY_KEY[key].label, formula, "" if value is None else value, number_format)


def horizon_metric_items(
    result: OfferResult, assumptions: Assumptions, formats: Formats, end_amount: str
) -> list[ResultItem]:
    """The horizon metrics both kinds compute alike from their schedule. ``end_amount`` is the signed
    name of what the end of the horizon adds ("+deposit_at_horizon_end", "-horizon_end_credit")."""
    money = formats.money
    return [
        metric_item(result, "total_cost", checked(f"SUM([cost:]){end_amount}"), money),
        metric_item(result, "pv_cost", checked(f"SUM([pv:]){end_amount}*(1+monthly_rate)^(-horizon_months)"), money),
        metric_item(result, "gpu_hours", checked("SUM([gpu_hours:])"), COUNT),
        ResultItem(
            "discounted_gpu_hours",
            "Discounted GPU-hours",
            checked("SUMPRODUCT([gpu_hours:],[v:])"),
            result.figures.discounted_gpu_hours,
            COUNT,
        ),
        ResultItem(
            "horizon_annuity",
            "Sum of v over the horizon",
            checked("SUMPRODUCT([in_horizon:],[v:])"),
            Discounting.of(assumptions).annuity(),
            FACTOR,
        ),
        metric_item(
            result, "cost_per_gpu_hour", '=IF(discounted_gpu_hours>0,pv_cost/discounted_gpu_hours,"")', formats.price
        ),
        metric_item(result, "effective_monthly_cost", "=pv_cost/horizon_annuity", money),
    ]
