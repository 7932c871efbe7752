"""How long the workbook export takes and how much memory it needs.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_export.py`` (or ``.venv/bin/pytest
tests/benchmarks/bench_export.py -s``), ``.venv/bin/python tests/benchmarks/bench_export.py 1000x600 40x240r`` for
some sizes (``r``: with rounds). Each export runs in a child process, so its peak memory (the child's maximum
resident set, ``resource.getrusage``) is the export's alone; a large export's worker processes (excel.sheet_workers)
are reported apart ("workers": the largest one's peak); "cpu" is the processor time of the export and its workers,
which the machine's load changes less than the time. Targets (issue 14, item 16; deals without a market and without
rounds): 40 offers x 240 months in under 1.5 s, 1,000 offers x 600 months in under 20 s and under 1 GB. Leases run
past the horizon and start late, so their schedules need more rows than the horizon, as in real deals. The deal has
a self-build baseline, so the Negotiation sheet holds a tornado of each lease; ``with_rounds`` adds three rounds to
four leases (each then has a bridge and term values on that sheet too).
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

import pytest

from leasedesk.core.model import Deal, ExitRight, LeaseOffer
from leasedesk.core.negotiation import record_round

HERE = Path(__file__).resolve().parent
TARGETS = {(40, 240): (1.5, None), (1000, 600): (20.0, 1024.0)}  # seconds, MB

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
from bench_deals import make_deal
from bench_export import with_rounds
from leasedesk.excel import export_workbook
deal = make_deal({offers}, {horizon})
if {rounds}:
    deal = with_rounds(deal)
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
began = time.perf_counter()
export_workbook(deal, Path({target!r}))
seconds = time.perf_counter() - began
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime - cpu_before
figures = {{"seconds": seconds, "cpu": cpu, "peak_mb": own.ru_maxrss / 1024, "workers_mb": workers.ru_maxrss / 1024}}
print(json.dumps(figures))
"""


def with_rounds(deal: Deal, leases: int = 4, rounds: int = 3) -> Deal:
    """The deal with ``rounds`` rounds recorded on its first ``leases`` leases, each round moving the fee,
    the term and the lessee's notice."""
    offers = list(deal.offers)
    negotiated = 0
    for index, offer in enumerate(offers):
        if not isinstance(offer, LeaseOffer) or negotiated == leases:
            continue
        current: LeaseOffer = offer
        for number in range(rounds):
            side: Literal["lessee", "provider"] = "provider" if number % 2 == 0 else "lessee"
            recorded = record_round(current, f"Round {number + 1}", side, "2026-11-26T00:00:00Z")
            assert isinstance(recorded, LeaseOffer)
            exit_right = current.lessee_exit
            current = dataclasses.replace(
                recorded,
                monthly_fee=current.monthly_fee * 0.98,
                term_months=current.term_months + 3,
                lessee_exit=ExitRight(True, exit_right.lock_in_months, exit_right.notice_days + 30, 2.5e8),
            )
        offers[index] = current
        negotiated += 1
    return dataclasses.replace(deal, offers=tuple(offers))


def measure(offers: int, horizon: int, folder: Path, rounds: bool = False) -> dict[str, float]:
    """One export in a fresh process: its time (the deal built beforehand) and the process's peak memory."""
    target = folder / "bench.xlsx"
    code = _CHILD.format(here=str(HERE), offers=offers, horizon=horizon, target=str(target), rounds=rounds)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["file_mb"] = target.stat().st_size / 1e6
    return figures


Size = tuple[int, int, bool]  # offers, months, with rounds


def run(sizes: tuple[Size, ...], repeats: int = 3) -> dict[Size, dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        print(
            f"{'offers':>6} {'months':>6} {'rounds':>6} {'export (s)':>11} {'cpu (s)':>8} {'peak (MB)':>10}"
            f" {'workers (MB)':>12}"
            f" {'file (MB)':>10}  target  (load {os.getloadavg()[0]:.2f})"
        )
        for offers, horizon, rounds in sizes:
            samples = [measure(offers, horizon, Path(folder), rounds) for _ in range(repeats)]
            figures = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
            seconds, memory = TARGETS.get((offers, horizon), (None, None)) if not rounds else (None, None)
            target = ", ".join(
                part for part in (
                    f"< {seconds:g} s" if seconds else "", f"< {memory:g} MB" if memory else ""
                ) if part
            )
            print(
                f"{offers:>6} {horizon:>6} {'yes' if rounds else 'no':>6} {figures['seconds']:>11.2f}"
                f" {figures['cpu']:>8.1f}"
                f" {figures['peak_mb']:>10.0f} {figures['workers_mb']:>12.0f} {figures['file_mb']:>10.1f}  {target}"
                f"  (load {os.getloadavg()[0]:.2f})"
            )
            results[(offers, horizon, rounds)] = figures
    return results


@pytest.mark.benchmark
def test_export_40_offers_over_240_months() -> None:
    """Prints the figures; the targets are checked by reading them, not asserted (timings vary by machine)."""
    run(((40, 240, False), (40, 240, True)))


@pytest.mark.benchmark
def test_export_1000_offers_over_600_months() -> None:
    run(((1000, 600, False),), repeats=1)


def _size(text: str) -> Size:
    rounds = text.lower().endswith("r")
    offers, horizon = text.lower().removesuffix("r").split("x")
    return int(offers), int(horizon), rounds


if __name__ == "__main__":
    began = time.perf_counter()
    if len(sys.argv) > 1:
        run(tuple(_size(arg) for arg in sys.argv[1:]), repeats=1)
    else:
        run(((1, 24, False), (10, 120, False), (40, 240, False), (40, 240, True)))
        run(((1000, 600, False),), repeats=1)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"({time.perf_counter() - began:.0f} s in all; the largest export's peak memory: {peak:.0f} MB)")
