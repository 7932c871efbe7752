"""The export reads its own sheets' formula digests off their text; they must equal the import's, which
parses the XML (a foreign workbook is never read by pattern)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from deal_builders import build_deal, lease, self_build
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.excel.cached_values import sheet_parts
from leasedesk.excel.formula_digest import own_sheet_formulas, sheet_formulas
from leasedesk.excel.workbook import workbook_bytes
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

EXPORTED_AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "deal",
    [
        load_deal(sample_deal_path()),
        build_deal(lease(name='=1+1 "quoted" & <tagged>'), self_build(), payment_timing="arrears"),
    ],
    ids=["sample with a market", "odd names, arrears"],
)
def test_the_exports_own_digests_equal_the_parsed_ones(deal: object) -> None:
    package = zipfile.ZipFile(io.BytesIO(workbook_bytes(deal, EXPORTED_AT)))  # type: ignore[arg-type]
    parts = sheet_parts(package)
    assert len(parts) >= 5
    for part in parts:
        xml = package.read(part)
        assert own_sheet_formulas(xml) == sheet_formulas(fromstring(xml)), parts[part]


def test_escaped_text_and_shared_formulas_read_alike() -> None:
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" s="2"><f>IF(B1&lt;&gt;"",B1&amp;" x",0)</f><v>1</v></c><c r="B1"/>'
        b'<c r="C1" t="str"><f t="shared" ref="C1:C2" si="0">SUM(A1:B1)</f></c></row>'
        b'<row r="2"><c r="C2"><f t="shared" si="0"/></c><c r="D2" t="inlineStr"><is><t>&lt;f&gt;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    own, parsed = own_sheet_formulas(xml), sheet_formulas(fromstring(xml))
    assert own == parsed and own.count == 3 and own.shared


def test_every_kind_of_white_space_is_set_aside_alike() -> None:
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1"><f>SUM( B1 ,\u00a0C1\t)\n+ 1</f></c></row></sheetData></worksheet>'
    ).encode()
    assert own_sheet_formulas(xml) == sheet_formulas(fromstring(xml))
