"""Which cells of a worksheet hold formulas, as a short digest the export records and the import compares.

Two digests per sheet: of the formula cells' positions (a formula overwritten by a value, a row inserted),
and of the formulas' text, spaces and case aside (a formula edited). A spreadsheet that saves formulas as
shared formulas keeps no text in the copies: ``shared`` says so, and the text is then not compared.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

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
        text = _SPACES.sub("", formula.text or "").upper().removeprefix("=").replace("_XLFN.", "")
        cells.append((*position, text))
    cells.sort()
    positions = hashlib.sha256("".join(f"R{row}C{column};" for row, column, _ in cells).encode()).hexdigest()[:32]
    texts = hashlib.sha256("".join(f"R{r}C{c}={t};" for r, c, t in cells).encode()).hexdigest()[:32]
    return SheetFormulas(len(cells), positions, texts, shared)
