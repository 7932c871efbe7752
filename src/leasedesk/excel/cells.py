"""Writing cells: text that can never become a formula, inputs, formulas with their cached results."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import TypeAlias

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.excel.names import absolute, absolute_range, quote_sheet
from leasedesk.excel.styles import INPUT_FONT, LINE_POINTS, wrapped_lines

CachedValue: TypeAlias = float | str | bool
InputValue: TypeAlias = float | int | str | bool | dt.date
MAX_CELL_TEXT = 32767
DEFAULT_WIDTH = 8.43


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # surrogates and non-characters: no XML can hold them


def safe_text(text: str) -> str:
    """Text a cell can hold: no characters XML forbids, at most 32,767 characters."""
    if len(text) <= _SHORT_TEXT:
        return _safe_short_text(text)
    return _cleaned(text)


def _cleaned(text: str) -> str:
    return _NOT_XML.sub("", str(ILLEGAL_CHARACTERS_RE.sub("", text)))[:MAX_CELL_TEXT]


# Labels repeat on every offer sheet (1,000 offers: ~180,000 text cells, a few hundred distinct texts): short
# texts are cleaned once each.
_SHORT_TEXT = 200
_safe_short_text = functools.lru_cache(maxsize=4096)(_cleaned)


def styled(
    cell: Cell,
    number_format: str | None,
    font: Font | None,
    fill: PatternFill | None,
    alignment: Alignment | None = None,
    border: Border | None = None,
) -> Cell:
    """The cell with the given number format, font, fill, alignment and border (None: left as it is).

    The same as setting ``cell.font`` and the rest, but each style object is looked up in the workbook's
    style lists once per workbook, not once per cell: openpyxl hashes the whole object on every
    assignment, a fifth of the time of laying out 1,000 offer sheets."""
    if number_format is None and font is None and fill is None and alignment is None and border is None:
        return cell
    ids = _style_ids(cell)
    if cell._style is None:  # as openpyxl's own setters do
        cell._style = StyleArray()
    style = cell._style
    if number_format is not None:
        style.numFmtId = ids.number_format(number_format)
    if font is not None:
        style.fontId = ids.index("_fonts", font)
    if fill is not None:
        style.fillId = ids.index("_fills", fill)
    if alignment is not None:
        style.alignmentId = ids.index("_alignments", alignment)
    if border is not None:
        style.borderId = ids.index("_borders", border)
    return cell


class _StyleIds:
    """One workbook's index of each style object its cells were given (kept alive, so ids stay unique)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._known: dict[tuple[str, int], tuple[int, object]] = {}
        self._formats: dict[str, int] = {}

    def index(self, collection: str, style: object) -> int:
        known = self._known.get((collection, id(style)))
        if known is None:
            known = (getattr(self._workbook, collection).add(style), style)
            self._known[(collection, id(style))] = known
        return known[0]

    def number_format(self, number_format: str) -> int:
        known = self._formats.get(number_format)
        if known is None:
            if number_format in BUILTIN_FORMATS_REVERSE:
                known = BUILTIN_FORMATS_REVERSE[number_format]
            else:
                known = self._workbook._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE
            self._formats[number_format] = known
        return known


_STYLE_IDS = "_leasedesk_style_ids"


def _style_ids(cell: Cell) -> _StyleIds:
    workbook = cell.parent.parent
    ids: _StyleIds | None = getattr(workbook, _STYLE_IDS, None)
    if ids is None:
        ids = _StyleIds(workbook)
        setattr(workbook, _STYLE_IDS, ids)
    return ids


class SheetWriter:
    """Writes one worksheet and remembers the cached result of every formula it writes."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.cached: dict[str, CachedValue] = {}
        self._wrapped: list[tuple[int, int, str]] = []

    @property
    def title(self) -> str:
        return str(self.ws.title)

    def text(
        self,
        row: int,
        column: int,
        text: str,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A string cell, whatever the text starts with (=, +, -, @, a tab or a carriage return)."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = safe_text(text)
        cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error: force text
        if alignment is not None and alignment.wrap_text:
            self._wrapped.append((row, column, str(cell.value)))
        return styled(cell, None, font, fill, alignment)

    def value(
        self,
        row: int,
        column: int,
        value: InputValue,
        number_format: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A constant (number, date or boolean); strings go through ``text``."""
        if isinstance(value, str):
            return self.text(row, column, value, font=font, fill=fill, alignment=alignment)
        cell = self.ws.cell(row=row, column=column, value=value)
        return styled(cell, number_format, font, fill, alignment)

    def input(self, row: int, column: int, value: InputValue, number_format: str | None = None) -> Cell:
        """An input cell, in the input style."""
        return self.value(row, column, value, number_format, font=INPUT_FONT)

    def formula(
        self,
        row: int,
        column: int,
        formula: str,
        cached: CachedValue | None,
        number_format: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A live formula (text starting with "="); ``cached`` is stored as its result for viewers."""
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        cell = self.ws.cell(row=row, column=column, value=formula)
        if cached is not None:
            self.cached[cell.coordinate] = cached
        return styled(cell, number_format, font, fill, alignment)

    def choices(self, row: int, column: int, choices: Sequence[str]) -> None:
        """Validate a cell against a list of allowed words (a drop-down in Excel and LibreOffice); any other
        entry is refused with a message, never taken silently."""
        words = " or ".join(choices)
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=False)
        self._refuse_others(validation, f"Type {words}.", row, column)

    def yes_no(self, row: int, column: int) -> None:
        """Validate a cell as TRUE or FALSE; anything else (yes, no, 1, text) is refused with a message."""
        coordinate = self.ws.cell(row=row, column=column).coordinate
        validation = DataValidation(type="custom", formula1=f"ISLOGICAL({coordinate})", allow_blank=False)
        self._refuse_others(validation, "Type TRUE or FALSE.", row, column)

    def _refuse_others(self, validation: DataValidation, allowed: str, row: int, column: int) -> None:
        validation.errorStyle = "stop"
        validation.showErrorMessage = True
        validation.errorTitle = "Not an allowed value"
        validation.error = f"{allowed} The figures that depend on this cell show #N/A until it holds an allowed value."
        validation.showInputMessage = True
        validation.prompt = allowed
        self.ws.add_data_validation(validation)
        validation.add(self.ws.cell(row=row, column=column).coordinate)

    def fit_rows(self) -> None:
        """Make rows with wrapped text tall enough for it (viewers do not all do this on load)."""
        lines: dict[int, int] = {}
        for row, column, text in self._wrapped:
            width = self.ws.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH
            lines[row] = max(lines.get(row, 1), wrapped_lines(text, width))
        for row, count in lines.items():
            if count > 1:
                current = self.ws.row_dimensions[row].height or LINE_POINTS
                self.ws.row_dimensions[row].height = max(current, count * LINE_POINTS)

    def name_cell(self, name: str, row: int, column: int) -> None:
        """A sheet-scoped defined name for one cell."""
        self.name_range(name, row, row, column)

    def name_range(self, name: str, first_row: int, last_row: int, column: int) -> None:
        if first_row == last_row:
            reference = absolute(first_row, column)
        else:
            reference = absolute_range(first_row, last_row, column)
        self.ws.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheet(self.title)}!{reference}")
