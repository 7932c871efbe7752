"""An offer's monthly schedule: columns as formula templates, one row per month, written fast.

A template names other columns in brackets: ``[fee]`` is the fee of the same row, ``[paid_before^]``
that of the row above, ``[fee:]`` the whole fee column (absolute). openpyxl writes the header and the
first month; the other months are rendered straight to SpreadsheetML with the first month's styles
(openpyxl needs seconds for the ~250,000 cells of 40 offers over 240 months; this takes a fraction).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

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


@dataclass(frozen=True)
class RenderedRows:
    """SpreadsheetML of the months after the first, and the sheet's used range."""

    xml: str
    dimension: str


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

    def render_rest(self, style_ids: Sequence[int]) -> RenderedRows:
        """The months after the first, as <row> elements with their cached results."""
        makers = [_CellMaker(self, column, style) for column, style in zip(self.columns, style_ids, strict=True)]
        parts: list[str] = []
        for month in range(1, self.months):
            row = self.first_row + month
            parts.append(f'<row r="{row}">')
            parts.extend(maker.cell(row, month) for maker in makers)
            parts.append("</row>")
        last = f"{get_column_letter(len(self.columns))}{self.last_row}"
        return RenderedRows(xml="".join(parts), dimension=f"A1:{last}")


class _CellMaker:
    """Renders one column's cells: <c r=".." s=".."><f>..</f><v>..</v></c>."""

    def __init__(self, schedule: Schedule, column: Column, style_id: int) -> None:
        self.letter = schedule.letter(column.key)
        self.style = f' s="{style_id}"' if style_id else ""
        self.values = column.values
        # SpreadsheetML stores a formula without its leading "="
        self.pattern = escape(schedule.compile(column.formula.removeprefix("="))) if column.formula else None

    def cell(self, row: int, month: int) -> str:
        value = self.values[month] if self.values is not None else None
        kind, value_xml = cached_xml(value)
        head = f'<c r="{self.letter}{row}"{self.style}{kind}>'
        if self.pattern is None:
            return f"{head}{value_xml}</c>"
        return f"{head}<f>{self.pattern.format(r=row, p=row - 1)}</f>{value_xml}</c>"


def cached_xml(value: CachedValue | None) -> tuple[str, str]:
    """The type attribute and <v> element of a cell's (cached) value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "", ""
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, str):
        return ' t="str"', f"<v>{escape(value)}</v>"
    return "", f"<v>{float(value)!r}</v>"
