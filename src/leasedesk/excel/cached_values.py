"""Finishing openpyxl's sheets: cached formula results, and the schedule rows written outside openpyxl.

openpyxl stores no result for a formula, so a viewer that does not recalculate (a mail preview) would
show empty cells. Each sheet openpyxl wrote is finished (``sheet_text``: the engine's value as the cached
result of every formula cell it has one for, the used range) and its rows rendered outside openpyxl are
streamed in, in pieces; excel.package_stream writes the pieces, and the parts made whole elsewhere (the
offer sheets, excel.offer_part), into the package.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.excel.cells import CachedValue
from leasedesk.excel.formula_digest import RowsDigest, SheetFormulas
from leasedesk.excel.sheet_text import MAIN_NS, REL_NS, finished_text

PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_DATA_END = "</sheetData>"


@dataclass(frozen=True)
class RenderedRows:
    """Rows rendered outside openpyxl: their XML, and what the formula digests need of them when the
    renderer knows it (else the recorder reads their formulas off the XML)."""

    xml: str
    digest: RowsDigest | None = None


@dataclass
class SheetFinish:
    """What to add to one sheet: cached results by cell, and rows rendered outside openpyxl (a factory of their
    text, called once, while the sheet is written)."""

    cached: dict[str, CachedValue] = field(default_factory=dict)
    rows: Callable[[], Iterable[str | RenderedRows]] | None = None
    dimension: str | None = None


@dataclass(frozen=True)
class SheetJob:
    """One sheet part's text: its head (up to its rows) and end, its rows as a factory (called once)."""

    head: bytes
    rows: Callable[[], Iterable[str | RenderedRows]]
    end: bytes


@dataclass(frozen=True)
class CompressedPart:
    """A finished sheet part, deflated as the zip stores it, with what the zip and the record need."""

    data: bytes
    crc: int
    size: int
    formulas: SheetFormulas
    head_size: int = 0  # of the text before the rows rendered outside openpyxl


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name (xl/worksheets/sheet1.xml) -> sheet title, read from the workbook and its relationships."""
    workbook = fromstring(package.read("xl/workbook.xml"))
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{PACKAGE_REL_NS}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[part] = sheet.get("name", "")
    return parts


def finished_sheet(xml: bytes, finish: SheetFinish) -> Iterator[tuple[bytes, RowsDigest | None]]:
    """The sheet's text with cached results and its used range set, its extra rows streamed in, in pieces;
    with each piece of rows, what the formula digests need of it when its renderer said so."""
    if finish.rows is None:
        yield finished_text(xml, finish).encode("utf-8"), None
        return
    head, end = sheet_head_and_end(xml, finish)
    yield from text_pieces(SheetJob(head, finish.rows, end))


def text_pieces(text: SheetJob) -> Iterator[tuple[bytes, RowsDigest | None]]:
    """The sheet's text in pieces (head, rows, end) as bytes, each with what the formula digests need of it
    when its renderer said so (else None: the digests read it off the text)."""
    yield text.head, None
    for rows in text.rows():
        if isinstance(rows, RenderedRows):
            yield rows.xml.encode("utf-8"), rows.digest
        else:
            yield rows.encode("utf-8"), None
    yield text.end, None


def sheet_head_and_end(xml: bytes, finish: SheetFinish) -> tuple[bytes, bytes]:
    """The finished sheet's text before and after the rows that ``finish.rows`` adds."""
    head, end, tail = finished_text(xml, finish).partition(_SHEET_DATA_END)
    if not end:
        raise ValueError("the sheet has no rows to extend")
    return head.encode("utf-8"), (end + tail).encode("utf-8")
