"""How long the lease game of DESIGN.md 7.2 takes: one lease on the price lattice, its three games
(both exit rights, each one removed) played as one vectorised pass.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_market.py``. Targets: a 600-month lease (about
180,000 lattice nodes) in under 50 ms, so the window's market block can follow edits; and ``compare`` of
40 offers over 240 months with a market, every section-7 figure and walk-away price asked for, under
500 ms in-process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time

from bench_deals import make_deal

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, add_months

START = dt.date(2026, 7, 1)
MARKET = MarketAssumptions(
    2.60, annual_change=-0.20, volatility=0.35, lessee_switching_cost=5e7, provider_relet_cost=3e7
)


def time_ms(function: object, repeats: int = 15) -> float:
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    right = ExitRight(allowed=True, lock_in_months=3, notice_days=90, termination_fee=1e8)
    print(f"{'start':>5} {'term':>5} {'nodes':>8} {'volatility':>10} {'game (ms)':>10}")
    for start, term in ((0, 42), (0, 120), (12, 240), (0, 600), (600, 600)):
        assumptions = Assumptions(START, min(600, start + term), 0.10)
        lease = LeaseOffer(
            id="l", gpus=60_000, start=add_months(START, start), term_months=term, monthly_fee=150e6,
            availability=0.99, lessee_exit=right, provider_exit=right,
        )
        for volatility in (0.35, 0.0):
            market = MARKET if volatility else MarketAssumptions(2.60, annual_change=-0.20)
            months = start + term
            nodes = months * (months + 1) // 2 if volatility else months
            elapsed = time_ms(lambda lease=lease, a=assumptions, m=market: lease_game(lease, a, m))
            print(f"{start:>5} {term:>5} {nodes:>8} {volatility:>10} {elapsed:>10.2f}")
    deal = make_deal(40, 240)
    deal = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=MARKET))
    leases = [offer.id for offer in deal.offers if offer.kind == "lease"]

    def compare_everything() -> None:
        comparison = compare(deal)
        for offer in deal.offers:
            comparison.all_metrics(offer.id)
        for lease_id in leases:
            comparison.walk_away(lease_id)

    elapsed = time_ms(compare_everything, repeats=7)
    print(f"compare, 40 offers ({len(leases)} leases) x 240 months with a market, every figure: {elapsed:.0f} ms "
          "(target 500 ms)")


if __name__ == "__main__":
    main()
