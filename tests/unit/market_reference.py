"""A plain-Python reference of the DESIGN.md 7.2 game, node by node, written from the contract text
independently of core.market (no prefix sums, no vectorisation, a forward pass for the expected term).

Only the v1 lease months (fee, power, delivered GPUs of month k) come from the engine: they are
section 2's conventions, tested on their own elsewhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leasedesk.core.flows import lease_months
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, months_between

DAYS_PER_MONTH = 365.25 / 12


@dataclass
class ReferenceGame:
    term_cost_pv: float
    market_cost_pv: float
    market_value_pv: float
    provider_revenue_pv: float
    expected_term_months: float
    lessee_below: list[float | None]
    provider_above: list[float | None]


def play(
    lease: LeaseOffer,
    assumptions: Assumptions,
    p0: float,
    annual_change: float,
    volatility: float,
    switching: float,
    relet: float,
    lessee_right: bool = True,
    provider_right: bool = True,
) -> ReferenceGame:
    r = assumptions.discount_rate
    rm = r / 12 if assumptions.rate_convention == "nominal" else (1 + r) ** (1 / 12) - 1
    shift = 1 if assumptions.payment_timing == "arrears" else 0

    def v(t: float) -> float:
        return float((1 + rm) ** -(t + shift))

    def w(t: float) -> float:
        return float((1 + rm) ** -t)

    s = months_between(assumptions.analysis_start, lease.start)
    T = lease.term_months
    months = lease_months(lease, assumptions, np.arange(T))
    R = [float(months.fee[k] + months.power[k]) for k in range(T)]
    D = [float(months.delivered[k]) for k in range(T)]
    h, a, dep = assumptions.hours_per_month, lease.availability, lease.deposit
    G = (1 + annual_change) ** (1 / 12)
    lattice = volatility > 0
    if lattice:
        u = math.exp(volatility / math.sqrt(12))
        d = 1 / u
        q = (G - d) / (u - d)
    else:
        u = d = 1.0
        q = 1.0

    def nodes(t: int) -> range:
        return range(t + 1) if lattice else range(1)

    def price(t: int, i: int) -> float:
        return p0 * u**i * d ** (t - i) if lattice else p0 * G**t

    def M(j: int, x: float) -> float:
        return D[j] * h * a * x

    def can(right: ExitRight, k: int) -> bool:
        return right.allowed and k >= right.lock_in_months and k + right.notice_days / DAYS_PER_MONTH < T

    def exercise(right: ExitRight, k: int, x: float, f: float) -> tuple[float, float, float]:
        e = k + right.notice_days / DAYS_PER_MONTH
        K = math.floor(e)
        phi = e - K
        paid = 0.0
        for j in range(k, K):
            paid += R[j] * v(s + j)
        paid += phi * R[K] * v(s + K)
        market = (1 - phi) * M(K, x * G ** (K - k)) * v(s + K)
        for j in range(K + 1, T):
            market += M(j, x * G ** (j - k)) * v(s + j)
        cost = paid + market + (f - dep + switching) * w(s + K)
        revenue = paid + market + (f - dep - relet) * w(s + K)
        return cost, revenue, e

    term_cost = (lease.upfront_fee + dep) * w(s) + sum(R[k] * v(s + k) for k in range(T)) - dep * w(s + T)
    market_cost = sum(M(j, p0 * G ** (s + j)) * v(s + j) for j in range(T))
    tol = max(1e-9 * abs(term_cost), 1e-6)

    end = s + T
    Ve = {i: -dep * w(end) for i in nodes(end)}
    Vr = dict(Ve)
    decision: dict[tuple[int, int], float] = {}  # node -> e where someone exits
    lessee_below: list[float | None] = [None] * T
    provider_above: list[float | None] = [None] * T
    for t in range(end - 1, -1, -1):
        new_e: dict[int, float] = {}
        new_r: dict[int, float] = {}
        for i in nodes(t):
            if lattice:
                Ce = q * Ve[i + 1] + (1 - q) * Ve[i]
                Cr = q * Vr[i + 1] + (1 - q) * Vr[i]
            else:
                Ce, Cr = Ve[0], Vr[0]
            k = t - s
            if k < 0:
                new_e[i], new_r[i] = Ce, Cr
                continue
            Ce += R[k] * v(s + k)
            Cr += R[k] * v(s + k)
            x = price(t, i)
            We, Wr, exit_at = Ce, Cr, None
            if provider_right and can(lease.provider_exit, k):
                cost, revenue, e = exercise(lease.provider_exit, k, x, -lease.provider_exit.termination_fee)
                if revenue - Cr > tol:
                    We, Wr, exit_at = cost, revenue, e
                    if lessee_right:  # the full game: walk-away prices
                        above = provider_above[k]
                        provider_above[k] = x if above is None else min(above, x)
            value_e, value_r = We, Wr
            if lessee_right and can(lease.lessee_exit, k):
                cost, revenue, e = exercise(lease.lessee_exit, k, x, lease.lessee_exit.termination_fee)
                if Ce - cost > tol and provider_right:
                    below = lessee_below[k]
                    lessee_below[k] = x if below is None else max(below, x)
                if We - cost > tol:
                    value_e, value_r, exit_at = cost, revenue, e
            if exit_at is not None:
                decision[(t, i)] = exit_at
            new_e[i], new_r[i] = value_e, value_r
        Ve, Vr = new_e, new_r

    # Forward pass: the probability of reaching each node with the lease running.
    expected_term = 0.0
    reach = {0: 1.0}
    for t in range(end):
        nxt: dict[int, float] = {}
        for i, p in reach.items():
            if (t, i) in decision:
                expected_term += p * decision[(t, i)]
                continue
            if lattice:
                nxt[i + 1] = nxt.get(i + 1, 0.0) + q * p
                nxt[i] = nxt.get(i, 0.0) + (1 - q) * p
            else:
                nxt[0] = nxt.get(0, 0.0) + p
        reach = nxt
    expected_term += sum(reach.values()) * T
    opening = (lease.upfront_fee + dep) * w(s)
    return ReferenceGame(
        term_cost_pv=term_cost,
        market_cost_pv=market_cost,
        market_value_pv=opening + Ve[0],
        provider_revenue_pv=opening + Vr[0],
        expected_term_months=expected_term,
        lessee_below=lessee_below,
        provider_above=provider_above,
    )
