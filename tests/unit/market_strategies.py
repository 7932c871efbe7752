"""Hypothesis strategies of small random leases and markets for the market-view tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from leasedesk.core.market.assumptions import MarketAssumptions, smallest_volatility
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, PowerTerms, RampStep, add_months

START = dt.date(2026, 1, 1)


@st.composite
def exit_rights(draw: st.DrawFn, term: int) -> ExitRight:
    if draw(st.integers(0, 3)) == 0:
        return ExitRight()
    return ExitRight(
        allowed=True,
        lock_in_months=draw(st.integers(0, term) if draw(st.booleans()) else st.integers(0, 2)),
        notice_days=draw(st.sampled_from([0.0, 0.0, 15.21875, 30.0, 45.5, 90.0, 120.0])),
        termination_fee=draw(st.sampled_from([0.0, 0.0, 500.0, 5000.0])),
    )


@st.composite
def games(draw: st.DrawFn) -> tuple[LeaseOffer, Assumptions, MarketAssumptions]:
    term = draw(st.integers(1, 8))
    start = draw(st.integers(0, 3))
    gpus = draw(st.integers(1, 20))
    p0 = draw(st.floats(0.5, 4.0))
    fee_price = draw(st.floats(0.3, 5.0))  # the lease's implied price per GPU-hour
    steps = draw(st.lists(st.tuples(st.integers(0, term - 1), st.integers(0, gpus)), max_size=3))
    ramp = tuple(RampStep(month, n) for month, n in sorted(dict(steps).items()))
    power = (
        PowerTerms(included=False, kw_per_gpu=1.5, pue=1.2, price_per_kwh=draw(st.floats(0.0, 0.2)), escalator=0.03)
        if draw(st.booleans())
        else PowerTerms()
    )
    lease = LeaseOffer(
        id="x",
        gpus=gpus,
        start=add_months(START, start),
        term_months=term,
        monthly_fee=fee_price * gpus * 730,
        escalator=draw(st.sampled_from([0.0, 0.05])),
        fee_basis=draw(st.sampled_from(["committed", "delivered"])),
        ramp=ramp,
        upfront_fee=draw(st.sampled_from([0.0, 2000.0])),
        deposit=draw(st.sampled_from([0.0, 3000.0])),
        availability=draw(st.sampled_from([1.0, 0.95])),
        power=power,
        lessee_exit=draw(exit_rights(term)),
        provider_exit=draw(exit_rights(term)),
    )
    assumptions = Assumptions(
        analysis_start=START,
        horizon_months=draw(st.integers(1, 12)),
        discount_rate=draw(st.sampled_from([0.0, 0.08, 0.3])),
        rate_convention=draw(st.sampled_from(["effective", "nominal"])),
        payment_timing=draw(st.sampled_from(["advance", "arrears"])),
        hours_per_month=730.0,
    )
    change = draw(st.floats(-0.5, 0.5))
    volatility = 0.0 if draw(st.booleans()) else smallest_volatility(change) + draw(st.floats(0.01, 1.0))
    market = MarketAssumptions(
        price_per_gpu_hour=p0,
        annual_change=change,
        volatility=volatility,
        lessee_switching_cost=draw(st.sampled_from([0.0, 0.0, 1000.0, 20000.0])),
        provider_relet_cost=draw(st.sampled_from([0.0, 0.0, 700.0, 15000.0])),
    )
    return lease, assumptions, market
