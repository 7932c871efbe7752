"""Reading an .xlsx package's parts by hand (defusedxml): sheets, defined names and cell values.

Only what the import needs: the sheets in order (title, sheetId, part), the defined names (scope and
reference), the date system, and each sheet's cells as values (a formula cell: its cached value).
Call only on a package that ``guard.open_checked`` passed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]

from leasedesk.excel.formula_digest import SheetFormulas, sheet_formulas

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"

_REFERENCE = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!]+))!"
    r"\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)(?::\$?(?P<col2>[A-Z]{1,3})\$?(?P<row2>\d+))?$"
)
_CELL = re.compile(r"^(?P<col>[A-Z]{1,3})(?P<row>\d+)$")


class PackageError(ValueError):
    """A part the import needs is missing or not as the format says; one line for the user."""


@dataclass(frozen=True)
class Cell:
    """A cell's value: float, str, bool or None (blank); ``error`` for #N/A and the like;
    ``uncached`` for a formula without a stored result."""

    value: Any
    error: str | None = None
    uncached: bool = False


BLANK = Cell(None)


@dataclass(frozen=True)
class SheetInfo:
    title: str
    sheet_id: int
    part: str


@dataclass(frozen=True)
class NameRef:
    """A defined name's target: a sheet and a block of cells (one column or one cell)."""

    sheet: str
    first_column: int
    first_row: int
    last_column: int
    last_row: int


@dataclass(frozen=True)
class DefinedNameInfo:
    name: str
    scope: str | None  # the sheet a sheet-scoped name belongs to; None: workbook-scoped
    target: NameRef | None  # None: not a plain cell reference (#REF!, a formula)
    text: str


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _tag(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _tag(child) == name]


def _text(element: Any) -> str:
    """The text of a string item: <t>, or the runs' <t> joined (phonetic runs left out)."""
    parts = []
    for child in element.iter():
        if _tag(child) == "t" and child.text:
            parts.append(child.text)
        if _tag(child) == "rPh":
            break
    return "".join(parts)


@dataclass(frozen=True)
class SheetData:
    cells: dict[tuple[int, int], Cell]
    formulas: SheetFormulas


class Package:
    """An opened, checked workbook package."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self._zip = package
        self._names = set(package.namelist())
        self.workbook_part = self._workbook_part()
        root = self._xml(self.workbook_part)
        self._rels = self._relationships(self.workbook_part)
        self.sheets = self._sheets(root)
        self.date1904 = any(
            child.get("date1904") in ("1", "true") for child in root.iter() if _tag(child) == "workbookPr"
        )
        self.defined_names = self._defined_names(root)
        self._strings = self._shared_strings()

    def _xml(self, part: str) -> Any:
        if part not in self._names:
            raise PackageError(f"the part {part} is missing")
        try:
            return fromstring(self._zip.read(part), forbid_dtd=True)
        except DefusedXmlException:
            raise PackageError(f"the part {part} declares a DTD or entities: refused") from None
        except (ParseError, ValueError, zipfile.BadZipFile, OSError, RuntimeError):
            raise PackageError(f"the part {part} is not readable XML (damaged?)") from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of a part."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part not in self._names:
            return {}
        found = {}
        for rel in self._xml(rels_part):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(resolved))
        return found

    def _workbook_part(self) -> str:
        for kind, target in self._relationships("").values():
            if kind.endswith("/officeDocument"):
                return target
        raise PackageError("it names no workbook part (not a spreadsheet?)")

    def _sheets(self, root: Any) -> list[SheetInfo]:
        sheets = []
        for element in root.iter():
            if _tag(element) != "sheet":
                continue
            rel_id = element.get(f"{{{REL_NS}}}id") or element.get(f"{{{STRICT_REL_NS}}}id")
            _kind, part = self._rels.get(rel_id or "", ("", ""))
            sheet_id = element.get("sheetId", "0")
            sheets.append(SheetInfo(element.get("name", ""), int(sheet_id) if sheet_id.isdigit() else 0, part))
        return sheets

    def _defined_names(self, root: Any) -> list[DefinedNameInfo]:
        names = []
        for element in root.iter():
            if _tag(element) != "definedName":
                continue
            local = element.get("localSheetId")
            scope = None
            if local is not None and local.isdigit() and int(local) < len(self.sheets):
                scope = self.sheets[int(local)].title
            text = (element.text or "").strip()
            names.append(DefinedNameInfo(element.get("name", ""), scope, _reference(text), text))
        return names

    def _shared_strings(self) -> list[str]:
        for kind, part in self._rels.values():
            if kind.endswith("/sharedStrings") and part in self._names:
                return [_text(item) for item in self._xml(part) if _tag(item) == "si"]
        return []

    def sheet(self, title: str) -> SheetInfo | None:
        return next((sheet for sheet in self.sheets if sheet.title == title), None)

    def read_sheet(self, sheet: SheetInfo, skip: Collection[tuple[int, int]] = ()) -> SheetData:
        """The sheet's non-empty cells by (row, column), and the digests of its formula cells but ``skip``
        (see ``excel.formula_digest``), from one parse."""
        if not sheet.part:
            raise PackageError(f"sheet {sheet.title!r} has no part")
        root = self._xml(sheet.part)
        cells: dict[tuple[int, int], Cell] = {}
        for element in root.iter():
            if _tag(element) != "c":
                continue
            match = _CELL.match(element.get("r", ""))
            if match is None:
                continue
            cells[(int(match["row"]), column_number(match["col"]))] = self._cell(element)
        return SheetData(cells, sheet_formulas(root, skip))

    def _cell(self, element: Any) -> Cell:
        kind = element.get("t", "n")
        value_element = next((c for c in element if _tag(c) == "v"), None)
        has_formula = any(_tag(c) == "f" for c in element)
        raw = value_element.text if value_element is not None else None
        if kind == "inlineStr":
            inline = next((c for c in element if _tag(c) == "is"), None)
            return Cell(_text(inline) if inline is not None else "")
        if raw is None:
            return Cell(None, uncached=has_formula)
        if kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            return Cell(self._strings[index]) if 0 <= index < len(self._strings) else Cell(None, error="#STRING?")
        if kind in ("str", "d"):
            return Cell(raw)
        if kind == "b":
            return Cell(raw.strip() in ("1", "true"))
        if kind == "e":
            return Cell(None, error=raw.strip())
        try:
            return Cell(float(raw))
        except ValueError:
            return Cell(None, error=f"#VALUE? ({raw[:20]})")


def _reference(text: str) -> NameRef | None:
    match = _REFERENCE.match(text)
    if match is None:
        return None
    sheet = match["quoted"].replace("''", "'") if match["quoted"] is not None else match["plain"]
    first_column, first_row = column_number(match["col"]), int(match["row"])
    last_column = column_number(match["col2"]) if match["col2"] else first_column
    last_row = int(match["row2"]) if match["row2"] else first_row
    return NameRef(sheet, first_column, first_row, last_column, last_row)


def cell_name(sheet: str, row: int, column: int) -> str:
    """'Memphis lease'!B7."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{column_letters(column)}{row}"
