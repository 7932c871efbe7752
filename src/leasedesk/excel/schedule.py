"""An offer's monthly schedule: columns as formula templates, one row per month, written fast.

A template names other columns in brackets: ``[fee]`` is the fee of the same row, ``[paid_before^]``
that of the row above, ``[fee:]`` the whole fee column (absolute). openpyxl writes the header and the
first month; the other months are rendered straight to SpreadsheetML with the first month's styles
(openpyxl needs seconds for the ~250,000 cells of 40 offers over 240 months; this takes a fraction),
a few rows at a time while the package is written, so that no sheet's rows are ever all in memory.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
from openpyxl.utils.cell import get_column_letter

from leasedesk.excel.cached_values import RenderedRows
from leasedesk.excel.cells import CachedValue, SheetWriter, styled
from leasedesk.excel.formula_digest import RowsDigest, normal_formula
from leasedesk.excel.names import absolute_range
from leasedesk.excel.styles import BOLD, HEADER_BORDER, HEADER_FILL, WRAP_CENTER

_TOKEN = re.compile(r"\[([a-z_0-9]+)(\^|:)?\]")
Values = Sequence[CachedValue | None] | npt.NDArray[np.float64] | npt.NDArray[np.int64]  # numbers: an array


@dataclass(frozen=True)
class Column:
    """One schedule column: a constant per month (``formula`` None) or a formula template."""

    key: str
    title: str
    number_format: str
    formula: str | None = None
    first: str | None = None  # the first month's template, when it differs (running sums)
    values: Values | None = None  # constants, or the cached results of the formulas


ROWS_PER_CHUNK = 32  # rows rendered per piece of text handed to the package writer


class Schedule:
    """The layout of one schedule: which column holds what, which rows hold the months."""

    def __init__(self, header_row: int, months: int, columns: Sequence[Column]) -> None:
        if months < 1:
            raise ValueError("a schedule needs at least one month")
        self.header_row = header_row
        self.first_row = header_row + 1
        self.last_row = header_row + months
        self.months = months
        self.columns = tuple(columns)
        for column in self.columns:
            for template in (column.formula, column.first):
                if template is not None and not template.startswith("="):
                    raise ValueError(f"column {column.key}: a formula template starts with '=': {template!r}")
        self.index = {column.key: i + 1 for i, column in enumerate(self.columns)}

    def letter(self, key: str) -> str:
        return str(get_column_letter(self.index[key]))

    def range(self, key: str) -> str:
        return absolute_range(self.first_row, self.last_row, self.index[key])

    def compile(self, template: str) -> str:
        """A template as a str.format pattern over {r} (this row) and {p} (the row above)."""

        def token(match: re.Match[str]) -> str:
            key, kind = match.group(1), match.group(2)
            if kind == ":":
                return self.range(key)
            return self.letter(key) + ("{p}" if kind == "^" else "{r}")

        return _TOKEN.sub(token, template.replace("{", "{{").replace("}", "}}"))

    def formula_at(self, template: str, row: int) -> str:
        return self.compile(template).format(r=row, p=row - 1)

    def marked(self, template: str) -> str:
        """A template with ``ROW`` and ``ABOVE`` where the row numbers of this row and the row above go."""

        def token(match: re.Match[str]) -> str:
            key, kind = match.group(1), match.group(2)
            if kind == ":":
                return self.range(key)
            return self.letter(key) + (ABOVE if kind == "^" else ROW)

        if ROW in template or ABOVE in template:
            raise ValueError(f"a formula template holds a control character: {template!r}")
        return _TOKEN.sub(token, template)

    def resolve(self, template: str) -> str:
        """A formula outside the schedule: only whole-column tokens ``[key:]`` are allowed."""
        return _TOKEN.sub(lambda m: self._whole(m), template)

    def _whole(self, match: re.Match[str]) -> str:
        if match.group(2) != ":":
            raise ValueError(f"{match.group(0)}: only whole columns can be named outside the schedule")
        return self.range(match.group(1))

    def write_head(self, writer: SheetWriter) -> list[int]:
        """Header and first month through openpyxl; returns each column's style id for the other months."""
        style_ids = []
        for number, column in enumerate(self.columns, start=1):
            writer.text(self.header_row, number, column.title, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER)
            styled(writer.ws.cell(row=self.header_row, column=number), None, None, None, border=HEADER_BORDER)
            first_value = _first(column.values)
            template = column.first or column.formula
            if template is None:
                if first_value is None or isinstance(first_value, str):
                    raise ValueError(f"column {column.key}: a constant column needs numbers")
                cell = writer.value(self.first_row, number, first_value, column.number_format)
            else:
                cell = writer.formula(
                    self.first_row, number, self.formula_at(template, self.first_row), first_value, column.number_format
                )
            style_ids.append(int(cell.style_id))
        return style_ids

    def without_values(self) -> Schedule:
        """The same layout without the columns' values (a layout kept for references holds no figures)."""
        columns = [dataclasses.replace(column, values=None) for column in self.columns]
        return Schedule(self.header_row, self.months, columns)

    @property
    def dimension(self) -> str:
        """The used range of a sheet whose last rows are this schedule's."""
        return f"A1:{get_column_letter(len(self.columns))}{self.last_row}"

    def rows(self, style_ids: Sequence[int]) -> Iterator[RenderedRows]:
        """The months after the first, as <row> elements with their cached results, a few rows at a time,
        each piece with what the formula digests need of it (``RowsDigest``)."""
        pattern, fields = self._row_pattern(style_ids)
        positions, texts, count = self._digest_patterns()
        cells = zip(*fields, strict=True) if fields else itertools.repeat(())
        for first in range(self.first_row + 1, self.last_row + 1, ROWS_PER_CHUNK):
            numbers = range(first, min(first + ROWS_PER_CHUNK, self.last_row + 1))
            xml = "".join([_at(pattern, row) % cell for row, cell in zip(numbers, cells, strict=False)])
            digest = RowsDigest(
                first,
                numbers[-1],
                count * len(numbers),
                "".join([_at(positions, row) for row in numbers]),
                "".join([_at(texts, row) for row in numbers]),
            )
            yield RenderedRows(xml, digest)

    def _row_pattern(self, style_ids: Sequence[int]) -> tuple[str, list[Sequence[str]]]:
        """One row as a %-pattern over the cached values (``%s``, the second list: one list per field,
        holding each month after the first), with ``ROW`` and ``ABOVE`` for the row numbers. A column of
        finite numbers only has one field, the number's text; any other two, its type attribute and its
        <v> element. (Two replaces and a % take less than half the time of one str.format.)"""
        parts = [f'<row r="{ROW}">']
        fields: list[Sequence[str]] = []
        for column, style_id in zip(self.columns, style_ids, strict=True):
            style = f' s="{style_id}"' if style_id else ""
            head = f'<c r="{self.letter(column.key)}{ROW}"{style}'
            formula = ""
            if column.formula:  # SpreadsheetML stores a formula without its leading "="
                formula = "<f>" + escape(self.marked(column.formula.removeprefix("="))).replace("%", "%%") + "</f>"
            numbers = _number_texts(column.values, self.months)
            if numbers is not None:
                parts.append(f"{head}>{formula}<v>%s</v></c>")
                fields.append(numbers)
                continue
            kinds, elements = _value_pieces(column.values, self.months)
            parts.append(f"{head}%s>{formula}%s</c>")
            fields.extend((kinds[1:], elements[1:]))
        parts.append("</row>")
        return "".join(parts), fields

    def _digest_patterns(self) -> tuple[str, str, int]:
        """The formula cells of one row as the digests read them (formula_digest): "R{row}C3;" and
        "R{row}C3={normal text};", with ``ROW`` and ``ABOVE`` for the row numbers, and how many there are.
        (The normal text of a pattern is that of the formula: digits and the markers have no case and are
        not white space.)"""
        positions, texts = [], []
        for number, column in enumerate(self.columns, start=1):
            if column.formula:
                positions.append(f"R{ROW}C{number};")
                texts.append(f"R{ROW}C{number}={normal_formula(self.marked(column.formula.removeprefix('=')))};")
        return "".join(positions), "".join(texts), len(positions)


def _first(values: Values | None) -> CachedValue | None:
    """The first month's value, as the Python number or text openpyxl writes (an array holds numpy's)."""
    if values is None:
        return None
    first = values[0]
    return first.item() if isinstance(first, np.generic) else first


ROW, ABOVE = "\x01", "\x02"  # in a row's pattern: its row number and the one above (no XML holds them)


def _at(pattern: str, row: int) -> str:
    """A row's pattern with its row numbers in."""
    return pattern.replace(ROW, str(row)).replace(ABOVE, str(row - 1))


def _number_texts(values: Values | None, months: int) -> list[str] | None:
    """The text of each month's value after the first, when all are finite numbers (the usual case: one C
    call renders them all, as repr renders each), else None."""
    if values is None or _holds_text(values):
        return None
    numbers = np.asarray(values[1:months])
    if numbers.dtype.kind not in "fi" or not np.isfinite(numbers).all():
        return None
    floats = numbers.astype(np.float64)
    if len(floats) == 0:
        return []
    distinct, where = np.unique(floats, return_inverse=True)
    if 2 * len(distinct) > len(floats) or (np.signbit(floats) & (floats == 0.0)).any():
        return _reprs(floats.tolist())  # (unique would merge -0.0 into 0.0)
    # few values, many times (fees by year, GPUs delivered, flags): each rendered once
    return np.array(_reprs(distinct.tolist()), dtype=object)[where].tolist()  # type: ignore[no-any-return]


def _holds_text(values: Values) -> bool:
    """Whether a column's values hold text (a list only can): numpy would make the whole column text, a
    tenth of a millisecond per column for nothing."""
    return not isinstance(values, np.ndarray) and any(value.__class__ is str for value in values)


_TEXT, _EMPTY = ' t="str"', "<v></v>"  # cached_xml(""), inline


def _reprs(floats: list[float]) -> list[str]:
    """repr of each float, rendered in one call."""
    return repr(floats)[1:-1].split(", ")


def _value_pieces(values: Values | None, months: int) -> tuple[Sequence[str], Sequence[str]]:
    """Per month, the type attribute and <v> element of a column's cached values."""
    if values is None:
        empty = [""] * months
        return empty, empty
    values = values[:months]
    numbers = None if _holds_text(values) else np.asarray(values)
    if numbers is not None and numbers.dtype.kind in "fi":  # numbers only: no per-value type checks
        finite = np.isfinite(numbers)
        floats = numbers.astype(np.float64).tolist()
        pairs = zip(floats, finite.tolist(), strict=True)
        return [""] * len(floats), [f"<v>{x!r}</v>" if ok else "" for x, ok in pairs]
    kinds, elements = [], []
    for value in values:
        if value.__class__ is float and value - value == 0.0:  # finite: the most common case, inline
            kinds.append("")
            elements.append(f"<v>{value!r}</v>")
        elif value.__class__ is str and not value:  # a formula's empty text: the next most common
            kinds.append(_TEXT)
            elements.append(_EMPTY)
        else:
            kind, element = cached_xml(value)
            kinds.append(kind)
            elements.append(element)
    return kinds, elements


def cached_xml(value: CachedValue | None) -> tuple[str, str]:
    """The type attribute and <v> element of a cell's (cached) value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "", ""
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, str):
        return ' t="str"', f"<v>{escape(value)}</v>"
    return "", f"<v>{float(value)!r}</v>"
