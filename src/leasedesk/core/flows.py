"""Monthly cash flows of each offer over the analysis horizon, as numpy arrays.

Conventions: DESIGN.md 2 ("Lease", "Self-build"). Amounts are positive costs;
money coming back (a deposit returned, residual value) is negative. Each array
has one entry per horizon month t = 0 .. H-1; amounts that fall at the end of
the horizon (w_H) are kept apart in ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import Discounting, FloatArray
from leasedesk.core.model import Assumptions, LeaseOffer, SelfBuildPlan, months_between

RECURRING_PARTS = ("fee", "power", "staff", "maintenance", "bridge")
ONE_OFF_PARTS = ("upfront", "deposit", "capex")
END_PARTS = ("deposit", "residual")
PARTS = ("fee", "power", "upfront", "deposit", "capex", "staff", "maintenance", "bridge", "residual")


@dataclass(frozen=True)
class OfferFlows:
    """What one offer pays and delivers in each horizon month."""

    start_month: int
    recurring: dict[str, FloatArray]
    one_off: dict[str, FloatArray]
    end: dict[str, float]
    delivered_gpus: FloatArray
    gpu_hours: FloatArray
    fee_per_unit: FloatArray | None = None  # leases: d(fee_t)/dF, for the break-even fee

    @property
    def horizon(self) -> int:
        return len(self.delivered_gpus)

    def recurring_total(self) -> FloatArray:
        return _sum_arrays(self.recurring.values(), self.horizon)

    def one_off_total(self) -> FloatArray:
        return _sum_arrays(self.one_off.values(), self.horizon)

    def end_total(self) -> float:
        return float(sum(self.end.values()))

    def monthly_cost(self) -> FloatArray:
        """Nominal cost of each month t (recurring plus one-off), without the end amounts."""
        return self.recurring_total() + self.one_off_total()

    def monthly_pv(self, disc: Discounting) -> FloatArray:
        t = np.arange(self.horizon)
        return self.recurring_total() * disc.recurring(t) + self.one_off_total() * disc.one_off(t)


def _sum_arrays(arrays: object, length: int) -> FloatArray:
    total = np.zeros(length)
    for array in arrays:  # type: ignore[attr-defined]
        total += array
    return total


def _year_steps(months: FloatArray | np.ndarray, rate: float) -> FloatArray:
    """(1 + rate)^floor(month / 12)."""
    if rate == 0.0:
        return np.ones(len(months))
    return np.power(1.0 + rate, np.floor_divide(months, 12).astype(np.float64))


def delivered_by_lease_month(lease: LeaseOffer, k: np.ndarray) -> FloatArray:
    """D_k: the ramp step in force in lease month k (0 before the first step), else all GPUs."""
    if not lease.ramp:
        return np.full(len(k), float(lease.gpus))
    months = np.array([s.month for s in lease.ramp])
    gpus = np.array([float(s.gpus) for s in lease.ramp])
    index = np.searchsorted(months, k, side="right") - 1
    return np.where(index >= 0, gpus[np.clip(index, 0, None)], 0.0)


@dataclass(frozen=True)
class LeaseMonths:
    """Fee, power and delivery of chosen lease months k (calendar months t = s + k)."""

    delivered: FloatArray
    fee_per_unit: FloatArray  # fee of month k per unit of the base monthly fee F
    fee: FloatArray
    power: FloatArray


def lease_months(lease: LeaseOffer, assumptions: Assumptions, k: np.ndarray) -> LeaseMonths:
    s = months_between(assumptions.analysis_start, lease.start)
    delivered = delivered_by_lease_month(lease, k)
    fee_per_unit = _year_steps(k, lease.escalator)
    if lease.fee_basis == "delivered":
        fee_per_unit = fee_per_unit * (delivered / lease.gpus)
    power_terms = lease.power
    if power_terms.included:
        power = np.zeros(len(k))
    else:
        per_gpu = (
            power_terms.kw_per_gpu * power_terms.pue * assumptions.hours_per_month * power_terms.price_per_kwh
        )
        power = delivered * per_gpu * _year_steps(k + s, power_terms.escalator)
    return LeaseMonths(
        delivered=delivered,
        fee_per_unit=fee_per_unit,
        fee=fee_per_unit * lease.monthly_fee,
        power=power,
    )


def lease_flows(lease: LeaseOffer, assumptions: Assumptions) -> OfferFlows:
    horizon = assumptions.horizon_months
    s = months_between(assumptions.analysis_start, lease.start)
    zeros = np.zeros(horizon)
    first, last = min(s, horizon), min(s + lease.term_months, horizon)  # active t in [first, last)
    k = np.arange(first, last) - s
    months = lease_months(lease, assumptions, k)

    def spread(values: FloatArray) -> FloatArray:
        out = zeros.copy()
        out[first:last] = values
        return out

    upfront, deposit = zeros.copy(), zeros.copy()
    end = {"deposit": 0.0, "residual": 0.0}
    if s < horizon:
        upfront[s] += lease.upfront_fee
        deposit[s] += lease.deposit
        returned = s + lease.term_months
        if returned < horizon:
            deposit[returned] -= lease.deposit
        else:
            end["deposit"] = -lease.deposit
    delivered = spread(months.delivered)
    return OfferFlows(
        start_month=s,
        recurring={
            "fee": spread(months.fee),
            "power": spread(months.power),
            "staff": zeros,
            "maintenance": zeros,
            "bridge": zeros,
        },
        one_off={"upfront": upfront, "deposit": deposit, "capex": zeros},
        end=end,
        delivered_gpus=delivered,
        gpu_hours=delivered * assumptions.hours_per_month * lease.availability,
        fee_per_unit=spread(months.fee_per_unit),
    )


@dataclass(frozen=True)
class BuildCapex:
    """The capex of a self-build plan and when it is paid (months from the analysis start)."""

    it: float
    facility: float
    go_live: int
    facility_months: np.ndarray  # the months over which facility capex is paid in equal parts

    @property
    def facility_part(self) -> float:
        return self.facility / len(self.facility_months)


def build_capex(plan: SelfBuildPlan, assumptions: Assumptions) -> BuildCapex:
    s = months_between(assumptions.analysis_start, plan.start)
    go_live = s + plan.build_months
    months = np.arange(s, go_live) if plan.build_months > 0 else np.array([s])
    return BuildCapex(
        it=plan.gpus * plan.gpu_capex,
        facility=plan.gpus * plan.kw_per_gpu / 1000.0 * plan.facility_capex_per_mw,
        go_live=go_live,
        facility_months=months,
    )


def residual_value(capex: BuildCapex, plan: SelfBuildPlan, horizon: int) -> float:
    """Straight-line value left at the end of the horizon (go-live before the horizon end)."""
    age = horizon - capex.go_live
    it_left = max(0.0, 1.0 - age / (12.0 * plan.it_life_years))
    facility_left = max(0.0, 1.0 - age / (12.0 * plan.facility_life_years))
    return capex.it * it_left + capex.facility * facility_left


def self_build_flows(plan: SelfBuildPlan, assumptions: Assumptions) -> OfferFlows:
    horizon = assumptions.horizon_months
    h = assumptions.hours_per_month
    capex = build_capex(plan, assumptions)
    s, g = months_between(assumptions.analysis_start, plan.start), capex.go_live
    t = np.arange(horizon)
    zeros = np.zeros(horizon)

    capex_paid = zeros.copy()
    inside = capex.facility_months[capex.facility_months < horizon]
    capex_paid[inside] += capex.facility_part
    online = (t >= g).astype(np.float64)
    building = ((t >= s) & (t < g)).astype(np.float64)
    end = {"deposit": 0.0, "residual": 0.0}
    if g < horizon:
        capex_paid[g] += capex.it
        end["residual"] = -residual_value(capex, plan, horizon)
    else:
        end["residual"] = -capex.facility_part * len(inside)  # credited back at cost

    power_per_month = plan.gpus * plan.kw_per_gpu * plan.pue * h * plan.electricity_price_per_kwh
    bridge_on = building if plan.bridge_price_per_gpu_hour > 0 else zeros
    delivered = online * plan.gpus
    return OfferFlows(
        start_month=s,
        recurring={
            "fee": zeros,
            "power": online * power_per_month * _year_steps(t, plan.power_escalator),
            "staff": online * plan.staff_per_month,
            "maintenance": online * (plan.maintenance_pct * capex.it / 12.0),
            "bridge": bridge_on * (plan.gpus * h * plan.bridge_price_per_gpu_hour),
        },
        one_off={"upfront": zeros, "deposit": zeros, "capex": capex_paid},
        end=end,
        delivered_gpus=delivered,
        gpu_hours=delivered * h * plan.availability + bridge_on * (plan.gpus * h),
    )
