"""Sheet names made from offer names: valid for Excel, unique, at most 31 characters; quoted references."""

from __future__ import annotations

import pytest
from excel_support import assert_valid_sheet_name as assert_valid

from leasedesk.excel.names import clean_sheet_name, quote_sheet, sheet_ref, unique_sheet_names


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Memphis lease", "Memphis lease"),
        ("[a]:b*c?d/e\\f", "abcdef"),
        ("'quoted'", "quoted"),
        ("O'Brien", "OBrien"),
        ("O'Neil's lease", "ONeils lease"),
        ("x" * 30 + "'y", "x" * 30 + "y"),
        ("History", "History sheet"),
        ("  padded  ", "padded"),
        ("tab\there", "tabhere"),
        ("x" * 40, "x" * 31),
        ("x" * 30 + " 'y", "x" * 30),
    ],
)
def test_clean_sheet_name(title: str, expected: str) -> None:
    assert clean_sheet_name(title) == expected


def test_names_are_unique_ignoring_case_and_the_fixed_sheets() -> None:
    titles = ["Summary", "summary", "Offer", "offer", "", "[]", "L" * 40, "L" * 40, "L" * 40, "History", "history"]
    names = unique_sheet_names(titles, taken=("Summary", "Assumptions", "About"))
    for name in names:
        assert_valid(name)
    folded = [name.casefold() for name in names]
    assert len(set(folded)) == len(folded)
    assert not {"summary", "assumptions", "about"} & set(folded)
    assert names[0] == "Summary (2)"
    assert names[6] == "L" * 31
    assert names[7] == "L" * 27 + " (2)"
    assert names[8] == "L" * 27 + " (3)"


def test_references_quote_sheet_names_and_double_inner_quotes() -> None:
    assert quote_sheet("O'Brien lease") == "'O''Brien lease'"
    assert sheet_ref("Plain", "$B$5") == "'Plain'!$B$5"


def test_sheet_names_count_utf16_units_as_excel_does() -> None:
    """31 emoji are 62 UTF-16 units: cut at 31 code points, Excel refused the workbook's sheet name."""
    from leasedesk.excel.names import clean_sheet_name, unique_sheet_names, utf16_length

    emoji = "\U0001F4B0" * 31
    name = clean_sheet_name(emoji)
    assert utf16_length(name) <= 31 and name == "\U0001F4B0" * 15
    mixed = clean_sheet_name("a" + "\U0001F680" * 20)
    assert utf16_length(mixed) == 31 and mixed == "a" + "\U0001F680" * 15
    _first, second = unique_sheet_names([emoji, emoji], taken=())
    assert utf16_length(second) <= 31 and second.endswith(" (2)") and "\ud83d" not in second
    assert utf16_length(clean_sheet_name("x" * 40)) == 31
