"""The two-party game of a lease against the market (DESIGN.md 7.2), on the price lattice.

Backward induction from the end of the term (t = s + T) to the analysis start, all nodes of a
month at once (numpy), and three games side by side: both exit rights, the lessee's right
removed, the provider's right removed; the last two give the value of each right.

Readings of the contract that this module commits to:
- At a node the provider decides against Cr (both continuing); its choice gives the lessee's
  stay value We. The lessee, deciding first, exits when its exercise cost is below We. Exit
  compares are strict beyond the tolerance tol = max(1e-9 * |term_cost_pv|, 1e-6): a
  difference of at most tol is a tie, and on a tie nobody exits.
- Walk-away prices come from the game with both rights and compare each party's exercise with
  the plain continuation of that month (Ce for the lessee, Cr for the provider), as the
  contract words them: the price at which each side walks if the other stays. The provider's
  is thus exactly its decision rule; the lessee's ignores a provider exit at the same node.
- ``expected_term_months`` is summed backwards on the same decisions (a node's expected term
  is e where someone exits, else the q-weighted expectation of its successors, T at the end),
  which equals the contract's forward pass of reach probabilities by linearity of expectation.
- With sigma = 0 there is one node a month at P_t = p0 * G^t and a single successor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import Discounting
from leasedesk.core.flows import lease_months
from leasedesk.core.market.assumptions import LatticeParameters, MarketAssumptions, lattice_parameters
from leasedesk.core.market.exercise import ExercisePlan, LeaseSchedule, exercise_plan, market_suffix
from leasedesk.core.model import Assumptions, LeaseOffer, months_between

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-6

# Game layout: values[quantity, game, node].
LESSEE_COST, PROVIDER_REVENUE, TERM = 0, 1, 2
BOTH_RIGHTS, WITHOUT_LESSEE_RIGHT, WITHOUT_PROVIDER_RIGHT = 0, 1, 2
_LESSEE_MAY_EXIT = np.array([True, False, True])[:, None]
_PROVIDER_MAY_EXIT = np.array([True, True, False])[:, None]


@dataclass(frozen=True)
class WalkAwayPrices:
    """Lease month k: the highest node price at which the lessee walks, the lowest at which the provider does."""

    month: int
    lessee_below: float | None
    provider_above: float | None


@dataclass(frozen=True)
class LeaseGame:
    """The section-7.2 figures of one lease (present values at the analysis start)."""

    term_cost_pv: float
    market_cost_pv: float
    market_value_pv: float
    provider_revenue_pv: float
    expected_term_months: float
    lessee_exit_value: float
    provider_exit_cost: float
    walk_away: tuple[WalkAwayPrices, ...]
    tolerance: float

    @property
    def contract_savings_pv(self) -> float:
        """market_cost_pv - market_value_pv: what the lease is worth against buying as you go."""
        return self.market_cost_pv - self.market_value_pv


def lease_schedule(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseSchedule:
    """The lease's whole-term flows as the game needs them, from the v1 flows (``lease_months``)."""
    disc = Discounting.of(assumptions)
    s = months_between(assumptions.analysis_start, lease.start)
    k = np.arange(lease.term_months)
    months = lease_months(lease, assumptions, k)
    v = disc.recurring(s + k)
    return LeaseSchedule(
        start_month=s,
        running_pv=(months.fee + months.power) * v,
        hours_pv=months.delivered * assumptions.hours_per_month * lease.availability * v,
        one_off_discount=disc.one_off(np.arange(s + lease.term_months + 1)),
        deposit=lease.deposit,
        growth=lattice_parameters(market).growth,
    )


def lease_game(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseGame:
    """Play the game of one lease. Raises ValueError when the market's volatility is too low for
    its drift (loading rejects such a market; an unchecked copy must not get figures)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _lease_game(lease, assumptions, market)


@dataclass(frozen=True)
class GameSetup:
    lattice: LatticeParameters
    schedule: LeaseSchedule
    opening: float
    term_cost: float
    tolerance: float
    lessee: ExercisePlan
    provider: ExercisePlan


def game_setup(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> GameSetup:
    lattice = lattice_parameters(market)
    schedule = lease_schedule(lease, assumptions, market)
    s, term, deposit = schedule.start_month, schedule.term, schedule.deposit
    w = schedule.one_off_discount
    opening = (lease.upfront_fee + deposit) * float(w[s])
    closing = -deposit * float(w[s + term])
    term_cost = opening + float(schedule.running_pv.sum()) + closing
    tolerance = max(RELATIVE_TOLERANCE * abs(term_cost), ABSOLUTE_TOLERANCE)
    if not math.isfinite(tolerance):
        tolerance = ABSOLUTE_TOLERANCE
    suffix = market_suffix(schedule)
    switching, relet = market.lessee_switching_cost, market.provider_relet_cost
    lessee = exercise_plan(schedule, lease.lessee_exit, lease.lessee_exit.termination_fee, switching, relet, suffix)
    provider = exercise_plan(
        schedule, lease.provider_exit, -lease.provider_exit.termination_fee, switching, relet, suffix
    )
    return GameSetup(lattice, schedule, opening, term_cost, tolerance, lessee, provider)


def _lease_game(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseGame:
    setup = game_setup(lease, assumptions, market)
    lattice, schedule, opening, term_cost, tolerance = (
        setup.lattice, setup.schedule, setup.opening, setup.term_cost, setup.tolerance
    )
    lessee, provider = setup.lessee, setup.provider
    s, term = schedule.start_month, schedule.term
    growth = lattice.growth
    p0 = market.price_per_gpu_hour
    calendar = s + np.arange(term)
    market_cost = float(np.sum(schedule.hours_pv * (p0 * np.power(growth, calendar.astype(np.float64)))))

    values, walk_away = _backward_induction(schedule, lattice, p0, lessee, provider, tolerance)
    market_value = opening + values[LESSEE_COST]
    return LeaseGame(
        term_cost_pv=term_cost,
        market_cost_pv=market_cost,
        market_value_pv=float(market_value[BOTH_RIGHTS]),
        provider_revenue_pv=float(opening + values[PROVIDER_REVENUE][BOTH_RIGHTS]),
        expected_term_months=float(values[TERM][BOTH_RIGHTS]),
        lessee_exit_value=(
            float(market_value[WITHOUT_LESSEE_RIGHT] - market_value[BOTH_RIGHTS]) if lessee.ever_possible else 0.0
        ),
        provider_exit_cost=(
            float(market_value[BOTH_RIGHTS] - market_value[WITHOUT_PROVIDER_RIGHT]) if provider.ever_possible else 0.0
        ),
        walk_away=walk_away,
        tolerance=tolerance,
    )


def _backward_induction(
    schedule: LeaseSchedule,
    parameters: LatticeParameters,
    p0: float,
    lessee: ExercisePlan,
    provider: ExercisePlan,
    tolerance: float,
) -> tuple[np.ndarray, tuple[WalkAwayPrices, ...]]:
    """Values at (0, 0) as values[quantity, game] of the three games, and the walk-away prices of the game
    with both rights."""
    s, term = schedule.start_month, schedule.term
    end = s + term
    lattice, growth, q = parameters.has_uncertainty, parameters.growth, parameters.up_probability
    width = end + 1 if lattice else 1
    values = np.empty((3, 3, width))
    values[LESSEE_COST:PROVIDER_REVENUE + 1] = -schedule.deposit * float(schedule.one_off_discount[end])
    values[TERM] = float(term)
    log_up = math.log(parameters.up)  # sigma / sqrt(12): node i of month t has price p0 * exp(log_up * (2i - t))
    lessee_below: list[float | None] = [None] * term
    provider_above: list[float | None] = [None] * term
    running = schedule.running_pv.tolist()

    for t in range(end - 1, -1, -1):
        if lattice:
            values = q * values[:, :, 1:] + (1.0 - q) * values[:, :, :-1]
        k = t - s
        if k < 0:
            continue
        values[LESSEE_COST:PROVIDER_REVENUE + 1] += running[k]
        lessee_can, provider_can = bool(lessee.possible[k]), bool(provider.possible[k])
        if not (lessee_can or provider_can):
            continue
        if lattice:
            prices = p0 * np.exp(log_up * np.arange(-t, t + 1, 2, dtype=np.float64))
        else:
            prices = np.array([p0 * np.power(growth, float(t))])  # numpy: an extreme drift overflows to inf, quietly
        continuing = values  # Ce, Cr (and the expected term) with both sides staying this month
        if provider_can:
            market = prices * provider.market_per_price[k]
            revenue = market + provider.provider_revenue[k]
            walks = revenue - continuing[PROVIDER_REVENUE] > tolerance
            if walks[BOTH_RIGHTS].any():
                provider_above[k] = float(prices[walks[BOTH_RIGHTS]].min())
            exits = walks & _PROVIDER_MAY_EXIT
            outcome = np.stack([market + provider.lessee_cost[k], revenue, np.full_like(revenue, provider.ends_at[k])])
            staying = np.where(exits[None], outcome[:, None, :], continuing)  # We, Wr
        else:
            staying = continuing
        if lessee_can:
            market = prices * lessee.market_per_price[k]
            cost = market + lessee.lessee_cost[k]
            below = continuing[LESSEE_COST, BOTH_RIGHTS] - cost > tolerance
            if below.any():
                lessee_below[k] = float(prices[below].max())
            exits = (staying[LESSEE_COST] - cost > tolerance) & _LESSEE_MAY_EXIT
            outcome = np.stack([cost, market + lessee.provider_revenue[k], np.full_like(cost, lessee.ends_at[k])])
            values = np.where(exits[None], outcome[:, None, :], staying)
        else:
            values = staying
    walk_away = tuple(WalkAwayPrices(k, lessee_below[k], provider_above[k]) for k in range(term))
    return values[:, :, 0], walk_away

