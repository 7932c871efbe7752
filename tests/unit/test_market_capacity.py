"""Equal capacity (DESIGN.md 7.1) and the section-7 metric dict of an offer, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from deal_builders import build_deal, lease, self_build

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.equal_capacity import equal_capacity
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.market.metric_info import (
    EQUAL_CAPACITY_KEYS,
    MARKET_METRIC_BY_KEY,
    MARKET_METRIC_KEYS,
    best_market_offer_ids,
)
from leasedesk.core.market.metrics import market_metrics, market_metrics_of, walk_away_data
from leasedesk.core.metrics import offer_figures

LATTICE_KEYS = [k for k in MARKET_METRIC_KEYS if k not in EQUAL_CAPACITY_KEYS]


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-12, abs=1e-9)


def test_a_build_buys_its_lead_time_and_lost_availability_at_the_market() -> None:
    # 10 GPUs online from month 2 at availability 0.5: own 0, 0, 3,650, 3,650 of the 7,300 GPU-hours required.
    # Gap 7,300, 7,300, 3,650, 3,650 at 2 per GPU-hour: 43,800; with nothing else paid, 1.5 per required hour.
    deal = build_deal(self_build(build_months=2, availability=0.5), horizon_months=4)
    figures = offer_figures(deal.offers[0], deal.assumptions)
    metrics = market_metrics_of(figures, deal.assumptions, MarketAssumptions(2.0), required_gpus=10)
    assert metrics["gap_cost_pv"] == approx(43_800)
    assert metrics["equal_capacity_pv"] == approx(figures.pv_cost + 43_800)
    assert metrics["equal_capacity_per_gpu_hour"] == approx(43_800 / (4 * 7_300))
    assert all(metrics[key] is None for key in LATTICE_KEYS)


def test_bridge_hours_count_in_full_and_the_price_grows_and_is_discounted() -> None:
    # A bridge at 1 per GPU-hour covers months 0 and 1 in full; months 2 and 3 miss half of 7,300.
    # With 10% effective a year, v_t = 1.1^(-t/12); with +12% a year, P_t = 2 * 1.12^(t/12).
    deal = build_deal(
        self_build(build_months=2, availability=0.5, bridge_price_per_gpu_hour=1.0),
        horizon_months=4,
        discount_rate=0.10,
    )
    figures = offer_figures(deal.offers[0], deal.assumptions)
    market = MarketAssumptions(2.0, annual_change=0.12)
    metrics = market_metrics_of(figures, deal.assumptions, market, required_gpus=10)
    gap = sum(3_650 * 2 * 1.12 ** (t / 12) * 1.1 ** (-t / 12) for t in (2, 3))
    assert metrics["gap_cost_pv"] == approx(gap)
    assert figures.pv_cost == approx(7_300 * (1 + 1.1 ** (-1 / 12)))  # the bridge itself
    required = sum(7_300 * 1.1 ** (-t / 12) for t in range(4))
    assert metrics["equal_capacity_per_gpu_hour"] == approx((figures.pv_cost + gap) / required)


def test_a_lease_gets_every_key_and_surplus_is_not_sold() -> None:
    # A lease of 10 GPUs from month 1 for 4 months, 12 required: months 0 and 5 miss 8,760 GPU-hours,
    # months 1-4 miss 1,460 each. Price 1, no discounting: 8,760 * 2 + 1,460 * 4 = 23,360.
    deal = build_deal(lease(start="2026-02-01"), horizon_months=6)
    figures = offer_figures(deal.offers[0], deal.assumptions)
    metrics = market_metrics_of(figures, deal.assumptions, MarketAssumptions(1.0), required_gpus=12)
    assert metrics["gap_cost_pv"] == approx(23_360)
    assert metrics["equal_capacity_pv"] == approx(4_000 + 23_360)
    assert metrics["term_cost_pv"] == approx(4_000)
    assert metrics["market_cost_pv"] == approx(4 * 7_300)
    assert metrics["market_value_pv"] == approx(4_000)
    assert metrics["contract_savings_pv"] == approx(4 * 7_300 - 4_000)
    assert metrics["expected_term_months"] == 4
    assert metrics["lessee_exit_value"] == 0.0 and metrics["provider_exit_cost"] == 0.0
    fewer = market_metrics_of(figures, deal.assumptions, MarketAssumptions(1.0), required_gpus=5)
    assert fewer["gap_cost_pv"] == approx(2 * 3_650)  # only months 0 and 5; the surplus earns nothing


def test_the_lattice_figures_are_computed_only_when_asked() -> None:
    deal = build_deal(lease(), horizon_months=6)
    figures = offer_figures(deal.offers[0], deal.assumptions)
    metrics = market_metrics_of(figures, deal.assumptions, MarketAssumptions(1.0), 10, include_lattice=False)
    assert metrics["equal_capacity_pv"] is not None
    assert all(metrics[key] is None for key in LATTICE_KEYS)
    unknown_q = market_metrics_of(figures, deal.assumptions, MarketAssumptions(1.0), None)
    assert unknown_q["gap_cost_pv"] is None and unknown_q["term_cost_pv"] == approx(4_000)


def test_a_game_already_played_is_reused_and_its_walk_away_prices_read_as_json() -> None:
    deal = build_deal(lease(lessee_exit={"allowed": True}), horizon_months=6)
    market = MarketAssumptions(0.1)
    game = lease_game(deal.offers[0], deal.assumptions, market)  # type: ignore[arg-type]
    figures = offer_figures(deal.offers[0], deal.assumptions)
    metrics = market_metrics(
        deal.offers[0], deal.assumptions, market, figures.flows.gpu_hours, figures.pv_cost, 10, game=game
    )
    assert metrics["market_value_pv"] == game.market_value_pv
    assert walk_away_data(game)[0] == {"month": 0, "lessee_below": pytest.approx(0.1), "provider_above": None}
    assert [row["month"] for row in walk_away_data(game)] == [0, 1, 2, 3]


def test_the_v1_figures_do_not_move() -> None:
    deal = build_deal(lease(), self_build(), horizon_months=6)
    before = [dict(r.metrics) for r in compare(deal).results]
    for offer in deal.offers:
        market_metrics_of(offer_figures(offer, deal.assumptions), deal.assumptions, MarketAssumptions(1.0), 10)
    assert [dict(r.metrics) for r in compare(deal).results] == before


def test_required_gpus_default_to_the_largest_offer() -> None:
    deal = build_deal(lease(gpus=12), self_build(gpus=30))
    assert MarketAssumptions(1.0).required_gpus_for(deal.offers) == 30
    assert MarketAssumptions(1.0, required_gpus=7).required_gpus_for(deal.offers) == 7
    assert MarketAssumptions(1.0).required_gpus_for(()) is None


def test_own_capacity_at_or_above_the_requirement_costs_nothing_more() -> None:
    deal = build_deal(lease(), horizon_months=6)
    own = np.full(6, 7_300.0)
    capacity = equal_capacity(own, 123.0, deal.assumptions, MarketAssumptions(5.0), required_gpus=10)
    assert capacity.gap_cost_pv == 0 and capacity.equal_capacity_pv == 123.0


def test_which_way_each_key_is_better() -> None:
    lower = {"gap_cost_pv", "equal_capacity_pv", "equal_capacity_per_gpu_hour", "term_cost_pv", "market_value_pv",
             "provider_exit_cost"}
    higher = {"lessee_exit_value", "contract_savings_pv"}
    for key, info in MARKET_METRIC_BY_KEY.items():
        assert info.better == ("lower" if key in lower else "higher" if key in higher else "none"), key
    assert MARKET_METRIC_BY_KEY["equal_capacity_per_gpu_hour"].unit == "money_per_gpu_hour"
    assert MARKET_METRIC_BY_KEY["expected_term_months"].unit == "months"
    assert best_market_offer_ids({"a": 1.0, "b": 2.0}, "contract_savings_pv") == {"b"}
    assert best_market_offer_ids({"a": 1.0, "b": 2.0}, "market_cost_pv") == set()
