"""The export's progress and cancel: steps per offer sheet, a cancelled export leaves the old file."""

from __future__ import annotations

import multiprocessing
import zipfile
from pathlib import Path

import pytest
from excel_support import sample_deal
from openpyxl import load_workbook

from leasedesk.excel import ExportCancelled, export_workbook
from leasedesk.excel.workbook import FIXED_SHEETS


def test_progress_counts_each_offer_sheet_laid_out_then_written(tmp_path: Path) -> None:
    deal = sample_deal()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    export_workbook(deal, tmp_path / "deal.xlsx", progress=progress)
    total = 2 * len(deal.offers)
    assert calls == [(done, total) for done in range(total + 1)]
    assert zipfile.is_zipfile(tmp_path / "deal.xlsx")


@pytest.mark.parametrize("parallel", [False, True], ids=["here", "workers"])
@pytest.mark.parametrize("stop_at", [0, 1, "last"])
def test_a_cancelled_export_leaves_the_old_file_and_no_temporary_file_or_worker(
    tmp_path: Path, stop_at: int | str, parallel: bool
) -> None:
    """Cancelled before any work, while laying out, and after the last sheet was written (before the rename)."""
    deal = sample_deal()
    total = 2 * len(deal.offers)
    stop = total if stop_at == "last" else int(stop_at)
    target = tmp_path / "deal.xlsx"
    target.write_bytes(b"the old workbook")
    with pytest.raises(ExportCancelled):
        export_workbook(deal, target, progress=lambda done, _total: done < stop, parallel=parallel)
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.xlsx"]
    assert multiprocessing.active_children() == []


def test_the_schedule_streams_every_month_of_every_offer_sheet(tmp_path: Path) -> None:
    """The months written outside openpyxl are all there, in order, after the first month's row."""
    deal = sample_deal()
    path = tmp_path / "deal.xlsx"
    export_workbook(deal, path)
    book = load_workbook(path)
    for title in [title for title in book.sheetnames if title not in FIXED_SHEETS]:
        sheet = book[title]
        header = next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == "t (analysis month)")
        months = [sheet.cell(row, 2).value for row in range(header + 1, sheet.max_row + 1)]
        assert months == list(range(len(months))), title
        assert sheet.calculate_dimension() == f"A1:{sheet.cell(header, sheet.max_column).column_letter}{sheet.max_row}"
