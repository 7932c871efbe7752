"""The terms of a lease (DESIGN.md 2 "Lease" and "Exit rights"; clauses and steps of 8.1 and 8.2)."""

from __future__ import annotations

from dataclasses import replace

from leasedesk.core.model import ExitRight, PowerTerms
from leasedesk.core.terms import offer_terms as common
from leasedesk.core.terms.term import (
    ESCALATOR,
    ESCALATOR_PLAUSIBLE,
    NON_NEGATIVE,
    NOTICE_PLAUSIBLE,
    PUE,
    Plausible,
    Rule,
    Schema,
    Switch,
    Term,
    TermObject,
    placed,
)

# A lease's price per GPU-hour outside $0.10 to $50, or under half / over twice the market's, is most
# likely a slip (a fee typed in thousands, a percent read as a fraction).
PRICE_PLAUSIBLE = Plausible(low=0.10, high=50.0, per_gpu_hour=True, market_share=(0.5, 2.0))


def _exit(side: str, who: str, fee_label: str, fee_step: float | None) -> TermObject:
    group = f"{who} exit"
    lower = who.lower()
    return TermObject(
        side,
        ExitRight,
        (
            Term(
                "allowed", f"{who} may end early", "flag", f"Whether the {lower} may end the lease before its term.",
                default=False, group=group, sheet_label=f"{who} may exit early (TRUE/FALSE)",
            ),
            Term(
                "lock_in_months", "Lock-in", "whole",
                "The earliest lease month at whose start notice may be given (the lock-in).",
                default=0, rule=NON_NEGATIVE, unit="months", group=group,
                sheet_label=f"{who} exit: lock-in (lease months)", sheet_format="integer", step=1,
            ),
            Term(
                "notice_days", "Notice", "number",
                "Days between notice and the end of the lease; 30.4375 days make a month.",
                default=0.0, rule=NON_NEGATIVE, unit="days", group=group, sheet_label=f"{who} exit: notice (days)",
                step=30, plausible=NOTICE_PLAUSIBLE,
            ),
            Term(
                "termination_fee", "Termination fee", "money", f"Paid by the {lower} when the lease ends early.",
                default=0.0, group=group, sheet_label=fee_label, step=fee_step,
            ),
        ),
        clause=side,
        switch=Switch("allowed", on_when=True),
    )


LEASE_SCHEMA: Schema = placed(
    (
        common.ID,
        common.NAME,
        common.PROVIDER,
        common.SITE,
        common.GPU_MODEL,
        replace(common.GPUS, sheet_label="GPUs committed", step=1000),
        replace(common.START, tooltip="First month of the lease (the first of a month)."),
        Term(
            "term_months", "Term", "whole", "Length of the lease in months.",
            rule=Rule(lambda x: x >= 1, "a whole number >= 1"), unit="months", group="Term",
            sheet_label="Term (months)", sheet_format="integer", step=1, clause="term",
        ),
        Term(
            "monthly_fee", "Monthly fee", "money", "The base fee a month for all committed GPUs.",
            group="Fee", sheet_label="Monthly fee (all committed GPUs)", step=1_000_000, clause="fee",
            plausible=PRICE_PLAUSIBLE,
        ),
        Term(
            "escalator", "Escalator", "percent", "Yearly fee increase, applied once a lease year.",
            default=0.0, rule=ESCALATOR, unit="% a year", group="Fee", sheet_label="Fee escalator per lease year",
            step=0.01, clause="escalator", plausible=ESCALATOR_PLAUSIBLE,
        ),
        Term(
            "fee_basis", "Fee basis", "choice",
            "Committed: the full fee from the first month. Delivered: scaled by delivered GPUs during a ramp.",
            default="committed", choices=(("committed", "On committed GPUs"), ("delivered", "On delivered GPUs")),
            group="Fee", sheet_label="Fee basis (committed or delivered)", clause="fee",
        ),
        Term("ramp", "Ramp", "steps", default=(), clause="capacity"),
        Term(
            "upfront_fee", "Upfront fee", "money", "Paid once, at the start of the lease.",
            default=0.0, group="Fee", sheet_label="Upfront fee (lease month 0)", step=10_000_000,
            clause="upfront_and_deposit",
        ),
        Term(
            "deposit", "Deposit", "money", "Paid at the start, returned at the end of the term (no interest).",
            default=0.0, group="Fee", sheet_label="Deposit (month 0, back at the term end)", step=10_000_000,
            clause="upfront_and_deposit",
        ),
        common.AVAILABILITY,
        TermObject(
            "power",
            PowerTerms,
            (
                Term(
                    "included", "Power included in the fee", "flag",
                    "Off: power is passed through at cost on top of the fee.",
                    default=True, group="Power", sheet_label="Power included in the fee (TRUE/FALSE)",
                ),
                Term(
                    "kw_per_gpu", "kW per GPU", "number", "All-in IT power per GPU.",
                    default=0.0, rule=NON_NEGATIVE, unit="kW", group="Power", sheet_label="Power: kW per GPU",
                ),
                Term(
                    "pue", "PUE", "number", "Facility power over IT power (1.1 to 1.2 at hyperscale).",
                    default=1.0, rule=PUE, group="Power", sheet_label="Power: PUE",
                ),
                Term(
                    "price_per_kwh", "Price per kWh", "price", "Electricity price at the analysis start.",
                    default=0.0, group="Power", sheet_label="Power: price per kWh",
                ),
                Term(
                    "escalator", "Power escalator", "percent",
                    "Yearly power price increase, by year of the analysis.",
                    default=0.0, rule=ESCALATOR, unit="% a year", group="Power",
                    sheet_label="Power: escalator per calendar year", plausible=ESCALATOR_PLAUSIBLE,
                ),
            ),
            clause="power",
            switch=Switch("included", on_when=False),
        ),
        _exit("lessee_exit", "Lessee", "Lessee exit: termination fee", 10_000_000),
        _exit("provider_exit", "Provider", "Provider exit: fee paid to you", None),
        replace(common.NOTES, tooltip="Anything worth remembering about this offer."),
        common.REVISIONS,
        common.COUNTER_OF,
        common.PROPOSED_BY,
    )
)

# The order of the inputs on a lease's sheet (the workbook has always listed the fee first).
LEASE_SHEET_ORDER = (
    "gpus", "monthly_fee", "term_months", "start", "escalator", "fee_basis", "upfront_fee", "deposit",
    "availability", "power_included", "power_kw_per_gpu", "power_pue", "power_price_per_kwh", "power_escalator",
    "lessee_exit_allowed", "lessee_exit_lock_in_months", "lessee_exit_notice_days", "lessee_exit_termination_fee",
    "provider_exit_allowed", "provider_exit_lock_in_months", "provider_exit_notice_days",
    "provider_exit_termination_fee",
)
