"""export_workbook: the deal as a live workbook (Summary, Assumptions, one sheet per offer, Negotiation, About).

The export runs in two passes so that memory stays flat however many offers and months: openpyxl lays out
the workbook with each offer sheet empty but for its defined names (pass 1); the package is then written
straight into the target's temporary file, each offer sheet's part made whole while it is written and
dropped after it (pass 2): laid out, its schedule's months rendered from the engine's figures, here or,
for a large deal, ahead of time in worker processes (excel.offer_part, excel.sheet_workers).
``progress`` is told of each offer sheet in both passes and may cancel; a cancelled export leaves the
target untouched.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk import __version__
from leasedesk.atomic import WriteError, check_writable_folder, write_atomically
from leasedesk.core.comparison import Comparison, compare
from leasedesk.core.model import Deal
from leasedesk.core.negotiation.overview import NegotiationOverview, has_negotiation, negotiation_overview
from leasedesk.excel import about_sheet, assumptions_sheet, negotiation_sheet, summary_sheet
from leasedesk.excel.cached_values import CompressedPart, SheetFinish, SheetJob
from leasedesk.excel.cells import SheetWriter, safe_text
from leasedesk.excel.charts import ChartCaches
from leasedesk.excel.export_record import RECORD_SHEET, FormulaRecorder, write_export_record
from leasedesk.excel.names import unique_sheet_names
from leasedesk.excel.offer_part import OfferSheet, OfferSheetJob, OfferSheetStyles, made_here
from leasedesk.excel.offer_sheet import offer_sheet_layout, register_offer_sheet
from leasedesk.excel.offer_specs import offer_sheet_spec
from leasedesk.excel.package_check import UnreadablePackage, check_package
from leasedesk.excel.package_save import stored_package
from leasedesk.excel.package_stream import PackageStream
from leasedesk.excel.sheet_workers import AHEAD_CELLS, PARALLEL_CELLS, OfferSheetQueue, SheetWorkers
from leasedesk.excel.styles import formats_for
from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

logger = logging.getLogger(__name__)
FIXED_SHEETS = (summary_sheet.SHEET, assumptions_sheet.SHEET, negotiation_sheet.SHEET, about_sheet.SHEET, RECORD_SHEET)

Progress = Callable[[int, int], bool]  # (steps done, steps in all) -> False to cancel


class ExportCancelled(Exception):
    """The export was cancelled through its progress callback; the target was left as it was."""


class _Steps:
    """Counts the export's steps (each offer sheet laid out, then written) and asks ``progress`` to go on."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0
        self._ask()

    def step(self) -> None:
        self.done += 1
        self._ask()

    def _ask(self) -> None:
        if self.progress is not None and not self.progress(self.done, self.total):
            raise ExportCancelled(f"export cancelled after {self.done} of {self.total} steps")


def export_workbook(
    deal: Deal,
    path: Path,
    *,
    exported_at: dt.datetime | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> None:
    """Write ``deal`` as a workbook at ``path``, atomically; WriteError when it cannot be written.

    ``progress(done, total)`` is called before the first step and after each (two per offer sheet);
    when it returns False the export stops with ExportCancelled and ``path`` is left as it was.
    ``parallel``: render the offer sheets in worker processes (None: when the deal is large)."""
    target = Path(path)
    check_writable_folder(target)  # fail before the work, not after
    started = time.perf_counter()
    steps = _Steps(progress, 2 * len(deal.offers))
    if parallel is None:
        parallel = schedule_cells(deal) >= PARALLEL_CELLS
    workers = SheetWorkers.start() if parallel else None
    try:
        _export(deal, target, exported_at or dt.datetime.now(dt.UTC), steps, workers)
    finally:
        if workers is not None:
            workers.close()
    logger.info("exported %s (%d offers) in %.2f s", target, len(deal.offers), time.perf_counter() - started)


def schedule_cells(deal: Deal) -> int:
    """About how many cells the offer sheets' schedules hold (each has at least the horizon's months)."""
    return len(deal.offers) * deal.assumptions.horizon_months * SCHEDULE_COLUMNS


SCHEDULE_COLUMNS = 25  # about, on an offer sheet


def _export(deal: Deal, target: Path, exported_at: dt.datetime, steps: _Steps, workers: SheetWorkers | None) -> None:
    def write(handle: BinaryIO) -> None:
        heads: dict[str, int] = {}
        with PackageStream(handle, FormulaRecorder(), heads) as stream:
            _write(deal, exported_at, steps, workers, stream)
        handle.flush()
        handle.seek(0)
        try:
            check_package(handle, heads)
        except UnreadablePackage as error:  # the old file stays: a workbook nobody can open never replaces it
            raise WriteError(f"{target}: the workbook written would not open ({error}); nothing was replaced") from None

    try:
        write_atomically(target, write)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{target}: {error.strerror or error}") from error


def workbook_bytes(deal: Deal, exported_at: dt.datetime) -> bytes:
    """The finished .xlsx package of ``deal``, in memory (for small deals and tests)."""
    out = io.BytesIO()
    with PackageStream(out, FormulaRecorder()) as stream:
        _write(deal, exported_at, _Steps(None, 0), None, stream)
    return out.getvalue()


def _write(
    deal: Deal, exported_at: dt.datetime, steps: _Steps, workers: SheetWorkers | None, stream: PackageStream
) -> None:
    """The package: openpyxl's parts, then the offer sheets' parts not written yet, then styles.xml (which must
    hold the styles of sheets laid out in the workbook since its save) and the export record. With workers,
    each offer sheet's part is written as soon as it is ready, while the workbook is laid out and between
    openpyxl's parts: the parts' order in the zip depends on how fast they are (it means nothing to a reader).
    """
    laid_out = _laid_out(deal, exported_at, steps, workers, stream)
    stream.finish(
        laid_out.package,
        laid_out.sheets,
        laid_out.charts.fill,
        laid_out.styles.part,
        then=lambda: laid_out.offers.write(stream, waiting=True),
        between=lambda: laid_out.offers.write(stream),
    )


@dataclass(frozen=True)
class _OfferPart:
    name: str  # the part openpyxl's package gives the sheet (PackageStream.finish checks)
    title: str
    made: Callable[[], SheetJob | CompressedPart]
    ready: Callable[[], bool]  # made already: taking it does not wait


class _OfferParts:
    """The offer sheets' parts, written into the package in the offers' order: while the workbook is laid
    out, each as soon as it is ready (so none waits in memory long), the rest before the package's other
    parts. Each one written is the second step of its sheet."""

    def __init__(self, steps: _Steps) -> None:
        self._steps = steps
        self._parts: deque[_OfferPart] = deque()

    def append(self, part: _OfferPart) -> None:
        self._parts.append(part)

    def reserve(self, stream: PackageStream) -> None:
        for part in self._parts:
            stream.reserve(part.name, part.title)

    def write(self, stream: PackageStream | None, waiting: bool = False) -> None:
        """Write the parts ready (``waiting``: all of them)."""
        while stream is not None and self._parts and (waiting or self._parts[0].ready()):
            part = self._parts.popleft()
            stream.add(part.name, part.title, part.made())
            self._steps.step()


@dataclass(frozen=True)
class _LaidOut:
    """Pass 1's result: openpyxl's package (the offer sheets empty), what finishes each other sheet, the
    charts' number caches, the offer sheets' parts not written yet and the styles of those laid out later."""

    package: bytes
    sheets: dict[str, SheetFinish]
    charts: ChartCaches
    offers: _OfferParts
    styles: OfferSheetStyles


def _laid_out(
    deal: Deal, exported_at: dt.datetime, steps: _Steps, workers: SheetWorkers | None, stream: PackageStream | None
) -> _LaidOut:
    """Pass 1: every sheet laid out by openpyxl, the offer sheets with their names only (their parts are made
    elsewhere; those ready are written into ``stream`` as this goes on)."""
    comparison = compare(deal)
    workbook = Workbook()
    summary_ws = workbook.active
    summary_ws.title = summary_sheet.SHEET
    assumptions_writer = SheetWriter(workbook.create_sheet(assumptions_sheet.SHEET))
    titles = unique_sheet_names([offer.display_name for offer in deal.offers], taken=FIXED_SHEETS)
    offer_sheets = [workbook.create_sheet(title) for title in titles]
    negotiation_ws = workbook.create_sheet(negotiation_sheet.SHEET) if has_negotiation(deal) else None
    about_writer = SheetWriter(workbook.create_sheet(about_sheet.SHEET))
    summary_writer = SheetWriter(summary_ws)

    assumptions_sheet.write_assumptions_sheet(
        workbook, assumptions_writer, deal.assumptions, formats_for(deal.currency)
    )
    finishes: dict[str, SheetFinish] = {assumptions_sheet.SHEET: SheetFinish(cached=assumptions_writer.cached)}
    styles = OfferSheetStyles(workbook)
    overview = _overview(deal, workers) if negotiation_ws is not None else None
    # the offer sheets first: the workers make them while this process lays out the rest
    offers = _OfferParts(steps)
    columns = _offer_sheets(comparison, workbook, offer_sheets, offers, steps, workers, styles)
    if stream is not None:
        offers.reserve(stream)
    if negotiation_ws is not None and overview is not None:
        negotiation_sheet.write_negotiation_sheet(negotiation_ws, overview(), deal, exported_at)
        offers.write(stream)
    summary = SummaryWriter(summary_writer, comparison, formats_for(deal.currency), columns, workbook)
    summary.write()
    offers.write(stream)
    later = summary.later_rows
    finishes[summary_sheet.SHEET] = SheetFinish(
        cached=summary_writer.cached, rows=later, dimension=later.dimension if later is not None else None
    )
    about_sheet.write_about_sheet(about_writer, comparison, exported_at)
    write_export_record(workbook, deal, titles, exported_at)
    offers.write(stream)

    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.creator = f"LeaseDesk {__version__}"
    workbook.properties.title = safe_text(deal.name)[:255]
    workbook.properties.created = exported_at.astimezone(dt.UTC).replace(tzinfo=None)
    package = stored_package(workbook)
    styles.saved()
    return _LaidOut(package, finishes, summary.chart_caches, offers, styles)


def _overview(deal: Deal, workers: SheetWorkers | None) -> Callable[[], NegotiationOverview]:
    """The Negotiation sheet's figures when asked for: worked out by a worker meanwhile, when there are any."""
    if workers is None:
        return lambda: negotiation_overview(deal)
    try:
        future = workers.negotiation_overview(deal)
    except (BrokenExecutor, RuntimeError) as error:  # a worker died already; RuntimeError: a pool shut down
        logger.warning("a worker process ended (%s): the negotiation figures worked out here", error)
        return lambda: negotiation_overview(deal)

    def overview() -> NegotiationOverview:
        try:
            return future.result()
        except BrokenExecutor as error:
            logger.warning("a worker process ended (%s): the negotiation figures worked out here", error)
            return negotiation_overview(deal)

    return overview


def _offer_sheets(
    comparison: Comparison,
    workbook: Workbook,
    worksheets: list[Worksheet],
    offers: _OfferParts,
    steps: _Steps,
    workers: SheetWorkers | None,
    styles: OfferSheetStyles,
) -> list[OfferColumn]:
    """Each offer's sheet planned (its layout, for the Summary; its names, in the workbook) and handed to be
    made, by the workers when there are any (else here, when it is written)."""
    assumptions = comparison.deal.assumptions
    formats = formats_for(comparison.deal.currency)
    sheets = [OfferSheet(result, assumptions, comparison.required_gpus, formats) for result in comparison.results]
    seed = styles.probe(sheets)
    queue = None
    if workers is not None:
        queue = OfferSheetQueue(workers, styles, AHEAD_CELLS)
    numbers = {id(ws): number for number, ws in enumerate(workbook.worksheets, start=1)}  # as openpyxl's save
    columns = []
    for number, (sheet, ws) in enumerate(zip(sheets, worksheets, strict=True)):
        spec = offer_sheet_spec(sheet.result, assumptions, comparison.required_gpus, formats)
        layout = offer_sheet_layout(str(ws.title), spec)
        register_offer_sheet(ws, spec, layout)
        job = OfferSheetJob(sheet, seed)
        name = f"xl/worksheets/sheet{numbers[id(ws)]}.xml"
        if queue is None:
            offers.append(_OfferPart(name, str(ws.title), made_here(job, styles), lambda: False))
        else:
            made, ready = queue.add(job, spec.months * len(spec.columns))
            offers.append(_OfferPart(name, str(ws.title), made, ready))
        column = summary_sheet.FIRST_OFFER_COLUMN + number
        columns.append(OfferColumn(result=sheet.result, column=column, layout=layout, worksheet=ws))
        steps.step()
    return columns
