"""Which cells of a worksheet hold formulas, as a short digest the export records and the import compares.

Two digests per sheet: of the formula cells' positions (a formula overwritten by a value, a row inserted),
and of the formulas' text, spaces and case aside (a formula edited). A spreadsheet that saves formulas as
shared formulas keeps no text in the copies: ``shared`` says so, and the text is then not compared.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import unescape

_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SheetFormulas:
    count: int
    cells_digest: str
    text_digest: str
    shared: bool


def _tag(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _position(reference: str) -> tuple[int, int] | None:
    match = _CELL.match(reference)
    if match is None:
        return None
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match[2]), column


def sheet_formulas(root: Any, skip: Collection[tuple[int, int]] = ()) -> SheetFormulas:
    """The digests of a parsed worksheet's formula cells, leaving out the (row, column) cells in ``skip``."""
    cells: list[tuple[int, int, str]] = []
    shared = False
    for element in root.iter():
        if _tag(element) != "c":
            continue
        formula = next((child for child in element if _tag(child) == "f"), None)
        position = _position(element.get("r", ""))
        if formula is None or position is None or position in skip:
            continue
        shared = shared or formula.get("t") == "shared"
        cells.append((*position, _normal(formula.text or "")))
    return _digests(cells, shared)


# A formula cell as LeaseDesk writes it: its reference first among its attributes, its formula first in its
# body. Only for XML that LeaseDesk wrote itself: the import parses foreign files with sheet_formulas, and a
# test checks that both read the export's sheets alike.
_OWN_FORMULA_CELL = re.compile(r'<c r="([A-Z]{1,3})(\d+)"(?:\s[^>]*?)?(?<!/)>\s*<f(\s[^>]*?)?(?:/>|>([^<]*)</f>)')
_COLUMNS: dict[str, int] = {}


def own_sheet_formulas(xml: bytes) -> SheetFormulas:
    """``sheet_formulas`` of a worksheet part that LeaseDesk wrote, read off its text without building
    a tree: the export records the digests of every sheet, and parsing them all doubled its time."""
    cells: list[tuple[int, int, str]] = []
    shared = own_formula_cells(xml, cells)
    return _digests(cells, shared)


def own_formula_cells(xml: bytes, cells: list[tuple[int, int, str]]) -> bool:
    """Add to ``cells`` the formula cells of a piece of a worksheet LeaseDesk wrote (whole rows);
    True when one of them is a shared formula."""
    shared = False
    for letters, row, attributes, text in _OWN_FORMULA_CELL.findall(xml.decode("utf-8")):
        column = _COLUMNS.get(letters)
        if column is None:
            column = _COLUMNS.setdefault(letters, _position(f"{letters}1")[1])  # type: ignore[index]
        if attributes and 't="shared"' in attributes:
            shared = True
        if "&" in text:
            text = unescape(text, _ENTITIES)
        cells.append((int(row), column, _normal(text)))
    return shared


_ENTITIES = {"&quot;": '"', "&apos;": "'"}


def normal_formula(text: str) -> str:
    """A formula's text as the digests compare it (see ``_normal``); also right for a str.format pattern whose
    fields are row numbers, when their names are upper case (``{R}``): digits have no case or spaces."""
    return _normal(text)


def _normal(text: str) -> str:
    """A formula's text with spaces and case aside, and without Excel's _xlfn. prefixes."""
    if " " in text or not text.isprintable():  # every other white space is unprintable
        text = _SPACES.sub("", text)
    text = text.upper()
    if text.startswith("="):
        text = text[1:]
    return text.replace("_XLFN.", "") if "_XLFN." in text else text


@dataclass(frozen=True)
class RowsDigest:
    """What the digests need of rows ``first_row``..``last_row`` holding ``count`` formula cells: their
    "R{row}C{column};" and "R{row}C{column}={normal text};", in row and column order."""

    first_row: int
    last_row: int
    count: int
    positions: str
    texts: str


class SheetDigester:
    """The digests of one sheet LeaseDesk writes, fed as it is written: its parts as XML (``add_xml``), then
    rows whose digest text their renderer already knows (``add_rows``), each below every cell before them.
    The cells of the XML are held and sorted; the rows after them go straight into the hashes."""

    def __init__(self) -> None:
        self._cells: list[tuple[int, int, str]] = []
        self._shared = False
        self._positions: Any = None  # the running hashes, once rows came
        self._texts: Any = None
        self._count = 0
        self._next_row = 0  # the first row the next rows may hold

    def add_xml(self, xml: bytes) -> None:
        """A worksheet part, or a piece of one holding whole rows, as written."""
        before = len(self._cells)
        self._shared = own_formula_cells(xml, self._cells) or self._shared
        if self._positions is not None and len(self._cells) > before:
            raise ValueError("formula cells after the rows fed to the digest as text")

    def add_cells(self, cells: Iterable[tuple[int, int, str]]) -> None:
        """Formula cells (row, column, normal text) read elsewhere, as ``add_xml`` would have read them."""
        if self._positions is not None:
            raise ValueError("formula cells after the rows fed to the digest as text")
        self._cells.extend(cells)

    def add_rows(self, rows: RowsDigest) -> None:
        """Rows below every cell fed so far."""
        if self._positions is None:
            self._cells.sort()
            self._positions = hashlib.sha256(_position_text(self._cells).encode())
            self._texts = hashlib.sha256(_cell_text(self._cells).encode())
            self._count = len(self._cells)
            self._next_row = self._cells[-1][0] + 1 if self._cells else 0
            self._cells = []
        if rows.first_row < self._next_row:
            raise ValueError(f"rows from {rows.first_row} fed to the digest after row {self._next_row - 1}")
        self._positions.update(rows.positions.encode())
        self._texts.update(rows.texts.encode())
        self._count += rows.count
        self._next_row = rows.last_row + 1

    def result(self) -> SheetFormulas:
        if self._positions is None:
            return _digests(self._cells, self._shared)
        return SheetFormulas(
            self._count, self._positions.hexdigest()[:32], self._texts.hexdigest()[:32], self._shared
        )


def _position_text(cells: list[tuple[int, int, str]]) -> str:
    return "".join(f"R{row}C{column};" for row, column, _ in cells)


def _cell_text(cells: list[tuple[int, int, str]]) -> str:
    return "".join(f"R{r}C{c}={t};" for r, c, t in cells)


def digests(cells: list[tuple[int, int, str]], shared: bool) -> SheetFormulas:
    """The digests of a sheet's formula cells, in any order (the list is sorted in place)."""
    return _digests(cells, shared)


def _digests(cells: list[tuple[int, int, str]], shared: bool) -> SheetFormulas:
    cells.sort()
    positions = hashlib.sha256(_position_text(cells).encode()).hexdigest()[:32]
    texts = hashlib.sha256(_cell_text(cells).encode()).hexdigest()[:32]
    return SheetFormulas(len(cells), positions, texts, shared)
