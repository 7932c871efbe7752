"""The deal the benchmarks share: offers of both kinds, ramps, deposits, exits, late starts, bridges."""

from __future__ import annotations

import datetime as dt

from leasedesk.core.model import (
    Assumptions,
    Deal,
    ExitRight,
    LeaseOffer,
    Offer,
    PowerTerms,
    RampStep,
    SelfBuildPlan,
    add_months,
)


def make_deal(offers: int, horizon: int) -> Deal:
    start = dt.date(2026, 7, 1)
    made: list[Offer] = []
    for i in range(offers):
        if i % 4 == 3:
            made.append(
                SelfBuildPlan(
                    id=f"build{i}", name=f"Build {i}", gpus=20000 + 1000 * i, start=add_months(start, i % 6),
                    gpu_capex=48000, kw_per_gpu=2.0, pue=1.2, facility_capex_per_mw=12e6, build_months=12,
                    electricity_price_per_kwh=0.068, it_life_years=5, facility_life_years=20, power_escalator=0.02,
                    staff_per_month=2e6, maintenance_pct=0.03, availability=0.97,
                    bridge_price_per_gpu_hour=2.5 if i % 8 == 7 else 0.0,
                )
            )
        else:
            made.append(
                LeaseOffer(
                    id=f"lease{i}", name=f"Lease {i}", gpus=60000, start=add_months(start, i % 12),
                    term_months=max(6, horizon - 6 + i % 24), monthly_fee=150e6 - 1e6 * i, escalator=0.03,
                    fee_basis="delivered" if i % 2 else "committed", ramp=(RampStep(0, 20000), RampStep(3, 60000)),
                    deposit=1e8, availability=0.99,
                    power=PowerTerms(included=i % 3 != 0, kw_per_gpu=2.0, pue=1.2, price_per_kwh=0.07, escalator=0.02),
                    lessee_exit=ExitRight(True, 3, 90, 2.5e8), provider_exit=ExitRight(True, 6, 180, 0),
                )
            )
    assumptions = Assumptions(analysis_start=start, horizon_months=horizon, discount_rate=0.10)
    return Deal(name="benchmark", assumptions=assumptions, offers=tuple(made))
