"""read_returned_workbook: an edited workbook, checked, identified and read into ``ReturnedWorkbook`` (DESIGN.md 8.6).

Only the named inputs are read, as values (a formula's cached result); each is turned into the deal file's
form by its term's kind (a date serial into "2026-07-01", a whole number into an int). Another deal's
workbook, and any workbook ``guard`` refuses, raises ``WorkbookRefused`` with one line.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leasedesk.core.codec import FORMAT
from leasedesk.core.model import Deal
from leasedesk.core.negotiation.returned import (
    RAMP_KEY,
    ReturnedOffer,
    ReturnedTerms,
    ReturnedValue,
    ReturnedWorkbook,
)
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.term import Schema, Term, flat_terms
from leasedesk.excel import about_sheet, assumptions_sheet, negotiation_sheet, summary_sheet
from leasedesk.excel.cells import safe_text
from leasedesk.excel.export_record import RAMP_NAME, RECORD_SHEET
from leasedesk.excel.formula_digest import SheetFormulas
from leasedesk.excel.import_.guard import WorkbookRefused, open_checked
from leasedesk.excel.import_.package import (
    BLANK,
    Cell,
    DefinedNameInfo,
    Package,
    PackageError,
    SheetData,
    SheetInfo,
    cell_name,
)
from leasedesk.excel.import_.record import ExportRecord, RecordedOffer, RecordError, read_record

log = logging.getLogger(__name__)
FIXED_SHEETS = (
    summary_sheet.SHEET, assumptions_sheet.SHEET, negotiation_sheet.SHEET, about_sheet.SHEET, RECORD_SHEET
)
RAMP_COLUMNS = ("ramp_month", "ramp_gpus")
EPOCH_1900 = dt.date(1899, 12, 30)  # serial 0 as spreadsheets count (1900's false leap day included)
EPOCH_1904 = dt.date(1904, 1, 1)
_EMPTY = SheetData({}, SheetFormulas(0, "", "", shared=False))


def read_returned_workbook(path: Path | str, deal: Deal) -> ReturnedWorkbook:
    """The workbook at ``path`` as the import reads it; WorkbookRefused with one line otherwise."""
    path = Path(path)
    with open_checked(path) as archive:
        try:
            package = Package(archive)
            record = read_record(package)
            _check_identity(path, record, deal)
            return _WorkbookReading(path, package, record, deal).read()
        except (PackageError, RecordError) as error:
            raise WorkbookRefused(path, str(error)) from None


def _check_identity(path: Path, record: ExportRecord, deal: Deal) -> None:
    """Refuse another deal's workbook: its recorded name must be this deal's, and an offer id must be shared."""
    if record.facts.get("format") != FORMAT:
        raise WorkbookRefused(path, "its export record is not of a LeaseDesk deal")
    recorded_ids = {offer.offer_id for offer in record.offers}
    ids = {offer.id for offer in deal.offers}
    shares_offers = bool(recorded_ids & ids) or not (recorded_ids or ids)
    if _line_ends(record.deal_name) != _line_ends(safe_text(deal.name)) or not shares_offers:
        listed = ", ".join(sorted(recorded_ids)) or "none"
        raise WorkbookRefused(
            path,
            f"is the workbook of another deal ({record.deal_name!r}, offers {listed}), not of {deal.name!r}",
        )


def _line_ends(text: str) -> str:
    """Text as an XML parser hands it back: a carriage return becomes a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _WorkbookReading:
    def __init__(self, path: Path, package: Package, record: ExportRecord, deal: Deal) -> None:
        self.path = path
        self.package = package
        self.record = record
        self.deal = deal
        self.ignored: list[str] = []
        self.names: dict[tuple[str | None, str], DefinedNameInfo] = {
            (name.scope, name.name): name for name in package.defined_names
        }
        self._read: dict[str, SheetData] = {}
        self._inputs = self._input_cells()
        self._matched: list[tuple[RecordedOffer, str]] = []

    def read(self) -> ReturnedWorkbook:
        offers = []
        used_sheets: set[str] = set()
        for recorded in self.record.offers:
            sheet = self._offer_sheet(recorded, used_sheets)
            if sheet is None:
                self.ignored.append(f"the sheet {recorded.sheet!r} of offer {recorded.offer_id!r} is gone: not read")
                continue
            used_sheets.add(sheet.title)
            self._matched.append((recorded, sheet.title))
            offers.append(ReturnedOffer(recorded.offer_id, sheet.title, self._offer_terms(recorded, sheet)))
        for sheet in self.package.sheets:
            if sheet.title not in used_sheets and sheet.title not in FIXED_SHEETS:
                self.ignored.append(f"the sheet {sheet.title!r} was not exported (add offers in LeaseDesk): ignored")
        assumptions = self._terms("", None, _terms_by_flat_key(ASSUMPTION_SCHEMA))
        self._check_formulas({recorded.sheet: sheet for recorded, sheet in self._matched})
        log.info("read %s: %d offers", self.path, len(offers))
        return ReturnedWorkbook(self.path.name, tuple(offers), assumptions, tuple(self.ignored))

    def _offer_sheet(self, recorded: RecordedOffer, used: set[str]) -> SheetInfo | None:
        """The offer's sheet by its title, else (renamed) the sheet with its recorded sheetId."""
        sheet = self.package.sheet(recorded.sheet)
        if sheet is not None:
            return sheet
        recorded_titles = {offer.sheet for offer in self.record.offers} | set(FIXED_SHEETS)
        for candidate in self.package.sheets:
            if candidate.sheet_id == recorded.sheet_id and candidate.title not in recorded_titles | used:
                self.ignored.append(
                    f"the sheet {recorded.sheet!r} was renamed {candidate.title!r}: the name is ignored, its terms read"
                )
                return candidate
        return None

    def _offer_terms(self, recorded: RecordedOffer, sheet: SheetInfo) -> ReturnedTerms:
        try:
            offer = self.deal.offer(recorded.offer_id)
        except KeyError:
            return ReturnedTerms({}, {})  # the plan says the offer is no longer in the deal
        return self._terms(recorded.sheet, sheet.title, _terms_by_flat_key(kind_of(offer).schema))

    def _terms(self, recorded_sheet: str, scope: str | None, terms: Mapping[str, Term]) -> ReturnedTerms:
        exported: dict[str, Any] = {}
        workbook: dict[str, ReturnedValue] = {}
        for (sheet, name), value in self.record.inputs.items():
            if sheet != recorded_sheet:
                continue
            term = terms.get(name)
            if term is None:
                continue
            key = term.dotted_key
            exported[key] = value
            returned = self._ramp(scope) if name == RAMP_NAME else self._input(scope, name, term)
            if returned is not None:
                workbook[key] = returned
        return ReturnedTerms(exported, workbook)

    def _input(self, scope: str | None, name: str, term: Term) -> ReturnedValue | None:
        found = self.names.get((scope, name))
        where_sheet = scope or assumptions_sheet.SHEET
        if found is None or found.target is None:
            self.ignored.append(f"the input {name} on sheet {where_sheet!r} is gone or broken: not imported")
            return None
        target = found.target
        sheet = self._target_sheet(target.sheet, scope)
        cell = self._sheet_cells(sheet).get((target.first_row, target.first_column), BLANK)
        where = cell_name(sheet, target.first_row, target.first_column)
        return _returned(cell, term, where, self.package.date1904)

    def _ramp(self, scope: str | None) -> ReturnedValue | None:
        months, gpus = (self.names.get((scope, column)) for column in RAMP_COLUMNS)
        if months is None or gpus is None or months.target is None or gpus.target is None:
            self.ignored.append(f"the ramp table on sheet {scope!r} is gone or broken: not imported")
            return None
        first, second = months.target, gpus.target
        sheet = self._target_sheet(first.sheet, scope)
        cells = self._sheet_cells(sheet)
        other = self._sheet_cells(self._target_sheet(second.sheet, scope))
        corner = cell_name(sheet, second.last_row, second.first_column).split("!")[1]
        where = f"{cell_name(sheet, first.first_row, first.first_column)}:{corner}"
        steps: list[list[Any]] = []
        for offset in range(max(first.last_row - first.first_row, second.last_row - second.first_row) + 1):
            month_cell = cells.get((first.first_row + offset, first.first_column), BLANK)
            gpus_cell = other.get((second.first_row + offset, second.first_column), BLANK)
            if month_cell.value is None and gpus_cell.value is None and not (month_cell.error or gpus_cell.error):
                continue
            row = first.first_row + offset
            for part in (month_cell, gpus_cell):
                problem = _cell_problem(part)
                if problem is not None:
                    return ReturnedValue(None, where, f"row {row}: {problem}")
            month, count = _whole(month_cell.value), _whole(gpus_cell.value)
            if month is None or count is None:
                return ReturnedValue(None, where, f"row {row}: needs a whole lease month and a whole number of GPUs")
            steps.append([month, count])
        return ReturnedValue(steps, where)

    def _check_formulas(self, renamed: Mapping[str, str]) -> None:
        """List each sheet whose formulas differ from the export's (the figures are LeaseDesk's own)."""
        for recorded_title, exported in self.record.formulas.items():
            title = renamed.get(recorded_title, recorded_title)
            sheet = self.package.sheet(title)
            if sheet is None:
                continue
            now = self._sheet(title).formulas
            moved = now.cells_digest != exported.cells_digest
            edited = not now.shared and now.text_digest != exported.text_digest
            if moved or edited:
                self.ignored.append(
                    f"formulas on the sheet {title!r} were changed ({exported.count} formula cells at export, "
                    f"{now.count} now): ignored, LeaseDesk computes every figure itself"
                )

    def _input_cells(self) -> dict[str, set[tuple[int, int]]]:
        """The cells of the named inputs (and the ramp tables), by sheet: a formula typed there is an input."""
        names = {name for _sheet, name in self.record.inputs} | set(RAMP_COLUMNS)
        cells: dict[str, set[tuple[int, int]]] = {}
        for defined in self.package.defined_names:
            target = defined.target
            if defined.name not in names or target is None:
                continue
            found = cells.setdefault(self._target_sheet(target.sheet, defined.scope), set())
            for row in range(target.first_row, target.last_row + 1):
                for column in range(target.first_column, target.last_column + 1):
                    found.add((row, column))
        return cells

    def _target_sheet(self, title: str, scope: str | None) -> str:
        """The sheet a name points into; a sheet-scoped name still naming its sheet's old title (a tool that
        renamed the sheet without updating its names) points into its own sheet."""
        if self.package.sheet(title) is None and scope is not None:
            return scope
        return title

    def _sheet_cells(self, title: str) -> dict[tuple[int, int], Cell]:
        return self._sheet(title).cells

    def _sheet(self, title: str) -> SheetData:
        """A sheet read once (cells and formula digests); an absent sheet reads as empty."""
        if title not in self._read:
            sheet = self.package.sheet(title)
            self._read[title] = (
                self.package.read_sheet(sheet, self._inputs.get(title, set())) if sheet is not None else _EMPTY
            )
        return self._read[title]


def _terms_by_flat_key(schema: Schema) -> dict[str, Term]:
    """The schema's workbook inputs by defined name, and the ramp under its record name."""
    found = {term.flat_key: term for term in flat_terms(schema) if term.in_workbook}
    ramp = next((term for term in flat_terms(schema) if term.dotted_key == RAMP_KEY), None)
    if ramp is not None:
        found[RAMP_NAME] = ramp
    return found


def _cell_problem(cell: Cell) -> str | None:
    if cell.uncached:
        return "is a formula without a cached value (open and save the workbook in a spreadsheet that calculates)"
    if cell.error is not None:
        return f"holds the error {cell.error}"
    return None


def _returned(cell: Cell, term: Term, where: str, date1904: bool) -> ReturnedValue:
    problem = _cell_problem(cell)
    if problem is not None:
        return ReturnedValue(None, where, problem)
    return ReturnedValue(_as_term_value(cell.value, term, date1904), where)


def _as_term_value(value: Any, term: Term, date1904: bool) -> Any:
    """A cell's value in the deal file's form for the term; anything else is passed on for the rules to name."""
    if value is None:
        return None
    if term.kind == "whole":
        whole = _whole(value)
        return whole if whole is not None else value
    if term.kind == "month":
        if isinstance(value, float) and math.isfinite(value) and 0 < value < 3_000_000:
            return ((EPOCH_1904 if date1904 else EPOCH_1900) + dt.timedelta(days=math.floor(value))).isoformat()
        if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
            return value[:10]  # a date-time written as text or an ISO cell: the date part
        return value
    if term.kind == "flag" and isinstance(value, str) and value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 and term.kind != "flag":
        return int(value)
    return value


def _whole(value: Any) -> int | None:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None
