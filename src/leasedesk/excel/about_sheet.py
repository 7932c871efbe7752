"""The About sheet: which deal, which application version and when, and the conventions in plain words."""

from __future__ import annotations

import datetime as dt

from leasedesk import __version__
from leasedesk.core.comparison import Comparison
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.lease_terms import LEASE_SCHEMA
from leasedesk.core.terms.term import term_at
from leasedesk.excel.cells import SheetWriter
from leasedesk.excel.print_setup import landscape_fit
from leasedesk.excel.styles import BOLD, SECTION_FONT, TITLE_FONT, TOP, WRAP, set_widths

SHEET = "About"

# The example input names come from the registry, so a renamed term cannot leave them stale.
_DEAL_WIDE_EXAMPLE = term_at(ASSUMPTION_SCHEMA, "discount_rate").flat_key
_OFFER_EXAMPLE = term_at(LEASE_SCHEMA, "monthly_fee").flat_key

HOW_TO_USE = (
    "Blue cells are inputs. The deal-wide ones are on the Assumptions sheet (workbook-wide names such as "
    f"{_DEAL_WIDE_EXAMPLE}); each offer's terms are on its own sheet (sheet-wide names such as {_OFFER_EXAMPLE}, "
    "the deal-file keys). Change one and every figure recalculates.",
    "Everything else is a formula. The Summary reads each offer sheet's results; column A of the Summary holds "
    "the metric keys for programs reading this file.",
    "Each offer sheet has one schedule row per month the figures need. If you lengthen a term or the horizon "
    "beyond the rows written, the affected figures show #N/A instead of a wrong number: export again from "
    "LeaseDesk to add rows.",
    "The Summary's term rows are formulas over each offer's inputs; its kind, parties and GPU model, and the "
    "headline sentence, are text written at export.",
)

CONVENTIONS = (
    "Months t = 0 .. H-1 from the analysis start; every date is the first of a month.",
    "Monthly rate: effective (1 + r)^(1/12) - 1, or nominal r / 12.",
    "Monthly amounts (fees, power, staff, maintenance, bridge) are discounted by (1 + r_m)^-(t + d): d = 0 "
    "paid in advance, d = 1 in arrears. One-off amounts (upfront fee, deposit, termination fee, capex) are "
    "paid at the start of their month: (1 + r_m)^-t. Amounts at the end of the horizon: (1 + r_m)^-H.",
    "Lease fee in lease month k: monthly fee x (1 + escalator)^floor(k / 12), times delivered / committed GPUs "
    "during a ramp when the fee basis is 'delivered'. With a ramp, delivered GPUs are those of the last step "
    "at or before k, and none before the first step.",
    "Passed-through power: delivered GPUs x kW per GPU x PUE x hours x price per kWh, rising with the power "
    "escalator every calendar year of the analysis.",
    "A deposit is paid in lease month 0 and returned at the end of the term; if the term runs past the "
    "horizon it counts as returned at the horizon end. It earns no interest.",
    "Horizon figures assume the full term. Exit figures: notice given at the start of lease month m (not "
    "before the lock-in) ends the lease at m + notice days / 30.4375; the months before are paid in full, "
    "the last month in part, the termination fee is due and the deposit returned at that month. "
    "Minimum commitment = the cost of leaving as early as allowed.",
    "Secured months: how long the provider must keep the capacity (its lock-in plus notice, at most the term).",
    "Self-build: IT capex at go-live, facility capex in equal parts over the build months; power, staff and "
    "maintenance from go-live; bridge capacity while building, at its price per GPU-hour. The residual value "
    "at the horizon end is straight-line from go-live and counts as a negative cost. If go-live is at or after "
    "the horizon end, the facility capex paid is credited back at cost.",
    "Levelized cost per GPU-hour = present value of cost / discounted GPU-hours. Level monthly cost = present "
    "value / sum of the monthly discount factors. Break-even fee: the monthly fee at which a lease costs the "
    "same per GPU-hour as the baseline.",
    "Simplifications: no taxes; one discount rate for both sides; straight-line residual values; staff, "
    "maintenance and bridge prices do not escalate.",
)


def write_about_sheet(writer: SheetWriter, comparison: Comparison, exported_at: dt.datetime) -> None:
    deal = comparison.deal
    baseline = deal.offer(comparison.baseline_id).display_name if comparison.baseline_id else "none"
    writer.text(1, 1, "LeaseDesk workbook", font=TITLE_FONT)
    facts = (
        ("Deal", deal.name),
        ("Currency", deal.currency),
        ("Offers", str(len(deal.offers))),
        ("Baseline", baseline),
        ("Application", f"LeaseDesk {__version__}"),
        ("Exported", exported_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Notes", deal.notes),
    )
    row = 3
    for label, text in facts:
        writer.text(row, 1, label, font=BOLD, alignment=TOP)
        writer.text(row, 2, text, alignment=WRAP)
        row += 1
    row = _paragraphs(writer, row + 1, "How to use this workbook", HOW_TO_USE)
    _paragraphs(writer, row + 1, "Calculation conventions", CONVENTIONS)
    set_widths(writer.ws, {"A": 16, "B": 110})
    writer.fit_rows()
    landscape_fit(writer.ws, pages_tall=1)  # one page: its second held a few stray lines


def _paragraphs(writer: SheetWriter, row: int, title: str, lines: tuple[str, ...]) -> int:
    writer.text(row, 1, title, font=SECTION_FONT)
    row += 1
    for line in lines:
        writer.text(row, 2, line, alignment=WRAP)
        row += 1
    return row
