"""The Negotiation sheet: rounds, bridges, term values and tornadoes as values computed at export.

Every figure comes from ``core.negotiation.overview``; this module only lays them out. It writes with
operations a write-only worksheet also has: column widths and page setup before the first row, then
``ws.append`` of rows of cells (no merged cells, no random access, nothing read back).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import textwrap
from collections.abc import Container, Sequence
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.model import Deal, Offer, Revision
from leasedesk.core.negotiation.bridge import Bridge
from leasedesk.core.negotiation.overview import NegotiationOverview, OfferNegotiation
from leasedesk.core.negotiation.report import DASH, metric_info
from leasedesk.core.negotiation.rounds import TermDifference
from leasedesk.core.negotiation.sensitivity import Sensitivity
from leasedesk.core.negotiation.term_values import TermValues
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.term import Term, flat_terms, term_at
from leasedesk.excel.cells import safe_text, styled
from leasedesk.excel.styles import (
    BOLD,
    COUNT,
    HEADER_FILL,
    LINE_POINTS,
    MONTHS,
    NOTE_FONT,
    PERCENT,
    SECTION_FONT,
    TITLE_FONT,
    WRAP,
    Formats,
    formats_for,
    landscape_fit_to_width,
    set_widths,
)
from leasedesk.excel.term_inputs import number_format

SHEET = "Negotiation"
WIDTHS = {"A": 32.0, **{letter: 19.0 for letter in "BCDEFGHI"}}
WRAP_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")
WRAP_INDENTED = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
INDENTED = Alignment(horizontal="left", indent=1)
NOTE_LINE = 170  # characters of a note row: about the width of columns A to I

SHAPLEY_NOTE = (
    "Each clause's contribution is its Shapley value: its average effect over every order in which the changed "
    "clauses could have been agreed. They add up to after minus before and do not depend on the order the "
    "clauses are listed in (a one-at-a-time bridge would)."
)
FEE_EQUIVALENT_NOTE = (
    "Fee equivalent: the change of the monthly fee that moves the present value of cost as much. The horizon "
    "figures assume the full term, so exit terms move only the minimum commitment; the market view prices them "
    "(market fee equivalent, with a market in the assumptions)."
)
DEAL_INPUT_FORMATS = {"discount_rate": PERCENT, "market.annual_change": PERCENT}


def write_negotiation_sheet(ws: Worksheet, overview: NegotiationOverview, deal: Deal, exported_at: dt.datetime) -> None:
    """Lay the overview out on ``ws``, an empty worksheet (write-only or not)."""
    set_widths(ws, WIDTHS)
    landscape_fit_to_width(ws)
    rows = _SheetRows(ws, formats_for(deal.currency))
    when = exported_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows.add(rows.text("Negotiation", TITLE_FONT))
    rows.add(
        rows.text(
            f"Values computed by LeaseDesk at export ({when}), not formulas: they do not follow edits made in this "
            "workbook. The Summary and the offer sheets stay formulas.",
            NOTE_FONT,
        )
    )
    for item in overview.offers:
        rows.add()
        _offer_section(rows, item, deal)
    if overview.tornadoes:
        rows.add()
        _tornado_section(rows, overview.tornadoes, deal)


class _SheetRows:
    """Builds cells for one worksheet and appends them row by row."""

    def __init__(self, ws: Worksheet, formats: Formats) -> None:
        self.ws = ws
        self.formats = formats
        self.written = 0  # rows appended so far: a write-only sheet cannot be asked

    def add(self, *cells: Cell | None) -> None:
        self.ws.append(list(cells))
        self.written += 1

    def text(self, text: str, font: Font | None = None, fill: PatternFill | None = None) -> Cell:
        """A string cell, whatever the text starts with: never a formula."""
        cell = WriteOnlyCell(self.ws, value=safe_text(text))
        cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
        return styled(cell, None, font, fill)

    def number(self, value: float | None, number_format: str | None, font: Font | None = None) -> Cell:
        """A figure with its format; a dash where core has none (no cell can hold a NaN or an infinity)."""
        if value is None or not math.isfinite(value):
            return self.text(DASH, font)
        return styled(WriteOnlyCell(self.ws, value=value), number_format, font, None)

    def value(self, value: Any, number_format: str | None) -> Cell:
        """A term's value as the deal file holds it: numbers and dates with a format, the rest as text."""
        if isinstance(value, bool):
            return WriteOnlyCell(self.ws, value=value)
        if isinstance(value, int | float | dt.date):
            return styled(WriteOnlyCell(self.ws, value=value), number_format, None, None)
        if value is None:
            return self.text(DASH)
        if isinstance(value, str):
            return self.text(value)
        return self.text(_steps_text(value) if _is_steps(value) else json.dumps(value, ensure_ascii=False))

    def header(self, labels: Sequence[str], text_columns: Container[int] = (0,)) -> None:
        """A header row, wrapped, as tall as its longest label needs (set before the row is written); the
        labels of figure columns stand right, over their figures, those of ``text_columns`` left."""
        widths = list(WIDTHS.values())[: len(labels)]
        lines = max(
            len(textwrap.wrap(label, int(width * 1.1)) or [""]) for label, width in zip(labels, widths, strict=True)
        )
        if lines > 1:
            self.ws.row_dimensions[self.written + 1].height = lines * LINE_POINTS
        cells = [
            styled(
                self.text(label, BOLD, HEADER_FILL),
                None,
                None,
                None,
                (WRAP if i == 0 else WRAP_INDENTED) if i in text_columns else WRAP_RIGHT,
            )
            for i, label in enumerate(labels)
        ]
        self.add(*cells)

    def note(self, text: str) -> None:
        """A note in rows of its own, one line each: no wrapped cell runs past the tables."""
        for line in textwrap.wrap(text, NOTE_LINE):
            self.add(self.text(line, NOTE_FONT))

    def metric(self, key: str, value: float | None) -> Cell:
        unit = metric_info(key).unit
        fmt = {"money": self.formats.money, "money_per_gpu_hour": self.formats.price}.get(unit, MONTHS)
        return self.number(value, fmt)


def _offer_section(rows: _SheetRows, item: OfferNegotiation, deal: Deal) -> None:
    offer = item.offer
    rows.add(rows.text(offer.display_name, SECTION_FONT))
    rows.add(rows.text("Offer id", BOLD), rows.text(offer.id))
    if offer.counter_of is not None:
        rows.add(rows.text("Counters offer", BOLD), rows.text(offer.counter_of))
    if offer.proposed_by is not None:
        rows.add(rows.text("Current terms proposed by", BOLD), rows.text(offer.proposed_by))
    _round_rows(rows, item, offer)
    rows.add()
    _bridge_rows(rows, item.bridge, item.bridge_problem)
    rows.add()
    _term_value_rows(rows, item.term_values, offer, deal)


def _round_rows(rows: _SheetRows, item: OfferNegotiation, offer: Offer) -> None:
    if not item.rounds:
        rows.note("No round recorded.")
        return
    rows.add()
    rows.add(rows.text("Rounds, oldest first: the terms that differ from the current version", BOLD))
    rows.header(("Term", "Then", "Now", "Round", "Side", "Recorded"), text_columns=(0, 3, 4, 5))
    terms = {term.flat_key: term for term in flat_terms(kind_of(offer).schema)}
    for history in item.rounds:
        revision = history.revision
        if not history.differences:
            rows.add(rows.text("no term differs from now", NOTE_FONT), None, None, *_round_cells(rows, revision))
        for difference in history.differences:
            rows.add(*_difference_cells(rows, difference, terms.get(difference.key)), *_round_cells(rows, revision))


def _round_cells(rows: _SheetRows, revision: Revision) -> list[Cell | None]:
    """The round's label, side and time: new cells for every row (a cell is written once)."""
    when = revision.time.replace("T", " ").replace("Z", " UTC")
    cells = [rows.text(revision.label), rows.text(revision.side), rows.text(when)]
    for cell in cells:
        cell.alignment = INDENTED  # clear of the figures standing right in the column before
    return cells


def _difference_cells(rows: _SheetRows, difference: TermDifference, term: Term | None) -> list[Cell | None]:
    fmt = number_format(term, rows.formats) if term is not None else None
    before, after = difference.before, difference.after
    if term is not None and term.kind == "month":
        before, after = _as_date(before), _as_date(after)
    label = term.sheet_label if term is not None and term.sheet_label else difference.key
    return [rows.text(label), rows.value(before, fmt), rows.value(after, fmt)]


def _bridge_rows(rows: _SheetRows, found: Bridge | None, problem: str | None) -> None:
    if found is None:
        rows.add(rows.text("Bridge", BOLD), rows.text(problem or "no bridge", NOTE_FONT))
        return
    rows.add(rows.text("Bridge from", BOLD), rows.text(found.source), rows.text("to the current terms", BOLD))
    if not found.changed:
        rows.note("No clause changed: every figure is as it was.")
        return
    rows.header(("Clause", *(metric_info(m.key).label for m in found.metrics)))
    rows.add(rows.text("Before", BOLD), *(rows.metric(m.key, m.before) for m in found.metrics))
    for clause in found.changed:
        rows.add(rows.text(clause), *(rows.metric(m.key, m.contributions[clause]) for m in found.metrics))
    rows.add(rows.text("After", BOLD), *(rows.metric(m.key, m.after) for m in found.metrics))
    rows.note(SHAPLEY_NOTE)


def _term_value_rows(rows: _SheetRows, values: TermValues, offer: Offer, deal: Deal) -> None:
    rows.add(rows.text("What one step of each term is worth (stepped minus current)", BOLD))
    if not values.steps:
        rows.note("No term can be stepped.")
        return
    market = deal.assumptions.market is not None
    labels = [f"Δ {metric_info(key).label}" for key in values.metric_keys]
    rows.header(("Term", "Step", *labels, "Fee equivalent", *(("Market fee equivalent",) if market else ())))
    for step in values.steps:
        fees = [rows.number(step.fee_equivalent, rows.formats.money)]
        if market:
            fees.append(rows.number(step.market_fee_equivalent, rows.formats.money))
        rows.add(
            rows.text(step.term),
            rows.number(step.step, _term_format(offer, step.term, rows.formats)),
            *(rows.metric(key, step.changes[key]) for key in values.metric_keys),
            *fees,
        )
    rows.note(FEE_EQUIVALENT_NOTE)


def _tornado_section(rows: _SheetRows, tornadoes: Sequence[Sensitivity], deal: Deal) -> None:
    first = tornadoes[0]
    baseline = deal.offer(first.baseline_id)
    rows.add(rows.text("Tornado of each lease against the baseline", SECTION_FONT))
    rows.add(rows.text("Baseline", BOLD), rows.text(baseline.display_name))
    rows.note(
        f"Advantage in {metric_info(first.metric).label}: the baseline's minus the lease's (positive: the lease wins), "
        "at each input's low and high value with everything else fixed; largest swing first."
    )
    for result in tornadoes:
        offer = deal.offer(result.offer_id)
        rows.add()
        rows.add(rows.text(offer.display_name, BOLD), rows.text("Advantage now", BOLD),
                 rows.metric(result.metric, result.advantage))  # fmt: skip
        rows.header(("Input", "Low", "High", "Advantage at low", "Advantage at high", "Swing"))
        for bar in result.tornado:
            fmt = _term_format(offer, bar.input, rows.formats)
            rows.add(
                rows.text(bar.input),
                rows.number(bar.low, fmt),
                rows.number(bar.high, fmt),
                rows.metric(result.metric, bar.advantage_low),
                rows.metric(result.metric, bar.advantage_high),
                rows.metric(result.metric, bar.swing),
            )


def _term_format(offer: Offer, key: str, formats: Formats) -> str | None:
    """The number format of a term (or deal input) key as the analyses name it (``power.price_per_kwh``)."""
    if key in DEAL_INPUT_FORMATS:
        return DEAL_INPUT_FORMATS[key]
    if key == "market.price_per_gpu_hour":
        return formats.price
    try:
        term = term_at(kind_of(offer).schema, key)
    except KeyError:
        return None
    if term.kind == "month":
        return _counted("month")  # ``start`` moves in whole months
    if term.unit in ("months", "days"):
        return _counted(term.unit.removesuffix("s"))
    return number_format(term, formats) or COUNT


def _counted(unit: str) -> str:
    """A whole count with its unit, singular for one: 1 month, -1 month, 3 months."""
    return f'[=1]0 "{unit}";[=-1]-0 "{unit}";#,##0 "{unit}s"'


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _is_steps(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(s, dict) and {"month", "gpus"} <= set(s) for s in value)


def _steps_text(steps: list[dict[str, Any]]) -> str:
    """A ramp as people read it: "month 0: 20,000 GPUs; month 3: 60,000 GPUs"."""
    if not steps:
        return "no ramp"
    return "; ".join(f"month {s['month']}: {s['gpus']:,} GPUs" for s in steps)
