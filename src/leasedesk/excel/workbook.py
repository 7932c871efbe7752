"""export_workbook: the deal as a live workbook (Summary, Assumptions, one sheet per offer, Negotiation, About).

The export runs in two passes so that memory stays flat however many offers and months: openpyxl
lays out every sheet with the first month of each schedule (pass 1); the package is then written
straight into the target's temporary file, each offer sheet's other months rendered from the
engine's figures while its part is written and dropped after it (pass 2). ``progress`` is told of
each offer sheet in both passes and may cancel; a cancelled export leaves the target untouched.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk import __version__
from leasedesk.atomic import WriteError, check_writable_folder, write_atomically
from leasedesk.core.comparison import Comparison, OfferResult, compare
from leasedesk.core.model import Assumptions, Deal
from leasedesk.core.negotiation.overview import has_negotiation, negotiation_overview
from leasedesk.core.terms.kinds import UnknownKindError
from leasedesk.excel import about_sheet, assumptions_sheet, negotiation_sheet, summary_sheet
from leasedesk.excel.build_sheet import build_sheet_spec
from leasedesk.excel.cached_values import RenderedRows, RowsJob, SheetFinish, finish_package, write_package
from leasedesk.excel.cells import SheetWriter, safe_text
from leasedesk.excel.charts import ChartCaches
from leasedesk.excel.export_record import RECORD_SHEET, FormulaRecorder, write_export_record
from leasedesk.excel.formula_digest import normal_formula
from leasedesk.excel.lease_sheet import lease_sheet_spec
from leasedesk.excel.market_columns import with_market
from leasedesk.excel.names import unique_sheet_names
from leasedesk.excel.offer_sheet import OfferSheetLayout, OfferSheetSpec, write_offer_sheet
from leasedesk.excel.package_check import UnreadablePackage, check_package
from leasedesk.excel.schedule import Schedule
from leasedesk.excel.sheet_workers import PARALLEL_CELLS, ROWS_DURING_LAYOUT, SheetWorkers
from leasedesk.excel.styles import Formats, formats_for
from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

logger = logging.getLogger(__name__)
FIXED_SHEETS = (
    summary_sheet.SHEET, assumptions_sheet.SHEET, negotiation_sheet.SHEET, about_sheet.SHEET, RECORD_SHEET
)

SheetSpecBuilder = Callable[[OfferResult, Assumptions, Formats], OfferSheetSpec]
# Each offer kind's sheet (core.terms.kinds names the kinds; the completeness test checks this covers them).
SHEET_SPECS: dict[str, SheetSpecBuilder] = {"lease": lease_sheet_spec, "self_build": build_sheet_spec}


def sheet_spec_of(kind: str) -> SheetSpecBuilder:
    """The sheet builder of an offer kind; UnknownKindError when the workbook has none for it."""
    try:
        return SHEET_SPECS[kind]
    except KeyError:
        raise UnknownKindError(f"the workbook has no sheet for offer kind {kind!r}") from None


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


def offer_sheet_spec(
    result: OfferResult, assumptions: Assumptions, required_gpus: int | None, formats: Formats
) -> OfferSheetSpec:
    """An offer's sheet: its kind's layout, with the market columns when the deal has a market."""
    spec = sheet_spec_of(result.offer.kind)(result, assumptions, formats)
    return with_market(spec, result, assumptions, required_gpus, formats)


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
    laid_out = _laid_out(deal, exported_at, steps, workers)

    def write(handle: BinaryIO) -> None:
        heads: dict[str, int] = {}
        write_package(
            laid_out.package, laid_out.sheets, handle, laid_out.charts.fill, FormulaRecorder(), workers, heads
        )
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
    laid_out = _laid_out(deal, exported_at, _Steps(None, 0), None)
    return finish_package(laid_out.package, laid_out.sheets, laid_out.charts.fill, FormulaRecorder())


@dataclass(frozen=True)
class _LaidOut:
    """Pass 1's result: openpyxl's package (each schedule's first month only), what finishes each sheet, and
    the charts' number caches."""

    package: bytes
    sheets: dict[str, SheetFinish]
    charts: ChartCaches


def _laid_out(deal: Deal, exported_at: dt.datetime, steps: _Steps, workers: SheetWorkers | None) -> _LaidOut:
    """Pass 1: every sheet laid out by openpyxl, each schedule with its first month only."""
    comparison = compare(deal)
    workbook = Workbook()
    summary_ws = workbook.active
    summary_ws.title = summary_sheet.SHEET
    assumptions_writer = SheetWriter(workbook.create_sheet(assumptions_sheet.SHEET))
    titles = unique_sheet_names([offer.display_name for offer in deal.offers], taken=FIXED_SHEETS)
    offer_writers = [SheetWriter(workbook.create_sheet(title)) for title in titles]
    if has_negotiation(deal):
        negotiation_sheet.write_negotiation_sheet(
            workbook.create_sheet(negotiation_sheet.SHEET), negotiation_overview(deal), deal, exported_at
        )
    about_writer = SheetWriter(workbook.create_sheet(about_sheet.SHEET))
    summary_writer = SheetWriter(summary_ws)

    assumptions_sheet.write_assumptions_sheet(
        workbook, assumptions_writer, deal.assumptions, formats_for(deal.currency)
    )
    finishes: dict[str, SheetFinish] = {assumptions_sheet.SHEET: SheetFinish(cached=assumptions_writer.cached)}
    columns = _offer_sheets(comparison, offer_writers, finishes, steps, workers)
    summary = SummaryWriter(summary_writer, comparison, formats_for(deal.currency), columns, workbook)
    summary.write()
    later = summary.later_rows
    finishes[summary_sheet.SHEET] = SheetFinish(
        cached=summary_writer.cached, rows=later, dimension=later.dimension if later is not None else None
    )
    about_sheet.write_about_sheet(about_writer, comparison, exported_at)
    write_export_record(workbook, deal, titles, exported_at)

    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.creator = f"LeaseDesk {__version__}"
    workbook.properties.title = safe_text(deal.name)[:255]
    workbook.properties.created = exported_at.astimezone(dt.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _LaidOut(buffer.getvalue(), finishes, summary.chart_caches)


def formula_cells(ws: Worksheet) -> tuple[tuple[int, int, str], ...]:
    """The formula cells openpyxl will write of a worksheet, as the digests read them: (row, column, normal
    text); openpyxl writes a formula's text without its "=" (the package checks these against the text)."""
    cells = [
        (cell.row, cell.column, normal_formula(cell.value[1:]))
        for cell in ws._cells.values()
        if cell.data_type == "f" and isinstance(cell.value, str)
    ]
    return tuple(sorted(cells))


@dataclass(frozen=True)
class _ScheduleRows:
    """Renders one offer sheet's schedule months after the first from the engine's figures, when asked."""

    result: OfferResult
    assumptions: Assumptions
    required_gpus: int | None
    formats: Formats
    layout: OfferSheetLayout

    def __call__(self) -> Iterator[RenderedRows]:
        spec = offer_sheet_spec(self.result, self.assumptions, self.required_gpus, self.formats)
        schedule = Schedule(self.layout.schedule.header_row, spec.months, spec.columns)
        return schedule.rows(self.layout.style_ids)


def _offer_sheets(
    comparison: Comparison,
    writers: list[SheetWriter],
    finishes: dict[str, SheetFinish],
    steps: _Steps,
    workers: SheetWorkers | None,
) -> list[OfferColumn]:
    assumptions = comparison.deal.assumptions
    formats = formats_for(comparison.deal.currency)
    columns = []
    for number, (result, writer) in enumerate(zip(comparison.results, writers, strict=True)):
        spec = offer_sheet_spec(result, assumptions, comparison.required_gpus, formats)
        layout = write_offer_sheet(writer, spec)
        rows = _ScheduleRows(result, assumptions, comparison.required_gpus, formats, layout)
        head_cells: tuple[tuple[int, int, str], ...] = ()
        rendered = None
        if workers is not None and number < ROWS_DURING_LAYOUT:
            head_cells = formula_cells(writer.ws)
            rendered = workers.submit_rows(RowsJob(rows, head_cells))
        finishes[writer.title] = SheetFinish(
            cached=writer.cached,
            rows=rows,
            dimension=layout.schedule.dimension,
            written=steps.step,
            portable=True,
            rendered_rows=rendered,
            head_cells=head_cells,
        )
        column = summary_sheet.FIRST_OFFER_COLUMN + number
        columns.append(OfferColumn(result=result, column=column, layout=layout, worksheet=writer.ws))
        steps.step()
    return columns
