"""The break-even fee and the baseline (DESIGN.md 2, "Metrics" and the paragraphs after the table).

The baseline used for solving by hand (FLAT_BUILD): 10 GPUs live from month 0 whose only cost is
staff of 7,300 a month -> 7,300 / (10 GPUs * 730 h) = 1.00 per GPU-hour in every month, whatever the rate.
A lease's F* is then the fee at which pv_cost / sum(GPU-hours_t * v_t) = 1.00.
"""

from __future__ import annotations

from typing import Any

import pytest
from deal_builders import compare_offers, lease, month_start, self_build

REL = 1e-12
NOMINAL_1PCT: dict[str, Any] = {"discount_rate": 0.12, "rate_convention": "nominal"}
FLAT_BUILD = self_build("build", staff_per_month=7300)  # cost per GPU-hour = 1.00


def breakeven(*offers: dict[str, Any], lease_id: str = "lease", **assumptions: object) -> float | None:
    return compare_offers(*offers, **assumptions).result(lease_id).metrics["breakeven_fee"]  # type: ignore[arg-type]


def test_flat_baseline_costs_one_per_gpu_hour() -> None:
    metrics = compare_offers(FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT).result("build").metrics
    assert metrics["cost_per_gpu_hour"] == pytest.approx(1.0, rel=REL)


def test_breakeven_of_a_flat_lease_is_baseline_price_times_monthly_hours() -> None:
    # cpgh = F / 7300 = 1.00 -> F* = 7,300
    assert breakeven(lease(), FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT) == pytest.approx(7300, rel=REL)


def test_breakeven_with_an_upfront_fee_at_zero_rate() -> None:
    # pv = 730 + 4F, hours = 4 * 7300 = 29,200; (730 + 4F) / 29,200 = 1 -> F* = (29,200 - 730) / 4 = 7,117.5
    result = breakeven(lease(upfront_fee=730), FLAT_BUILD, horizon_months=4)
    assert result == pytest.approx(7117.5, rel=REL)


def test_breakeven_with_an_upfront_fee_and_discounting() -> None:
    # r_m = 1%: pv = 1000 + F * A, Hv = 7300 * A with A = sum_{t<4} 1.01^-t; pv / Hv = 1 -> F* = 7300 - 1000 / A
    annuity = sum(1.01**-t for t in range(4))
    result = breakeven(lease(upfront_fee=1000), FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT)
    assert result == pytest.approx(7300 - 1000 / annuity, rel=REL)


def test_breakeven_under_the_delivered_basis_scales_ramp_months() -> None:
    # D = 5, 10, 10, 10; fee_k = F * D_k / 10; hours_k = 730 D_k; S = sum D_k v_k
    # pv = 1000 + F * S / 10, Hv = 730 S; pv = Hv -> F* = 10 * (730 S - 1000) / S
    d = [5, 10, 10, 10]
    s = sum(d[t] * 1.01**-t for t in range(4))
    offer = lease(fee_basis="delivered", upfront_fee=1000, ramp=[{"month": 0, "gpus": 5}, {"month": 1, "gpus": 10}])
    result = breakeven(offer, FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT)
    assert result == pytest.approx(10 * (730 * s - 1000) / s, rel=REL)


def test_breakeven_under_the_committed_basis_pays_full_fee_on_ramp_months() -> None:
    # fee_k = F in every month, hours_k = 730 D_k: F * A = 730 S -> F* = 730 S / A
    d = [5, 10, 10, 10]
    s = sum(d[t] * 1.01**-t for t in range(4))
    annuity = sum(1.01**-t for t in range(4))
    offer = lease(ramp=[{"month": 0, "gpus": 5}, {"month": 1, "gpus": 10}])
    result = breakeven(offer, FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT)
    assert result == pytest.approx(730 * s / annuity, rel=REL)


def test_breakeven_applies_the_escalator() -> None:
    # T = H = 14, escalator 10%: b = sum_{k<12} v_k + 1.1 * (v_12 + v_13); F* b = 7300 * sum_{k<14} v_k
    v = [1.01**-t for t in range(14)]
    b = sum(v[:12]) + 1.1 * (v[12] + v[13])
    offer = lease(term_months=14, escalator=0.10)
    build = self_build("build", staff_per_month=7300)
    result = breakeven(offer, build, horizon_months=14, **NOMINAL_1PCT)
    assert result == pytest.approx(7300 * sum(v) / b, rel=REL)


def test_breakeven_with_passed_through_power() -> None:
    # power 2,190 a month at zero rate: (4F + 4 * 2190) / 29,200 = 1 -> F* = 7,300 - 2,190 = 5,110
    power = {"included": False, "kw_per_gpu": 2.0, "pue": 1.5, "price_per_kwh": 0.1}
    assert breakeven(lease(power=power), FLAT_BUILD, horizon_months=4) == pytest.approx(5110, rel=REL)


def test_breakeven_may_be_negative_and_is_shown_as_it_is() -> None:
    # upfront fee 100,000 at zero rate: (100,000 + 4F) / 29,200 = 1 -> F* = -17,700
    assert breakeven(lease(upfront_fee=100_000), FLAT_BUILD, horizon_months=4) == pytest.approx(-17_700, rel=REL)


def test_breakeven_headroom_is_breakeven_minus_offered_fee() -> None:
    comparison = compare_offers(lease(monthly_fee=7000), FLAT_BUILD, horizon_months=4)
    assert comparison.result("lease").breakeven_headroom == pytest.approx(300, rel=REL)


def test_breakeven_does_not_depend_on_the_offered_fee() -> None:
    low = breakeven(lease(monthly_fee=1), FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT)
    high = breakeven(lease(monthly_fee=1_000_000), FLAT_BUILD, horizon_months=4, **NOMINAL_1PCT)
    assert low == pytest.approx(high, rel=1e-9)


# --- when there is no break-even fee ---------------------------------------------------------------------------------


def test_no_breakeven_for_a_self_build() -> None:
    other = self_build("other", staff_per_month=1)
    comparison = compare_offers(FLAT_BUILD, other, horizon_months=4)
    assert comparison.result("other").metrics["breakeven_fee"] is None
    assert comparison.result("build").metrics["breakeven_fee"] is None


def test_no_breakeven_for_the_baseline_itself_when_it_is_a_lease() -> None:
    comparison = compare_offers(lease("a"), lease("b", upfront_fee=730), baseline="a", horizon_months=4)
    assert comparison.baseline_id == "a"
    assert comparison.result("a").metrics["breakeven_fee"] is None
    # b against a (1,000 / 7,300 per GPU-hour): (730 + 4F) / 29,200 = 1000 / 7300 -> F* = (4000 - 730) / 4
    assert comparison.result("b").metrics["breakeven_fee"] == pytest.approx(817.5, rel=REL)


def test_no_breakeven_without_a_baseline() -> None:
    comparison = compare_offers(lease("a"), lease("b"), horizon_months=4)
    assert comparison.baseline_id is None
    assert all(r.metrics["breakeven_fee"] is None for r in comparison.results)
    assert not any(r.is_baseline for r in comparison.results)


def test_no_breakeven_when_the_baselines_cost_per_gpu_hour_is_null() -> None:
    late_build = self_build("build", staff_per_month=7300, build_months=6)  # go-live after H = 4
    comparison = compare_offers(lease(), late_build, horizon_months=4)
    assert comparison.result("build").metrics["cost_per_gpu_hour"] is None
    assert comparison.result("lease").metrics["breakeven_fee"] is None


def test_no_breakeven_for_a_lease_starting_at_the_horizon() -> None:
    assert breakeven(lease(start=month_start(4)), FLAT_BUILD, horizon_months=4) is None


def test_no_breakeven_for_a_delivered_lease_with_no_fee_bearing_month_in_the_horizon() -> None:
    # fee basis delivered and nothing delivered before month 5: b = 0 inside H = 4
    offer = lease(term_months=8, fee_basis="delivered", ramp=[{"month": 5, "gpus": 10}])
    assert breakeven(offer, FLAT_BUILD, horizon_months=4) is None


def test_no_breakeven_for_a_lease_with_no_gpu_hours_in_the_horizon() -> None:
    # committed basis: fees are due (b > 0) but nothing is delivered inside the horizon
    offer = lease(term_months=8, ramp=[{"month": 5, "gpus": 10}])
    assert breakeven(offer, FLAT_BUILD, horizon_months=4) is None


# --- which offer is the baseline ---------------------------------------------------------------------------------


def test_baseline_defaults_to_the_first_self_build() -> None:
    first = self_build("first", staff_per_month=7300)
    second = self_build("second", staff_per_month=14_600)
    comparison = compare_offers(lease(), first, second, horizon_months=4)
    assert comparison.baseline_id == "first"
    assert [r.is_baseline for r in comparison.results] == [False, True, False]
    assert comparison.result("lease").metrics["breakeven_fee"] == pytest.approx(7300, rel=REL)


def test_named_baseline_wins_over_the_first_self_build() -> None:
    first = self_build("first", staff_per_month=7300)
    second = self_build("second", staff_per_month=14_600)  # 2.00 per GPU-hour
    comparison = compare_offers(lease(), first, second, baseline="second", horizon_months=4)
    assert comparison.baseline_id == "second"
    assert comparison.result("second").is_baseline
    assert comparison.result("lease").metrics["breakeven_fee"] == pytest.approx(14_600, rel=REL)
    # the first self-build is not the baseline, and a self-build has no break-even fee
    assert comparison.result("first").metrics["breakeven_fee"] is None


def test_baseline_with_no_offers_is_none() -> None:
    assert compare_offers(horizon_months=4).baseline_id is None
