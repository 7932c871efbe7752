"""How each sheet prints: landscape, fitted to the page's width, headers repeated, keys outside the print.

Only what openpyxl's write-only worksheets support too (page_setup, sheet_properties, print_area,
print_title_rows and _cols, page_margins, column_dimensions before the first row), so a sheet streamed
in write-only mode prints the same.

The Summary prints on at most two pages without cutting a chart. "Fit to 1 x 2 pages" cannot promise
that: Excel and LibreOffice then ignore manual page breaks and break wherever the scaled page fills,
through a chart if one is there. So the Summary gets a fixed scale and one manual break, chosen here
from the rows' heights and the columns' widths: the break at a section's first row (or before the
charts) that lets both pages print largest, the charts always wholly on one page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

KEY_COLUMN_WIDTH = 12.0  # narrow: a program reads the keys, a person reads the labels beside them
MARGIN_INCH = 0.4  # narrow margins (about Excel's "Narrow" preset): more of the page for figures
# The printable landscape page, whichever of A4 and US Letter is smaller on each side, in points.
PAGE_WIDTH_POINTS = min(11.0, 297 / 25.4) * 72 - 2 * MARGIN_INCH * 72
PAGE_HEIGHT_POINTS = min(8.5, 210 / 25.4) * 72 - 2 * MARGIN_INCH * 72
FILL = 0.92  # of the printable page our estimate may fill: fonts and engines measure a little differently
DEFAULT_ROW_POINTS = 15.0  # Calibri 11, as Excel and LibreOffice lay out a row of default height
DEFAULT_COLUMN_WIDTH = 8.43
MIN_SCALE, MAX_SCALE = 10, 100  # percent, as the file format allows (Excel refuses less than 10)


def landscape_fit(ws: Any, pages_wide: int = 1, pages_tall: int = 0) -> None:
    """Print landscape, ``pages_wide`` pages wide and ``pages_tall`` pages tall (0: as many as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def narrow_margins(ws: Any) -> None:
    inch = MARGIN_INCH
    ws.page_margins = PageMargins(left=inch, right=inch, top=inch, bottom=inch, header=inch / 2, footer=inch / 2)


def print_schedule_sheet(ws: Any, header_row: int, pages_wide: int) -> None:
    """An offer sheet: landscape, ``pages_wide`` pages wide, the schedule's header row and the label column
    repeated on every page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_title_cols = "A:A"
    landscape_fit(ws, pages_wide=pages_wide)


PIXELS_A_CHARACTER = 9.5  # a column's unit is the default font's digit width: 7 px in Calibri 11, about 9 in
# DejaVu Sans, which LibreOffice draws where Calibri and Carlito are missing; the wider one keeps every sheet on its
# page (in Excel the Summary then prints a little smaller than it could when its width, not its length, decides)


def column_points(width: float) -> float:
    """A column ``width`` characters wide in points, at 96 dpi, 5 pixels of padding, wide characters."""
    return (width * PIXELS_A_CHARACTER + 5) * 0.75


@dataclass(frozen=True)
class TwoPages:
    """Where page 2 starts (a 1-based row; None: all on one page) and the print scale in percent."""

    page_two: int | None
    scale: int


def two_pages(
    heights: Sequence[float], width: float, title_rows: tuple[int, int], starts: Sequence[int], last_start: int
) -> TwoPages:
    """The largest scale at which rows 1..len(heights) (``heights`` in points) and ``width`` points print on at
    most two pages, page 2 starting at one of ``starts`` no later than ``last_start`` (what follows it, the
    charts, is never split) and repeating the ``title_rows``. One page wins a tie."""
    usable_width, usable_height = PAGE_WIDTH_POINTS * FILL, PAGE_HEIGHT_POINTS * FILL
    by_width = usable_width / max(width, 1.0)
    titles = sum(heights[title_rows[0] - 1 : title_rows[1]])

    def scale(*pages: float) -> float:
        return min(1.0, by_width, *(usable_height / max(page, 1.0) for page in pages))

    best = TwoPages(None, _percent(scale(sum(heights))))
    for start in sorted(set(starts)):
        if not 1 < start <= min(last_start, len(heights)):
            continue
        percent = _percent(scale(sum(heights[: start - 1]), titles + sum(heights[start - 1 :])))
        if percent > best.scale:
            best = TwoPages(start, percent)
    return best


def _percent(scale: float) -> int:
    return max(MIN_SCALE, min(MAX_SCALE, math.floor(scale * 100)))


@dataclass(frozen=True)
class SummaryPrint:
    """What the Summary's print needs to know of its layout (rows and columns are 1-based)."""

    first_column: int  # the print area's first column; the keys column lies left of it
    last_column: int
    last_row: int
    title_rows: tuple[int, int]  # repeated on each page
    section_starts: Sequence[int]  # rows where page 2 may start
    charts_row: int  # the first row of the charts, which page 2 holds whole
    pages_wide: int  # more than 1 when the offers are too many for one page's width


def print_summary(ws: Any, layout: SummaryPrint) -> TwoPages | None:
    """Landscape, narrow margins, the print area from ``first_column``, the title rows repeated. One page wide:
    a fixed scale and one break (``two_pages``); wider: fitted to ``pages_wide`` pages wide, as many tall as
    needed, the charts from a new page. Returns the two-page layout (None when wider)."""
    first, last = get_column_letter(layout.first_column), get_column_letter(layout.last_column)
    ws.print_area = f"{first}1:{last}{layout.last_row}"
    ws.print_title_rows = f"{layout.title_rows[0]}:{layout.title_rows[1]}"
    ws.print_title_cols = f"{first}:{first}"
    narrow_margins(ws)
    ws.page_setup.orientation = "landscape"
    if layout.pages_wide > 1:
        landscape_fit(ws, pages_wide=layout.pages_wide)
        ws.row_breaks.append(Break(id=layout.charts_row - 1))
        return None
    heights = [ws.row_dimensions[row].height or DEFAULT_ROW_POINTS for row in range(1, layout.last_row + 1)]
    width = sum(
        column_points(ws.column_dimensions[get_column_letter(column)].width or DEFAULT_COLUMN_WIDTH)
        for column in range(layout.first_column, layout.last_column + 1)
    )
    pages = two_pages(heights, width, layout.title_rows, layout.section_starts, layout.charts_row)
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = pages.scale
    if pages.page_two is not None:
        ws.row_breaks.append(Break(id=pages.page_two - 1))
    return pages
