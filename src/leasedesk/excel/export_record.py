"""The export record (DESIGN.md 8.6): a hidden sheet saying what was exported, so that an edited copy can come back.

Layout of the sheet ``RECORD_SHEET`` (values only, no formulas), read back by ``excel.import_.record``:

- rows 1..: a key/value block, column A the key, column B the value (text):
  ``record`` ("leasedesk-export-record"), ``record_version`` ("1"), ``format`` ("leasedesk-deal"),
  ``schema_version``, ``deal_name``, ``app_version``, ``exported_at`` (ISO 8601 UTC); then one blank row.
- a table headed ``offer_id | sheet | sheet_id``: each offer's id, the title of its sheet and that sheet's
  sheetId in the package (Excel keeps it when a sheet is renamed), in deal order; then one blank row.
- a table headed ``sheet | name | value``: every named input as exported. ``sheet`` is empty for a
  workbook-scoped name (the assumptions), else the offer sheet's title; ``name`` the defined name
  (``lessee_exit_notice_days``), or ``ramp`` for the ramp table; ``value`` the JSON text of the value in the
  deal file's form (numbers, true/false, text, dates as "2026-07-01", the ramp as [[month, gpus], ...]);
  then one blank row.
- a table headed ``formulas_sheet | cells | cells_digest | text_digest``: for every other sheet, how many
  formula cells it has and the digests of ``formula_digest`` (added by ``with_formula_record`` to the
  finished package, written as inline strings), so that the import can tell formulas changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils.cell import get_column_letter

from leasedesk import __version__
from leasedesk.core.codec import FORMAT, SCHEMA_VERSION
from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.term import flat_terms
from leasedesk.excel.cells import SheetWriter
from leasedesk.excel.formula_digest import RowsDigest, SheetDigester, SheetFormulas
from leasedesk.excel.term_inputs import in_sheet_order, term_value

RECORD_SHEET = "LeaseDesk export"
_ROW_NUMBER = re.compile(r'<row r="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')
RECORD_MARK = "leasedesk-export-record"
RECORD_VERSION = 1
OFFERS_HEADER = ("offer_id", "sheet", "sheet_id")
INPUTS_HEADER = ("sheet", "name", "value")
FORMULAS_HEADER = ("formulas_sheet", "cells", "cells_digest", "text_digest")
RAMP_NAME = "ramp"


def json_value(value: Any) -> Any:
    """A value in the deal file's form: dates as ISO text, the ramp as [[month, gpus], ...]."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [[step.month, step.gpus] for step in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # as the deal file writes it: 150000000, not 150000000.0
    return value


def recorded_inputs(deal: Deal, sheet_titles: Sequence[str]) -> Iterator[tuple[str, str, Any]]:
    """(sheet, name, value) of every named input the export writes; sheet "" for the assumptions."""
    for term in flat_terms(ASSUMPTION_SCHEMA):
        value = term_value(deal.assumptions, term)
        if term.in_workbook and value is not None:
            yield "", term.flat_key, json_value(value)
    for offer, title in zip(deal.offers, sheet_titles, strict=True):
        spec = kind_of(offer)
        for term in in_sheet_order(spec.terms(), spec.sheet_order):
            yield title, term.flat_key, json_value(term_value(offer, term))
        if isinstance(offer, LeaseOffer):
            yield title, RAMP_NAME, json_value(offer.ramp)


def write_export_record(workbook: Workbook, deal: Deal, sheet_titles: Sequence[str], exported_at: dt.datetime) -> None:
    """Add the hidden record sheet (last) to ``workbook``; ``sheet_titles`` are the offers' sheets, in order."""
    ws = workbook.create_sheet(RECORD_SHEET)
    ws.sheet_state = "hidden"
    facts = (
        ("record", RECORD_MARK),
        ("record_version", str(RECORD_VERSION)),
        ("format", FORMAT),
        ("schema_version", str(SCHEMA_VERSION)),
        ("deal_name", deal.name),
        ("app_version", __version__),
        ("exported_at", exported_at.astimezone(dt.UTC).isoformat()),
    )
    rows: list[tuple[str, ...]] = [*facts, (), OFFERS_HEADER]
    rows.extend(
        (offer.id, title, str(workbook.sheetnames.index(title) + 1))  # openpyxl numbers sheets 1, 2, ... in order
        for offer, title in zip(deal.offers, sheet_titles, strict=True)
    )
    rows.extend([(), INPUTS_HEADER])
    rows.extend(
        (sheet, name, json.dumps(value, ensure_ascii=False, allow_nan=False))
        for sheet, name, value in recorded_inputs(deal, sheet_titles)
    )
    writer = SheetWriter(ws)
    for row_number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            writer.text(row_number, column, text)


class FormulaRecorder:
    """Collects the formula cells of each sheet while the package is written, and appends their digests
    to the record sheet, written last: the export never reads its own package back. A sheet's pieces come
    one after another, so only the sheet being written is held; memory stays flat however many sheets.
    Rows whose renderer knows their digest text (the schedules) come as that text, not parsed again."""

    sheet = RECORD_SHEET

    def __init__(self) -> None:
        self._digests: dict[str, SheetFormulas] = {}
        self._title: str | None = None
        self._sheet = SheetDigester()

    def observe(self, title: str, xml: bytes) -> None:
        """A worksheet part, or a piece of one holding whole rows, as written."""
        self._switch(title)
        self._sheet.add_xml(xml)

    def observe_rows(self, title: str, rows: RowsDigest) -> None:
        """Rows of ``title`` written as text, given by the text their formula digests take."""
        self._switch(title)
        self._sheet.add_rows(rows)

    def record(self, title: str, formulas: SheetFormulas) -> None:
        """The digests of a sheet read elsewhere (a worker process that rendered it)."""
        self._switch(None)
        self._digests[title] = formulas

    def finished_record(self, xml: bytes, titles: Sequence[str]) -> bytes:
        """The record sheet's XML with the formulas table appended, the sheets in workbook order."""
        self._switch(None)
        rows: list[tuple[str, ...]] = [FORMULAS_HEADER]
        for title in titles:
            formulas = self._digests.get(title)
            if title != RECORD_SHEET and formulas is not None:
                rows.append((title, str(formulas.count), formulas.cells_digest, formulas.text_digest))
        return _appended(xml, rows)

    def _switch(self, title: str | None) -> None:
        if title == self._title:
            return
        if self._title is not None:
            self._digests[self._title] = self._sheet.result()
        self._title, self._sheet = title, SheetDigester()


def _appended(xml: bytes, rows: list[tuple[str, ...]]) -> bytes:
    """The record sheet's XML with ``rows`` added after a blank row, as inline strings."""
    text = xml.decode("utf-8")
    numbers = [int(number) for number in _ROW_NUMBER.findall(text)]
    first = max(numbers, default=0) + 2
    rendered = []
    for offset, row in enumerate(rows):
        number = first + offset
        cells = "".join(
            f'<c r="{get_column_letter(column)}{number}" t="inlineStr">'
            f'<is><t xml:space="preserve">{escape(value)}</t></is></c>'
            for column, value in enumerate(row, start=1)
        )
        rendered.append(f'<row r="{number}">{cells}</row>')
    last = f"{get_column_letter(len(FORMULAS_HEADER))}{first + len(rows) - 1}"
    text = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>', text, count=1)
    if "</sheetData>" in text:
        text = text.replace("</sheetData>", "".join(rendered) + "</sheetData>", 1)
    else:
        text = text.replace("<sheetData/>", "<sheetData>" + "".join(rendered) + "</sheetData>", 1)
    return text.encode("utf-8")
