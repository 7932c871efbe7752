"""Properties of the market view that hold for every lease and market (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from market_strategies import games

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.equal_capacity import equal_capacity
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer

Game = tuple[LeaseOffer, Assumptions, MarketAssumptions]


def without_rights(lease: LeaseOffer) -> LeaseOffer:
    return dataclasses.replace(lease, lessee_exit=ExitRight(), provider_exit=ExitRight())


@settings(max_examples=60, deadline=None)
@given(games())
def test_without_exit_rights_the_market_value_is_the_term_cost(game: Game) -> None:
    lease, assumptions, market = game
    played = lease_game(without_rights(lease), assumptions, market)
    assert abs(played.market_value_pv - played.term_cost_pv) <= played.tolerance
    assert abs(played.provider_revenue_pv - played.term_cost_pv) <= played.tolerance
    assert played.lessee_exit_value == 0 and played.provider_exit_cost == 0
    if market.volatility == 0:
        assert played.expected_term_months == lease.term_months


@settings(max_examples=60, deadline=None)
@given(games())
def test_without_switching_costs_the_lessees_right_never_costs_it(game: Game) -> None:
    lease, assumptions, market = game
    free = dataclasses.replace(market, lessee_switching_cost=0.0, provider_relet_cost=0.0)
    played = lease_game(lease, assumptions, free)
    # Without switching costs what one side pays the other gets: the game is zero-sum, and an option
    # for the minimising side can only lower its value. Each month's tie rule may shift a value by up
    # to the tolerance, so the bound allows one tolerance per month.
    assert played.lessee_exit_value >= -played.tolerance * lease.term_months
    assert played.provider_exit_cost >= -played.tolerance * lease.term_months
    assert abs(played.provider_revenue_pv - played.market_value_pv) <= played.tolerance
    assert 0 <= played.expected_term_months <= lease.term_months + 1e-9


@settings(max_examples=40, deadline=None)
@given(games(), st.floats(1.0, 3.0))
def test_a_higher_market_price_never_lowers_the_market_cost(game: Game, factor: float) -> None:
    lease, assumptions, market = game
    dearer = dataclasses.replace(market, price_per_gpu_hour=market.price_per_gpu_hour * factor)
    cheaper = lease_game(lease, assumptions, market)
    assert lease_game(lease, assumptions, dearer).market_cost_pv >= cheaper.market_cost_pv


@settings(max_examples=40, deadline=None)
@given(games())
def test_walk_away_prices_appear_only_where_notice_is_an_exercise(game: Game) -> None:
    lease, assumptions, market = game
    played = lease_game(lease, assumptions, market)
    for prices in played.walk_away:
        k = prices.month
        for right, price in ((lease.lessee_exit, prices.lessee_below), (lease.provider_exit, prices.provider_above)):
            if price is not None:
                assert right.allowed and k >= right.lock_in_months and k + right.notice_months < lease.term_months


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 24),
    st.integers(1, 1000),
    st.lists(st.floats(0.0, 1e6), min_size=24, max_size=24),
    st.floats(0.01, 10.0),
    st.floats(-0.5, 1.0),
    st.floats(0.0, 0.5),
)
def test_an_offer_that_covers_the_requirement_has_no_gap_cost(
    horizon: int, required: int, extra: list[float], price: float, change: float, rate: float
) -> None:
    assumptions = Assumptions(dt.date(2026, 1, 1), horizon, rate, hours_per_month=730.0)
    own = required * 730.0 + np.array(extra[:horizon])
    capacity = equal_capacity(own, 1e6, assumptions, MarketAssumptions(price, annual_change=change), required)
    assert capacity.gap_cost_pv == 0
    assert capacity.equal_capacity_pv == 1e6
