"""The lease game of DESIGN.md 7.2 on small leases worked by hand.

Every lease has 10 GPUs at 730 hours a month and availability 1, so a month of its capacity is
7,300 GPU-hours: at a market price x it costs 7,300 * x to replace.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer, add_months

START = dt.date(2026, 1, 1)
HOURS = 7300.0  # GPU-hours of one lease month
MONTH_OF_NOTICE = 365.25 / 12  # days: exactly one month of notice


def lease(term: int, fee: float, *, start: int = 0, **terms: object) -> LeaseOffer:
    return LeaseOffer(id="l", gpus=10, start=add_months(START, start), term_months=term, monthly_fee=fee, **terms)  # type: ignore[arg-type]


def flat(rate: float = 0.0, **kwargs: object) -> Assumptions:
    return Assumptions(analysis_start=START, horizon_months=6, discount_rate=rate, **kwargs)  # type: ignore[arg-type]


def anytime(notice_days: float = 0.0, fee: float = 0.0, lock_in: int = 0) -> ExitRight:
    return ExitRight(allowed=True, lock_in_months=lock_in, notice_days=notice_days, termination_fee=fee)


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-12, abs=1e-9)


def test_without_exit_rights_the_lease_runs_its_term() -> None:
    game = lease_game(lease(2, 10_000), flat(), MarketAssumptions(price_per_gpu_hour=1.0))
    assert game.term_cost_pv == approx(2 * 10_000)
    assert game.market_cost_pv == approx(2 * HOURS * 1.0)
    assert game.market_value_pv == approx(20_000)
    assert game.provider_revenue_pv == approx(20_000)
    assert game.expected_term_months == 2
    assert game.lessee_exit_value == 0 and game.provider_exit_cost == 0
    assert game.contract_savings_pv == approx(14_600 - 20_000)
    assert all(p.lessee_below is None and p.provider_above is None for p in game.walk_away)


def test_the_lessee_leaves_a_dear_lease_at_once() -> None:
    # Fee 10,000 against 7,300 at the market, zero notice.
    # Month 1: leaving costs 7,300 (market), staying 10,000: leave. Ve(1) = 7,300.
    # Month 0: leaving costs 7,300 + 7,300 = 14,600, staying 10,000 + 7,300 = 17,300: leave at e = 0.
    game = lease_game(lease(2, 10_000, lessee_exit=anytime()), flat(), MarketAssumptions(price_per_gpu_hour=1.0))
    assert game.market_value_pv == approx(14_600)
    assert game.expected_term_months == 0
    assert game.lessee_exit_value == approx(20_000 - 14_600)
    assert game.contract_savings_pv == approx(0)
    assert [(p.lessee_below, p.provider_above) for p in game.walk_away] == [(1.0, None), (1.0, None)]


def test_fractional_notice_pays_part_of_the_notice_month_and_the_termination_fee() -> None:
    # Half a month of notice: from month k the lessee pays half of month k's fee (5,000), buys the other
    # half of month k (3,650) and the later months at the market, and pays the fee of 3,000.
    # k = 2: 5,000 + 3,650 + 3,000 = 11,650 against staying 10,000: stay, Ve(2) = 10,000.
    # k = 1: 5,000 + 3,650 + 7,300 + 3,000 = 18,950 against 10,000 + 10,000: leave, e = 1.5.
    # k = 0: 5,000 + 3,650 + 14,600 + 3,000 = 26,250 against 10,000 + 18,950 = 28,950: leave, e = 0.5.
    right = anytime(notice_days=MONTH_OF_NOTICE / 2, fee=3_000)
    game = lease_game(lease(3, 10_000, lessee_exit=right), flat(), MarketAssumptions(price_per_gpu_hour=1.0))
    assert game.market_value_pv == approx(26_250)
    assert game.provider_revenue_pv == approx(26_250)  # no switching costs: what one pays the other gets
    assert game.expected_term_months == approx(0.5)
    assert game.lessee_exit_value == approx(30_000 - 26_250)
    assert game.walk_away[2].lessee_below is None
    assert game.walk_away[1].lessee_below == 1.0


def test_the_provider_takes_back_a_cheap_lease_and_both_pay_their_switching_costs() -> None:
    # Fee 5,000 against 7,300 at the market; the provider pays the lessee 1,000 to leave at zero notice;
    # the lessee's switching cost is 200, the provider's re-letting cost 500.
    # Month 1: revenue from leaving 7,300 - 1,000 - 500 = 5,800 > 5,000: the provider leaves;
    #          the lessee's cost 7,300 - 1,000 + 200 = 6,500.
    # Month 0: revenue 14,600 - 1,500 = 13,100 > 5,000 + 5,800: leaves; the lessee's cost 14,600 - 800.
    market = MarketAssumptions(price_per_gpu_hour=1.0, lessee_switching_cost=200, provider_relet_cost=500)
    game = lease_game(lease(2, 5_000, provider_exit=anytime(fee=1_000)), flat(), market)
    assert game.market_value_pv == approx(13_800)
    assert game.provider_revenue_pv == approx(13_100)
    assert game.expected_term_months == 0
    assert game.provider_exit_cost == approx(13_800 - 10_000)
    assert game.lessee_exit_value == 0
    assert [(p.lessee_below, p.provider_above) for p in game.walk_away] == [(None, 1.0), (None, 1.0)]


def test_a_mutual_exit_at_the_market_on_a_lattice() -> None:
    # sigma = sqrt(12) * ln 2: u = 2, d = 1/2; no drift, so q = (1 - 1/2) / (2 - 1/2) = 1/3.
    # Fee 7,300 = the market at p0 = 1. Month 1 has prices 1/2 and 2.
    # Month 1, price 1/2: leaving costs 3,650 < 7,300: the lessee leaves. Price 2: leaving earns the
    #   provider 14,600 > 7,300: it leaves; the lessee cannot do better than 14,600. Both exits end at e = 1.
    # Month 0: staying 7,300 + 14,600/3 + 3,650 * 2/3 = 14,600; leaving 7,300 + 7,300 = 14,600: a tie, nobody leaves.
    market = MarketAssumptions(price_per_gpu_hour=1.0, volatility=math.sqrt(12) * math.log(2))
    both = anytime()
    game = lease_game(lease(2, 7_300, lessee_exit=both, provider_exit=both), flat(), market)
    assert game.market_value_pv == approx(14_600)
    assert game.term_cost_pv == approx(14_600)
    assert game.market_cost_pv == approx(14_600)
    assert game.expected_term_months == approx(1)
    # Without the lessee's right, month 1 at price 1/2 stays at 7,300 and month 0 is worth
    # 7,300 + 14,600/3 + 7,300 * 2/3 = 17,033.33: the right saves the lessee 3,650 * 2/3.
    assert game.lessee_exit_value == approx(7_300 + 14_600 / 3 + 7_300 * 2 / 3 - 14_600)
    # Without the provider's right, month 1 at price 2 costs 7,300: 7,300 + 7,300/3 + 3,650 * 2/3.
    assert game.provider_exit_cost == approx(14_600 - (7_300 + 7_300 / 3 + 3_650 * 2 / 3))
    assert (game.walk_away[0].lessee_below, game.walk_away[0].provider_above) == (None, None)
    assert game.walk_away[1].lessee_below == approx(0.5)
    assert game.walk_away[1].provider_above == approx(2.0)


def test_a_later_start_a_deposit_an_upfront_fee_and_payment_in_arrears() -> None:
    # Nominal 12%: 1% a month. In arrears a month's fee of month t is discounted by 1.01^-(t + 1);
    # one-off amounts by 1.01^-t. The lease starts at month 1 and runs 2 months; upfront 1,000, deposit 2,000.
    # The lessee may leave from lease month 1 at zero notice for a fee of 500; its switching cost is 100.
    # Lease month 1 (t = 2): leaving costs 7,300 / 1.01^3 + (500 - 2,000 + 100) / 1.01^2 = 5,712.87,
    #   staying 10,000 / 1.01^3 - 2,000 / 1.01^3 = 7,764.73: leave (e = 1).
    terms = {"upfront_fee": 1_000.0, "deposit": 2_000.0, "lessee_exit": anytime(fee=500, lock_in=1)}
    assumptions = flat(0.12, rate_convention="nominal", payment_timing="arrears")
    market = MarketAssumptions(price_per_gpu_hour=1.0, lessee_switching_cost=100)
    game = lease_game(lease(2, 10_000, start=1, **terms), assumptions, market)
    assert game.term_cost_pv == approx(3_000 / 1.01 + 10_000 / 1.01**2 + 10_000 / 1.01**3 - 2_000 / 1.01**3)
    assert game.market_cost_pv == approx(7_300 / 1.01**2 + 7_300 / 1.01**3)
    market_value = 3_000 / 1.01 + 10_000 / 1.01**2 + 7_300 / 1.01**3 - 1_400 / 1.01**2
    assert game.market_value_pv == approx(market_value)
    assert game.provider_revenue_pv == approx(market_value - 100 / 1.01**2)  # the lessee's 100 is not revenue
    assert game.expected_term_months == 1
    assert game.lessee_exit_value == approx(game.term_cost_pv - market_value)


def test_the_lessee_leaves_first_when_the_provider_would_leave_on_worse_terms() -> None:
    # The market price doubles every month (1, 2, 4): the fee 7,300 becomes cheap. The provider may leave
    # at zero notice from month 1; the lessee on one month's notice from month 0.
    # Month 2: the provider leaves (29,200 > 7,300); the lessee cannot (its notice reaches the end).
    # Month 1: staying is worth 7,300 + 29,200 = 36,500; the provider leaves (14,600 + 29,200 = 43,800).
    #   The lessee's notice costs 7,300 (its month 1) + 29,200 (month 2 at the market) = 36,500: below the
    #   43,800 the provider's exit would cost, so it gives notice first (e = 2), though only equal to staying.
    # Month 0: staying 7,300 + 36,500 = 43,800; the lessee's notice 7,300 + 14,600 + 29,200: stay.
    market = MarketAssumptions(price_per_gpu_hour=1.0, annual_change=2.0**12 - 1)
    terms: dict[str, Any] = {"lessee_exit": anytime(notice_days=MONTH_OF_NOTICE), "provider_exit": anytime(lock_in=1)}
    game = lease_game(lease(3, 7_300, **terms), flat(), market)
    assert game.market_value_pv == approx(43_800)
    assert game.expected_term_months == approx(2)
    assert game.market_cost_pv == approx(7_300 * (1 + 2 + 4))
    # Without the lessee's right the provider leaves at month 1: 7,300 + 43,800.
    assert game.lessee_exit_value == approx(7_300 + 43_800 - 43_800)
    # The walk-away prices compare with staying (Ce): at month 1 the lessee's notice only ties with it.
    assert game.walk_away[1].lessee_below is None
    assert game.walk_away[1].provider_above == approx(2.0)


def test_switching_costs_keep_both_sides_put_for_small_moves() -> None:
    # As in the mutual exit on a lattice, but each early end costs the lessee 4,000 and the provider 4,000.
    # Month 1, price 1/2: leaving costs 3,650 + 4,000 = 7,650 > 7,300: stay. Price 2: the provider would get
    # 14,600 - 4,000 = 10,600 > 7,300: it leaves, and the lessee pays 14,600 + 4,000 = 18,600.
    # Month 0 (price 1): staying costs the lessee 7,300 + 18,600/3 + 7,300 * 2/3 = 18,366.67 and earns the
    # provider 7,300 + 10,600/3 + 7,300 * 2/3 = 15,700; leaving (14,600 -/+ 4,000) does not pay either side.
    market = MarketAssumptions(
        price_per_gpu_hour=1.0,
        volatility=math.sqrt(12) * math.log(2),
        lessee_switching_cost=4_000,
        provider_relet_cost=4_000,
    )
    both = anytime()
    game = lease_game(lease(2, 7_300, lessee_exit=both, provider_exit=both), flat(), market)
    assert game.market_value_pv == approx(7_300 + 18_600 / 3 + 7_300 * 2 / 3)
    assert game.provider_revenue_pv == approx(7_300 + 10_600 / 3 + 7_300 * 2 / 3)
    assert game.expected_term_months == approx(1 / 3 * 1 + 2 / 3 * 2)
    assert game.walk_away[1].lessee_below is None
    assert game.walk_away[1].provider_above == approx(2.0)


def test_a_notice_that_reaches_the_end_of_the_term_is_no_exercise() -> None:
    right = anytime(notice_days=2 * MONTH_OF_NOTICE)
    game = lease_game(lease(2, 10_000, lessee_exit=right), flat(), MarketAssumptions(price_per_gpu_hour=0.01))
    assert game.market_value_pv == approx(20_000)
    assert game.lessee_exit_value == 0
    assert game.expected_term_months == 2


def test_a_volatility_too_low_for_the_drift_gets_no_figures() -> None:
    market = MarketAssumptions(price_per_gpu_hour=1, annual_change=-0.2, volatility=0.01)
    with pytest.raises(ValueError, match="too low"):
        lease_game(lease(2, 1_000), flat(), market)


@pytest.mark.parametrize(
    "market",
    [MarketAssumptions(1.0, annual_change=1e300), MarketAssumptions(1.0, annual_change=1e300, volatility=1e6)],
    ids=["no volatility", "overflowing volatility"],
)
def test_an_extreme_but_valid_market_plays_without_raising(market: MarketAssumptions) -> None:
    # G = (1 + 1e300)^(1/12) = 1e25: G^t overflows from t = 13 on. As for other extreme inputs, the figures that
    # overflow are not finite (the comparison shows them as null); nothing raises.
    played = lease_game(lease(24, 1000.0, lessee_exit=ExitRight(allowed=True, notice_days=30)), flat(), market)
    assert played.term_cost_pv == 24_000
    assert len(played.walk_away) == 24
    assert not math.isfinite(played.market_cost_pv)
