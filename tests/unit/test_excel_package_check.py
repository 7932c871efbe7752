"""A written workbook is checked before it replaces the old file: a package that would not open is refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from leasedesk.excel.package_check import HEAD_BYTES, UnreadablePackage, check_package
from leasedesk.excel.workbook import workbook_bytes
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

GOOD = workbook_bytes(load_deal(sample_deal_path()), dt.datetime(2026, 11, 26, tzinfo=dt.UTC))


def _with_part(name: str, content: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    out.seek(0)
    return out


def test_the_exported_sample_opens() -> None:
    check_package(io.BytesIO(GOOD))


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("docProps/core.xml", b'<?xml version="1.0"?><cp:coreProperties><dc:title>US\x01D</dc:title>'),
        ("xl/styles.xml", b"<styleSheet><numFmts><numFmt formatCode='\"\x02\"'/></numFmts></styleSheet>"),
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>"),
    ],
)
def test_a_part_that_is_not_well_formed_is_named(part: str, content: bytes) -> None:
    with pytest.raises(UnreadablePackage, match=part.replace(".", r"\.")):
        check_package(_with_part(part, content))


def test_a_worksheet_is_checked_in_its_head_where_typed_text_sits() -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 40_000))
    big = b"<worksheet><sheetData>\x01" + rows + b"</sheetData></worksheet>"
    assert len(big) > HEAD_BYTES
    with pytest.raises(UnreadablePackage, match="sheet1"):
        check_package(_with_part("xl/worksheets/sheet1.xml", big))


def test_a_worksheet_is_checked_in_the_head_its_writer_names_however_long() -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 40_000))
    head = b"<worksheet><sheetData>" + rows + b"\x01"
    big = head + rows + b"</sheetData></worksheet>"
    assert len(head) > HEAD_BYTES
    check_package(_with_part("xl/worksheets/sheet1.xml", big))  # past HEAD_BYTES
    with pytest.raises(UnreadablePackage, match="sheet1"):
        check_package(_with_part("xl/worksheets/sheet1.xml", big), {"xl/worksheets/sheet1.xml": len(head)})
    check_package(_with_part("xl/worksheets/sheet1.xml", big), {"xl/worksheets/sheet1.xml": len(head) - 2})


def test_what_is_not_a_zip_is_refused() -> None:
    with pytest.raises(UnreadablePackage, match="not a zip"):
        check_package(io.BytesIO(b"PK\x03\x04 not really"))
