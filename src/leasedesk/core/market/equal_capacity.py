"""Equal capacity (DESIGN.md 7.1): every offer priced for the same required GPU-hours.

What an offer does not deliver of Q * h in a horizon month is bought at the expected
market price P_t = p0 * G^t; surplus capacity is not sold. The offer's own GPU-hours are
its ``OfferFlows.gpu_hours`` exactly as summed in the ``gpu_hours`` metric.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import Discounting, FloatArray
from leasedesk.core.market.assumptions import MarketAssumptions, monthly_growth
from leasedesk.core.model import Assumptions


@dataclass(frozen=True)
class EqualCapacity:
    gap_cost_pv: float
    equal_capacity_pv: float
    equal_capacity_per_gpu_hour: float | None  # None when the required GPU-hours discount to 0


def expected_prices(market: MarketAssumptions, months: np.ndarray) -> FloatArray:
    """P_t = p0 * G^t for calendar months t counted from the analysis start."""
    growth = monthly_growth(market.annual_change)
    return market.price_per_gpu_hour * np.power(growth, np.asarray(months, dtype=np.float64))


def equal_capacity(
    own_gpu_hours: FloatArray,
    pv_cost: float,
    assumptions: Assumptions,
    market: MarketAssumptions,
    required_gpus: int,
) -> EqualCapacity:
    """The three 7.1 figures of one offer from its horizon GPU-hours (own_t) and pv_cost."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        disc = Discounting.of(assumptions)
        t = np.arange(assumptions.horizon_months)
        v = disc.recurring(t)
        required_hours = required_gpus * assumptions.hours_per_month
        gap = np.maximum(0.0, required_hours - np.asarray(own_gpu_hours, dtype=np.float64))
        gap_cost_pv = float(np.sum(gap * expected_prices(market, t) * v))
        equal_pv = pv_cost + gap_cost_pv
        discounted_required = float(np.sum(required_hours * v))
        per_hour = equal_pv / discounted_required if discounted_required > 0 else None
    return EqualCapacity(gap_cost_pv=gap_cost_pv, equal_capacity_pv=equal_pv, equal_capacity_per_gpu_hour=per_hour)
