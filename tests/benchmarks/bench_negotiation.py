"""How long the negotiation analyses of DESIGN.md 8 take on a 40-offer deal over 240 months.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_negotiation.py``. Targets: the bridge of a 240-month lease
with all 10 lease clauses changed (1,024 blends) under 300 ms on the full-term metrics; term values under
100 ms; the tornado plus a 5 x 5 grid over a deal input and an offer input (every offer recomputed in
every cell) under 500 ms.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Callable

from bench_deals import make_deal

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal, ExitRight, LeaseOffer, PowerTerms, RampStep, add_months
from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.sensitivity import sensitivity
from leasedesk.core.negotiation.solve import solve
from leasedesk.core.negotiation.term_values import term_values


def time_ms(function: Callable[[], object], repeats: int = 7) -> float:
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def bench_deal() -> Deal:
    """make_deal(40, 240) with its first lease running the whole 240 months, and an earlier version of it
    (every lease clause different) added as the offer it counters."""
    deal = make_deal(40, 240)
    first = deal.offers[0]
    assert isinstance(first, LeaseOffer)
    lease = dataclasses.replace(first, term_months=240, counter_of="ask")
    ask = dataclasses.replace(
        lease,
        id="ask",
        counter_of=None,
        gpus=50_000,
        ramp=(RampStep(0, 10_000), RampStep(6, 50_000)),
        monthly_fee=160e6,
        escalator=0.04,
        start=add_months(lease.start, 1),
        term_months=228,
        availability=0.98,
        power=PowerTerms(False, 1.5, 1.3, 0.08, 0.03),
        upfront_fee=5e7,
        deposit=2e8,
        lessee_exit=ExitRight(True, 12, 180, 5e8),
        provider_exit=ExitRight(True, 24, 365, 0.0),
    )
    return dataclasses.replace(deal, offers=(lease, *deal.offers[1:], ask), baseline="build3")


def main() -> None:
    deal = bench_deal()
    lease_id = deal.offers[0].id
    result = bridge(deal, lease_id)
    assert len(result.changed) == 10, result.changed
    lines: list[tuple[str, Callable[[], object], int]] = [
        (f"bridge, 10 clauses (1,024 blends), 240 months, {len(deal.offers)} offers",
         lambda: bridge(deal, lease_id), 7),
        ("term values of the lease", lambda: term_values(deal, lease_id), 7),
        ("term values of a self-build", lambda: term_values(deal, "build7"), 7),
        ("tornado + 5 x 5 grid (discount rate x fee: every offer, every cell)",
         lambda: sensitivity(deal, lease_id, ("discount_rate", "monthly_fee"), 5), 3),
        ("tornado + 5 x 5 grid (fee x escalator: the offer only)",
         lambda: sensitivity(deal, lease_id, ("monthly_fee", "escalator"), 5), 3),
        ("solve monthly_fee against the baseline", lambda: solve(deal, lease_id, "monthly_fee"), 7),
        ("solve gpus against the baseline", lambda: solve(deal, lease_id, "gpus"), 7),
    ]
    market = MarketAssumptions(4.5, annual_change=-0.25, volatility=0.5, lessee_switching_cost=5e7,
                               provider_relet_cost=1e8)
    with_market = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=market))
    lines += [
        ("bridge with a market, market_value_pv included (1,024 lattice games; target 5 s)",
         lambda: bridge(with_market, lease_id), 1),
        ("term values of the lease with a market", lambda: term_values(with_market, lease_id), 3),
        ("tornado + 5 x 5 grid with a market (equal capacity, no lattice)",
         lambda: sensitivity(with_market, lease_id, ("discount_rate", "monthly_fee"), 5), 3),
    ]
    for label, function, repeats in lines:
        print(f"{label:<84} {time_ms(function, repeats):8.1f} ms")

if __name__ == "__main__":
    main()
