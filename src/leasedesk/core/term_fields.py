"""The editable terms of each offer kind: key path, label, kind of value, unit, group and meaning.

The term-sheet editor builds its form from these, and the workbook names its input
cells after the same keys (nested keys joined with "_": ``lessee_exit_notice_days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

ValueKind: TypeAlias = Literal["text", "money", "price", "percent", "number", "whole", "month", "choice", "flag"]


@dataclass(frozen=True)
class TermField:
    path: tuple[str, ...]  # ("lessee_exit", "notice_days")
    label: str
    kind: ValueKind
    group: str
    tooltip: str
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)

    @property
    def key(self) -> str:
        """The flat name: the path joined with '_' (as the workbook's defined names)."""
        return "_".join(self.path)


def _f(path: str, label: str, kind: ValueKind, group: str, tooltip: str, unit: str = "",
       choices: tuple[tuple[str, str], ...] = ()) -> TermField:
    return TermField(tuple(path.split(".")), label, kind, group, tooltip, unit, choices)


_IDENTITY = (
    _f("name", "Offer name", "text", "Parties", "How this offer is called in the comparison."),
    _f("provider", "Provider", "text", "Parties", "Who provides the capacity."),
    _f("site", "Site", "text", "Parties", "Where the cluster is."),
    _f("gpu_model", "GPU model", "text", "Capacity", "For example GB300 or H100."),
    _f("gpus", "GPUs", "whole", "Capacity", "GPUs committed (leases) or built (self-build)."),
)


def _exit(side: str, who: str) -> tuple[TermField, ...]:
    group = f"{who} exit"
    return (
        _f(f"{side}.allowed", f"{who} may end early", "flag", group,
           f"Whether the {who.lower()} may end the lease before its term."),
        _f(f"{side}.lock_in_months", "Lock-in", "whole", group,
           "The earliest lease month at whose start notice may be given (the lock-in).", "months"),
        _f(f"{side}.notice_days", "Notice", "number", group,
           "Days between notice and the end of the lease; 30.4375 days make a month.", "days"),
        _f(f"{side}.termination_fee", "Termination fee", "money", group,
           f"Paid by the {who.lower()} when the lease ends early."),
    )


LEASE_FIELDS: tuple[TermField, ...] = (
    *_IDENTITY,
    _f("start", "Start", "month", "Term", "First month of the lease (the first of a month)."),
    _f("term_months", "Term", "whole", "Term", "Length of the lease in months.", "months"),
    _f("monthly_fee", "Monthly fee", "money", "Fee", "The base fee a month for all committed GPUs."),
    _f("escalator", "Escalator", "percent", "Fee", "Yearly fee increase, applied once a lease year.", "% a year"),
    _f("fee_basis", "Fee basis", "choice", "Fee",
       "Committed: the full fee from the first month. Delivered: scaled by delivered GPUs during a ramp.",
       choices=(("committed", "On committed GPUs"), ("delivered", "On delivered GPUs"))),
    _f("upfront_fee", "Upfront fee", "money", "Fee", "Paid once, at the start of the lease."),
    _f("deposit", "Deposit", "money", "Fee", "Paid at the start, returned at the end of the term (no interest)."),
    _f("availability", "Availability", "percent", "Capacity", "Share of hours the GPUs are usable.", "%"),
    _f("power.included", "Power included in the fee", "flag", "Power",
       "Off: power is passed through at cost on top of the fee."),
    _f("power.kw_per_gpu", "kW per GPU", "number", "Power", "All-in IT power per GPU.", "kW"),
    _f("power.pue", "PUE", "number", "Power", "Facility power over IT power (1.1 to 1.2 at hyperscale)."),
    _f("power.price_per_kwh", "Price per kWh", "price", "Power", "Electricity price at the analysis start."),
    _f("power.escalator", "Power escalator", "percent", "Power",
       "Yearly power price increase, by year of the analysis.", "% a year"),
    *_exit("lessee_exit", "Lessee"),
    *_exit("provider_exit", "Provider"),
    _f("notes", "Notes", "text", "Notes", "Anything worth remembering about this offer."),
)

SELF_BUILD_FIELDS: tuple[TermField, ...] = (
    *_IDENTITY,
    _f("start", "Build starts", "month", "Build", "First month of the build (the first of a month)."),
    _f("build_months", "Build time", "whole", "Build", "Months from the start of the build to go-live.", "months"),
    _f("gpu_capex", "Capex per GPU", "money", "Capex",
       "All-in per GPU: server, network, storage share; paid at go-live."),
    _f("facility_capex_per_mw", "Facility capex per MW", "money", "Capex",
       "Per MW of IT load; paid in equal parts over the build months."),
    _f("kw_per_gpu", "kW per GPU", "number", "Power", "All-in IT power per GPU.", "kW"),
    _f("pue", "PUE", "number", "Power", "Facility power over IT power."),
    _f("electricity_price_per_kwh", "Electricity price per kWh", "price", "Power",
       "Price at the analysis start."),
    _f("power_escalator", "Power escalator", "percent", "Power", "Yearly power price increase.", "% a year"),
    _f("staff_per_month", "Staff per month", "money", "Running costs", "Operations staff, from go-live."),
    _f("maintenance_pct", "Maintenance", "percent", "Running costs", "A year, as a share of IT capex.", "% a year"),
    _f("availability", "Availability", "percent", "Capacity", "Share of hours the own GPUs are usable.", "%"),
    _f("bridge_price_per_gpu_hour", "Bridge capacity price", "price", "Build",
       "Rented capacity during the build, per GPU-hour; 0 for none."),
    _f("it_life_years", "IT life", "number", "Residual value", "Straight-line life of servers.", "years"),
    _f("facility_life_years", "Facility life", "number", "Residual value", "Straight-line life of the facility.",
       "years"),
    _f("notes", "Notes", "text", "Notes", "Anything worth remembering about this plan."),
)

ASSUMPTION_FIELDS: tuple[TermField, ...] = (
    _f("analysis_start", "Analysis start", "month", "Assumptions", "Month 0 of the comparison."),
    _f("horizon_months", "Horizon", "whole", "Assumptions", "How many months the comparison looks at.", "months"),
    _f("discount_rate", "Discount rate", "percent", "Assumptions", "Annual rate for present values.", "% a year"),
    _f("rate_convention", "Rate convention", "choice", "Assumptions",
       "Effective: (1 + r)^(1/12) - 1 a month. Nominal: r / 12.",
       choices=(("effective", "Effective annual"), ("nominal", "Nominal (r / 12)"))),
    _f("payment_timing", "Payments", "choice", "Assumptions",
       "When monthly amounts are paid: at the start (advance) or the end (arrears) of the month.",
       choices=(("advance", "In advance"), ("arrears", "In arrears"))),
    _f("hours_per_month", "Hours per month", "number", "Assumptions", "730 is a year's 8,760 hours / 12.", "h"),
)


def fields_for(kind: str) -> tuple[TermField, ...]:
    return LEASE_FIELDS if kind == "lease" else SELF_BUILD_FIELDS


def field_by_key(kind: str, key: str) -> TermField | None:
    return next((term for term in fields_for(kind) if term.key == key), None)
