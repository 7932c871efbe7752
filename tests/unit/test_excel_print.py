"""How the workbook prints: the Summary on at most two landscape pages with its keys column outside the print,
schedules with repeated header rows, and no page holding a few stray rows.

The rendering tests print the sample's workbook to PDF with LibreOffice (required in CI, as for the
recalculation tests) and read the PDF's pages with the standard library: a page's text lines are the
distinct baselines its content stream places text on.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import pytest
from excel_support import key_rows, make_profile, recalculate, sample_deal
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_to_tuple

from leasedesk.excel import export_workbook
from leasedesk.excel.print_setup import (
    KEY_COLUMN_WIDTH,
    SummaryPrint,
    TwoPages,
    landscape_fit,
    print_schedule_sheet,
    print_summary,
    two_pages,
)
from leasedesk.excel.summary_sheet import KEY_FILL

MIN_LINES_A_PAGE = 20  # fewer text lines than this on a page: a few stray rows (the sample's fullest pages hold 60+)
OFFER_SHEETS = ("Memphis lease", "Hyperscaler 3-year", "Build in Memphis")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "sample.xlsx"
    export_workbook(sample_deal(), path)
    return path


def _area(ws: object) -> tuple[str, str]:
    first, last = str(ws.print_area).split("!")[-1].replace("$", "").split(":")  # type: ignore[attr-defined]
    return first, last


# --- the settings, as written -----------------------------------------------------------------------------------


def test_the_summary_prints_landscape_from_column_b_at_a_scale_with_one_break_at_a_section(exported: Path) -> None:
    summary = load_workbook(exported)["Summary"]
    assert summary.page_setup.orientation == "landscape"
    assert not summary.sheet_properties.pageSetUpPr.fitToPage and 10 <= int(summary.page_setup.scale) < 100
    first, last = _area(summary)
    assert first == "B1"  # column A, the keys, lies outside the print
    rows = key_rows(summary)
    last_row, last_column = coordinate_to_tuple(last)
    assert last_column >= 5  # the three offers' columns C..E print
    assert rows["provider_exit"] < rows["cost_per_gpu_hour"] < rows["hours_per_month"] < last_row
    (after,) = [int(b.id) for b in summary.row_breaks.brk]
    heading = summary.cell(row=after + 1, column=2)
    assert heading.font.b and summary.cell(row=after + 1, column=1).value is None  # page 2 opens on a section
    assert summary.print_title_rows == "$3:$4"  # the offer ids and names on each page


@pytest.mark.parametrize(
    ("starts", "last_start", "expected"),
    [
        # 100 rows of 15 pt, titles 30 pt; the page holds (min(8.5 in, 210 mm) x 72 - 2 x 0.4 x 72) x 0.92 =
        # 494.67 pt. Page 2 from row 50: pages of 49 x 15 = 735 and 30 + 51 x 15 = 795 pt: 494.67 / 795 = 62 %.
        ((10, 50, 80), 80, TwoPages(50, 62)),
        # No allowed start (the charts from row 40 must stay whole): one page, 494.67 / 1500 = 32 %.
        ((50, 90), 40, TwoPages(None, 32)),
    ],
)
def test_two_pages_picks_the_break_that_prints_largest(
    starts: tuple[int, ...], last_start: int, expected: TwoPages
) -> None:
    assert two_pages([15.0] * 100, 300.0, (3, 4), starts, last_start) == expected


def test_two_pages_keeps_one_page_at_full_size_and_narrows_for_width() -> None:
    assert two_pages([15.0] * 20, 300.0, (3, 4), (10,), 20) == TwoPages(None, 100)
    # 20 rows fit; a sheet 1,500 pt wide on a page of 11 in x 72 - 57.6 = 734.4 pt x 0.92 = 675.6 pt: 45 %
    assert two_pages([15.0] * 20, 1500.0, (3, 4), (10,), 20) == TwoPages(None, 45)


def test_the_exit_table_a_row_a_month_stays_out_of_the_print(exported: Path) -> None:
    summary = load_workbook(exported)["Summary"]
    _first, last = _area(summary)
    last_row = coordinate_to_tuple(last)[0]
    months = [row for (cell,) in summary.iter_rows(min_col=1, max_col=1) if isinstance(cell.value, int)
              for row in (cell.row,)]
    assert months and min(months) > last_row


def test_the_keys_column_is_narrow_grey_and_keeps_its_keys(exported: Path) -> None:
    summary = load_workbook(exported)["Summary"]
    assert summary.column_dimensions["A"].width == KEY_COLUMN_WIDTH <= 12
    rows = key_rows(summary)
    for key in ("offer_id", "total_cost", "cost_per_gpu_hour", "monthly_fee", "lessee_exit", "headline_rank"):
        cell = summary.cell(row=rows[key], column=1)
        assert cell.value == key
    for key in ("total_cost", "monthly_fee", "headline_rank"):
        cell = summary.cell(row=rows[key], column=1)
        assert cell.fill.fgColor.rgb.endswith(str(KEY_FILL.fgColor.rgb)[-6:]) and cell.font.color.rgb.endswith("808080")


def test_each_offer_sheet_repeats_its_schedule_header_landscape_fitted_to_width(exported: Path) -> None:
    book = load_workbook(exported)
    for title in OFFER_SHEETS:
        sheet = book[title]
        header = next(
            cell.row for (cell,) in sheet.iter_rows(min_col=1, max_col=1) if cell.value == "Month"
        )  # the schedule's header row: its first column is headed "Month"
        assert sheet.print_title_rows == f"${header}:${header}", title
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_print_settings_survive_a_write_only_worksheet() -> None:
    """The export may stream sheets in openpyxl's write-only mode: what print_setup sets must be written then
    too (column widths before the first row, as write-only mode requires)."""
    book = Workbook(write_only=True)
    summary, schedule = book.create_sheet("Summary"), book.create_sheet("Offer")
    summary.column_dimensions["A"].width = KEY_COLUMN_WIDTH
    pages = print_summary(summary, SummaryPrint(2, 5, 90, (3, 4), (6, 40, 60), 60, pages_wide=1))
    assert pages is not None and pages.page_two is not None
    print_schedule_sheet(schedule, header_row=7, pages_wide=2)
    for row in range(1, 91):
        summary.append([f"key{row}", "label", 1, 2, 3])
        schedule.append(["Month", row])
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()))
    written = read["Summary"]
    assert _area(written) == ("B1", "E90")
    assert written.print_title_rows == "$3:$4" and written.print_title_cols == "$B:$B"
    assert (written.page_setup.orientation, int(written.page_setup.scale)) == ("landscape", pages.scale)
    assert [int(b.id) for b in written.row_breaks.brk] == [pages.page_two - 1]
    assert written.column_dimensions["A"].width == KEY_COLUMN_WIDTH
    offer = read["Offer"]
    assert offer.print_title_rows == "$7:$7" and offer.print_title_cols == "$A:$A"
    assert (offer.page_setup.orientation, int(offer.page_setup.fitToWidth)) == ("landscape", 2)
    assert offer.sheet_properties.pageSetUpPr.fitToPage


def test_landscape_fit_sets_pages_wide_and_tall() -> None:
    sheet = Workbook().active
    landscape_fit(sheet, pages_wide=3, pages_tall=1)
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (
        "landscape", 3, 1,
    )


# --- rendered by LibreOffice ------------------------------------------------------------------------------------

_REF = re.compile(rb"(\d+) 0 R")
_TD = re.compile(rb"(-?[\d.]+) (-?[\d.]+) Td")


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(?<![\d])(\d+) 0 obj(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    assert match is not None, body[:200]
    raw = match.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body[: match.start()] else raw


def page_lines(pdf: bytes) -> list[int]:
    """The number of text lines on each page of ``pdf`` (as LibreOffice writes PDFs), in page order."""
    objects = _objects(pdf)
    (root,) = [body for body in objects.values() if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body]
    kids = re.search(rb"/Kids\s*\[(.*?)\]", root, re.S)
    assert kids is not None
    lines = []
    for number in (int(n) for n in _REF.findall(kids.group(1))):
        page = objects[number]
        assert re.search(rb"/Type\s*/Page\b", page), "nested page tree: not what LibreOffice writes"
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", page)
        assert contents is not None
        text = b"".join(_stream(objects[int(n)]) for n in _REF.findall(contents.group(1)))
        lines.append(len({round(float(y), 1) for _x, y in _TD.findall(text)}))
    return lines


def _only_sheet(source: Path, keep: str, target: Path) -> None:
    """A copy of the workbook in which every sheet but ``keep`` is hidden (LibreOffice prints no hidden sheet)."""
    with zipfile.ZipFile(source) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    xml = parts["xl/workbook.xml"].decode("utf-8")

    def hide(match: re.Match[str]) -> str:
        tag = match.group(0)
        if f'name="{keep}"' in tag:
            return tag
        return re.sub(r'\sstate="[^"]*"', "", tag).replace("<sheet ", '<sheet state="hidden" ', 1)

    parts["xl/workbook.xml"] = re.sub(r"<sheet [^>]*/>", hide, xml).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


@pytest.fixture(scope="module")
def printed(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[int]]:
    """Text lines per page: of the whole workbook, and of the Summary alone."""
    folder = tmp_path_factory.mktemp("pdf")
    summary_only = folder / "summary-only.xlsx"
    _only_sheet(exported, "Summary", summary_only)
    whole, summary = recalculate([exported, summary_only], folder / "out", make_profile(folder / "profile"), "pdf")
    return {"whole": page_lines(whole.read_bytes()), "summary": page_lines(summary.read_bytes())}


@pytest.mark.libreoffice
def test_the_summary_prints_on_at_most_two_pages(printed: dict[str, list[int]]) -> None:
    assert 1 <= len(printed["summary"]) <= 2, printed["summary"]
    assert all(lines >= MIN_LINES_A_PAGE for lines in printed["summary"]), printed["summary"]


@pytest.mark.libreoffice
def test_no_printed_page_holds_only_a_few_stray_rows(printed: dict[str, list[int]]) -> None:
    pages = printed["whole"]
    assert len(pages) >= 2 + len(OFFER_SHEETS)  # the Summary, Assumptions, each offer sheet, ...
    assert all(lines >= MIN_LINES_A_PAGE for lines in pages), pages
