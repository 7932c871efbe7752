"""How each sheet prints: landscape, fitted to the page's width, headers repeated, keys outside the print.

Only what openpyxl's write-only worksheets support too (page_setup, sheet_properties, print_area,
print_title_rows and _cols, column_dimensions before the first row), so a sheet streamed in write-only
mode prints the same.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.page import PageMargins

KEY_COLUMN_WIDTH = 12.0  # narrow: a program reads the keys, a person reads the labels beside them
MARGINS_INCH = 0.4  # narrow margins (Excel's "Narrow" preset is about this), more of the page for figures


def landscape_fit(ws: Any, pages_wide: int = 1, pages_tall: int = 0) -> None:
    """Print landscape, ``pages_wide`` pages wide and ``pages_tall`` pages tall (0: as many as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def narrow_margins(ws: Any) -> None:
    ws.page_margins = PageMargins(
        left=MARGINS_INCH, right=MARGINS_INCH, top=MARGINS_INCH, bottom=MARGINS_INCH, header=0.2, footer=0.2
    )


def print_schedule_sheet(ws: Any, header_row: int, pages_wide: int) -> None:
    """An offer sheet: landscape, ``pages_wide`` pages wide, the schedule's header row and the label column
    repeated on every page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_title_cols = "A:A"
    landscape_fit(ws, pages_wide=pages_wide)


def print_summary(
    ws: Any, first_column: int, last_column: int, last_row: int, title_rows: tuple[int, int], pages_wide: int
) -> None:
    """The Summary: its print area from ``first_column`` (the key column lies left of it, outside the print)
    to ``last_column`` and down to ``last_row``, landscape, ``pages_wide`` pages wide and at most two pages
    tall per column of pages, the offers' header rows repeated on each page."""
    first, last = get_column_letter(first_column), get_column_letter(last_column)
    ws.print_area = f"{first}1:{last}{last_row}"
    ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.print_title_cols = f"{first}:{first}"
    narrow_margins(ws)
    landscape_fit(ws, pages_wide=pages_wide, pages_tall=2)
