"""Exit figures of a lease (DESIGN.md 2, "Exit rights"): X(m), X_pv(m), min_commitment and secured_months.

Notice days become months at 30.4375 days a month: 90 days = 2.9569 months, 45.65625 days = 1.5 months,
15.21875 days = 0.5 months. Exit figures cover the whole term, past the horizon too.
"""

from __future__ import annotations

from typing import Any

import numpy_financial as npf
import pytest
from deal_builders import lease, metrics_of, month_start, result_of

REL = 1e-12
DAYS_PER_MONTH = 365.25 / 12
NOMINAL_1PCT: dict[str, Any] = {"discount_rate": 0.12, "rate_convention": "nominal"}


def exit_right(lock_in: int, notice_days: float, fee: float = 0.0) -> dict[str, Any]:
    return {"allowed": True, "lock_in_months": lock_in, "notice_days": notice_days, "termination_fee": fee}


def curve_of(offer: dict[str, Any], **assumptions: object):  # type: ignore[no-untyped-def]
    curve = result_of(offer, **assumptions).exit_curve
    assert curve is not None
    return curve


# --- the worked example of DESIGN.md -------------------------------------------------------------------------------


def test_worked_example_three_month_lock_in_and_90_days_is_5_957_months_of_fees() -> None:
    fee = 150_000_000
    offer = lease(gpus=60_000, monthly_fee=fee, term_months=42, lessee_exit=exit_right(3, 90))
    metrics = metrics_of(offer, horizon_months=42, discount_rate=0.10)
    e = 3 + 90 / 30.4375
    assert e == pytest.approx(5.957, abs=5e-4)
    # months k = 0..4 in full, 0.957 of month 5
    assert metrics["min_commitment"] == pytest.approx(5 * fee + (e - 5) * fee, rel=REL)
    assert metrics["min_commitment"] == pytest.approx(5.957 * fee, rel=1e-4)


def test_worked_example_curve_runs_from_the_lock_in_to_the_last_month() -> None:
    offer = lease(gpus=60_000, monthly_fee=150_000_000, term_months=42, lessee_exit=exit_right(3, 90))
    curve = curve_of(offer, horizon_months=42)
    assert list(curve.notice_months) == list(range(3, 42))
    assert list(curve.ends_at) == pytest.approx([m + 90 / DAYS_PER_MONTH for m in range(3, 42)], rel=REL)
    # notice in month 38: e = 40.957 < 42; notice in month 39: e = 41.957 < 42; month 40: e >= 42, whole term
    assert curve.cost[-1] == pytest.approx(42 * 150_000_000, rel=REL)


# --- partial months, termination fee, deposit --------------------------------------------------------------------


def test_partial_notice_month_pays_the_fraction_of_that_months_fee() -> None:
    # T = 16, escalator 10% (1000 for k < 12, 1100 from k = 12); notice 1.5 months after lock-in 12
    offer = lease(term_months=16, escalator=0.10, lessee_exit=exit_right(12, 1.5 * DAYS_PER_MONTH))
    curve = curve_of(offer, horizon_months=16)
    assert list(curve.notice_months) == [12, 13, 14, 15]
    assert list(curve.ends_at) == pytest.approx([13.5, 14.5, 15.5, 16.5], rel=REL)
    expected = [
        12_000 + 1100 + 0.5 * 1100,  # m = 12: e = 13.5 -> k = 0..12 in full, half of k = 13
        12_000 + 2 * 1100 + 0.5 * 1100,  # m = 13: e = 14.5
        12_000 + 3 * 1100 + 0.5 * 1100,  # m = 14: e = 15.5
        12_000 + 4 * 1100,  # m = 15: e = 16.5 >= T: the whole term
    ]
    assert list(curve.cost) == pytest.approx(expected, rel=REL)


def test_partial_notice_month_present_value() -> None:
    # same lease, r_m = 1%: X_pv(12) = sum_{k<13} fee_k v_k + 0.5 * fee_13 * v_13
    offer = lease(term_months=16, escalator=0.10, lessee_exit=exit_right(12, 1.5 * DAYS_PER_MONTH))
    curve = curve_of(offer, horizon_months=16, **NOMINAL_1PCT)
    fees = [1000.0] * 12 + [1100.0] * 4
    expected_12 = sum(fees[k] / 1.01**k for k in range(13)) + 0.5 * fees[13] / 1.01**13
    assert curve.cost_pv[0] == pytest.approx(expected_12, rel=REL)
    assert curve.cost_pv[-1] == pytest.approx(npf.npv(0.01, fees), rel=REL)


def test_partial_notice_month_in_arrears_is_discounted_as_a_recurring_amount() -> None:
    offer = lease(term_months=6, lessee_exit=exit_right(1, 1.5 * DAYS_PER_MONTH))
    curve = curve_of(offer, horizon_months=6, payment_timing="arrears", **NOMINAL_1PCT)
    # m = 1: e = 2.5 -> months 0, 1 in full and half of month 2, each at v_k = 1.01^-(k + 1)
    assert curve.cost_pv[0] == pytest.approx(1000 / 1.01 + 1000 / 1.01**2 + 500 / 1.01**3, rel=REL)


def test_partial_notice_month_includes_passed_through_power_with_its_calendar_escalator() -> None:
    # lease from t = 10; power 2,190 a month rising 10% at t = 12; notice at m = 0 with 2.5 months: e = 2.5
    power = {"included": False, "kw_per_gpu": 2.0, "pue": 1.5, "price_per_kwh": 0.1, "escalator": 0.10}
    offer = lease(start=month_start(10), term_months=6, power=power, lessee_exit=exit_right(0, 2.5 * DAYS_PER_MONTH))
    metrics = metrics_of(offer, horizon_months=14)
    # k = 0 (t = 10) and k = 1 (t = 11): 1000 + 2190 each; k = 2 (t = 12): half of 1000 + 2409
    assert metrics["min_commitment"] == pytest.approx(2 * 3190 + 0.5 * 3409, rel=REL)


def test_termination_fee_is_paid_at_the_start_of_month_floor_e() -> None:
    offer = lease(term_months=6, lessee_exit=exit_right(1, 1.5 * DAYS_PER_MONTH, fee=2000))
    curve = curve_of(offer, horizon_months=6, **NOMINAL_1PCT)
    # m = 1: e = 2.5, floor(e) = 2 -> fees of months 0, 1, half of 2, TF at w_2
    assert curve.cost[0] == pytest.approx(2500 + 2000, rel=REL)
    assert curve.cost_pv[0] == pytest.approx(1000 + 1000 / 1.01 + 500 / 1.01**2 + 2000 / 1.01**2, rel=REL)
    # m = 4: e = 5.5 < 6 -> months 0..4, half of 5, TF at w_5
    assert curve.cost[3] == pytest.approx(5500 + 2000, rel=REL)


def test_termination_fee_counts_in_min_commitment() -> None:
    offer = lease(term_months=6, lessee_exit=exit_right(1, 1.5 * DAYS_PER_MONTH, fee=2000))
    assert metrics_of(offer, horizon_months=6)["min_commitment"] == pytest.approx(4500, rel=REL)


def test_deposit_comes_back_at_floor_e_on_an_early_exit() -> None:
    offer = lease(term_months=6, deposit=5000, lessee_exit=exit_right(1, 1.5 * DAYS_PER_MONTH))
    curve = curve_of(offer, horizon_months=6, **NOMINAL_1PCT)
    # nominal: the deposit nets out; present value: paid at w_0, returned at w_2 = 1.01^-2
    assert curve.cost[0] == pytest.approx(2500, rel=REL)
    expected_pv = 1000 + 1000 / 1.01 + 500 / 1.01**2 + 5000 - 5000 / 1.01**2
    assert curve.cost_pv[0] == pytest.approx(expected_pv, rel=REL)


def test_deposit_comes_back_in_its_contractual_month_past_the_horizon() -> None:
    # s = 2, H = 3; notice at m = 1 with 1.5 months: e = 2.5, deposit back at t = s + 2 = 4 > H
    offer = lease(start=month_start(2), term_months=6, deposit=5000, lessee_exit=exit_right(1, 1.5 * DAYS_PER_MONTH))
    metrics = metrics_of(offer, horizon_months=3, **NOMINAL_1PCT)
    expected_pv = 1000 / 1.01**2 + 1000 / 1.01**3 + 500 / 1.01**4 + 5000 / 1.01**2 - 5000 / 1.01**4
    assert metrics["min_commitment_pv"] == pytest.approx(expected_pv, rel=REL)


def test_upfront_fee_and_deposit_are_paid_in_full_when_floor_e_is_zero() -> None:
    # notice at m = 0 with half a month: e = 0.5, floor(e) = 0
    offer = lease(upfront_fee=700, deposit=5000, lessee_exit=exit_right(0, 0.5 * DAYS_PER_MONTH, fee=300))
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    # half of month 0's fee, the upfront fee, TF at w_0; the deposit goes out and back in month 0
    assert metrics["min_commitment"] == pytest.approx(500 + 700 + 300, rel=REL)
    assert metrics["min_commitment_pv"] == pytest.approx(500 + 700 + 300, rel=REL)


def test_exit_taking_effect_at_or_after_the_term_end_pays_the_whole_term_without_termination_fee() -> None:
    # T = 5, L = 3, 90 days: e = 5.957 >= 5 -> whole term, deposit back at k = T, no TF
    offer = lease(term_months=5, upfront_fee=100, deposit=5000, lessee_exit=exit_right(3, 90, fee=9999))
    metrics = metrics_of(offer, horizon_months=5, **NOMINAL_1PCT)
    assert metrics["min_commitment"] == pytest.approx(5000 + 100, rel=REL)
    expected_pv = npf.npv(0.01, [1000] * 5) + 100 + 5000 - 5000 / 1.01**5
    assert metrics["min_commitment_pv"] == pytest.approx(expected_pv, rel=REL)


def test_exit_landing_exactly_on_the_term_end_is_the_whole_term() -> None:
    # T = 4, L = 2, notice exactly 2 months: e = 4 = T -> whole term, no TF
    offer = lease(lessee_exit=exit_right(2, 2 * DAYS_PER_MONTH, fee=9999))
    curve = curve_of(offer, horizon_months=4)
    assert list(curve.cost) == pytest.approx([4000, 4000], rel=REL)


# --- when there is no early exit ----------------------------------------------------------------------------------


def test_lock_in_at_or_past_the_term_gives_an_empty_curve_and_the_whole_term() -> None:
    for lock_in in (4, 10):
        offer = lease(upfront_fee=100, lessee_exit=exit_right(lock_in, 0, fee=9999))
        result = result_of(offer, horizon_months=4)
        assert result.exit_curve is not None
        assert len(result.exit_curve) == 0
        assert result.metrics["min_commitment"] == pytest.approx(4100, rel=REL)


def test_no_lessee_exit_right_commits_to_the_whole_term() -> None:
    offer = lease(term_months=8, upfront_fee=100, deposit=2000)
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["min_commitment"] == pytest.approx(8100, rel=REL)
    expected_pv = npf.npv(0.01, [1000] * 8) + 100 + 2000 - 2000 / 1.01**8  # deposit back at k = T = 8 > H
    assert metrics["min_commitment_pv"] == pytest.approx(expected_pv, rel=REL)


def test_exit_right_not_allowed_ignores_its_terms() -> None:
    right = {"allowed": False, "lock_in_months": 1, "notice_days": 0, "termination_fee": 50}
    offer = lease(lessee_exit=right, provider_exit=right)
    result = result_of(offer, horizon_months=4)
    assert result.metrics["min_commitment"] == pytest.approx(4000)
    assert result.metrics["secured_months"] == 4
    assert result.exit_curve is not None and len(result.exit_curve) == 0


def test_exit_figures_look_past_the_horizon() -> None:
    # H = 3, T = 6, L = 4, no notice: e = 4, X(4) = 4 months, X(5) = 5 months
    offer = lease(term_months=6, lessee_exit=exit_right(4, 0))
    result = result_of(offer, horizon_months=3, **NOMINAL_1PCT)
    assert result.metrics["total_cost"] == pytest.approx(3000)
    assert result.exit_curve is not None
    assert list(result.exit_curve.cost) == pytest.approx([4000, 5000], rel=REL)
    assert list(result.exit_curve.cost_pv) == pytest.approx(
        [npf.npv(0.01, [1000] * 4), npf.npv(0.01, [1000] * 5)], rel=REL
    )
    assert result.metrics["min_commitment"] == pytest.approx(4000)


def test_commitment_past_the_horizon_keeps_the_power_escalator_by_calendar_year() -> None:
    # H = 4, T = 16, no exit: the whole term counts; power 2,190 a month for t = 0..11, 2,409 for t = 12..15
    power = {"included": False, "kw_per_gpu": 2.0, "pue": 1.5, "price_per_kwh": 0.1, "escalator": 0.10}
    metrics = metrics_of(lease(term_months=16, power=power), horizon_months=4)
    assert metrics["min_commitment"] == pytest.approx(16 * 1000 + 12 * 2190 + 4 * 2409, rel=REL)
    assert metrics["total_cost"] == pytest.approx(4 * (1000 + 2190), rel=REL)


def test_exit_flows_sit_in_their_contractual_calendar_months() -> None:
    # s = 3: X_pv(L) discounts lease month k at t = 3 + k
    offer = lease(start=month_start(3), term_months=6, lessee_exit=exit_right(1, 0))
    metrics = metrics_of(offer, horizon_months=12, **NOMINAL_1PCT)
    assert metrics["min_commitment"] == pytest.approx(1000)
    assert metrics["min_commitment_pv"] == pytest.approx(1000 / 1.01**3, rel=REL)


def test_horizon_metrics_ignore_exit_rights() -> None:
    with_exit = metrics_of(lease(lessee_exit=exit_right(0, 0, fee=1)), horizon_months=4)
    without = metrics_of(lease(), horizon_months=4)
    assert with_exit["pv_cost"] == without["pv_cost"]
    assert with_exit["total_cost"] == without["total_cost"]


# --- secured months ------------------------------------------------------------------------------------------------


def test_secured_months_from_the_providers_lock_in_and_notice() -> None:
    offer = lease(term_months=42, provider_exit=exit_right(3, 90))
    assert metrics_of(offer, horizon_months=42)["secured_months"] == pytest.approx(3 + 90 / 30.4375, rel=REL)


def test_secured_months_are_capped_at_the_term() -> None:
    offer = lease(term_months=4, provider_exit=exit_right(3, 90))
    assert metrics_of(offer, horizon_months=4)["secured_months"] == 4


def test_secured_months_are_the_term_without_a_provider_exit() -> None:
    offer = lease(term_months=10, lessee_exit=exit_right(0, 0))
    assert metrics_of(offer, horizon_months=4)["secured_months"] == 10


def test_secured_months_ignore_the_lessees_exit_and_the_horizon() -> None:
    offer = lease(start=month_start(2), term_months=10, lessee_exit=exit_right(0, 0), provider_exit=exit_right(5, 0))
    assert metrics_of(offer, horizon_months=4)["secured_months"] == 5


def test_provider_termination_fee_enters_no_metric() -> None:
    plain = metrics_of(lease(provider_exit=exit_right(1, 0)), horizon_months=4)
    with_fee = metrics_of(lease(provider_exit=exit_right(1, 0, fee=1_000_000)), horizon_months=4)
    assert plain == with_fee


def test_months_where_leaving_costs_more_than_staying_are_those_whose_fee_exceeds_the_fees_saved() -> None:
    # T = 12 at 1,000 a month, no lock-in, 0.5 months' notice, a 2,200 fee: notice in month m ends at m + 0.5
    # and saves the fees of 11.5 - m months. 2,200 > (11.5 - m) x 1,000 from m = 10 (saves 1,500; m = 9 saves
    # 2,500). Notice in month 11 ends at 11.5 < 12 too: it saves 500. So months 10 and 11, and none before.
    offer = lease(term_months=12, lessee_exit=exit_right(0, 0.5 * DAYS_PER_MONTH, fee=2200))
    curve = curve_of(offer, horizon_months=12)
    assert list(curve.notice_months) == list(range(12))
    assert curve.cost[10] == pytest.approx(10_500 + 2200, rel=REL) and curve.cost[10] > 12_000
    assert [int(m) for m in curve.notice_months[curve.costs_more_than_staying]] == [10, 11]
    assert curve.costs_more_runs() == [(10, 11)]
    # a fee of exactly the fees saved at m = 10 (1,500) costs the same, not more
    tie = curve_of(lease(term_months=12, lessee_exit=exit_right(0, 0.5 * DAYS_PER_MONTH, fee=1500)), horizon_months=12)
    assert tie.costs_more_runs() == [(11, 11)]
    free = curve_of(lease(term_months=12, lessee_exit=exit_right(0, 0.5 * DAYS_PER_MONTH)), horizon_months=12)
    assert free.costs_more_runs() == []
