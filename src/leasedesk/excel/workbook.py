"""export_workbook: the deal as a live workbook (Summary, Assumptions, one sheet per offer, Negotiation, About)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook

from leasedesk import __version__
from leasedesk.atomic import WriteError, check_writable_folder, write_atomically
from leasedesk.core.comparison import Comparison, OfferResult, compare
from leasedesk.core.model import Assumptions, Deal
from leasedesk.core.negotiation.overview import has_negotiation, negotiation_overview
from leasedesk.core.terms.kinds import UnknownKindError
from leasedesk.excel import about_sheet, assumptions_sheet, negotiation_sheet, summary_sheet
from leasedesk.excel.build_sheet import build_sheet_spec
from leasedesk.excel.cached_values import SheetFinish, finish_package
from leasedesk.excel.cells import SheetWriter, safe_text
from leasedesk.excel.export_record import RECORD_SHEET, with_formula_record, write_export_record
from leasedesk.excel.lease_sheet import lease_sheet_spec
from leasedesk.excel.names import unique_sheet_names
from leasedesk.excel.offer_sheet import OfferSheetSpec, write_offer_sheet
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


def export_workbook(deal: Deal, path: Path, *, exported_at: dt.datetime | None = None) -> None:
    """Write ``deal`` as a workbook at ``path``, atomically; WriteError when it cannot be written."""
    target = Path(path)
    check_writable_folder(target)  # fail before the work, not after
    started = time.perf_counter()
    package = workbook_bytes(deal, exported_at or dt.datetime.now(dt.UTC))

    def write(handle: BinaryIO) -> None:
        handle.write(package)

    try:
        write_atomically(target, write)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{target}: {error.strerror or error}") from error
    logger.info("exported %s (%d offers) in %.2f s", target, len(deal.offers), time.perf_counter() - started)


def workbook_bytes(deal: Deal, exported_at: dt.datetime) -> bytes:
    """The finished .xlsx package of ``deal``."""
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
    columns = _offer_sheets(comparison, offer_writers, finishes)
    SummaryWriter(summary_writer, comparison, formats_for(deal.currency), columns).write()
    finishes[summary_sheet.SHEET] = SheetFinish(cached=summary_writer.cached)
    about_sheet.write_about_sheet(about_writer, comparison, exported_at)
    write_export_record(workbook, deal, titles, exported_at)

    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.creator = f"LeaseDesk {__version__}"
    workbook.properties.title = safe_text(deal.name)[:255]
    workbook.properties.created = exported_at.astimezone(dt.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return with_formula_record(finish_package(buffer.getvalue(), finishes))


def _offer_sheets(
    comparison: Comparison, writers: list[SheetWriter], finishes: dict[str, SheetFinish]
) -> list[OfferColumn]:
    assumptions = comparison.deal.assumptions
    formats = formats_for(comparison.deal.currency)
    columns = []
    for number, (result, writer) in enumerate(zip(comparison.results, writers, strict=True)):
        spec = sheet_spec_of(result.offer.kind)(result, assumptions, formats)
        layout = write_offer_sheet(writer, spec)
        assert layout.rows is not None
        finishes[writer.title] = SheetFinish(
            cached=writer.cached, rows_xml=layout.rows.xml, dimension=layout.rows.dimension
        )
        column = summary_sheet.FIRST_OFFER_COLUMN + number
        columns.append(OfferColumn(result=result, column=column, layout=layout, worksheet=writer.ws))
    return columns
