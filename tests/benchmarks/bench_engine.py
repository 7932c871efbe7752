"""How long the comparison takes: 1, 10 and 40 offers over 24, 120 and 240 months.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_engine.py``. Target: 40 offers over
240 months in under 50 ms in-process, so the window can recalculate on every keystroke.
"""

from __future__ import annotations

import dataclasses
import statistics
import time

from bench_deals import make_deal

from leasedesk.core.comparison import ComparisonCache, compare
from leasedesk.core.model import Deal


def time_ms(function: object, repeats: int = 15) -> float:
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    print(f"{'offers':>6} {'months':>6} {'full compare (ms)':>18} {'one offer edited (ms)':>22}")
    for offers in (1, 10, 40):
        for horizon in (24, 120, 240):
            deal = make_deal(offers, horizon)
            full = time_ms(lambda deal=deal: compare(deal))
            cache = ComparisonCache()
            compare(deal, cache)

            def edit_one(deal: Deal = deal, cache: ComparisonCache = cache) -> None:
                edited = dataclasses.replace(deal.offers[0], gpus=deal.offers[0].gpus + 1)
                compare(dataclasses.replace(deal, offers=(edited, *deal.offers[1:])), cache)

            incremental = time_ms(edit_one)
            print(f"{offers:>6} {horizon:>6} {full:>18.2f} {incremental:>22.2f}")


if __name__ == "__main__":
    main()
