"""Sheet names and cell references: valid, unique sheet names from offer names, quoted references.

Sheet names hold no apostrophe (DESIGN.md 5): Excel accepts one, quoted as '', but Gnumeric and the
Python formula engines misread such references. The offer's name stays, whole, on its sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from openpyxl.utils.cell import get_column_letter

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile("[\\[\\]:*?/\\\\'\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_RESERVED = {"history"}  # Excel keeps this name for its change history


def utf16_length(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def fit_utf16(text: str, limit: int = MAX_SHEET_NAME) -> str:
    """The longest start of ``text`` within ``limit`` UTF-16 units, never splitting a character."""
    units = 0
    for index, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def clean_sheet_name(title: str) -> str:
    """``title`` without the characters Excel forbids and apostrophes, trimmed to 31 UTF-16 units."""
    name = _FORBIDDEN.sub("", title).strip()
    name = fit_utf16(name).rstrip()
    if name.casefold() in _RESERVED:
        name = f"{name} sheet"
    return name


def unique_sheet_names(titles: Sequence[str], taken: Iterable[str], fallback: str = "Offer") -> list[str]:
    """One valid sheet name per title, unique (case-insensitively) among themselves and ``taken``."""
    used = {name.casefold() for name in taken}
    names: list[str] = []
    for title in titles:
        base = clean_sheet_name(title) or fallback
        name, number = base, 2
        while name.casefold() in used:
            suffix = f" ({number})"
            name = fit_utf16(base, MAX_SHEET_NAME - len(suffix)).rstrip() + suffix
            number += 1
        used.add(name.casefold())
        names.append(name)
    return names


def quote_sheet(name: str) -> str:
    """'Sheet name' with inner quotes doubled, as formulas and defined names need it."""
    escaped = name.replace("'", "''")
    return f"'{escaped}'"


def absolute(row: int, column: int) -> str:
    """$C$12."""
    return f"${get_column_letter(column)}${row}"


def absolute_range(first_row: int, last_row: int, column: int) -> str:
    """$C$12:$C$40."""
    letter = get_column_letter(column)
    return f"${letter}${first_row}:${letter}${last_row}"


def sheet_ref(sheet: str, reference: str) -> str:
    """'Sheet'!$C$12."""
    return f"{quote_sheet(sheet)}!{reference}"


def name_ref(sheet: str, name: str) -> str:
    """'Sheet'!name: a name scoped to that sheet."""
    return f"{quote_sheet(sheet)}!{name}"
