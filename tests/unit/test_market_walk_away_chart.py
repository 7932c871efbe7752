"""The walk-away chart's data: walk-away prices, expected market price and the lease's own cost per GPU-hour."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.market.walk_away_chart import notice_marks, own_cost_per_gpu_hour, walk_away_chart
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, PowerTerms, RampStep
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

START = dt.date(2026, 7, 1)
ASSUMPTIONS = Assumptions(START, 42, 0.10)
MARKET = MarketAssumptions(2.60, annual_change=-0.20, volatility=0.35)
NINETY_DAYS_AFTER_3 = ExitRight(allowed=True, lock_in_months=3, notice_days=90)


def lease(**terms: object) -> LeaseOffer:
    values: dict[str, object] = {"id": "c2", "gpus": 60_000, "start": START, "term_months": 42,
                                 "monthly_fee": 150e6, "availability": 0.99}
    values.update(terms)
    return LeaseOffer(**values)  # type: ignore[arg-type]


def test_own_cost_is_fee_and_power_over_delivered_hours() -> None:
    power = PowerTerms(included=False, kw_per_gpu=2.0, pue=1.2, price_per_kwh=0.068)
    costs = own_cost_per_gpu_hour(lease(power=power), ASSUMPTIONS)
    hours = 60_000 * 730 * 0.99
    power_per_month = 60_000 * 2.0 * 1.2 * 730 * 0.068
    assert len(costs) == 42
    assert costs[0] == pytest.approx((150e6 + power_per_month) / hours, rel=1e-12)


def test_own_cost_is_none_before_a_ramp_delivers_and_higher_while_it_ramps_under_a_committed_fee() -> None:
    ramp = (RampStep(month=1, gpus=30_000), RampStep(month=2, gpus=60_000))
    costs = own_cost_per_gpu_hour(lease(ramp=ramp), ASSUMPTIONS)
    assert costs[0] is None
    assert costs[1] == pytest.approx(150e6 / (30_000 * 730 * 0.99))
    assert costs[2] == pytest.approx(150e6 / (60_000 * 730 * 0.99))


def test_series_follow_the_game_and_the_expected_price_from_the_lease_start() -> None:
    later = lease(start=dt.date(2026, 10, 1), term_months=36, lessee_exit=NINETY_DAYS_AFTER_3,
                  provider_exit=NINETY_DAYS_AFTER_3)
    game = lease_game(later, ASSUMPTIONS, MARKET)
    data = walk_away_chart(later, ASSUMPTIONS, MARKET, game)
    assert data.months == tuple(range(36))
    assert data.lessee_below == tuple(p.lessee_below for p in game.walk_away)
    assert data.provider_above == tuple(p.provider_above for p in game.walk_away)
    growth = 0.8 ** (1 / 12)
    assert data.expected_price[0] == pytest.approx(2.60 * growth**3)  # the lease starts in month 3
    assert data.expected_price[10] == pytest.approx(2.60 * growth**13)
    assert all(price is None for price in data.lessee_below[:3])  # locked in
    assert any(price is not None for price in data.lessee_below[3:])


def test_marks_say_from_when_each_side_may_give_notice_and_the_earliest_end() -> None:
    assert notice_marks(lease()) == ()
    both = notice_marks(lease(lessee_exit=NINETY_DAYS_AFTER_3, provider_exit=NINETY_DAYS_AFTER_3))
    assert [m.label for m in both] == ["Notice from month 3", "Earliest end: month 5.96"]
    assert both[1].month == pytest.approx(3 + 90 / 30.4375)
    provider = ExitRight(allowed=True, lock_in_months=12, notice_days=180)
    apart = notice_marks(lease(lessee_exit=NINETY_DAYS_AFTER_3, provider_exit=provider))
    assert [m.kind for m in apart] == ["notice_from", "earliest_end", "notice_from", "earliest_end"]
    assert [m.month for m in apart] == pytest.approx([3.0, 3 + 90 / 30.4375, 12.0, 12 + 180 / 30.4375])
    assert [m.label for m in apart] == [
        "Your notice from month 3",
        "Your earliest end: month 5.96",
        "Provider's notice from month 12",
        "Provider's earliest end: month 17.91",
    ]
    never = ExitRight(allowed=True, lock_in_months=42, notice_days=90)  # a right that can never be used
    assert notice_marks(lease(lessee_exit=never)) == ()


def test_the_comparison_gives_the_chart_for_a_lease_only_and_only_with_a_market() -> None:
    comparison = compare(load_deal(sample_deal_path()))
    memphis = comparison.walk_away_chart("memphis")
    assert memphis is not None and len(memphis.months) == 42
    assert memphis.own_cost[0] == pytest.approx(150e6 / (60_000 * 730 * 0.99))
    assert comparison.walk_away_chart("build") is None
    deal = comparison.deal
    without = compare(dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None)))
    assert without.walk_away_chart("memphis") is None
