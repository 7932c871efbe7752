"""The terms of each offer in words, as a dealmaker reads them across offers.

The window's comparison, the CLI table and the workbook's Summary all show
these rows, so the wording and the formatting live here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leasedesk.core.formatting import (
    exit_right_words,
    format_count,
    format_money,
    format_months,
    format_percent,
    format_price_per_gpu_hour,
    implied_price_per_gpu_hour,
    offer_kind_words,
)
from leasedesk.core.model import Deal, LeaseOffer, Offer, SelfBuildPlan, add_months


@dataclass(frozen=True)
class TermRow:
    key: str
    label: str
    values: dict[str, str]  # offer id -> text


def _month(date: object) -> str:
    return f"{date:%b %Y}"


def lease_end_month(lease: LeaseOffer) -> object:
    """The last month of the term (the lease runs to the end of it)."""
    return add_months(lease.start, lease.term_months - 1)


def _parties(offer: Offer) -> str:
    parts = [p for p in (offer.provider, offer.site) if p]
    return ", ".join(parts) if parts else "—"


def _gpus(offer: Offer) -> str:
    model = f" {offer.gpu_model}" if offer.gpu_model else ""
    return f"{format_count(offer.gpus)}{model}"


def _power(offer: Offer, currency: str) -> str:
    if isinstance(offer, SelfBuildPlan):
        cents = offer.electricity_price_per_kwh * 100
        return f"own: {offer.kw_per_gpu:g} kW/GPU at PUE {offer.pue:g}, {cents:.2f}¢/kWh"
    power = offer.power
    if power.included:
        return "included in the fee"
    cents = power.price_per_kwh * 100
    return f"passed through: {power.kw_per_gpu:g} kW/GPU at PUE {power.pue:g}, {cents:.2f}¢/kWh"


def term_rows(deal: Deal) -> list[TermRow]:
    currency = deal.currency
    hours = deal.assumptions.hours_per_month

    def row(key: str, label: str, lease: Callable[[LeaseOffer], str], build: Callable[[SelfBuildPlan], str]) -> TermRow:
        values = {}
        for offer in deal.offers:
            values[offer.id] = lease(offer) if isinstance(offer, LeaseOffer) else build(offer)
        return TermRow(key, label, values)

    dash: Callable[[Offer], str] = lambda _offer: "—"  # noqa: E731
    return [
        row("kind", "Kind", offer_kind_words, offer_kind_words),
        row("parties", "Provider and site", _parties, _parties),
        row("gpus", "GPUs", _gpus, _gpus),
        row("monthly_fee", "Monthly fee", lambda o: format_money(o.monthly_fee, currency), dash),
        row(
            "price_per_gpu_hour",
            "Price per GPU-hour",
            lambda o: format_price_per_gpu_hour(implied_price_per_gpu_hour(o, hours), currency),
            dash,
        ),
        row(
            "capex",
            "Capex",
            dash,
            lambda o: _capex(o, currency),
        ),
        row("start", "Start", lambda o: _month(o.start), lambda o: _month(o.start)),
        row(
            "end",
            "End / online",
            lambda o: _month(lease_end_month(o)),
            lambda o: f"online {_month(add_months(o.start, o.build_months))}",
        ),
        row(
            "term",
            "Term",
            lambda o: format_months(o.term_months),
            lambda o: f"owned; {format_months(o.build_months)} to build",
        ),
        row(
            "escalator",
            "Escalator",
            lambda o: f"{format_percent(o.escalator)} a year" if o.escalator else "none",
            lambda o: f"power {format_percent(o.power_escalator)} a year" if o.power_escalator else "none",
        ),
        row("lessee_exit", "Lessee exit", lambda o: _exit_words(o, "lessee", currency), dash),
        row("provider_exit", "Provider exit", lambda o: _exit_words(o, "provider", currency), dash),
        row("availability", "Availability", _availability, _availability),
        row("power", "Power", lambda o: _power(o, currency), lambda o: _power(o, currency)),
    ]


def _capex(plan: SelfBuildPlan, currency: str) -> str:
    return f"{format_money(plan.gpu_capex, currency)}/GPU, {format_money(plan.facility_capex_per_mw, currency)}/MW"


def _availability(offer: Offer) -> str:
    return format_percent(offer.availability)


def _exit_words(lease: LeaseOffer, side: str, currency: str) -> str:
    right = lease.lessee_exit if side == "lessee" else lease.provider_exit
    return exit_right_words(right, currency) if right.allowed else "none"
