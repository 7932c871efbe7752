"""The Summary's exit table reads each lease's sheet by its name, whatever the name holds: braces, percent
signs and "{r}" once crashed the export (a str.format pattern) or were taken for the row's number."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from deal_builders import build_deal, lease
from openpyxl import load_workbook

from leasedesk.excel.names import quote_sheet
from leasedesk.excel.summary_sheet import SHEET
from leasedesk.excel.workbook import workbook_bytes

EXIT = {"allowed": True, "lock_in_months": 2, "notice_days": 30, "termination_fee": 100.0}
NAMES = ['Lease 50% {r} "x" <y> & z', "Lease {x}", "Other {{0}} %s"]


@pytest.mark.parametrize("name", NAMES)
def test_every_exit_table_formula_names_its_leases_sheet_as_it_is(name: str) -> None:
    deal = build_deal(
        lease("odd", name=name, term_months=14, lessee_exit=EXIT),
        lease("plain", name="Plain", term_months=20, lessee_exit=EXIT),
        horizon_months=24,
    )
    book = load_workbook(io.BytesIO(workbook_bytes(deal, dt.datetime(2026, 11, 26, tzinfo=dt.UTC))))
    titles = {ws.title for ws in book.worksheets}
    assert name in titles and "Plain" in titles
    formulas = [
        (cell.row, cell.value)
        for row in book[SHEET].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "exit_cost_by_month" in cell.value
    ]
    rows = {row for row, _ in formulas}
    assert len(rows) > 10  # the first row, through openpyxl, and the rows rendered after it
    for row, formula in formulas:
        sheets = set(re.findall(r"('(?:[^']|'')+'|[A-Za-z_][\w.]*)!", formula))
        assert len(sheets) == 1, formula
        assert sheets <= {quote_sheet(name), quote_sheet("Plain")}, formula
        assert f"$A{row}+1" in formula  # the row's own month
