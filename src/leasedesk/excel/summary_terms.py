"""The Summary's term rows: live formulas over each offer's named inputs, with number formats.

A term that reads as one number (the fee, GPUs, the start month) is a reference with a number format;
a term people read as a phrase (an exit right, the power terms) is a text formula over the names, so a
fee changed on an offer sheet shows the new fee here. Only the kind and the parties (provider, site,
GPU model), which are not workbook inputs, are text as exported.

The phrases use only functions LibreOffice, Gnumeric and Excel agree on (IF, FIXED, TEXT with "0.00",
"&" of a number); the cached result of each is the text those engines compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.styles import Alignment

from leasedesk.core.formatting import currency_prefix
from leasedesk.core.model import ExitRight, LeaseOffer, SelfBuildPlan, add_months
from leasedesk.core.terms.kinds import offer_kind_words
from leasedesk.core.terms.rows import NO_TERM
from leasedesk.excel.cells import CachedValue
from leasedesk.excel.schedule_values import EXCEL_EPOCH
from leasedesk.excel.styles import COUNT, LINE_POINTS, MONTH, wrapped_lines
from leasedesk.excel.summary_headline import WRAP_MARGIN

if TYPE_CHECKING:
    from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

SECTION = "Terms (formulas over each offer's inputs; kind, parties and GPU model as exported)"
PERCENT_ONE = "0.0%"
PERCENT_A_YEAR = '0.0%" a year";-0.0%" a year";"none"'
POWER_PERCENT_A_YEAR = '"power "0.0%" a year";"power "-0.0%" a year";"none"'
WHOLE_MONTHS = '0" months"'
LEFT_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")  # numbers and phrases read alike


@dataclass(frozen=True)
class TermCell:
    """What one offer shows in one term row: a formula (with its cached result) or, with no formula, text."""

    cached: CachedValue
    formula: str | None = None
    number_format: str | None = None


Builder = Callable[["OfferColumn", "SummaryWriter"], TermCell]


def number_text(value: float) -> str:
    """A number as "&" turns it into text in a spreadsheet: up to 15 significant digits, no trailing zeros."""
    return f"{value:.15g}"


def _literal(text: str) -> str:
    """A string literal of a formula."""
    return '"' + text.replace('"', '""') + '"'


def _serial(day: dt.date) -> float:
    return float((day - EXCEL_EPOCH).days)


def _yes_no(name: str) -> str:
    """The TRUE/FALSE input, or #N/A for anything else (as the offer sheets read their switches)."""
    return f"IF(ISLOGICAL({name}),{name},NA())"


# --- the phrases: formula and the same text in Python --------------------------------------------------------


def exit_formula(item: OfferColumn, side: str, prefix: str) -> str:
    """'90 days' notice after month 3, no fee', 'none' when the right is off: over the side's four inputs."""
    def ref(key: str) -> str:
        return item.input_ref(f"{side}_{key}")

    days, lock, fee = ref("notice_days"), ref("lock_in_months"), ref("termination_fee")
    notice = f'IF({days}=1,"1 day\'s",{days}&" days\'")'
    when = f'IF({lock}>0,"after month "&{lock},"at any time")'
    charge = f'IF({fee}=0,"no fee",{_literal(prefix)}&FIXED({fee},0)&" fee")'
    return f'=IF({_yes_no(ref("allowed"))},{notice}&" notice "&{when}&", "&{charge},"none")'


def exit_text(right: ExitRight, prefix: str) -> str:
    if not right.allowed:
        return "none"
    notice = "1 day's" if right.notice_days == 1 else f"{number_text(right.notice_days)} days'"
    when = f"after month {right.lock_in_months}" if right.lock_in_months > 0 else "at any time"
    fee = "no fee" if right.termination_fee == 0 else f"{prefix}{right.termination_fee:,.0f} fee"
    return f"{notice} notice {when}, {fee}"


def _power_phrase(kw: str, pue: str, price: str) -> str:
    return f'{kw}&" kW/GPU at PUE "&{pue}&", "&TEXT({price}*100,"0.00")&"¢/kWh"'


def _power_text(kw: float, pue: float, price: float) -> str:
    return f"{number_text(kw)} kW/GPU at PUE {number_text(pue)}, {price * 100:.2f}¢/kWh"


# --- the rows ------------------------------------------------------------------------------------------------


def _dash(_item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(NO_TERM)


def _kind(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(offer_kind_words(item.result.offer))


def _parties(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    parts = [part for part in (offer.provider, offer.site) if part]
    return TermCell(", ".join(parts) if parts else NO_TERM)


def _gpu_model(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(item.result.offer.gpu_model or NO_TERM)


def _gpus(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(float(item.result.offer.gpus), "=" + item.input_ref("gpus"), COUNT)


def _monthly_fee(item: OfferColumn, summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    if not isinstance(offer, LeaseOffer):
        return TermCell(NO_TERM)
    return TermCell(offer.monthly_fee, "=" + item.input_ref("monthly_fee"), summary.formats.money)


def _price_per_gpu_hour(item: OfferColumn, summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    if not isinstance(offer, LeaseOffer):
        return TermCell(NO_TERM)
    hours = summary.comparison.deal.assumptions.hours_per_month
    formula = f"={item.input_ref('monthly_fee')}/({item.input_ref('gpus')}*hours_per_month)"
    return TermCell(offer.monthly_fee / (offer.gpus * hours), formula, summary.formats.price)


def _self_build_money(key: str) -> Builder:
    def build(item: OfferColumn, summary: SummaryWriter) -> TermCell:
        offer = item.result.offer
        if not isinstance(offer, SelfBuildPlan):
            return TermCell(NO_TERM)
        return TermCell(float(getattr(offer, key)), "=" + item.input_ref(key), summary.formats.money)

    return build


def _start(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(_serial(item.result.offer.start), "=" + item.input_ref("start"), MONTH)


def _end(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    offer, start = item.result.offer, item.input_ref("start")
    if isinstance(offer, LeaseOffer):
        end = add_months(offer.start, offer.term_months - 1)
        return TermCell(_serial(end), f"=EDATE({start},{item.input_ref('term_months')}-1)", MONTH)
    assert isinstance(offer, SelfBuildPlan)
    online = add_months(offer.start, offer.build_months)
    return TermCell(_serial(online), f"=EDATE({start},{item.input_ref('build_months')})", MONTH)


def _term(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    if isinstance(offer, LeaseOffer):
        return TermCell(float(offer.term_months), "=" + item.input_ref("term_months"), WHOLE_MONTHS)
    assert isinstance(offer, SelfBuildPlan)
    months = item.input_ref("build_months")
    formula = f'="owned; "&{months}&IF({months}=1," month"," months")&" to build"'
    unit = "month" if offer.build_months == 1 else "months"
    return TermCell(f"owned; {offer.build_months} {unit} to build", formula)


def _escalator(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    if isinstance(offer, LeaseOffer):
        return TermCell(offer.escalator, "=" + item.input_ref("escalator"), PERCENT_A_YEAR)
    assert isinstance(offer, SelfBuildPlan)
    return TermCell(offer.power_escalator, "=" + item.input_ref("power_escalator"), POWER_PERCENT_A_YEAR)


def _exit(side: str) -> Builder:
    def build(item: OfferColumn, summary: SummaryWriter) -> TermCell:
        offer = item.result.offer
        if not isinstance(offer, LeaseOffer):
            return TermCell(NO_TERM)
        prefix = currency_prefix(summary.comparison.deal.currency)
        right: ExitRight = getattr(offer, side)
        return TermCell(exit_text(right, prefix), exit_formula(item, side, prefix))

    return build


def _availability(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    return TermCell(item.result.offer.availability, "=" + item.input_ref("availability"), PERCENT_ONE)


def _power(item: OfferColumn, _summary: SummaryWriter) -> TermCell:
    offer = item.result.offer
    if isinstance(offer, LeaseOffer):
        power = offer.power
        included, kw, pue, price = (
            item.input_ref(f"power_{key}") for key in ("included", "kw_per_gpu", "pue", "price_per_kwh")
        )
        formula = f'=IF({_yes_no(included)},"included in the fee","passed through: "&{_power_phrase(kw, pue, price)})'
        if power.included:
            return TermCell("included in the fee", formula)
        return TermCell("passed through: " + _power_text(power.kw_per_gpu, power.pue, power.price_per_kwh), formula)
    assert isinstance(offer, SelfBuildPlan)
    kw, pue, price = (item.input_ref(key) for key in ("kw_per_gpu", "pue", "electricity_price_per_kwh"))
    text = "own: " + _power_text(offer.kw_per_gpu, offer.pue, offer.electricity_price_per_kwh)
    return TermCell(text, f'="own: "&{_power_phrase(kw, pue, price)}')


# (key in column A, label, builder); the keys are those of core.terms.rows where the row means the same.
ROWS: tuple[tuple[str, str, Builder], ...] = (
    ("kind", "Kind", _kind),
    ("parties", "Provider and site", _parties),
    ("gpu_model", "GPU model", _gpu_model),
    ("gpus", "GPUs", _gpus),
    ("monthly_fee", "Monthly fee", _monthly_fee),
    ("price_per_gpu_hour", "Price per GPU-hour (fee / (GPUs x hours a month))", _price_per_gpu_hour),
    ("gpu_capex", "IT capex per GPU", _self_build_money("gpu_capex")),
    ("facility_capex_per_mw", "Facility capex per MW", _self_build_money("facility_capex_per_mw")),
    ("start", "Start", _start),
    ("end", "End (lease) / online (self-build)", _end),
    ("term", "Term", _term),
    ("escalator", "Escalator", _escalator),
    ("lessee_exit", "Lessee exit", _exit("lessee_exit")),
    ("provider_exit", "Provider exit", _exit("provider_exit")),
    ("availability", "Availability", _availability),
    ("power", "Power", _power),
)


def term_cell(key: str, item: OfferColumn, summary: SummaryWriter) -> TermCell:
    """One offer's cell of the term row ``key``; text as exported when a name it needs is missing."""
    builder = next(build for row_key, _label, build in ROWS if row_key == key)
    try:
        return builder(item, summary)
    except KeyError:  # an input the offer's sheet does not have (an absent optional object)
        return TermCell(NO_TERM)


def write_terms(summary: SummaryWriter, row: int) -> int:
    """The term rows from ``row`` (a section heading first); returns the row after them."""
    summary.section(row, SECTION)
    row += 1
    writer = summary.writer
    for key, label, _build in ROWS:
        summary.keyed_row(row, key, label)
        lines = 1
        for item in summary.columns:
            cell = term_cell(key, item, summary)
            if cell.formula is None:
                writer.text(row, item.column, str(cell.cached), alignment=LEFT_WRAP)
            else:
                writer.formula(row, item.column, cell.formula, cell.cached, cell.number_format, alignment=LEFT_WRAP)
                if isinstance(cell.cached, str):  # a phrase: as tall as its text as exported
                    lines = max(lines, wrapped_lines(cell.cached, summary.offer_width * WRAP_MARGIN))
        if lines > 1:
            writer.ws.row_dimensions[row].height = lines * LINE_POINTS
        row += 1
    return row

