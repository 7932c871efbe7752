"""An offer's monthly schedule: columns as formula templates, one row per month, written fast.

A template names other columns in brackets: ``[fee]`` is the fee of the same row, ``[paid_before^]``
that of the row above, ``[fee:]`` the whole fee column (absolute). openpyxl writes the header and the
first month; the other months are rendered straight to SpreadsheetML with the first month's styles
(openpyxl needs seconds for the ~250,000 cells of 40 offers over 240 months; this takes a fraction),
a few rows at a time while the package is written, so that no sheet's rows are ever all in memory.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
from openpyxl.utils.cell import get_column_letter

from leasedesk.excel.cells import CachedValue, SheetWriter
from leasedesk.excel.names import absolute_range
from leasedesk.excel.styles import BOLD, HEADER_BORDER, HEADER_FILL, WRAP_CENTER

_TOKEN = re.compile(r"\[([a-z_0-9]+)(\^|:)?\]")
Values = Sequence[CachedValue | None]


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
            writer.ws.cell(row=self.header_row, column=number).border = HEADER_BORDER
            first_value = column.values[0] if column.values is not None else None
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

    def rows(self, style_ids: Sequence[int]) -> Iterator[str]:
        """The months after the first, as <row> elements with their cached results, a few rows at a time."""
        template = self._row_template(style_ids)
        pieces = [_value_pieces(column.values, self.months) for column in self.columns]
        chunk: list[str] = []
        for month in range(1, self.months):
            row = self.first_row + month
            fields = [piece[month] for pair in pieces for piece in pair]
            chunk.append(template.format(*fields, r=row, p=row - 1))
            if len(chunk) == ROWS_PER_CHUNK:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    def _row_template(self, style_ids: Sequence[int]) -> str:
        """One row as a str.format pattern: {r} and {p} the row numbers, {2i} and {2i+1} the type attribute
        and <v> element of column i's cached value."""
        parts = ['<row r="{r}">']
        for number, (column, style_id) in enumerate(zip(self.columns, style_ids, strict=True)):
            style = f' s="{style_id}"' if style_id else ""
            head = f'<c r="{self.letter(column.key)}{{r}}"{style}{{{2 * number}}}>'
            # SpreadsheetML stores a formula without its leading "="
            formula = f"<f>{escape(self.compile(column.formula.removeprefix('=')))}</f>" if column.formula else ""
            parts.append(f"{head}{formula}{{{2 * number + 1}}}</c>")
        parts.append("</row>")
        return "".join(parts)


def _value_pieces(values: Values | None, months: int) -> tuple[Sequence[str], Sequence[str]]:
    """Per month, the type attribute and <v> element of a column's cached values."""
    if values is None:
        empty = [""] * months
        return empty, empty
    numbers = np.asarray(values)
    if numbers.dtype.kind in "fi":  # numbers only (the usual case): no per-value type checks
        finite = np.isfinite(numbers)
        floats = numbers.astype(np.float64).tolist()
        if finite.all():
            return [""] * len(floats), [f"<v>{x!r}</v>" for x in floats]
        pairs = zip(floats, finite.tolist(), strict=True)
        return [""] * len(floats), [f"<v>{x!r}</v>" if ok else "" for x, ok in pairs]
    kinds, elements = [], []
    for value in values:
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
