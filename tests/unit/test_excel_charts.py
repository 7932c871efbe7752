"""The Summary's charts carry cached values, so viewers that do not recalculate (mail previews) draw them.

Each series' name, values, categories and x values hold a cache equal to the cached results of the cells
they point at (which the recalculation tests check against LibreOffice and Gnumeric).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from excel_support import scenario_deals
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook

from leasedesk.excel import export_workbook
from leasedesk.excel.cells import DEFAULT_WIDTH
from leasedesk.excel.charts import WIDTH_CM
from leasedesk.excel.summary_charts import CHART_ROWS, CM_PER_WIDTH

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
REFERENCE = re.compile(r"^'((?:[^']|'')+)'!(\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?)$")


def cells_of(book: Workbook, formula: str) -> list[object]:
    """The cached values of the cells a chart reference such as 'Summary'!$C$20:$E$20 names, in order."""
    match = REFERENCE.match(formula)
    assert match, formula
    sheet = book[match.group(1).replace("''", "'")]
    found = sheet[match.group(2).replace("$", "")]
    if not isinstance(found, tuple):
        return [found.value]
    return [cell.value for row in found for cell in (row if isinstance(row, tuple) else (row,))]


def cached_points(cache: object, count: int) -> list[object]:
    """The points of a numCache or strCache as a list of ``count`` entries (None where no point is stored)."""
    assert cache is not None
    points: list[object] = [None] * count
    declared = cache.find(f"{C}ptCount")  # type: ignore[attr-defined]
    assert declared is not None and int(declared.get("val")) == count
    for point in cache.findall(f"{C}pt"):  # type: ignore[attr-defined]
        points[int(point.get("idx"))] = point.find(f"{C}v").text
    return points


def assert_cache_matches(book: Workbook, source: object) -> int:
    """A numRef or strRef's cache equals its cells; returns how many points it holds."""
    formula = source.find(f"{C}f").text  # type: ignore[attr-defined]
    cells = cells_of(book, formula)
    numeric = source.tag == f"{C}numRef"  # type: ignore[attr-defined]
    points = cached_points(source.find(f"{C}numCache" if numeric else f"{C}strCache"), len(cells))  # type: ignore[attr-defined]
    for cell, point in zip(cells, points, strict=True):
        if isinstance(cell, dt.datetime):
            cell = to_excel(cell)  # a date cell: its serial number
        if cell in (None, ""):
            assert point is None, (formula, cell, point)
        elif numeric:
            assert point is not None and math.isclose(float(point), float(cell), rel_tol=1e-12), (formula, cell, point)  # type: ignore[arg-type]
        else:
            assert point == str(cell), (formula, cell, point)
    return sum(point is not None for point in points)


@pytest.mark.parametrize("scenario", ["sample", "arrears_nominal", "edges", "hostile"])
def test_every_chart_series_carries_the_values_of_its_cells(scenario: str, tmp_path: Path) -> None:
    path = tmp_path / f"{scenario}.xlsx"
    export_workbook(scenario_deals()[scenario], path)
    book = load_workbook(path, data_only=True)
    with zipfile.ZipFile(path) as package:
        charts = [fromstring(package.read(name)) for name in package.namelist() if name.startswith("xl/charts/chart")]
    assert charts
    points = 0
    for chart in charts:
        for series in chart.iter(f"{C}ser"):
            for part in ("tx", "val", "cat", "xVal", "yVal"):
                holder = series.find(f"{C}{part}")
                if holder is None:
                    continue
                for source in (holder.find(f"{C}numRef"), holder.find(f"{C}strRef")):
                    if source is not None:
                        points += assert_cache_matches(book, source)
    assert points > 0


def test_the_charts_print_whole_inside_the_summarys_print_area(tmp_path: Path) -> None:
    """No page break runs through a chart, none starts a chart on a page's first row (LibreOffice then prints its
    top edge on the page before), and every chart lies wholly inside the print area (none cut at its right edge)."""
    path = tmp_path / "sample.xlsx"
    export_workbook(scenario_deals()["sample"], path)
    summary = load_workbook(path)["Summary"]
    with zipfile.ZipFile(path) as package:
        drawing = fromstring(package.read("xl/drawings/drawing1.xml"))
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    anchors = [  # 1-based column and row of each chart's top left corner
        (int(start.find(f"{xdr}col").text) + 1, int(start.find(f"{xdr}row").text) + 1)
        for start in drawing.iter(f"{xdr}from")
    ]
    breaks = [int(b.id) for b in summary.row_breaks.brk]  # the last row of the page before, 1-based
    assert len(anchors) == 3 and len(breaks) == 1
    first, last = str(summary.print_area).split("!")[-1].replace("$", "").split(":")
    last_column, last_row = coordinate_to_tuple(last)[1], coordinate_to_tuple(last)[0]
    assert first == "B1"
    for column, row in anchors:
        right, covered = column, 0.0
        while covered < WIDTH_CM:  # the column the chart's right edge falls in
            covered += (summary.column_dimensions[get_column_letter(right)].width or DEFAULT_WIDTH) * CM_PER_WIDTH
            right += 1
        assert column >= 2 and right - 1 <= last_column, (column, right - 1, last)
        assert row + CHART_ROWS - 1 <= last_row, (row, last)
        for after in breaks:
            assert not row - 1 <= after < row + CHART_ROWS - 1, (row, after)


def test_chart_axes_read_easily(tmp_path: Path) -> None:
    """A price axis with two decimals ($3.50), and month labels thinned to about a dozen."""
    path = tmp_path / "sample.xlsx"
    export_workbook(scenario_deals()["sample"], path)
    with zipfile.ZipFile(path) as package:
        line, bar = (fromstring(package.read(f"xl/charts/chart{n}.xml")) for n in (1, 2))
    bar_formats = [fmt.get("formatCode") for fmt in bar.iter(f"{C}numFmt")]
    assert '"$"#,##0.00' in bar_formats, bar_formats
    skip = line.find(f".//{C}catAx/{C}tickLblSkip")
    assert skip is not None and 42 / int(skip.get("val")) <= 14
