"""The workbook's look: fonts, fills, number formats in the deal's currency, page setup."""

from __future__ import annotations

import math
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.formatting import currency_prefix

FONT = "Calibri"  # the workbook's default font; named everywhere so no viewer falls back to a serif
INPUT_FONT = Font(name=FONT, color="0000FF")  # the usual finance convention: blue = an input you may change
KEY_FONT = Font(name=FONT, color="808080", size=9)
TITLE_FONT = Font(name=FONT, bold=True, size=14)
SECTION_FONT = Font(name=FONT, bold=True, size=12)
BOLD = Font(name=FONT, bold=True)
NOTE_FONT = Font(name=FONT, italic=True, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
BEST_FILL = PatternFill("solid", fgColor="C6EFCE")
BEST_FONT = Font(name=FONT, bold=True, color="006100")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP = Alignment(vertical="top")

PERCENT = "0.00%"
DATE = "yyyy-mm-dd"
MONTH = "mmm yyyy"
COUNT = "#,##0"
INTEGER = "0"
MONTHS = "0.00"
FACTOR = "0.000000"
DECIMAL = "#,##0.00##"


@dataclass(frozen=True)
class Formats:
    """Number formats that carry the deal's currency."""

    money: str  # whole amounts: $150,000,000
    price: str  # small prices: $0.0680 per kWh, $2.3500 per GPU-hour


def currency_literal(currency: str) -> str:
    """The deal's currency prefix as a quoted literal of a number format (quotes and backslashes dropped)."""
    safe = currency_prefix(currency).replace('"', "").replace("\\", "")
    return f'"{safe}"' if safe else ""


def formats_for(currency: str) -> Formats:
    symbol = currency_literal(currency)
    return Formats(
        money=f"{symbol}#,##0;-{symbol}#,##0",
        price=f"{symbol}#,##0.0000;-{symbol}#,##0.0000",
    )


LINE_POINTS = 15.0


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    per_line = max(1, int(width * 1.3))
    return sum(max(1, math.ceil(len(paragraph) / per_line)) for paragraph in text.splitlines() or [""])


def set_widths(ws: Worksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def landscape_fit_to_width(ws: Worksheet, pages_wide: int = 1) -> None:
    """Print landscape, as many pages tall as needed but ``pages_wide`` pages wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
