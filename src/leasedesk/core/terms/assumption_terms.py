"""The deal-wide assumptions (DESIGN.md 2, "Timeline and discounting"), declared once."""

from __future__ import annotations

from leasedesk.core.model import DEFAULT_HOURS_PER_MONTH
from leasedesk.core.terms.term import POSITIVE, Rule, Schema, Term, placed

MAX_HORIZON_MONTHS = 600
GROUP = "Assumptions"

ASSUMPTION_SCHEMA: Schema = placed(
    (
        Term(
            "analysis_start", "Analysis start", "month", "Month 0 of the comparison.",
            group=GROUP, sheet_label="Analysis start", sheet_note="Month t = 0; the first of a month.",
        ),
        Term(
            "horizon_months", "Horizon", "whole", "How many months the comparison looks at.",
            rule=Rule(lambda x: 1 <= x <= MAX_HORIZON_MONTHS, f"between 1 and {MAX_HORIZON_MONTHS}"),
            unit="months", group=GROUP, sheet_label="Horizon (months)", sheet_format="integer",
            sheet_note="The comparison covers t = 0 .. H-1.",
        ),
        Term(
            "discount_rate", "Discount rate", "percent", "Annual rate for present values.",
            rule=Rule(lambda x: -1 < x <= 10, "greater than -1 and at most 10"),
            unit="% a year", group=GROUP, sheet_label="Discount rate (annual)",
            sheet_note="One rate for every offer.",
        ),
        Term(
            "rate_convention", "Rate convention", "choice",
            "Effective: (1 + r)^(1/12) - 1 a month. Nominal: r / 12.",
            default="effective", choices=(("effective", "Effective annual"), ("nominal", "Nominal (r / 12)")),
            group=GROUP, sheet_label="Rate convention",
            sheet_note="effective: (1 + r)^(1/12) - 1 a month; nominal: r / 12.",
        ),
        Term(
            "payment_timing", "Payments", "choice",
            "When monthly amounts are paid: at the start (advance) or the end (arrears) of the month.",
            default="advance", choices=(("advance", "In advance"), ("arrears", "In arrears")),
            group=GROUP, sheet_label="Payment timing",
            sheet_note="advance: monthly amounts at the start of the month; arrears: at its end. "
            "One-offs: at the start.",
        ),
        Term(
            "hours_per_month", "Hours per month", "number", "730 is a year's 8,760 hours / 12.",
            default=DEFAULT_HOURS_PER_MONTH, rule=POSITIVE, unit="h", group=GROUP,
            sheet_label="Hours per month", sheet_note="GPU-hours per GPU and month.",
        ),
    )
)
