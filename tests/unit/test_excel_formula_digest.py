"""The export reads its own sheets' formula digests off their text; they must equal the import's, which
parses the XML (a foreign workbook is never read by pattern)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from deal_builders import build_deal, lease, self_build
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.core.model import Deal
from leasedesk.excel.cached_values import sheet_parts
from leasedesk.excel.export_record import RECORD_SHEET
from leasedesk.excel.formula_digest import RowsDigest, SheetDigester, own_sheet_formulas, sheet_formulas
from leasedesk.excel.import_.package import Package
from leasedesk.excel.import_.record import read_record
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


def _bench_like_deal() -> Deal:
    """Leases past the horizon with exits (blank cells among numbers), ramps, a self-build baseline."""
    return build_deal(
        lease("a", term_months=30, lessee_exit={"allowed": True, "lock_in_months": 3, "notice_days": 90,
                                                 "termination_fee": 1000}),
        lease("b", start="2026-09-01", term_months=14, ramp=[{"month": 0, "gpus": 4}, {"month": 3, "gpus": 10}]),
        self_build(),
        baseline="build",
        horizon_months=24,
    )  # fmt: skip


@pytest.mark.parametrize(
    "deal",
    [load_deal(sample_deal_path()), _bench_like_deal()],
    ids=["sample with a market", "leases past the horizon, exits and ramps"],
)
def test_the_record_holds_each_sheets_digests_as_a_parse_of_the_written_sheet_gives(deal: Deal) -> None:
    """The schedules' digests are fed as text while their rows are rendered, not read off the rows: they
    must still be those of the sheets the package holds, read by the import's parser."""
    data = workbook_bytes(deal, EXPORTED_AT)
    package = zipfile.ZipFile(io.BytesIO(data))
    recorded = read_record(Package(package)).formulas
    parts = {title: part for part, title in sheet_parts(package).items()}
    assert set(recorded) == set(parts) - {RECORD_SHEET}
    for title, formulas in recorded.items():
        parsed = sheet_formulas(fromstring(package.read(parts[title])))
        assert (formulas.count, formulas.cells_digest, formulas.text_digest) == (
            parsed.count, parsed.cells_digest, parsed.text_digest
        ), title  # fmt: skip
    for offer in deal.offers:  # each schedule's months are counted: several formulas per month
        assert recorded[offer.display_name].count > 3 * deal.assumptions.horizon_months, offer.id


def _rows(first: int, last: int, text: str = "X") -> RowsDigest:
    numbers = range(first, last + 1)
    positions = "".join(f"R{row}C2;" for row in numbers)
    return RowsDigest(first, last, len(numbers), positions, "".join(f"R{row}C2={text};" for row in numbers))


def test_rows_fed_as_text_digest_alike_with_the_cells_read_off_xml() -> None:
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="B1"><f>Y</f></c></row><row r="2"><c r="A2"><f>x</f></c></row></sheetData></worksheet>'
    )
    rows = b"".join(b'<row r="%d"><c r="B%d"><f>X</f></c></row>' % (row, row) for row in range(3, 7))
    whole = head.replace(b"</sheetData>", rows + b"</sheetData>")
    digester = SheetDigester()
    digester.add_xml(head)
    digester.add_rows(_rows(3, 4))
    digester.add_rows(_rows(5, 6))
    assert digester.result() == own_sheet_formulas(whole) == sheet_formulas(fromstring(whole))


def test_rows_fed_as_text_must_come_below_every_cell_before_them() -> None:
    digester = SheetDigester()
    digester.add_xml(b'<row r="5"><c r="A5"><f>1</f></c></row>')
    with pytest.raises(ValueError, match="after row 5"):
        digester.add_rows(_rows(5, 6))
    digester = SheetDigester()
    digester.add_rows(_rows(3, 4))
    with pytest.raises(ValueError, match="formula cells after"):
        digester.add_xml(b'<row r="9"><c r="A9"><f>1</f></c></row>')
