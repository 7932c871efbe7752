"""The walk-away chart of one lease as plain data (no Qt): every series and mark on one price axis.

By lease month k: the lessee's and the provider's walk-away prices (from the game), the expected
market price P_{s+k}, and the lease's own cost per delivered GPU-hour, (fee + power of month k) over
D_k * h * availability: the same unit as the market price (all-in, per GPU-hour delivered), so the
two can be read against each other. The marks say from when each side may give notice and when such
a notice ends the lease at the earliest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leasedesk.core.flows import lease_months
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.equal_capacity import expected_prices
from leasedesk.core.market.lattice import LeaseGame
from leasedesk.core.market.words import first_notice_month
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, months_between


@dataclass(frozen=True)
class ChartMark:
    """A vertical mark at lease month ``month`` (fractional for an end of notice), with its legend words."""

    month: float
    label: str
    kind: str  # "notice_from" (a lock-in ends) or "earliest_end" (notice given then takes effect)


@dataclass(frozen=True)
class WalkAwayChartData:
    """The series of the walk-away chart, one value per lease month k = 0 .. T-1 (None: nothing to draw)."""

    months: tuple[int, ...]
    lessee_below: tuple[float | None, ...]
    provider_above: tuple[float | None, ...]
    expected_price: tuple[float | None, ...]
    own_cost: tuple[float | None, ...]
    marks: tuple[ChartMark, ...]


def own_cost_per_gpu_hour(lease: LeaseOffer, assumptions: Assumptions) -> tuple[float | None, ...]:
    """The lease's fee and power of each lease month over its delivered GPU-hours D_k * h * availability;
    None in a month that delivers nothing (a ramp not started)."""
    k = np.arange(lease.term_months)
    months = lease_months(lease, assumptions, k)
    hours = months.delivered * assumptions.hours_per_month * lease.availability
    cost = months.fee + months.power
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        per_hour = np.where(hours > 0, cost / np.where(hours > 0, hours, 1.0), np.nan)
    return tuple(_finite_or_none(float(x)) for x in per_hour)


def walk_away_chart(
    lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions, game: LeaseGame
) -> WalkAwayChartData:
    """Every series and mark of the walk-away chart of ``lease`` against ``market`` (its played ``game``)."""
    term = lease.term_months
    start = months_between(assumptions.analysis_start, lease.start)
    with np.errstate(over="ignore", invalid="ignore"):
        expected = expected_prices(market, start + np.arange(term))
    return WalkAwayChartData(
        months=tuple(range(term)),
        lessee_below=tuple(_finite_or_none(p.lessee_below) for p in game.walk_away),
        provider_above=tuple(_finite_or_none(p.provider_above) for p in game.walk_away),
        expected_price=tuple(_finite_or_none(float(x)) for x in expected),
        own_cost=own_cost_per_gpu_hour(lease, assumptions),
        marks=notice_marks(lease),
    )


def notice_marks(lease: LeaseOffer) -> tuple[ChartMark, ...]:
    """From when each side may give notice, and the earliest end such a notice gives; one pair of marks
    when both sides' rights agree. Nothing for a side whose right can never be used."""
    term = lease.term_months
    sides = [
        (who, right)
        for who, right in (("Your", lease.lessee_exit), ("Provider's", lease.provider_exit))
        if first_notice_month(right, term) is not None
    ]
    if len(sides) == 2 and _same_timing(lease.lessee_exit, lease.provider_exit):
        sides = [("", lease.lessee_exit)]
    marks: list[ChartMark] = []
    for who, right in sides:
        lock_in = right.lock_in_months
        earliest = lock_in + right.notice_months
        month = f"{earliest:.2f}".rstrip("0").rstrip(".")
        notice = f"Notice from month {lock_in}"
        end = f"Earliest end: month {month}"
        if who:
            notice, end = f"{who} {notice[0].lower()}{notice[1:]}", f"{who} {end[0].lower()}{end[1:]}"
        marks.append(ChartMark(float(lock_in), notice, "notice_from"))
        marks.append(ChartMark(earliest, end, "earliest_end"))
    return tuple(marks)


def _same_timing(a: ExitRight, b: ExitRight) -> bool:
    return a.lock_in_months == b.lock_in_months and a.notice_days == b.notice_days


def _finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)
