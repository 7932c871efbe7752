"""The vectorised lattice engine against the node-by-node reference of the contract, on random leases."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from market_reference import play
from market_strategies import games

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.model import Assumptions, LeaseOffer


def close(a: float, b: float, scale: float) -> bool:
    """Equal to 1e-9 relative; ``scale`` (the size of the lease's flows) bounds the rounding of differences."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12 * scale


def reference(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions, **rights: bool):  # type: ignore[no-untyped-def]
    return play(
        lease,
        assumptions,
        market.price_per_gpu_hour,
        market.annual_change,
        market.volatility,
        market.lessee_switching_cost,
        market.provider_relet_cost,
        **rights,
    )


@settings(max_examples=150, deadline=None)
@given(games())
def test_the_engine_plays_the_game_of_the_contract(game: tuple[LeaseOffer, Assumptions, MarketAssumptions]) -> None:
    lease, assumptions, market = game
    engine = lease_game(lease, assumptions, market)
    both = reference(lease, assumptions, market)
    without_lessee = reference(lease, assumptions, market, lessee_right=False)
    without_provider = reference(lease, assumptions, market, provider_right=False)
    scale = abs(both.term_cost_pv) + abs(both.market_cost_pv) + 1.0

    assert close(engine.term_cost_pv, both.term_cost_pv, scale)
    assert close(engine.market_cost_pv, both.market_cost_pv, scale)
    assert close(engine.market_value_pv, both.market_value_pv, scale)
    assert close(engine.provider_revenue_pv, both.provider_revenue_pv, scale)
    assert close(engine.expected_term_months, both.expected_term_months, lease.term_months)
    assert close(engine.lessee_exit_value, without_lessee.market_value_pv - both.market_value_pv, scale)
    assert close(engine.provider_exit_cost, both.market_value_pv - without_provider.market_value_pv, scale)
    assert close(engine.contract_savings_pv, both.market_cost_pv - both.market_value_pv, scale)
    for k, prices in enumerate(engine.walk_away):
        assert prices.month == k
        pairs = ((prices.lessee_below, both.lessee_below[k]), (prices.provider_above, both.provider_above[k]))
        for mine, theirs in pairs:
            assert (mine is None) == (theirs is None)
            if mine is not None and theirs is not None:
                assert math.isclose(mine, theirs, rel_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(games())
def test_the_market_value_alone_equals_the_full_games(game: tuple[LeaseOffer, Assumptions, MarketAssumptions]) -> None:
    """The bridge of market_value_pv plays only the game with both rights; it is the same game."""
    from leasedesk.core.market.market_values import lease_market_value

    lease, assumptions, market = game
    full = lease_game(lease, assumptions, market).market_value_pv
    alone = lease_market_value(lease, assumptions, market)
    assert alone == full or (math.isnan(alone) and math.isnan(full))


@settings(max_examples=100, deadline=None)
@given(st.lists(games(), min_size=2, max_size=5))
def test_leases_played_side_by_side_equal_each_game_alone(
    drawn: list[tuple[LeaseOffer, Assumptions, MarketAssumptions]],
) -> None:
    """The bridge plays its blends side by side (leases of different starts, terms and exit rights under one
    market); each row must give exactly what the lease's own full game gives."""
    from leasedesk.core.market.market_values import lease_market_values

    _, assumptions, market = drawn[0]
    leases = [lease for lease, _, _ in drawn]
    together = lease_market_values(leases, assumptions, market)
    for lease, value in zip(leases, together, strict=True):
        alone = lease_game(lease, assumptions, market).market_value_pv
        assert value == alone or (math.isnan(value) and math.isnan(alone))
