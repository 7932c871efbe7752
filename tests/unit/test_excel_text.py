"""User text (offer names, ids, providers, notes, the deal's name) is always text in the workbook, never a formula."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from excel_support import HOSTILE_NAMES, hostile_deal, summary_rows
from excel_support import assert_valid_sheet_name as assert_valid
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from leasedesk.core.model import Deal
from leasedesk.excel import export_workbook

SHEET_REFERENCE = re.compile(r"'(?:[^']|'')*'!")


def as_stored(text: str) -> str:
    """A carriage return comes back as itself or as a line feed, depending on whether openpyxl wrote it
    through lxml (as &#13;) or not (bare, which XML readers turn into a line feed); either way, text."""
    return text.replace("\r", "\n")


@pytest.fixture(scope="module")
def deal() -> Deal:
    return hostile_deal()


@pytest.fixture(scope="module")
def path(deal: Deal, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    export_workbook(deal, path)
    return path


@pytest.fixture(scope="module")
def book(path: Path) -> Workbook:
    return load_workbook(path)


def user_texts(deal: Deal) -> set[str]:
    texts = {deal.name, deal.notes}
    for offer in deal.offers:
        texts |= {offer.id, offer.name, offer.provider, offer.site, offer.notes}
    return {as_stored(text) for text in texts if text}


def test_every_cell_holding_user_text_is_a_string_cell(deal: Deal, book: Workbook) -> None:
    hostile = user_texts(deal)
    found: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and as_stored(cell.value) in hostile:
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                    found.add(as_stored(cell.value))
    assert found == hostile  # every one of them is in the workbook, as text
    summary = book["Summary"]
    gpus = [cell for row in summary.iter_rows() for cell in row if isinstance(cell.value, str) and "-gpu" in cell.value]
    assert gpus and all(cell.data_type == "s" for cell in gpus)


def test_no_formula_carries_user_text(book: Workbook) -> None:
    """Formulas name offer sheets ('=HYPERLINK(httpx)'!$B$40, quoted); outside those quotes, no user text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = SHEET_REFERENCE.sub("", str(cell.value))
                    for marker in ("HYPERLINK", "SUM(A1)", "SUM(1)", "id()", "1+1"):
                        assert marker not in formula, f"{sheet.title}!{cell.coordinate}: {cell.value}"


def test_the_summary_shows_the_names_exactly(deal: Deal, path: Path) -> None:
    summary = load_workbook(path, data_only=True)["Summary"]
    columns, rows = summary_rows(path)
    for offer in deal.offers:
        name = summary.cell(row=rows["offer_name"], column=columns[offer.id]).value
        assert as_stored(name) == as_stored(offer.display_name)
    assert summary["B1"].value == deal.name  # the title prints: column A (the keys) does not
    shown = {as_stored(summary.cell(row=rows["offer_name"], column=c).value) for c in columns.values()}
    for text in HOSTILE_NAMES:
        assert as_stored(text) in shown


def test_sheet_names_are_valid_and_unique(deal: Deal, book: Workbook) -> None:
    assert len(book.sheetnames) == len(deal.offers) + 5  # Summary, Assumptions, Negotiation, About, the export record
    for name in book.sheetnames:
        assert_valid(name)
    folded = [name.casefold() for name in book.sheetnames]
    assert len(set(folded)) == len(folded)
    assert "Summary (2)" in book.sheetnames and "summary (3)" in book.sheetnames
    assert "History sheet" in book.sheetnames and "OBrien" in book.sheetnames


def test_sheet_names_hold_no_apostrophe_but_the_offer_sheet_keeps_the_name(deal: Deal, book: Workbook) -> None:
    """Gnumeric and the Python formula engines misread quoted references to names with an apostrophe."""
    assert not [name for name in book.sheetnames if "'" in name]
    assert book["OBrien"]["A1"].value == "O'Brien"


def test_defined_names_point_into_their_own_sheets(book: Workbook) -> None:
    for title in book.sheetnames[2:-3]:  # the offer sheets: before Negotiation, About and the export record
        names = book[title].defined_names
        assert "gpus" in names
        ((destination, reference),) = names["gpus"].destinations
        assert destination.replace("''", "'") == title  # openpyxl leaves the quote doubled
        assert isinstance(book[title][reference.replace("$", "")].value, int)


STRING_CACHE = re.compile(r"<strCache>.*?</strCache>", re.DOTALL)


def test_chart_series_names_are_cell_references_not_text(path: Path) -> None:
    """A name appears only as the cached text of the cell a series names (data, never a formula)."""
    with zipfile.ZipFile(path) as package:
        charts = [package.read(name).decode("utf-8") for name in package.namelist() if name.startswith("xl/charts/")]
    assert len(charts) == 2  # cumulative cost and cost per GPU-hour; no lease here gives the lessee an exit
    for chart in charts:  # outside quoted sheet references, which name the offer sheets, and the caches
        rest = SHEET_REFERENCE.sub("", STRING_CACHE.sub("", chart))
        assert "HYPERLINK" not in rest and "@SUM" not in rest
    assert "<strRef><f>'Summary'!$C$4</f><strCache>" in charts[0]
