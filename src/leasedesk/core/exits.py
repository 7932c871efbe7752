"""What a lease commits the lessee to: the exit curve X(m), X_pv(m) and secured months.

Conventions: DESIGN.md 2, "Exit rights". Exit figures cover the lease's whole
term, past the analysis horizon too; every flow sits in its month t = s + k.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import Discounting, FloatArray
from leasedesk.core.flows import lease_months
from leasedesk.core.model import Assumptions, LeaseOffer, months_between


@dataclass(frozen=True)
class ExitCurve:
    """Cost of giving notice at the start of lease month m, for m = L .. T-1."""

    notice_months: np.ndarray  # m, whole lease months
    ends_at: FloatArray  # e = m + n, lease months (capped at nothing: e >= T means full term)
    cost: FloatArray  # X(m), nominal
    cost_pv: FloatArray  # X_pv(m)
    costs_more_than_staying: np.ndarray  # bool per m: X(m) above the whole term's cost (fee > the fees it saves)

    def __len__(self) -> int:
        return len(self.notice_months)

    def costs_more_runs(self) -> list[tuple[int, int]]:
        """The notice months where leaving costs more than staying, as (first, last) runs of whole months."""
        runs: list[tuple[int, int]] = []
        for m in self.notice_months[self.costs_more_than_staying]:
            month = int(m)
            if runs and month == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], month)
            else:
                runs.append((month, month))
        return runs


@dataclass(frozen=True)
class LeaseCommitment:
    curve: ExitCurve
    full_term_cost: float
    full_term_pv: float
    min_commitment: float
    min_commitment_pv: float
    secured_months: float


def secured_months(lease: LeaseOffer) -> float:
    """How long the capacity is guaranteed from the lease start (provider's lock-in plus notice)."""
    right = lease.provider_exit
    if not right.allowed:
        return float(lease.term_months)
    return float(min(lease.term_months, right.lock_in_months + right.notice_months))


def lease_commitment(lease: LeaseOffer, assumptions: Assumptions) -> LeaseCommitment:
    disc = Discounting.of(assumptions)
    s = months_between(assumptions.analysis_start, lease.start)
    term = lease.term_months
    k = np.arange(term)
    months = lease_months(lease, assumptions, k)
    running = months.fee + months.power
    running_pv = running * disc.recurring(s + k)
    w_start = float(disc.one_off(s))
    w_return = float(disc.one_off(s + term))
    # Cost of all months before k (index k), for k = 0 .. T.
    before = np.concatenate(([0.0], np.cumsum(running)))
    before_pv = np.concatenate(([0.0], np.cumsum(running_pv)))

    full_cost = float(before[-1] + lease.upfront_fee)
    full_pv = float(before_pv[-1] + (lease.upfront_fee + lease.deposit) * w_start - lease.deposit * w_return)

    right = lease.lessee_exit
    if right.allowed and right.lock_in_months < term:
        m = np.arange(right.lock_in_months, term)
        ends = m + right.notice_months
        early = ends < term
        whole = np.minimum(np.floor(ends), term - 1).astype(np.int64)
        fraction = ends - np.floor(ends)
        w_end = disc.one_off(s + whole)
        partial = before[whole] + fraction * running[whole] + lease.upfront_fee + right.termination_fee
        partial_pv = (
            before_pv[whole]
            + fraction * running_pv[whole]
            + (lease.upfront_fee + lease.deposit) * w_start
            + (right.termination_fee - lease.deposit) * w_end
        )
        cost = np.where(early, partial, full_cost)
        cost_pv = np.where(early, partial_pv, full_pv)
        # Nominal, as the termination fee against the fees it saves; a hair above is a rounding tie, not a cost.
        worse = early & (partial > full_cost + 1e-9 * max(1.0, abs(full_cost)))
    else:
        m = np.arange(0)
        ends = cost = cost_pv = np.zeros(0)
        worse = np.zeros(0, dtype=bool)
    curve = ExitCurve(notice_months=m, ends_at=np.asarray(ends, dtype=np.float64), cost=cost, cost_pv=cost_pv,
                      costs_more_than_staying=worse)
    if len(curve):
        min_cost, min_pv = float(cost[0]), float(cost_pv[0])
    else:
        min_cost, min_pv = full_cost, full_pv
    return LeaseCommitment(
        curve=curve,
        full_term_cost=full_cost,
        full_term_pv=full_pv,
        min_commitment=min_cost,
        min_commitment_pv=min_pv,
        secured_months=secured_months(lease),
    )
