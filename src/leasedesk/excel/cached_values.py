"""Finishing openpyxl's package: cached formula results, and the schedule rows written outside openpyxl.

openpyxl stores no result for a formula, so a viewer that does not recalculate (a mail preview) would
show empty cells. This pass parses each sheet openpyxl wrote (defusedxml: no entities, no network),
stores the engine's value as the cached result of every formula cell it has one for, and streams in
the schedule rows, rendered a few at a time while the finished package is written.
"""

from __future__ import annotations

import io
import math
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.excel.cells import CachedValue
from leasedesk.excel.styles_part import STYLES_PART, ordered_fonts

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_C, _F, _V = f"{{{MAIN_NS}}}c", f"{{{MAIN_NS}}}f", f"{{{MAIN_NS}}}v"
_SHEET_DATA_END = "</sheetData>"

XML_NS = "http://www.w3.org/XML/1998/namespace"
_PREFIXES = {MAIN_NS: "", REL_NS: "r:", XML_NS: "xml:"}
_TEXT_ENTITIES = {"\r": "&#13;"}  # a parser would turn a bare carriage return into a line feed


@dataclass
class SheetFinish:
    """What to add to one sheet: cached results by cell, rows rendered outside openpyxl (a factory of their
    text, called once, while the sheet is written), and ``written``, called once the sheet is in the package."""

    cached: dict[str, CachedValue] = field(default_factory=dict)
    rows: Callable[[], Iterable[str]] | None = None
    dimension: str | None = None
    written: Callable[[], None] | None = None


CHART_PARTS = "xl/charts/chart"
PartFilter = Callable[[bytes], bytes]


def write_package(
    package: bytes, sheets: Mapping[str, SheetFinish], out: BinaryIO, charts: PartFilter | None = None
) -> None:
    """Write to ``out`` the package with each named sheet finished, each chart part passed through ``charts``
    (its caches filled in) and styles.xml in schema order; other parts unchanged. The sheets' rows stream
    into the zip; the whole package is never in memory."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = sheet_parts(source)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info in source.infolist():
                title = parts.get(info.filename)
                if title is not None and title in sheets:
                    finish = sheets[title]
                    with target.open(info.filename, "w") as stream:
                        for piece in finished_sheet(source.read(info), finish):
                            stream.write(piece)
                    if finish.written is not None:
                        finish.written()
                    continue
                data = source.read(info)
                if info.filename == STYLES_PART:
                    data = ordered_fonts(data)
                elif charts is not None and info.filename.startswith(CHART_PARTS):
                    data = charts(data)
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


def finish_package(package: bytes, sheets: Mapping[str, SheetFinish], charts: PartFilter | None = None) -> bytes:
    """The finished package as bytes (``write_package`` into memory)."""
    out = io.BytesIO()
    write_package(package, sheets, out, charts)
    return out.getvalue()


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name (xl/worksheets/sheet1.xml) -> sheet title, read from the workbook and its relationships."""
    workbook = fromstring(package.read("xl/workbook.xml"))
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{PACKAGE_REL_NS}}}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[part] = sheet.get("name", "")
    return parts


def finished_sheet(xml: bytes, finish: SheetFinish) -> Iterable[bytes]:
    """The sheet's text with cached results and its used range set, its extra rows streamed in, in pieces."""
    root = fromstring(xml)
    if finish.cached:
        for cell in root.iter(_C):
            value = finish.cached.get(cell.get("r", ""))
            if value is not None and cell.find(_F) is not None:
                set_cached(cell, value)
    if finish.dimension is not None:
        dimension = root.find(f"{{{MAIN_NS}}}dimension")
        if dimension is not None:
            dimension.set("ref", finish.dimension)
    text = serialize(root)
    del root
    yield b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    if finish.rows is None:
        yield text.encode("utf-8")
        return
    head, end, tail = text.partition(_SHEET_DATA_END)
    if not end:
        raise ValueError("the sheet has no rows to extend")
    yield head.encode("utf-8")
    for rows in finish.rows():
        yield rows.encode("utf-8")
    yield (end + tail).encode("utf-8")


def finish_sheet(xml: bytes, finish: SheetFinish) -> bytes:
    """The finished sheet as bytes."""
    return b"".join(finished_sheet(xml, finish))


def set_cached(cell: ET.Element, value: CachedValue) -> None:
    """Store ``value`` as the formula cell's cached result (<v>, with the matching type)."""
    if isinstance(value, float) and not math.isfinite(value):
        return
    v = cell.find(_V)
    if v is None:
        v = ET.SubElement(cell, _V)
    if isinstance(value, bool):
        cell.set("t", "b")
        v.text = "1" if value else "0"
    elif isinstance(value, str):
        cell.set("t", "str")
        v.text = value
    else:
        cell.attrib.pop("t", None)
        v.text = repr(float(value))


def serialize(root: ET.Element) -> str:
    """A worksheet tree as text, the main namespace as the default one and r: for relationships.

    (ElementTree's own writer would either rename the namespaces or need a process-wide registration.)
    """
    parts: list[str] = []
    _write(root, parts, f' xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"')
    return "".join(parts)


def _qualified(name: str) -> str:
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    if uri not in _PREFIXES:
        raise ValueError(f"unexpected namespace in a worksheet: {uri}")
    return _PREFIXES[uri] + local


def _write(element: ET.Element, parts: list[str], declarations: str = "") -> None:
    tag = _qualified(element.tag)
    attributes = "".join(f" {_qualified(key)}={quoteattr(value)}" for key, value in element.attrib.items())
    if element.text is None and len(element) == 0:
        parts.append(f"<{tag}{declarations}{attributes}/>")
    else:
        parts.append(f"<{tag}{declarations}{attributes}>")
        if element.text:
            parts.append(escape(element.text, _TEXT_ENTITIES))
        for child in element:
            _write(child, parts)
        parts.append(f"</{tag}>")
    if element.tail:
        parts.append(escape(element.tail, _TEXT_ENTITIES))
