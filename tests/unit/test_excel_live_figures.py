"""Every figure of the exported workbook follows its inputs, except blocks labelled as computed at export
(issue 13: "forwards a workbook whose every figure follows its inputs").

A number typed into a cell (not a formula) is allowed only where it is an input a person may change (blue,
as finance models mark them), a month index that lays out a schedule or a table, the schedule's length, or
inside a block whose label says it was computed at export (the Summary's lattice block, the Negotiation
sheet). Anything else would be a figure that silently keeps its exported value after an edit.
"""

from __future__ import annotations

from pathlib import Path

from excel_support import SUMMARY, key_rows, sample_deal
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS, MARKET_METRIC_KEYS
from leasedesk.excel import export_workbook
from leasedesk.excel.styles import INPUT_FONT

INPUT_COLOUR = str(INPUT_FONT.color.rgb)[-6:]  # "0000FF"
LATTICE_ROW_KEYS = frozenset(MARKET_METRIC_KEYS) - frozenset(EQUAL_CAPACITY_KEYS)
LABELLED_SHEETS = ("Negotiation",)


def typed_numbers(sheet: Worksheet) -> list[tuple[str, int, int, float]]:
    """(coordinate, row, column, value) of every number typed as a constant."""
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, int | float) and not isinstance(value, bool):
                found.append((cell.coordinate, cell.row, cell.column, float(value)))
    return found


def is_input(sheet: Worksheet, coordinate: str) -> bool:
    colour = sheet[coordinate].font.color
    return colour is not None and isinstance(colour.rgb, str) and colour.rgb.endswith(INPUT_COLOUR)


def sheet_text(sheet: Worksheet, rows: int) -> str:
    return " ".join(str(c.value) for row in sheet.iter_rows(max_row=rows) for c in row if isinstance(c.value, str))


def test_no_figure_keeps_its_exported_value_outside_a_block_labelled_so(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    export_workbook(sample_deal(), path)  # the sample has a market: the Summary has its lattice block
    book = load_workbook(path)
    stray: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        if sheet.title in LABELLED_SHEETS:
            assert "computed by LeaseDesk at export" in sheet_text(sheet, 3), sheet.title
            continue
        keys = key_rows(sheet)
        key_of_row = {row: key for key, row in keys.items()}
        month_columns = {
            cell.column for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("t (analysis month)")
        }
        for coordinate, row, column, value in typed_numbers(sheet):
            if is_input(sheet, coordinate):
                continue
            if column in month_columns and value.is_integer():
                continue  # the schedule's month index t: the layout, not a figure
            if sheet.title == SUMMARY and column == 1 and value.is_integer():
                continue  # the exit table's lease month k, in the keys column
            row_key = str(key_of_row.get(row, ""))
            if sheet.title == SUMMARY and (row_key in LATTICE_ROW_KEYS or row_key.startswith("lattice_market_")):
                continue  # the lattice block, checked below for its label
            if sheet.cell(row=row, column=3).value == "schedule_rows":
                continue  # how many months the schedule lays out
            stray.append(f"{sheet.title}!{coordinate} = {value} (row key {row_key!r})")
    assert stray == []
    summary = book[SUMMARY]
    assert "at export; not a formula" in sheet_text(summary, summary.max_row)
