"""Each kind's terms as the comparison's term rows read them: words, and raw values to sort by.

A kind fills the rows it has; the rows it has not show a dash (core.terms.rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leasedesk.core.formatting import (
    exit_right_words,
    format_money,
    format_months,
    format_percent,
    format_price_per_gpu_hour,
    implied_price_per_gpu_hour,
)
from leasedesk.core.model import ExitRight, LeaseOffer, SelfBuildPlan, add_months

RawValue = float | int | str | None


@dataclass(frozen=True)
class RowContext:
    currency: str
    hours_per_month: float


def month_words(date: dt.date) -> str:
    return f"{date:%b %Y}"


def lease_end_month(lease: LeaseOffer) -> dt.date:
    """The last month of the term (the lease runs to the end of it)."""
    return add_months(lease.start, lease.term_months - 1)


def self_build_online_month(plan: SelfBuildPlan) -> dt.date:
    return add_months(plan.start, plan.build_months)


def _cents(price_per_kwh: float) -> str:
    return f"{price_per_kwh * 100:.2f}¢/kWh"


def _exit_words(right: ExitRight, currency: str) -> str:
    return exit_right_words(right, currency) if right.allowed else "none"


def lease_row_words(lease: LeaseOffer, context: RowContext) -> dict[str, str]:
    currency, power = context.currency, lease.power
    if power.included:
        power_words = "included in the fee"
    else:
        power_words = f"passed through: {power.kw_per_gpu:g} kW/GPU at PUE {power.pue:g}, {_cents(power.price_per_kwh)}"
    return {
        "monthly_fee": format_money(lease.monthly_fee, currency),
        "price_per_gpu_hour": format_price_per_gpu_hour(
            implied_price_per_gpu_hour(lease, context.hours_per_month), currency
        ),
        "end": month_words(lease_end_month(lease)),
        "term": format_months(lease.term_months),
        "escalator": f"{format_percent(lease.escalator)} a year" if lease.escalator else "none",
        "lessee_exit": _exit_words(lease.lessee_exit, currency),
        "provider_exit": _exit_words(lease.provider_exit, currency),
        "power": power_words,
    }


def lease_row_values(lease: LeaseOffer, hours_per_month: float) -> dict[str, RawValue]:
    return {
        "monthly_fee": lease.monthly_fee,
        "price_per_gpu_hour": implied_price_per_gpu_hour(lease, hours_per_month),
        "end": lease_end_month(lease).isoformat(),
        "term": lease.term_months,
        "escalator": lease.escalator,
    }


def self_build_row_words(plan: SelfBuildPlan, context: RowContext) -> dict[str, str]:
    currency = context.currency
    capex = f"{format_money(plan.gpu_capex, currency)}/GPU, {format_money(plan.facility_capex_per_mw, currency)}/MW"
    escalator = plan.power_escalator
    return {
        "capex": capex,
        "end": f"online {month_words(self_build_online_month(plan))}",
        "term": f"owned; {format_months(plan.build_months)} to build",
        "escalator": f"power {format_percent(escalator)} a year" if escalator else "none",
        "power": f"own: {plan.kw_per_gpu:g} kW/GPU at PUE {plan.pue:g}, {_cents(plan.electricity_price_per_kwh)}",
    }


def self_build_row_values(plan: SelfBuildPlan, hours_per_month: float) -> dict[str, RawValue]:
    return {
        "capex": plan.gpu_capex,
        "end": self_build_online_month(plan).isoformat(),
        "escalator": plan.power_escalator,
    }
