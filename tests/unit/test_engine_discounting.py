"""Discounting conventions of DESIGN.md 2 ("Timeline and discounting"), checked on a flat lease by hand.

The lease throughout: 10 GPUs, 1,000 a month, a 4-month term from the analysis start, no other cost.
Expected figures are written from the DESIGN.md formulas or computed with numpy-financial, never with
the engine's own helpers.
"""

from __future__ import annotations

import numpy_financial as npf
import pytest
from deal_builders import lease, metrics_of

FEE = 1000.0
REL = 1e-12


def effective_monthly(annual: float) -> float:
    """r_m for an effective annual rate: (1 + r)^(1/12) - 1."""
    return float((1.0 + annual) ** (1.0 / 12.0) - 1.0)


def test_advance_payments_are_discounted_from_month_zero() -> None:
    r_m = effective_monthly(0.12)
    v = [1.0, (1 + r_m) ** -1, (1 + r_m) ** -2, (1 + r_m) ** -3]  # v_t = (1 + r_m)^-(t + 0)
    expected = FEE * sum(v)
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=0.12, payment_timing="advance")
    assert metrics["pv_cost"] == pytest.approx(expected, rel=REL)
    # the same with numpy-financial: an annuity due of 4 payments
    assert metrics["pv_cost"] == pytest.approx(-npf.pv(r_m, 4, FEE, when="begin"), rel=REL)
    assert metrics["pv_cost"] == pytest.approx(npf.npv(r_m, [FEE] * 4), rel=REL)


def test_arrears_payments_are_discounted_one_month_later() -> None:
    r_m = effective_monthly(0.12)
    v = [(1 + r_m) ** -1, (1 + r_m) ** -2, (1 + r_m) ** -3, (1 + r_m) ** -4]  # v_t = (1 + r_m)^-(t + 1)
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=0.12, payment_timing="arrears")
    assert metrics["pv_cost"] == pytest.approx(FEE * sum(v), rel=REL)
    assert metrics["pv_cost"] == pytest.approx(-npf.pv(r_m, 4, FEE, when="end"), rel=REL)


def test_nominal_rate_is_divided_by_twelve() -> None:
    r_m = 0.12 / 12  # 1% a month
    expected = 1000 + 1000 / 1.01 + 1000 / 1.01**2 + 1000 / 1.01**3
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=0.12, rate_convention="nominal")
    assert metrics["pv_cost"] == pytest.approx(expected, rel=REL)
    assert metrics["pv_cost"] == pytest.approx(npf.npv(r_m, [FEE] * 4), rel=REL)


def test_effective_and_nominal_rates_differ() -> None:
    effective = metrics_of(lease(), horizon_months=4, discount_rate=0.12, rate_convention="effective")
    nominal = metrics_of(lease(), horizon_months=4, discount_rate=0.12, rate_convention="nominal")
    # 1.12^(1/12) - 1 = 0.9489% a month < 1%: the effective convention discounts less
    assert effective["pv_cost"] > nominal["pv_cost"]  # type: ignore[operator]


def test_one_off_amounts_are_paid_at_the_start_of_their_month_even_in_arrears() -> None:
    r_m = 0.01
    # upfront fee 500 at k = 0: w_0 = 1 whatever the payment timing; fees in arrears: v_t = 1.01^-(t+1)
    expected = 500 + sum(FEE * 1.01 ** -(t + 1) for t in range(4))
    metrics = metrics_of(
        lease(upfront_fee=500),
        horizon_months=4,
        discount_rate=0.12,
        rate_convention="nominal",
        payment_timing="arrears",
    )
    assert metrics["pv_cost"] == pytest.approx(expected, rel=REL)
    assert metrics["pv_cost"] == pytest.approx(500 - npf.pv(r_m, 4, FEE, when="end"), rel=REL)


def test_one_off_amount_in_a_later_month_uses_w_t_not_v_t() -> None:
    # lease starting in month 2: its upfront fee sits at t = 2 with w_2 = 1.01^-2 also in arrears
    metrics = metrics_of(
        lease(start="2026-03-01", term_months=2, upfront_fee=500),
        horizon_months=4,
        discount_rate=0.12,
        rate_convention="nominal",
        payment_timing="arrears",
    )
    expected = 500 * 1.01**-2 + FEE * 1.01**-3 + FEE * 1.01**-4
    assert metrics["pv_cost"] == pytest.approx(expected, rel=REL)


def test_zero_rate_makes_present_value_equal_nominal_total() -> None:
    metrics = metrics_of(lease(upfront_fee=250, deposit=300), horizon_months=6, discount_rate=0.0)
    # fees 4 x 1,000 + upfront 250; the deposit is paid in month 0 and returned in month 4: nets to zero
    assert metrics["total_cost"] == pytest.approx(4250)
    assert metrics["pv_cost"] == pytest.approx(4250)


def test_total_cost_is_nominal_whatever_the_rate() -> None:
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=0.5)
    assert metrics["total_cost"] == pytest.approx(4 * FEE)


def test_gpu_hours_use_hours_per_month() -> None:
    metrics = metrics_of(lease(), horizon_months=4, hours_per_month=720)
    assert metrics["gpu_hours"] == pytest.approx(10 * 720 * 4)


def test_cost_per_gpu_hour_of_a_flat_lease_is_fee_over_monthly_hours_whatever_the_rate() -> None:
    # pv_cost / sum(GPU-hours_t * v_t) = sum(1000 v_t) / sum(7300 v_t) = 1000 / 7300
    for rate, timing in ((0.0, "advance"), (0.12, "advance"), (0.3, "arrears")):
        metrics = metrics_of(lease(), horizon_months=4, discount_rate=rate, payment_timing=timing)
        assert metrics["cost_per_gpu_hour"] == pytest.approx(1000 / 7300, rel=REL)


def test_cost_per_gpu_hour_is_levelized_with_v_t() -> None:
    # a ramp under the committed fee: D = 5 in months 0-1, 10 in months 2-3 -> fees 1000 every month but
    # GPU-hours 3650, 3650, 7300, 7300; cost per GPU-hour = sum(fee_t v_t) / sum(hours_t v_t), with v_t = 1.01^-t
    v = [1.01**-t for t in range(4)]
    fees = [1000, 1000, 1000, 1000]
    hours = [3650, 3650, 7300, 7300]
    expected = sum(f * x for f, x in zip(fees, v, strict=True)) / sum(h * x for h, x in zip(hours, v, strict=True))
    offer = lease(ramp=[{"month": 0, "gpus": 5}, {"month": 2, "gpus": 10}])
    metrics = metrics_of(offer, horizon_months=4, discount_rate=0.12, rate_convention="nominal")
    assert metrics["pv_cost"] == pytest.approx(npf.npv(0.01, fees), rel=REL)
    assert metrics["cost_per_gpu_hour"] == pytest.approx(expected, rel=REL)
    # not the undiscounted ratio 4,000 / 21,900
    assert metrics["cost_per_gpu_hour"] != pytest.approx(4000 / 21900, rel=1e-6)


def test_effective_monthly_cost_spreads_pv_over_the_whole_horizon() -> None:
    # 4 months of 1,000 inside a 6-month horizon: pv / (sum of v_t for t = 0..5)
    v = [1.01**-t for t in range(6)]
    pv = 1000 * sum(v[:4])
    metrics = metrics_of(lease(), horizon_months=6, discount_rate=0.12, rate_convention="nominal")
    assert metrics["pv_cost"] == pytest.approx(pv, rel=REL)
    assert metrics["effective_monthly_cost"] == pytest.approx(pv / sum(v), rel=REL)


def test_effective_monthly_cost_of_a_flat_lease_over_its_term_is_its_fee() -> None:
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=0.2, payment_timing="arrears")
    assert metrics["effective_monthly_cost"] == pytest.approx(FEE, rel=REL)


def test_effective_monthly_cost_in_arrears_uses_arrears_factors() -> None:
    # upfront 600 at w_0 = 1; fees in arrears; annuity = sum of v_t = 1.01^-(t+1), t = 0..3
    v = [1.01 ** -(t + 1) for t in range(4)]
    pv = 600 + 1000 * sum(v)
    metrics = metrics_of(
        lease(upfront_fee=600),
        horizon_months=4,
        discount_rate=0.12,
        rate_convention="nominal",
        payment_timing="arrears",
    )
    assert metrics["effective_monthly_cost"] == pytest.approx(pv / sum(v), rel=REL)


def test_negative_discount_rate_is_allowed_and_discounts_upwards() -> None:
    # r = -12% nominal: r_m = -1%, v_t = 0.99^-t > 1
    expected = sum(1000 * 0.99**-t for t in range(4))
    metrics = metrics_of(lease(), horizon_months=4, discount_rate=-0.12, rate_convention="nominal")
    assert metrics["pv_cost"] == pytest.approx(expected, rel=REL)
