"""Hostile and foreign workbooks are refused with one line, before any change (DESIGN.md 8.6).

Each file is crafted from a real export: a part added or rewritten, or the package rebuilt.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from import_support import exported, repacked, sample
from openpyxl import Workbook

from leasedesk.core.model import Deal
from leasedesk.excel.import_.guard import MAX_ENTRIES, OLE_SIGNATURE, WorkbookRefused
from leasedesk.excel.import_.reader import read_returned_workbook

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">&lol3;</Properties>"""
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@pytest.fixture(scope="module")
def deal() -> Deal:
    return sample()


@pytest.fixture(scope="module")
def export(deal: Deal, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(deal, tmp_path_factory.mktemp("export"))


def _with(name: str, data: bytes) -> Callable[[Path, Path], Path]:
    return lambda source, folder: repacked(source, folder / "hostile.xlsx", add={name: data})


def _macro_content_type(source: Path, folder: Path) -> Path:
    return repacked(
        source, folder / "typed.xlsx", replace={"[Content_Types].xml": lambda xml: xml.replace(PLAIN_TYPE, MACRO_TYPE)}
    )


def _bomb_in_a_sheet(source: Path, folder: Path) -> Path:
    return repacked(source, folder / "bomb.xlsx", replace={"xl/worksheets/sheet1.xml": lambda _xml: BOMB})


def _bomb_in_a_part_not_named_xml(source: Path, folder: Path) -> Path:
    """The record sheet's relationship pointed at a part whose name hides that it is XML."""
    return repacked(
        source,
        folder / "hidden.xlsx",
        add={"xl/worksheets/record.dat": BOMB},
        replace={"xl/_rels/workbook.xml.rels": lambda rels: rels.replace(b"sheet7.xml", b"record.dat")},
    )


def _damaged_xml(source: Path, folder: Path) -> Path:
    return repacked(source, folder / "damaged.xlsx", replace={"xl/workbook.xml": lambda xml: xml[: len(xml) // 2]})


def _encrypted(source: Path, folder: Path) -> Path:
    path = folder / "encrypted.xlsx"
    path.write_bytes(OLE_SIGNATURE + b"\0" * 4096)
    return path


def _zip_bomb(source: Path, folder: Path) -> Path:
    return repacked(source, folder / "ratio.xlsx", add={"xl/media/filler.txt": b"\0" * 2_000_000})


def _many_entries(source: Path, folder: Path) -> Path:
    extra = {f"docProps/extra{index}.txt": b"" for index in range(MAX_ENTRIES)}
    return repacked(source, folder / "many.xlsx", add=extra, compression=zipfile.ZIP_STORED)


def _over_50_mb(source: Path, folder: Path) -> Path:
    path = folder / "large.xlsx"
    path.write_bytes(source.read_bytes())
    with path.open("r+b") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: the size is checked before anything is read
    return path


def _xlsm(source: Path, folder: Path) -> Path:
    path = folder / "reply.xlsm"
    path.write_bytes(source.read_bytes())
    return path


def _not_a_zip(source: Path, folder: Path) -> Path:
    path = folder / "text.xlsx"
    path.write_text("monthly_fee,140000000\n")
    return path


def _no_record(source: Path, folder: Path) -> Path:
    path = folder / "plain.xlsx"
    Workbook().save(path)
    return path


def _another_deal(source: Path, folder: Path) -> Path:
    return exported(dataclasses.replace(sample(), name="Another deal"), folder, "other.xlsx")


REFUSALS: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    ("vbaProject part", _with("xl/vbaProject.bin", b"\0" * 64), "macros"),
    ("macro content type", _macro_content_type, "macro-enabled"),
    (".xlsm by name", _xlsm, "macro-enabled or binary"),
    ("encrypted", _encrypted, "encrypted"),
    ("external link", _with("xl/externalLinks/externalLink1.xml", b"<externalLink/>"), "external link"),
    ("embedded object", _with("xl/embeddings/oleObject1.bin", b"\0" * 64), "embedded object"),
    ("XML bomb in a sheet", _bomb_in_a_sheet, "DTD or entities"),
    ("XML bomb in any part", _with("docProps/custom.xml", BOMB), "DTD or entities"),
    ("XML bomb in a part not named .xml", _bomb_in_a_part_not_named_xml, "DTD or entities"),
    ("damaged XML", _damaged_xml, "not readable XML"),
    ("zip bomb by ratio", _zip_bomb, "zip bomb"),
    ("too many entries", _many_entries, "more than 10,000 parts"),
    ("over 50 MB", _over_50_mb, "larger than 50 MB"),
    ("not a zip", _not_a_zip, "not an .xlsx workbook"),
    ("no export record", _no_record, "no LeaseDesk export record"),
    ("another deal's workbook", _another_deal, "another deal"),
]


@pytest.mark.parametrize(("make", "words"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_hostile_or_foreign_workbooks_are_refused_with_one_line(
    deal: Deal, export: Path, tmp_path: Path, make: Callable[[Path, Path], Path], words: str
) -> None:
    path = make(export, tmp_path)
    with pytest.raises(WorkbookRefused) as refused:
        read_returned_workbook(path, deal)
    message = str(refused.value)
    assert words in message and "\n" not in message
    assert message.startswith(path.name)


def test_a_workbook_sharing_no_offer_id_is_another_deals(deal: Deal, export: Path, tmp_path: Path) -> None:
    other = dataclasses.replace(deal, offers=tuple(dataclasses.replace(o, id=o.id + "-x") for o in deal.offers))
    with pytest.raises(WorkbookRefused, match="another deal"):
        read_returned_workbook(export, other)


def test_a_deal_whose_name_holds_line_breaks_is_recognised(deal: Deal, tmp_path: Path) -> None:
    named = dataclasses.replace(deal, name="Memphis\r\ncapacity\r2026 <&> =1+1")
    path = exported(named, tmp_path)
    assert read_returned_workbook(path, named).offers
