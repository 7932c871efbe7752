"""market_value_pv alone, for many leases at once: the bridge of market_value_pv plays up to 1,024 blends.

Only the game with both rights is played (``lattice._backward_induction``'s BOTH_RIGHTS game), on two
quantities: the lessee's cost, and the provider's revenue that drives the provider's decisions; no expected
term, no walk-away prices. The leases share the deal's assumptions and market, hence one price lattice, so
they are played side by side, one row per lease, on the calendar months of the analysis: a row is held at
its closing value until its lease's last month, adds nothing before its lease starts, and decides only in
the months its exercise plans allow. Each row does the same arithmetic in the same order as a lease played
alone, so the figures are identical whatever the batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import GameSetup, game_setup
from leasedesk.core.model import Assumptions, LeaseOffer


def lease_market_value(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> float:
    """``market_value_pv`` of one lease. Raises ValueError as ``lease_game`` does."""
    return lease_market_values((lease,), assumptions, market)[0]


def lease_market_values(
    leases: Sequence[LeaseOffer], assumptions: Assumptions, market: MarketAssumptions
) -> list[float]:
    """``market_value_pv`` of each lease, in order. Raises ValueError as ``lease_game`` does."""
    if not leases:
        return []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        setups = [game_setup(lease, assumptions, market) for lease in leases]
        costs = _lessee_costs(setups, market.price_per_gpu_hour)
        return [float(setup.opening + cost) for setup, cost in zip(setups, costs, strict=True)]


class _Calendar:
    """Per-lease values laid out by calendar month t (rows: leases), zero where the lease does not run."""

    def __init__(self, setups: list[GameSetup], months: int) -> None:
        self.setups = setups
        self.months = months

    def running(self) -> np.ndarray:
        return self._lay_out(lambda setup: setup.schedule.running_pv)

    def plan(self, party: str, field: str) -> np.ndarray:
        return self._lay_out(lambda setup: getattr(getattr(setup, party), field))

    def _lay_out(self, values_of: Callable[[GameSetup], np.ndarray]) -> np.ndarray:
        laid = np.zeros((len(self.setups), self.months), dtype=values_of(self.setups[0]).dtype)
        for row, setup in enumerate(self.setups):
            start = setup.schedule.start_month
            values = values_of(setup)
            laid[row, start:start + len(values)] = values
        return laid


def _lessee_costs(setups: list[GameSetup], p0: float) -> np.ndarray:
    """The lessee's cost at (0, 0) of each lease's game with both rights."""
    parameters = setups[0].lattice  # the same market: the same lattice for every lease
    lattice, growth, q = parameters.has_uncertainty, parameters.growth, parameters.up_probability
    ends = np.array([setup.schedule.start_month + setup.schedule.term for setup in setups])
    last = int(ends.max())
    width = last + 1 if lattice else 1
    closing = np.array([-setup.schedule.deposit * float(setup.schedule.one_off_discount[end])
                        for setup, end in zip(setups, ends, strict=True)])
    cost = np.repeat(closing[:, None], width, axis=1)
    revenue = cost.copy()
    tolerance = np.array([setup.tolerance for setup in setups])[:, None]
    calendar = _Calendar(setups, last)
    running = calendar.running()
    lessee, provider = _PartyCalendar(calendar, "lessee"), _PartyCalendar(calendar, "provider")
    log_up = math.log(parameters.up)
    for t in range(last - 1, -1, -1):
        if lattice:
            started = (t < ends)[:, None]  # the rows whose lease runs in month t; the others stay at closing
            cost = np.where(started, q * cost[:, 1:] + (1.0 - q) * cost[:, :-1], cost[:, :-1])
            revenue = np.where(started, q * revenue[:, 1:] + (1.0 - q) * revenue[:, :-1], revenue[:, :-1])
        cost += running[:, t, None]
        revenue += running[:, t, None]
        lessee_can, provider_can = lessee.possible[:, t], provider.possible[:, t]
        if not (lessee_can.any() or provider_can.any()):
            continue
        if lattice:
            prices = p0 * np.exp(log_up * np.arange(-t, t + 1, 2, dtype=np.float64))
        else:
            prices = np.array([p0 * np.power(growth, float(t))])
        if provider_can.any():
            market = prices * provider.market_per_price[:, t, None]
            provider_gets = market + provider.provider_revenue[:, t, None]
            walks = (provider_gets - revenue > tolerance) & provider_can[:, None]
            cost = np.where(walks, market + provider.lessee_cost[:, t, None], cost)
            revenue = np.where(walks, provider_gets, revenue)
        if lessee_can.any():
            market = prices * lessee.market_per_price[:, t, None]
            leaving = market + lessee.lessee_cost[:, t, None]
            exits = (cost - leaving > tolerance) & lessee_can[:, None]
            revenue = np.where(exits, market + lessee.provider_revenue[:, t, None], revenue)
            cost = np.where(exits, leaving, cost)
    return cost[:, 0]


class _PartyCalendar:
    """One party's exercise plans by calendar month (rows: leases)."""

    def __init__(self, calendar: _Calendar, party: str) -> None:
        self.possible = calendar.plan(party, "possible")
        self.market_per_price = calendar.plan(party, "market_per_price")
        self.lessee_cost = calendar.plan(party, "lessee_cost")
        self.provider_revenue = calendar.plan(party, "provider_revenue")
