"""The schedule's months after the first, rendered as SpreadsheetML text outside openpyxl: each cell's
reference, style, formula (row numbers in) and cached value, whatever the value, and the formula digests
fed with them."""

from __future__ import annotations

import math
from typing import Any

from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.excel.formula_digest import SheetDigester, own_sheet_formulas, sheet_formulas
from leasedesk.excel.schedule import Column, Schedule

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ODD: list[Any] = [0.0, -0.0, math.nan, math.inf, True, False, "", "a<b & c", None, 1e-300, 123456789.123, 7]
MONTHS = len(ODD)
HEADER = 10  # the header row; months from row 11


def _schedule() -> Schedule:
    return Schedule(
        HEADER,
        MONTHS,
        [
            Column("t", "t", "0", values=list(range(MONTHS))),
            Column(
                "run", "Running", "0", "=IF([t]>0,[run^]+1,0)", first="=0", values=[float(m) for m in range(MONTHS)]
            ),
            Column("odd", "Odd", "0", '=TEXT([t],"0%")&"{r}"', values=ODD),
            Column("none", "No value", "0", "=SUM([run:])", values=None),
            Column("few", "Few values", "0", "=[t]", values=[float(m % 3) for m in range(MONTHS)]),
            Column("zero", "Signed zeros", "0", "=-[t]*0", values=[0.0 if m % 2 else -0.0 for m in range(MONTHS)]),
        ],
    )


def _expected_value(value: Any) -> tuple[str | None, str | None]:
    """The type attribute and <v> text a cached value takes (worked out from SpreadsheetML, not the code)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None, None
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, str):
        return "str", value
    return None, repr(float(value))


def _rendered() -> tuple[str, list[Any]]:
    pieces = list(_schedule().rows([0, 5, 0, 3, 6, 0]))
    return "".join(piece.xml for piece in pieces), pieces


def test_each_month_after_the_first_has_its_cells_formulas_and_cached_values() -> None:
    xml, _ = _rendered()
    rows = fromstring(f'<sheetData xmlns="{NS[1:-1]}">{xml}</sheetData>').findall(f"{NS}row")
    assert [row.get("r") for row in rows] == [str(HEADER + 1 + m) for m in range(1, MONTHS)]
    for month, row in enumerate(rows, start=1):
        r = HEADER + 1 + month
        cells = row.findall(f"{NS}c")
        assert [c.get("r") for c in cells] == [f"{letter}{r}" for letter in "ABCDEF"]
        assert [c.get("s") for c in cells] == [None, "5", None, "3", "6", None]
        formulas = [c.findtext(f"{NS}f") for c in cells]
        assert formulas == [
            None, f"IF(A{r}>0,B{r - 1}+1,0)", f'TEXT(A{r},"0%")&"{{r}}"', "SUM($B$11:$B$22)", f"A{r}", f"-A{r}*0"
        ]  # fmt: skip
        values = [(c.get("t"), c.findtext(f"{NS}v")) for c in cells]
        assert values == [
            (None, repr(float(month))),
            (None, repr(float(month))),
            _expected_value(ODD[month]),
            (None, None),
            (None, repr(float(month % 3))),
            (None, "0.0" if month % 2 else "-0.0"),
        ], month


def test_the_digests_fed_with_the_rows_equal_those_read_off_their_text() -> None:
    xml, pieces = _rendered()
    sheet = f'<worksheet xmlns="{NS[1:-1]}"><sheetData>{xml}</sheetData></worksheet>'.encode()
    digester = SheetDigester()
    for piece in pieces:
        digester.add_rows(piece.digest)
    assert digester.result() == own_sheet_formulas(sheet) == sheet_formulas(fromstring(sheet))
    assert digester.result().count == 5 * (MONTHS - 1)
