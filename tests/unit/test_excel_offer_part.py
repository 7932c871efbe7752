"""Offer sheets are laid out away from the workbook (excel.offer_part): their text must be what the workbook's
own save would write, with the workbook's style ids, and a sheet needing styles the workbook's copy lacks
must come out styled as any other."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from deal_builders import build_deal, lease, self_build
from excel_support import edges_deal, sample_deal
from openpyxl import Workbook, load_workbook

from leasedesk.core.comparison import compare
from leasedesk.core.model import Deal
from leasedesk.excel import export_workbook
from leasedesk.excel.cached_values import SheetFinish, sheet_parts
from leasedesk.excel.cells import SheetWriter
from leasedesk.excel.offer_part import (
    OfferSheet,
    OfferSheetStyles,
    StyleSeed,
    offer_sheet_text,
    sheet_xml,
    style_sizes,
)
from leasedesk.excel.offer_sheet import OfferSheetLayout, write_offer_sheet
from leasedesk.excel.offer_specs import offer_sheet_spec
from leasedesk.excel.sheet_text import edited_text, parsed_text
from leasedesk.excel.styles import formats_for

EXPORTED_AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def _offer_sheets(deal: Deal) -> list[OfferSheet]:
    comparison = compare(deal)
    formats = formats_for(deal.currency)
    return [OfferSheet(result, deal.assumptions, comparison.required_gpus, formats) for result in comparison.results]


@pytest.mark.parametrize("deal", [sample_deal(), edges_deal()], ids=["sample", "edges"])
def _laid_out(sheet: OfferSheet) -> tuple[Workbook, SheetWriter, OfferSheetLayout]:
    workbook = Workbook()
    writer = SheetWriter(workbook.active)
    spec = offer_sheet_spec(sheet.result, sheet.assumptions, sheet.required_gpus, sheet.formats)
    return workbook, writer, write_offer_sheet(writer, spec)


@pytest.mark.parametrize("deal", [sample_deal(), edges_deal()], ids=["sample", "edges"])
def test_an_offer_sheets_text_is_what_the_workbooks_save_writes(deal: Deal) -> None:
    for sheet in _offer_sheets(deal):
        _, writer, layout = _laid_out(sheet)
        text = sheet_xml(writer.ws)
        workbook, _, _ = _laid_out(sheet)  # the same again: writing a sheet changes it (openpyxl)
        saved = io.BytesIO()
        workbook.save(saved)
        with zipfile.ZipFile(saved) as package:
            (part,) = sheet_parts(package)
            assert text == package.read(part)
        finish = SheetFinish(cached=writer.cached, dimension=layout.schedule.dimension)
        assert edited_text(text, finish) == parsed_text(text, finish)  # openpyxl's usual form: edited as text


def test_a_sheet_laid_out_against_the_seed_takes_no_style_the_workbook_lacks() -> None:
    sheets = _offer_sheets(edges_deal())
    styles = OfferSheetStyles(Workbook())
    seed = styles.probe(sheets)
    seeded = seed.workbook()
    before = style_sizes(seeded)
    assert before == style_sizes(styles.workbook)
    for sheet in sheets:
        offer_sheet_text(sheet, seeded)
    assert style_sizes(seeded) == before  # the first sheet of each kind brought every style the others use


def _styled_cells(path: Path) -> dict[str, dict[str, tuple[object, ...]]]:
    """Each sheet's cells with their value and resolved style (not the style's id)."""
    book = load_workbook(path)
    return {
        ws.title: {
            cell.coordinate: (
                cell.value,
                cell.number_format,
                repr(cell.font),
                repr(cell.fill),
                repr(cell.border),
                repr(cell.alignment),
            )
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style
        }
        for ws in book.worksheets
    }


@pytest.mark.parametrize("parallel", [False, True], ids=["here", "workers"])
def test_sheets_needing_styles_the_copy_lacks_are_laid_out_in_the_workbook(
    tmp_path: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a copy taken before any offer sheet was laid out, every sheet needs styles it lacks: each is
    laid out in the workbook after its save, and styles.xml is written again with them."""
    deal = sample_deal()
    usual, starved = tmp_path / "usual.xlsx", tmp_path / "starved.xlsx"
    export_workbook(deal, usual, exported_at=EXPORTED_AT, parallel=parallel)
    laid_out_here: list[str] = []
    original = OfferSheetStyles.laid_out_here

    def counted(self: OfferSheetStyles, sheet: OfferSheet) -> object:
        laid_out_here.append(sheet.result.offer.id)
        return original(self, sheet)

    def no_probe(self: OfferSheetStyles, sheets: object) -> StyleSeed:
        self.seed = StyleSeed.of(self.workbook)
        return self.seed

    monkeypatch.setattr(OfferSheetStyles, "probe", no_probe)
    monkeypatch.setattr(OfferSheetStyles, "laid_out_here", counted)
    export_workbook(deal, starved, exported_at=EXPORTED_AT, parallel=parallel)
    assert laid_out_here == [offer.id for offer in deal.offers]
    with zipfile.ZipFile(usual) as one, zipfile.ZipFile(starved) as other:
        assert one.read("xl/styles.xml") != other.read("xl/styles.xml")  # written again, in another order
    assert _styled_cells(starved) == _styled_cells(usual)


def test_no_sheet_is_laid_out_in_the_workbook_after_its_styles_were_written() -> None:
    sheets = _offer_sheets(sample_deal())
    styles = OfferSheetStyles(Workbook())
    styles.probe(sheets)
    styles.saved()
    styles.part(b"<styleSheet/>")
    with pytest.raises(RuntimeError, match="after the workbook's styles were written"):
        styles.laid_out_here(sheets[0])


def test_a_ramped_lease_after_plain_ones_needs_no_style_the_copy_lacks(tmp_path: Path) -> None:
    """The ramp's steps are inputs with their own number formats: the copy holds them though the first lease
    has no ramp."""
    deal = build_deal(
        lease("plain"),
        lease("ramped", gpus=100, ramp=[{"month": 0, "gpus": 20}, {"month": 2, "gpus": 100}]),
        self_build("build"),
    )
    styles = OfferSheetStyles(Workbook())
    seed = styles.probe(_offer_sheets(deal))
    seeded = seed.workbook()
    before = style_sizes(seeded)
    for sheet in _offer_sheets(deal):
        offer_sheet_text(sheet, seeded)
    assert style_sizes(seeded) == before


def test_a_layout_that_failed_half_way_leaves_no_styles_behind_for_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scratch copy is kept for the thread's next sheets: a layout that failed after taking styles the
    copy lacked must not leave them there, or the next sheet would be written with ids the workbook lacks."""
    from leasedesk.excel import offer_part

    sheet = _offer_sheets(sample_deal())[0]
    job = offer_part.OfferSheetJob(sheet, StyleSeed.of(Workbook()))  # a copy lacking every offer-sheet style
    real = offer_part.sheet_head_and_end  # type: ignore[attr-defined]

    def fails(*args: object) -> object:
        raise MemoryError("while finishing the sheet's text")

    monkeypatch.setattr(offer_part, "sheet_head_and_end", fails)
    with pytest.raises(MemoryError):
        offer_part.seeded_text(job)
    monkeypatch.setattr(offer_part, "sheet_head_and_end", real)
    assert offer_part.seeded_text(job) is None  # it needs styles the seed lacks: laid out in the workbook
