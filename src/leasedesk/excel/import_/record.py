"""Reading the export record (the hidden sheet ``excel.export_record`` writes; its layout is in that docstring).

A workbook without a readable record is not one LeaseDesk exported (or the record was removed): the
import refuses it, since it cannot tell what the other side changed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leasedesk.excel.export_record import FORMULAS_HEADER, INPUTS_HEADER, OFFERS_HEADER, RECORD_MARK, RECORD_SHEET
from leasedesk.excel.formula_digest import SheetFormulas
from leasedesk.excel.import_.package import Cell, Package


class RecordError(ValueError):
    """The record is missing or unreadable; one line for the user."""


@dataclass(frozen=True)
class RecordedOffer:
    offer_id: str
    sheet: str
    sheet_id: int | None  # the sheetId at export (kept by Excel when a sheet is renamed)


@dataclass(frozen=True)
class ExportRecord:
    facts: Mapping[str, str]  # record, record_version, format, schema_version, deal_name, app_version, exported_at
    offers: tuple[RecordedOffer, ...]
    inputs: Mapping[tuple[str, str], Any]  # (sheet or "", name) -> value in the deal file's form
    formulas: Mapping[str, SheetFormulas]  # sheet -> its formula cells at export (``shared`` unused)

    @property
    def deal_name(self) -> str:
        return self.facts.get("deal_name", "")


def read_record(package: Package) -> ExportRecord:
    sheet = package.sheet(RECORD_SHEET)
    if sheet is None:
        raise RecordError(f"has no LeaseDesk export record (the hidden sheet {RECORD_SHEET!r}): "
                          "only a workbook exported by LeaseDesk can be imported")
    rows = _rows(package.read_sheet(sheet).cells)
    facts: dict[str, str] = {}
    index = 0
    while index < len(rows) and rows[index]:
        key, value = (rows[index] + ["", ""])[:2]
        facts[key] = value
        index += 1
    if facts.get("record") != RECORD_MARK:
        raise RecordError(f"the sheet {RECORD_SHEET!r} is not a LeaseDesk export record")
    offers_rows, index = _table(rows, index, OFFERS_HEADER)
    input_rows, index = _table(rows, index, INPUTS_HEADER)
    formula_rows = _table(rows, index, FORMULAS_HEADER)[0] if _has(rows, index, FORMULAS_HEADER) else []
    offers = tuple(
        RecordedOffer(row[0], row[1], int(row[2]) if len(row) > 2 and row[2].isdigit() else None)
        for row in offers_rows
        if len(row) >= 2
    )
    inputs = {(row[0], row[1]): _json_value(row[2]) for row in input_rows if len(row) >= 3}
    formulas = {
        row[0]: SheetFormulas(int(row[1]), row[2], row[3], shared=False)
        for row in formula_rows
        if len(row) == len(FORMULAS_HEADER) and row[1].isdigit()
    }
    return ExportRecord(facts, offers, inputs, formulas)


def _has(rows: list[list[str]], index: int, header: tuple[str, ...]) -> bool:
    return any(tuple(row[: len(header)]) == header for row in rows[index:])


def _rows(cells: Mapping[tuple[int, int], Cell]) -> list[list[str]]:
    """The sheet as rows of text (up to the last non-empty column); blank rows as []."""
    if not cells:
        return []
    last_row = max(row for row, _ in cells)
    rows: list[list[str]] = []
    for row in range(1, last_row + 1):
        values = [cells.get((row, column)) for column in range(1, 5)]
        texts = ["" if c is None or c.value is None else _as_text(c.value) for c in values]
        while texts and not texts[-1]:
            texts.pop()
        rows.append(texts)
    return rows


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows: list[list[str]], index: int, header: tuple[str, ...]) -> tuple[list[list[str]], int]:
    """The rows under ``header`` (searched from ``index``) up to the next blank row, and where it ended."""
    while index < len(rows) and tuple(rows[index][: len(header)]) != header:
        index += 1
    if index >= len(rows):
        raise RecordError(f"the export record has no {' | '.join(header)} table")
    index += 1
    found = []
    while index < len(rows) and rows[index]:
        found.append(rows[index])
        index += 1
    return found, index


def _json_value(text: str) -> Any:
    try:
        value = json.loads(text, parse_constant=lambda name: math.nan)
    except ValueError:
        raise RecordError(f"the export record holds an unreadable value: {text[:40]!r}") from None
    return value
