"""What giving notice at the start of each lease month costs the lessee and earns the provider
(DESIGN.md 7.2, "Exercise"), reduced to two numbers per month so each lattice node is O(1).

For notice at lease month k with K = floor(k + n) and phi = k + n - K, both the lessee's cost
and the provider's revenue are ``x * market_per_price[k] + constant[k]``, x being the node price:
the market term is linear in x because E[price of month j | x at month k] = x * G^(j - k).
``paid`` is a difference of prefix sums of R_j * v_{s+j}; the market factor is a suffix sum
computed by Horner's rule, so no power of G larger than G^(K - k + 1) is ever formed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import FloatArray
from leasedesk.core.model import ExitRight


@dataclass(frozen=True)
class LeaseSchedule:
    """The whole term of one lease in present values at the analysis start (k = 0 .. T-1)."""

    start_month: int  # s
    running_pv: FloatArray  # R_k * v_{s+k}
    hours_pv: FloatArray  # D_k * h * availability * v_{s+k}: M_k(x) * v_{s+k} = x * hours_pv[k]
    one_off_discount: FloatArray  # w_t for t = 0 .. s + T
    deposit: float
    growth: float  # G

    @property
    def term(self) -> int:
        return len(self.running_pv)


@dataclass(frozen=True)
class ExercisePlan:
    """One party's exercise at each lease month k (entries where ``possible`` is False are unused)."""

    possible: np.ndarray  # bool: notice allowed at k (k >= L and k + n < T)
    ends_at: FloatArray  # e = k + n
    market_per_price: FloatArray  # market term per unit of node price
    lessee_cost: FloatArray  # constant part of the lessee's cost
    provider_revenue: FloatArray  # constant part of the provider's revenue

    @classmethod
    def never(cls, term: int) -> ExercisePlan:
        zeros = np.zeros(term)
        return cls(np.zeros(term, dtype=bool), zeros, zeros, zeros, zeros)

    @property
    def ever_possible(self) -> bool:
        return bool(self.possible.any())


def market_suffix(schedule: LeaseSchedule) -> FloatArray:
    """Sfx[j] = sum over j <= i < T of hours_pv[i] * G^(i - j), with Sfx[T] = 0 (length T + 1)."""
    term = schedule.term
    suffix = np.zeros(term + 1)
    hours = schedule.hours_pv.tolist()
    growth = schedule.growth
    running = 0.0
    for j in range(term - 1, -1, -1):
        running = hours[j] + growth * running
        suffix[j] = running
    return suffix


def exercise_plan(
    schedule: LeaseSchedule,
    right: ExitRight,
    fee_to_provider: float,
    lessee_switching_cost: float,
    provider_relet_cost: float,
    suffix: FloatArray,
) -> ExercisePlan:
    """The exercise terms of one exit right. ``fee_to_provider`` is f: +TF when the lessee gives
    notice, -TF of the provider's right when the provider does."""
    term = schedule.term
    if not right.allowed or right.lock_in_months >= term:
        return ExercisePlan.never(term)
    k = np.arange(term)
    ends = k + right.notice_months  # float arithmetic as e = k + n, exactly like the v1 exit curve
    possible = (k >= right.lock_in_months) & (ends < term)
    whole = np.where(possible, np.floor(ends), 0).astype(np.int64)
    fraction = np.where(possible, ends - np.floor(ends), 0.0)
    running = schedule.running_pv
    before = np.concatenate(([0.0], np.cumsum(running)))
    paid = before[whole] - before[k] + fraction * running[whole]
    growth = schedule.growth
    with np.errstate(over="ignore", invalid="ignore"):
        lead = np.power(growth, (whole - k).astype(np.float64))  # G^(K - k)
        market = lead * ((1.0 - fraction) * schedule.hours_pv[whole] + growth * suffix[whole + 1])
    returned = schedule.one_off_discount[schedule.start_month + whole]  # w_{s+K}
    base = fee_to_provider - schedule.deposit
    lessee_cost = paid + (base + lessee_switching_cost) * returned
    provider_revenue = paid + (base - provider_relet_cost) * returned
    return ExercisePlan(
        possible=possible,
        ends_at=ends.astype(np.float64),
        market_per_price=np.where(possible, market, 0.0),
        lessee_cost=np.where(possible, lessee_cost, 0.0),
        provider_revenue=np.where(possible, provider_revenue, 0.0),
    )

