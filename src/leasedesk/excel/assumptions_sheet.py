"""The Assumptions sheet: the deal-wide inputs as workbook-scoped names, and the rates derived from them."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from leasedesk.core.discounting import monthly_rate
from leasedesk.core.model import DAYS_PER_MONTH, Assumptions
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.term import flat_terms
from leasedesk.excel.cells import CachedValue, InputValue, SheetWriter
from leasedesk.excel.names import absolute, quote_sheet
from leasedesk.excel.styles import (
    BOLD,
    FACTOR,
    HEADER_BORDER,
    HEADER_FILL,
    INPUT_FONT,
    INTEGER,
    KEY_FONT,
    NOTE_FONT,
    TITLE_FONT,
    TOP,
    WRAP,
    Formats,
    landscape_fit_to_width,
    set_widths,
)
from leasedesk.excel.term_inputs import number_format, term_inputs

SHEET = "Assumptions"
BLANK_WHEN_ABSENT = "market_required_gpus"  # blank means "the largest offer's GPUs" (DESIGN.md 7)


@dataclass(frozen=True)
class _Input:
    key: str
    label: str
    value: InputValue | None  # None: a blank input cell
    number_format: str | None
    note: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Derived:
    key: str
    label: str
    formula: str
    cached: CachedValue
    number_format: str
    note: str


def _inputs(a: Assumptions, formats: Formats) -> list[_Input]:
    """The named inputs; with a market, a blank required GPUs stays a (blank) input: Q is then the largest offer's."""
    terms = list(flat_terms(ASSUMPTION_SCHEMA))
    given = {item.key: item for item in term_inputs(a, terms, formats)}
    inputs = []
    for term in terms:
        item = given.get(term.flat_key)
        if item is not None:
            inputs.append(
                _Input(item.key, item.label, item.value, item.number_format, item.term.sheet_note, item.choices)
            )
        elif term.flat_key == BLANK_WHEN_ABSENT and a.market is not None:
            assert term.sheet_label is not None
            inputs.append(_Input(term.flat_key, term.sheet_label, None, number_format(term, formats), term.sheet_note))
    return inputs


def _derived(a: Assumptions) -> list[_Derived]:
    return [
        _Derived(
            "monthly_rate",
            "Monthly discount rate",
            '=IF(rate_convention="nominal",discount_rate/12,'
            'IF(rate_convention="effective",(1+discount_rate)^(1/12)-1,NA()))',
            monthly_rate(a),
            "0.0000%",
            "r_m, from the discount rate and its convention (#N/A for any other convention).",
        ),
        _Derived(
            "payment_shift",
            "Payment shift (months)",
            '=IF(payment_timing="arrears",1,IF(payment_timing="advance",0,NA()))',
            1.0 if a.payment_timing == "arrears" else 0.0,
            INTEGER,
            "v_t = (1 + r_m)^-(t + shift); w_t = (1 + r_m)^-t for one-off amounts (#N/A for any other timing).",
        ),
        _Derived(
            "days_per_month",
            "Days per month (notice periods)",
            "=365.25/12",
            DAYS_PER_MONTH,
            FACTOR,
            "Notice days become months by dividing by 30.4375, whatever the hours per month.",
        ),
    ]


def _header(writer: SheetWriter, row: int) -> None:
    for column, title in enumerate(("Assumption", "Value", "Name", "Meaning"), start=1):
        writer.text(row, column, title, font=BOLD, fill=HEADER_FILL)
        writer.ws.cell(row=row, column=column).border = HEADER_BORDER


def write_assumptions_sheet(
    workbook: Workbook, writer: SheetWriter, assumptions: Assumptions, formats: Formats
) -> None:
    ws = writer.ws
    writer.text(1, 1, "Assumptions", font=TITLE_FONT)
    writer.text(
        2, 1, "Blue cells are inputs with workbook-wide names; every offer sheet reads them.", font=NOTE_FONT
    )
    _header(writer, 4)
    row = 5
    for item in _inputs(assumptions, formats):
        writer.text(row, 1, item.label, alignment=TOP)
        if item.value is None:
            blank = writer.ws.cell(row=row, column=2)
            blank.font, blank.alignment = INPUT_FONT, TOP
            blank.number_format = item.number_format or "General"
        else:
            writer.input(row, 2, item.value, item.number_format).alignment = TOP
        writer.text(row, 3, item.key, font=KEY_FONT, alignment=TOP)
        writer.text(row, 4, item.note, alignment=WRAP)
        _name(workbook, item.key, row)
        if item.choices:
            writer.choices(row, 2, item.choices)
        row += 1
    row += 1
    writer.text(row, 1, "Derived (formulas)", font=BOLD)
    row += 1
    for derived in _derived(assumptions):
        writer.text(row, 1, derived.label, alignment=TOP)
        writer.formula(row, 2, derived.formula, derived.cached, derived.number_format, alignment=TOP)
        writer.text(row, 3, derived.key, font=KEY_FONT, alignment=TOP)
        writer.text(row, 4, derived.note, alignment=WRAP)
        _name(workbook, derived.key, row)
        row += 1
    set_widths(ws, {"A": 44, "B": 16, "C": 18, "D": 80})
    writer.fit_rows()
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    landscape_fit_to_width(ws)


def _name(workbook: Workbook, key: str, row: int) -> None:
    workbook.defined_names[key] = DefinedName(key, attr_text=f"{quote_sheet(SHEET)}!{absolute(row, 2)}")
