"""The market view in the Comparison (DESIGN.md 7): the section-7 keys beside the v1 ones, the ranking, and
the lattice played only when one of its figures is asked for."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from deal_builders import build_deal, lease, self_build

import leasedesk.core.comparison as comparison_module
from leasedesk.core.comparison import ComparisonCache, compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import LeaseGame, lease_game
from leasedesk.core.model import Assumptions, Deal, LeaseOffer
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

# DESIGN.md 7, in the order of its sections
SECTION_7_KEYS = [
    "gap_cost_pv",
    "equal_capacity_pv",
    "equal_capacity_per_gpu_hour",
    "term_cost_pv",
    "market_cost_pv",
    "market_value_pv",
    "provider_revenue_pv",
    "expected_term_months",
    "lessee_exit_value",
    "provider_exit_cost",
    "contract_savings_pv",
]
EQUAL_CAPACITY = SECTION_7_KEYS[:3]
LATTICE = SECTION_7_KEYS[3:]


def with_market(deal: Deal, market: MarketAssumptions | None) -> Deal:
    return dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=market))


def small_deal(**market: Any) -> Deal:
    """A lease of 10 GPUs for months 1-4 at 1,000 a month and a build of 20 GPUs online from month 2 with 3,000
    of staff a month; 6 months, no discounting."""
    return build_deal(
        lease("lease", start="2026-02-01"),
        self_build("build", gpus=20, build_months=2, staff_per_month=3000),
        market={"price_per_gpu_hour": 0.5, **market},
    )


def test_equal_capacity_by_hand_and_the_ranking_it_gives() -> None:
    # Q = 20 (the largest offer): 14,600 GPU-hours a month, 87,600 over the 6 months.
    # Lease: own 0, 7,300 x 4, 0 -> gap 14,600 + 4 x 7,300 + 14,600 = 58,400 at 0.5 = 29,200; pv_cost 4,000.
    # Build: own 0, 0, 14,600 x 4 -> gap 29,200 at 0.5 = 14,600; pv_cost 4 x 3,000 = 12,000.
    comparison = compare(small_deal())
    assert comparison.required_gpus == 20
    lease_figures = comparison.market_metrics("lease")
    assert lease_figures["gap_cost_pv"] == pytest.approx(29_200, rel=1e-12)
    assert lease_figures["equal_capacity_pv"] == pytest.approx(33_200, rel=1e-12)
    assert lease_figures["equal_capacity_per_gpu_hour"] == pytest.approx(33_200 / 87_600, rel=1e-12)
    build_figures = comparison.market_metrics("build")
    assert build_figures["gap_cost_pv"] == pytest.approx(14_600, rel=1e-12)
    assert build_figures["equal_capacity_pv"] == pytest.approx(26_600, rel=1e-12)
    assert build_figures["equal_capacity_per_gpu_hour"] == pytest.approx(26_600 / 87_600, rel=1e-12)
    assert all(build_figures[key] is None for key in LATTICE)  # a self-build has only the 7.1 keys
    # Per delivered GPU-hour the lease is cheaper (4,000 / 29,200 against 12,000 / 58,400); for the same
    # capacity the build is: with a market the comparison ranks by equal capacity.
    assert comparison.ranking_key == "equal_capacity_per_gpu_hour"
    assert comparison.ranking() == ("build", "lease")
    plain = compare(with_market(small_deal(), None))
    assert plain.ranking_key == "cost_per_gpu_hour"
    assert plain.ranking() == ("lease", "build")


def test_equal_capacity_with_a_rising_price_discounted_by_hand() -> None:
    # 10% effective a year: v_t = 1.1^(-t/12); +20% a year: P_t = 0.5 * 1.2^(t/12); Q stated as 10.
    deal = small_deal(annual_change=0.2, required_gpus=10)
    deal = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, discount_rate=0.10))
    comparison = compare(deal)
    gap_hours = [7_300, 0, 0, 0, 0, 7_300]  # the lease covers Q in months 1-4; surplus would not count
    gap = sum(h * 0.5 * 1.2 ** (t / 12) * 1.1 ** (-t / 12) for t, h in enumerate(gap_hours))
    pv_cost = sum(1_000 * 1.1 ** (-t / 12) for t in range(1, 5))
    required = sum(7_300 * 1.1 ** (-t / 12) for t in range(6))
    figures = comparison.market_metrics("lease")
    assert figures["gap_cost_pv"] == pytest.approx(gap, rel=1e-12)
    assert figures["equal_capacity_pv"] == pytest.approx(pv_cost + gap, rel=1e-12)
    assert figures["equal_capacity_per_gpu_hour"] == pytest.approx((pv_cost + gap) / required, rel=1e-12)
    # The build has 20 GPUs from month 2: more than Q, so only months 0 and 1 are bought, and nothing is sold.
    build_gap = sum(7_300 * 0.5 * 1.2 ** (t / 12) * 1.1 ** (-t / 12) for t in (0, 1))
    assert comparison.market_metrics("build")["gap_cost_pv"] == pytest.approx(build_gap, rel=1e-12)


def test_without_a_market_every_section_7_key_is_null() -> None:
    comparison = compare(with_market(small_deal(), None))
    assert comparison.market is None and comparison.required_gpus is None
    for result in comparison.results:
        assert list(comparison.market_metrics(result.offer_id)) == SECTION_7_KEYS
        assert all(value is None for value in comparison.market_metrics(result.offer_id).values())
        assert comparison.lease_game(result.offer_id) is None
        assert comparison.walk_away(result.offer_id) is None
        assert comparison.exit_clause_at_market(result.offer_id) is None
    assert comparison.metric_values("market_value_pv") == {"lease": None, "build": None}


def test_a_market_leaves_every_v1_figure_exactly_as_it_was() -> None:
    sample = load_deal(sample_deal_path())
    plain = compare(with_market(sample, None))
    market = MarketAssumptions(4.0, annual_change=-0.25, volatility=0.6, lessee_switching_cost=5e7)
    priced = compare(with_market(sample, market))
    for before, after in zip(plain.results, priced.results, strict=True):
        assert after.metrics == before.metrics  # exact, not approximately
        assert list(after.metrics) == list(before.metrics)
        assert all(priced.market_metrics(after.offer_id)[key] is not None for key in EQUAL_CAPACITY)
    # The same holds for the JSON text of the v1 keys.
    before_json: Any = plain.to_json_data()
    after_json: Any = priced.to_json_data()
    for offer_before, offer_after in zip(before_json["offers"], after_json["offers"], strict=True):
        v1 = {k: v for k, v in offer_before["metrics"].items() if k not in SECTION_7_KEYS}
        assert json.dumps(v1) == json.dumps({k: offer_after["metrics"][k] for k in v1})


def test_required_gpus_default_to_the_largest_offer_of_each_deal_and_its_changed_copies() -> None:
    deal = small_deal()
    assert compare(deal).required_gpus == 20
    bigger = dataclasses.replace(deal, offers=(dataclasses.replace(deal.offers[0], gpus=35), deal.offers[1]))
    assert compare(bigger).required_gpus == 35
    assert compare(bigger).market_metrics("build")["gap_cost_pv"] == pytest.approx(
        (2 * 35 + 4 * 15) * 730 * 0.5, rel=1e-12
    )
    stated = with_market(bigger, MarketAssumptions(0.5, required_gpus=12))
    assert compare(stated).required_gpus == 12
    assert compare(build_deal(market={"price_per_gpu_hour": 1})).required_gpus is None  # no offers, no Q


def test_the_lattice_is_played_only_when_asked_and_once_per_offer_and_assumptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played: list[str] = []
    real = lease_game  # what the comparison module plays

    def counting(lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseGame:
        played.append(lease.id)
        return real(lease, assumptions, market)

    monkeypatch.setattr(comparison_module, "lease_game", counting)
    deal = build_deal(
        lease("a", lessee_exit={"allowed": True, "lock_in_months": 1, "notice_days": 30}),
        lease("b", gpus=12),
        self_build("build"),
        market={"price_per_gpu_hour": 0.2, "annual_change": -0.2, "volatility": 0.5},
    )
    cache = ComparisonCache()
    comparison = compare(deal, cache)
    comparison.metric_values("equal_capacity_per_gpu_hour")
    assert comparison.ranking() and comparison.result("a").metrics["pv_cost"] is not None
    assert played == []  # the v1 figures, equal capacity and the ranking need no game
    comparison.market_metrics("a")
    assert played == ["a"]
    comparison.market_metrics("a")
    comparison.walk_away("a")
    comparison.exit_clause_at_market("a")
    comparison.market_metrics("build")
    assert played == ["a"]
    comparison.metric_values("market_value_pv")
    assert played == ["a", "b"]
    # An edit of "b" makes a new deal object; with the same cache only "b" is played again.
    b = deal.offers[1]
    assert isinstance(b, LeaseOffer)
    cheaper_b = dataclasses.replace(b, monthly_fee=900)
    edited = dataclasses.replace(deal, offers=(deal.offers[0], cheaper_b, deal.offers[2]))
    again = compare(edited, cache)
    again.to_json_data()
    assert played == ["a", "b", "b"]
    assert again.market_metrics("a") == comparison.market_metrics("a")
    # New assumptions (another market) play every lease again.
    moved = with_market(edited, MarketAssumptions(0.3, annual_change=-0.2, volatility=0.5))
    compare(moved, cache).metric_values("market_value_pv")
    assert played == ["a", "b", "b", "a", "b"]


def test_a_market_the_lattice_cannot_hold_gives_no_lattice_figures() -> None:
    # Loading refuses it; a changed copy that was not checked must not get lattice figures either.
    deal = with_market(small_deal(), MarketAssumptions(0.5, annual_change=-0.2, volatility=0.01))
    comparison = compare(deal)
    figures = comparison.market_metrics("lease")
    assert figures["equal_capacity_pv"] is not None
    assert all(figures[key] is None for key in LATTICE)
    assert comparison.walk_away("lease") is None


def test_a_lease_gets_every_lattice_key_and_its_walk_away_prices() -> None:
    deal = build_deal(
        lease("a", term_months=5, lessee_exit={"allowed": True, "lock_in_months": 1, "notice_days": 30}),
        market={"price_per_gpu_hour": 0.2, "annual_change": -0.2, "volatility": 0.5},
        horizon_months=6,
    )
    comparison = compare(deal)
    figures = comparison.market_metrics("a")
    assert all(isinstance(value, float) and math.isfinite(value) for value in (figures[key] for key in SECTION_7_KEYS))
    # Held to term: 5 months of 1,000, nothing discounted.
    assert figures["term_cost_pv"] == pytest.approx(5_000, rel=1e-12)
    assert figures["contract_savings_pv"] == pytest.approx(
        figures["market_cost_pv"] - figures["market_value_pv"], rel=1e-12  # type: ignore[operator]
    )
    walk_away = comparison.walk_away("a")
    assert walk_away is not None and [row["month"] for row in walk_away] == [0, 1, 2, 3, 4]
    assert all(row["provider_above"] is None for row in walk_away)  # the provider has no right
    assert walk_away[0]["lessee_below"] is None  # locked in
    clause = comparison.exit_clause_at_market("a")
    assert clause is not None and clause.kind == "lessee_only"
