"""Workbooks for the import tests: an export of the sample, edited with openpyxl as a counterparty would,
and hostile packages crafted from it part by part."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from negotiation_support import without_market
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from leasedesk.core.model import Deal
from leasedesk.excel import export_workbook
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

EXPORTED_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
LEASE_SHEET = "Memphis lease"
BUILD_SHEET = "Build in Memphis"


def sample() -> Deal:
    """The bundled sample without its market view (the bridges stay quick)."""
    return without_market(load_deal(sample_deal_path()))


def exported(deal: Deal, folder: Path, name: str = "exported.xlsx") -> Path:
    path = folder / name
    export_workbook(deal, path, exported_at=EXPORTED_AT)
    return path


def named_cell(book: Any, sheet: str | None, name: str) -> Cell:
    """The first cell of a sheet-scoped name (``sheet``) or a workbook-scoped one (None)."""
    defined = book.defined_names[name] if sheet is None else book[sheet].defined_names[name]
    ((title, reference),) = defined.destinations
    first = reference.replace("$", "").split(":")[0]
    return book[title.strip("'")][first]


def edited(
    source: Path,
    target: Path,
    values: Mapping[tuple[str | None, str], Any],
    ramp: Mapping[str, list[tuple[int, int]]] | None = None,
    more: Callable[[Any], None] | None = None,
) -> Path:
    """``source`` with the named inputs set, ramps (by sheet) rewritten, saved by openpyxl as ``target``."""
    book = load_workbook(source)
    for (sheet, name), value in values.items():
        named_cell(book, sheet, name).value = value
    for sheet, steps in (ramp or {}).items():
        first = named_cell(book, sheet, "ramp_month")
        for offset, (month, gpus) in enumerate(steps):
            book[sheet].cell(first.row + offset, first.column).value = month
            book[sheet].cell(first.row + offset, first.column + 1).value = gpus
    if more is not None:
        more(book)
    book.save(target)
    return target


def repacked(
    source: Path,
    target: Path,
    add: Mapping[str, bytes] | None = None,
    replace: Mapping[str, Callable[[bytes], bytes]] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """``source``'s package with parts added or rewritten: how the hostile files are made."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", compression) as package:
        for info in original.infolist():
            data = original.read(info)
            change = (replace or {}).get(info.filename)
            package.writestr(info.filename, change(data) if change else data)
        for name, data in (add or {}).items():
            package.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target
