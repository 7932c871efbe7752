"""Large exports render the offer sheets in worker processes: the package must hold the same parts, and a
cancel must leave the old file and no worker behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import zipfile
import zlib
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from excel_support import edges_deal, sample_deal

from leasedesk.core.model import Deal
from leasedesk.core.negotiation.overview import NegotiationOverview, negotiation_overview
from leasedesk.excel import export_workbook, sheet_workers, workbook
from leasedesk.excel.cached_values import CompressedPart, RenderedRows, SheetJob
from leasedesk.excel.formula_digest import RowsDigest, own_sheet_formulas
from leasedesk.excel.offer_part import OfferSheetJob, compressed_part, offer_sheet_part
from leasedesk.excel.sheet_workers import OfferSheetQueue, SheetWorkers

EXPORTED_AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def _contents(path: Path) -> dict[str, str]:
    """Each part's text, by name (its sha256), but the core properties, which hold the time of saving."""
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None  # every part's CRC checks
        return {
            info.filename: hashlib.sha256(package.read(info)).hexdigest()
            for info in package.infolist()
            if info.filename != "docProps/core.xml"
        }


@pytest.mark.parametrize("deal", [sample_deal(), edges_deal()], ids=["sample", "edges"])
def test_sheets_made_by_workers_equal_those_made_here(
    tmp_path: Path, deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every offer sheet's part made by a worker (laid out against a copy of the workbook's styles, rendered
    and deflated there): the package holds the same parts, byte for byte, as when all is done here."""
    jobs: list[OfferSheetJob] = []
    submit = SheetWorkers.submit

    def counted(self: SheetWorkers, job: OfferSheetJob) -> Future[CompressedPart | None]:
        jobs.append(job)
        return submit(self, job)

    monkeypatch.setattr(SheetWorkers, "submit", counted)
    here, workers = tmp_path / "here.xlsx", tmp_path / "workers.xlsx"
    export_workbook(deal, here, exported_at=EXPORTED_AT, parallel=False)
    assert jobs == []
    export_workbook(deal, workers, exported_at=EXPORTED_AT, parallel=True)
    assert len(jobs) == len(deal.offers)  # every sheet by a worker
    assert _contents(workers) == _contents(here)  # (in an order that depends on how fast the workers are)
    assert multiprocessing.active_children() == []  # the workers ended with the export


def _rows() -> list[str | RenderedRows]:
    first = '<row r="3"><c r="A3"><f>A2+1</f><v>3</v></c></row>'
    second = '<row r="4"><c r="A4"><f>A3+1</f><v>4</v></c></row>'
    return [first, RenderedRows(second, RowsDigest(4, 4, 1, "R4C1;", "R4C1=A3+1;"))]


def test_a_part_rendered_by_a_worker_is_the_deflated_sheet_with_its_crc_and_digests() -> None:
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
    )
    end = b"</sheetData></worksheet>"
    part = compressed_part(SheetJob(head, _rows, end))
    text = head + "".join(row if isinstance(row, str) else row.xml for row in _rows()).encode() + end
    assert zlib.decompress(part.data, -15) == text
    assert (part.crc, part.size) == (zlib.crc32(text), len(text))
    assert part.formulas == own_sheet_formulas(text)
    assert part.formulas.count == 3


class _DeadWorkers:
    """Workers whose process died: every part they were handed fails."""

    count = 2

    def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
        future: Future[CompressedPart | None] = Future()
        future.set_exception(BrokenProcessPool("a worker process ended abruptly"))
        return future

    def negotiation_overview(self, deal: Deal) -> Future[NegotiationOverview]:
        future: Future[NegotiationOverview] = Future()
        future.set_exception(BrokenProcessPool("a worker process ended abruptly"))
        return future

    def close(self) -> None:
        pass


def test_when_a_worker_dies_this_process_renders_the_sheets_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_rescued(tmp_path, monkeypatch, _DeadWorkers())


def _assert_rescued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: _DeadWorkers) -> None:
    """With ``workers`` in place of the pool, the sample deal's package is the one made all here."""
    deal = sample_deal()
    here, rescued = tmp_path / "here.xlsx", tmp_path / "rescued.xlsx"
    export_workbook(deal, here, exported_at=EXPORTED_AT, parallel=False)
    monkeypatch.setattr(SheetWorkers, "start", classmethod(lambda cls, count=2: workers))
    export_workbook(deal, rescued, exported_at=EXPORTED_AT, parallel=True)
    assert _contents(rescued) == _contents(here)


class _InlineWorkers:
    """Workers that make each part at once, in this process, and count the parts handed to them."""

    count = 2

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
        self.submitted += 1
        future: Future[CompressedPart | None] = Future()
        future.set_result(offer_sheet_part(job))
        return future

    def negotiation_overview(self, deal: Deal) -> Future[NegotiationOverview]:
        future: Future[NegotiationOverview] = Future()
        future.set_result(negotiation_overview(deal))
        return future

    def close(self) -> None:
        pass


@pytest.mark.parametrize(("budget", "most_ahead"), [(1, 1), (10**12, None)], ids=["one cell", "all"])
def test_the_workers_get_no_more_cells_ahead_of_the_sheet_written_than_the_budget(
    tmp_path: Path, budget: int, most_ahead: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part made waits in memory until its turn: however many offers, the sheets handed to the workers
    beyond the one written hold at most the budget's schedule cells (one sheet at least)."""
    deal = sample_deal()
    workers = _InlineWorkers()
    ahead_at_take: list[int] = []
    take = OfferSheetQueue._take

    def counted(self: OfferSheetQueue, number: int, job: OfferSheetJob) -> object:
        ahead_at_take.append(workers.submitted - number)
        return take(self, number, job)

    monkeypatch.setattr(SheetWorkers, "start", classmethod(lambda cls, count=2: workers))
    monkeypatch.setattr(OfferSheetQueue, "_take", counted)
    monkeypatch.setattr(workbook, "AHEAD_CELLS", budget)
    here, queued = tmp_path / "here.xlsx", tmp_path / "queued.xlsx"
    export_workbook(deal, here, exported_at=EXPORTED_AT, parallel=False)
    export_workbook(deal, queued, exported_at=EXPORTED_AT, parallel=True)
    assert workers.submitted == len(deal.offers) == len(ahead_at_take)
    assert max(ahead_at_take) == (most_ahead or len(deal.offers))
    assert _contents(queued) == _contents(here)


class _CountingPool:
    count = 2

    def __init__(self) -> None:
        self.submitted: list[OfferSheetJob] = []

    def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
        self.submitted.append(job)
        return Future()


def test_the_queue_counts_each_sheets_cells_against_its_budget() -> None:
    """Sheets of 40 cells under a budget of 100: two at a time; a sheet larger than the budget goes alone."""
    pool = _CountingPool()
    queue = OfferSheetQueue(pool, None, 100)  # type: ignore[arg-type]
    jobs = [object() for _ in range(5)]
    for job, cells in zip(jobs, (40, 40, 40, 500, 40), strict=True):
        queue.add(job, cells)  # type: ignore[arg-type]
    assert pool.submitted == jobs[:2]
    queue._submitted.pop(0)[0].set_result(None)
    queue._outstanding -= 40
    queue._fill()
    assert pool.submitted == jobs[:3]


def test_a_pool_broken_before_the_negotiation_figures_are_asked_for_leaves_them_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that died while the workbook was laid out breaks the pool: asking it for anything fails."""

    class _BrokenPool(_DeadWorkers):
        def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
            raise BrokenProcessPool("a child process terminated abruptly")

        def negotiation_overview(self, deal: Deal) -> Future[NegotiationOverview]:
            raise BrokenProcessPool("a child process terminated abruptly")

    _assert_rescued(tmp_path, monkeypatch, _BrokenPool())


def test_workers_that_cannot_all_be_set_up_are_none_left_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(pool: object) -> None:
        raise OSError("the pipes could not be widened")

    monkeypatch.setattr(sheet_workers, "_widen_pipes", refuse)
    assert SheetWorkers.start() is None  # the export goes on in this process
    assert multiprocessing.active_children() == []
