"""The one metric reader of the negotiation analyses gives what compare() and the market engine give."""

from __future__ import annotations

import dataclasses

import pytest
from negotiation_support import deal_with_market, sample_deal

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.market.metrics import market_metrics_of
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.metrics import offer_figures
from leasedesk.core.model import LeaseOffer, SelfBuildPlan
from leasedesk.core.negotiation.copies import with_offer
from leasedesk.core.negotiation.evaluate import KNOWN_METRIC_KEYS, MetricEvaluator

SAMPLE = sample_deal()
MARKET = MarketAssumptions(2.6, annual_change=-0.2, volatility=0.35, lessee_switching_cost=5e7)


def test_v1_metrics_equal_the_comparisons_also_in_a_changed_copy() -> None:
    evaluator = MetricEvaluator()
    # Make the baseline change: every lease's break-even fee must follow it.
    plan = SAMPLE.offer("build")
    assert isinstance(plan, SelfBuildPlan)
    build = dataclasses.replace(plan, gpu_capex=40_000)
    for deal in (SAMPLE, with_offer(SAMPLE, build)):
        comparison = compare(deal)
        for offer in deal.offers:
            assert evaluator.metrics(deal, offer.id, METRIC_KEYS) == comparison.result(offer.id).metrics


def test_without_a_market_the_section_7_keys_are_null() -> None:
    values = MetricEvaluator().metrics(SAMPLE, "memphis", KNOWN_METRIC_KEYS)
    assert all(values[key] is None for key in KNOWN_METRIC_KEYS if key not in METRIC_KEYS)


def test_market_keys_come_from_the_market_engine_with_q_from_the_copy() -> None:
    deal = deal_with_market(SAMPLE, MARKET)
    evaluator = MetricEvaluator()
    lease = deal.offer("memphis")
    assert isinstance(lease, LeaseOffer)
    bigger = dataclasses.replace(lease, gpus=70_000)  # the largest offer now: Q follows it
    copy = with_offer(deal, bigger)
    expected = market_metrics_of(offer_figures(bigger, deal.assumptions), deal.assumptions, MARKET, 70_000)
    for key in ("equal_capacity_pv", "equal_capacity_per_gpu_hour", "market_value_pv", "lessee_exit_value"):
        assert evaluator.metric(copy, "memphis", key) == pytest.approx(expected[key], rel=1e-12)
    build_expected = market_metrics_of(offer_figures(deal.offer("build"), deal.assumptions), deal.assumptions,
                                       MARKET, 70_000, include_lattice=False)
    assert evaluator.metric(copy, "build", "equal_capacity_pv") == pytest.approx(build_expected["equal_capacity_pv"])
    assert evaluator.metric(copy, "build", "market_value_pv") is None
    assert lease_game(bigger, deal.assumptions, MARKET).market_value_pv == pytest.approx(
        evaluator.metric(copy, "memphis", "market_value_pv")
    )


def test_a_copy_whose_volatility_is_too_low_for_its_drift_plays_no_game() -> None:
    # Sensitivity copies are not held to the rule: the ranking figures stay, the lattice figures are null.
    deal = deal_with_market(SAMPLE, MarketAssumptions(2.6, annual_change=-0.5, volatility=0.01))
    evaluator = MetricEvaluator()
    assert evaluator.metric(deal, "memphis", "market_value_pv") is None
    assert evaluator.metric(deal, "memphis", "equal_capacity_per_gpu_hour") is not None
