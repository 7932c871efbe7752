"""The sheets' text is finished (cached results, used range) by editing openpyxl's text where it is in the
usual form: the result must be the text the parsed tree gives, character for character, or the tree is used."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from excel_support import edges_deal, sample_deal

from leasedesk.core.model import Deal
from leasedesk.excel import workbook
from leasedesk.excel.cached_values import SheetFinish, sheet_parts
from leasedesk.excel.cells import CachedValue
from leasedesk.excel.sheet_text import edited_text, parsed_text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.mark.parametrize("deal", [sample_deal(), edges_deal()], ids=["sample", "edges"])
def test_every_sheet_of_a_workbook_is_edited_as_the_tree_writes_it(deal: Deal) -> None:
    laid_out = workbook._laid_out(deal, dt.datetime(2026, 11, 26, tzinfo=dt.UTC), workbook._Steps(None, 0), None, None)
    with zipfile.ZipFile(io.BytesIO(laid_out.package)) as package:
        for part, title in sheet_parts(package).items():
            xml = package.read(part)
            for finish in (laid_out.sheets.get(title, SheetFinish()), SheetFinish(), SheetFinish(dimension="A1:B2")):
                edited = edited_text(xml, finish)
                assert edited is not None, title  # openpyxl writes them all in the usual form
                assert edited == parsed_text(xml, finish), title


def _sheet(body: str, root: str = f'<worksheet xmlns="{MAIN}">', after: str = "") -> bytes:
    return f'{root}<dimension ref="A1"/><sheetData>{body}</sheetData>{after}</worksheet>'.encode()


CELLS = (
    '<row r="1"><c r="A1" s="2" t="n"><f>1+1</f><v></v></c><c r="B1" t="n"></c><c r="C1"><f>X</f></c>'
    '<c r="D1" t="inlineStr"><is><t>a &amp; b &lt; c &gt; d</t></is></c><c r="E1" s="3"><f>Y</f><v>4</v></c></row>'
)
EDITED = [  # in the usual form: edited, not parsed
    _sheet(CELLS),
    _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&#8212; &#x1F600; &#60; &#38; &#13;</t></is></c></row>'),
    _sheet('<row r="1"><c r="A1"><f>1</f><v></v></c></row>', after=f'<drawing xmlns:r="{REL}" r:id="rId1"/>'),
    _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> x\n\ty </t></is></c></row>'),
    b'<?xml version="1.0" encoding="UTF-8"?>\n' + _sheet(CELLS),
]
PARSED = [  # not in the usual form: the tree reads these right, the text would not
    _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>say &quot;hi&quot;</t></is></c></row>'),
    _sheet('<row r="1" spans="a&amp;b"><c r="A1"><f>1</f></c></row>'),
    _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a\rb</t></is></c></row>'),
    _sheet('<row r="1" x="a\nb"><c r="A1"><f>1</f></c></row>'),
    _sheet('<row r="1"  ><c r="A1"><f>1</f></c></row>'),
    _sheet("<row r='1'><c r=\"A1\"><f>1</f></c></row>"),
    _sheet('<!-- note --><row r="1"><c r="A1"><f>1</f></c></row>'),
    _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a > b</t></is></c></row>'),
    _sheet('<row r="1"><c s="1" r="A1"><f>1</f></c></row>'),
    _sheet('<row r="1"><c r="A1"><f>1</f><is><t>x</t></is></c></row>'),
    _sheet("<row/>", root=f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'),
    _sheet('<row r="1"><c r="A1"><f>1</f></c></row>', root=f'<worksheet xmlns="{MAIN}"><dimension ref="A1" x="y"/>'),
]
CACHES: list[dict[str, CachedValue]] = [
    {},
    {"A1": True, "C1": "a & <b>\r", "E1": 2.5, "B1": 3.0, "D1": "x"},
    {"A1": float("inf"), "C1": "", "E1": False, "Z9": 1.0},
    {"A1": 7, "C1": float("nan"), "E1": "s"},
]


@pytest.mark.parametrize("cached", CACHES)
@pytest.mark.parametrize("dimension", [None, "A1:E1", 'A"1'])
def test_text_in_the_usual_form_is_edited_as_the_tree_writes_it(
    cached: dict[str, CachedValue], dimension: str | None
) -> None:
    for xml in EDITED:
        finish = SheetFinish(cached=cached, dimension=dimension)
        edited = edited_text(xml, finish)
        assert edited is not None, xml
        assert edited == parsed_text(xml, finish), xml


@pytest.mark.parametrize("xml", PARSED)
def test_text_in_another_form_is_left_to_the_tree(xml: bytes) -> None:
    finish = SheetFinish(cached={"A1": 1.5}, dimension="A1:B2")
    assert edited_text(xml, finish) is None
