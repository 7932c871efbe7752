"""How long the workbook export takes and how much memory it needs.

Run on demand: ``python tests/benchmarks/bench_export.py`` (or ``pytest tests/benchmarks/bench_export.py -s``),
``python tests/benchmarks/bench_export.py 1000x600`` for one size. Each export runs in a child process,
so its peak memory (the child's maximum resident set, ``resource.getrusage``) is the export's alone.
Targets (issue 14, item 16; deals without a market and without rounds): 40 offers x 240 months in under
1.5 s, 1,000 offers x 600 months in under 20 s and under 1 GB. Leases run past the horizon and start
late, so their schedules need more rows than the horizon, as in real deals.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TARGETS = {(40, 240): (1.5, None), (1000, 600): (20.0, 1024.0)}  # seconds, MB

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
from bench_deals import make_deal
from leasedesk.excel import export_workbook
deal = make_deal({offers}, {horizon})
began = time.perf_counter()
export_workbook(deal, Path({target!r}))
seconds = time.perf_counter() - began
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak_mb}}))
"""


def measure(offers: int, horizon: int, folder: Path) -> dict[str, float]:
    """One export in a fresh process: its time (the deal built beforehand) and the process's peak memory."""
    target = folder / "bench.xlsx"
    code = _CHILD.format(here=str(HERE), offers=offers, horizon=horizon, target=str(target))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["file_mb"] = target.stat().st_size / 1e6
    return figures


def run(sizes: tuple[tuple[int, int], ...], repeats: int = 3) -> dict[tuple[int, int], dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'offers':>6} {'months':>6} {'export (s)':>11} {'peak (MB)':>10} {'file (MB)':>10}  target")
        for offers, horizon in sizes:
            samples = [measure(offers, horizon, Path(folder)) for _ in range(repeats)]
            figures = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
            seconds, memory = TARGETS.get((offers, horizon), (None, None))
            target = ", ".join(
                part for part in (
                    f"< {seconds:g} s" if seconds else "", f"< {memory:g} MB" if memory else ""
                ) if part
            )
            print(
                f"{offers:>6} {horizon:>6} {figures['seconds']:>11.2f} {figures['peak_mb']:>10.0f}"
                f" {figures['file_mb']:>10.1f}  {target}"
            )
            results[(offers, horizon)] = figures
    return results


@pytest.mark.benchmark
def test_export_40_offers_over_240_months() -> None:
    """Prints the figures; the targets are checked by reading them, not asserted (timings vary by machine)."""
    run(((40, 240),))


@pytest.mark.benchmark
def test_export_1000_offers_over_600_months() -> None:
    run(((1000, 600),), repeats=1)


def _size(text: str) -> tuple[int, int]:
    offers, horizon = text.lower().split("x")
    return int(offers), int(horizon)


if __name__ == "__main__":
    began = time.perf_counter()
    if len(sys.argv) > 1:
        run(tuple(_size(arg) for arg in sys.argv[1:]), repeats=1)
    else:
        run(((1, 24), (10, 120), (40, 240)))
        run(((1000, 600),), repeats=1)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"({time.perf_counter() - began:.0f} s in all; the largest export's peak memory: {peak:.0f} MB)")
