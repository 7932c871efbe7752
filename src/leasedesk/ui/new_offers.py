"""What "New deal", "Add lease" and "Add self-build" start from: valid terms near public figures (DESIGN.md 6).

A new offer starts at the analysis start, so it always validates; the person then types
the real terms over it.
"""

from __future__ import annotations

import datetime as dt

from leasedesk.core.edits import placeholder_fee
from leasedesk.core.model import Assumptions, Deal, ExitRight, LeaseOffer, SelfBuildPlan, add_months
from leasedesk.core.negotiation import unique_id

NEW_DEAL_NAME = "Untitled deal"
DEFAULT_GPUS = 10_000
DEFAULT_TERM_MONTHS = 36


def first_of_next_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return add_months(today.replace(day=1), 1)


def new_deal(today: dt.date | None = None) -> Deal:
    assumptions = Assumptions(analysis_start=first_of_next_month(today), horizon_months=36, discount_rate=0.10)
    return Deal(name=NEW_DEAL_NAME, assumptions=assumptions)


def _next_name(deal: Deal, stem: str) -> str:
    names = {offer.name for offer in deal.offers}
    number = 1
    while f"{stem} {number}" in names:
        number += 1
    return f"{stem} {number}"


def new_lease(deal: Deal) -> LeaseOffer:
    hours = deal.assumptions.hours_per_month
    return LeaseOffer(
        id=unique_id(deal, "lease"),
        name=_next_name(deal, "Lease"),
        gpus=DEFAULT_GPUS,
        start=deal.assumptions.analysis_start,
        term_months=DEFAULT_TERM_MONTHS,
        monthly_fee=placeholder_fee(DEFAULT_GPUS, hours),
        lessee_exit=ExitRight(allowed=False),
        provider_exit=ExitRight(allowed=False),
    )


def new_self_build(deal: Deal) -> SelfBuildPlan:
    return SelfBuildPlan(
        id=unique_id(deal, "build"),
        name=_next_name(deal, "Self-build"),
        gpus=DEFAULT_GPUS,
        start=deal.assumptions.analysis_start,
        gpu_capex=50_000,
        kw_per_gpu=2.0,
        pue=1.2,
        facility_capex_per_mw=12_000_000,
        build_months=12,
        electricity_price_per_kwh=0.068,
        it_life_years=5,
        facility_life_years=20,
        power_escalator=0.02,
        maintenance_pct=0.03,
        availability=0.97,
    )
