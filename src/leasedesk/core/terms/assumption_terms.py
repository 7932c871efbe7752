"""The deal-wide assumptions (DESIGN.md 2, "Timeline and discounting"; 7, the market), declared once."""

from __future__ import annotations

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.reading import read_market
from leasedesk.core.model import DEFAULT_HOURS_PER_MONTH
from leasedesk.core.terms.term import NON_NEGATIVE, POSITIVE, Plausible, Rule, Schema, Term, TermObject, placed

MAX_HORIZON_MONTHS = 600
GROUP = "Assumptions"
MARKET_GROUP = "Market"

# The market view (DESIGN.md 7): optional; read by read_market, which also checks the volatility
# against the drift (a rule across two fields). The rules here say the same for each field alone.
MARKET = TermObject(
    "market",
    MarketAssumptions,
    (
        Term(
            "price_per_gpu_hour", "Market price per GPU-hour", "price",
            "What one GPU-hour of comparable capacity costs on the market at the analysis start, all-in.",
            rule=Rule(lambda x: x > 0, "> 0"), group=MARKET_GROUP,
            sheet_label="Market price per GPU-hour", sheet_note="All-in, at the analysis start (DESIGN.md 7).",
        ),
        Term(
            "annual_change", "Expected yearly change", "percent", "Expected change of the market price a year.",
            default=0.0, rule=Rule(lambda x: x > -1, "greater than -1"), unit="% a year", group=MARKET_GROUP,
            sheet_label="Market price: expected yearly change", sheet_note="Monthly growth (1 + g)^(1/12).",
        ),
        Term(
            "volatility", "Volatility", "number", "Annual volatility of the market price (0: no uncertainty).",
            default=0.0, rule=NON_NEGATIVE, unit="a year", group=MARKET_GROUP,
            sheet_label="Market price: volatility (annual)", sheet_note="Used by the lattice figures only.",
        ),
        Term(
            "required_gpus", "Required GPUs", "whole",
            "The capacity needed every month of the horizon; empty: the largest offer's GPUs.",
            default=None, rule=POSITIVE, group=MARKET_GROUP,
            sheet_label="Required GPUs", sheet_format="count",
            sheet_note="Capacity needed every month; blank: the largest offer's GPUs.",
        ),
        Term(
            "lessee_switching_cost", "Lessee's switching cost", "money",
            "One-off cost to the lessee whenever a lease ends early.", default=0.0, group=MARKET_GROUP,
            sheet_label="Lessee's switching cost", sheet_note="Used by the lattice figures only.",
        ),
        Term(
            "provider_relet_cost", "Provider's re-letting cost", "money",
            "One-off cost to the provider whenever a lease ends early.", default=0.0, group=MARKET_GROUP,
            sheet_label="Provider's re-letting cost", sheet_note="Used by the lattice figures only.",
        ),
    ),
    optional=True,
    read=read_market,
)

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
            sheet_note="One rate for every offer.", plausible=Plausible(high=0.5),  # over 50% a year: a slip
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
        MARKET,
    )
)
