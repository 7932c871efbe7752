"""Lease figures over the horizon (DESIGN.md 2, "Lease"), against month-by-month lists worked out by hand.

Defaults from deal_builders: 10 GPUs, 1,000 a month, 730 hours a month, analysis start 2026-01-01 (month t = 0).
Where a rate matters it is 12% nominal, so r_m = 1% and v_t = 1.01^-t (advance).
"""

from __future__ import annotations

from typing import Any

import numpy_financial as npf
import pytest
from deal_builders import compare_offers, lease, metrics_of, month_start, self_build

REL = 1e-12
NOMINAL_1PCT: dict[str, Any] = {"discount_rate": 0.12, "rate_convention": "nominal"}


def schedule_column(offer: dict[str, Any], column: str, **assumptions: object) -> list[float]:
    """One column of the offer's monthly schedule, horizon months only (the end-of-horizon row dropped)."""
    comparison = compare_offers(offer, **assumptions)  # type: ignore[arg-type]
    frame = comparison.schedule(offer["id"])
    return [float(x) for x in frame[column].iloc[: comparison.deal.assumptions.horizon_months]]


# --- escalator ---------------------------------------------------------------------------------------------------


def test_escalator_steps_at_lease_months_12_and_24() -> None:
    # Fee_k = 1000 * 1.1^floor(k / 12): 1000 for k = 0..11, 1100 for k = 12..23, 1210 for k = 24, 25
    expected = [1000.0] * 12 + [1100.0] * 12 + [1210.0] * 2
    offer = lease(term_months=26, escalator=0.10)
    fees = schedule_column(offer, "fee", horizon_months=26)
    assert fees == pytest.approx(expected, rel=REL)
    metrics = metrics_of(offer, horizon_months=26, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(12_000 + 13_200 + 2_420, rel=REL)
    assert metrics["pv_cost"] == pytest.approx(npf.npv(0.01, expected), rel=REL)


def test_escalator_counts_lease_months_not_analysis_months() -> None:
    # Lease starts at t = 6: k = t - 6. The first step is at k = 12 (t = 18), not at t = 12.
    offer = lease(start=month_start(6), term_months=14, escalator=0.10)
    fees = schedule_column(offer, "fee", horizon_months=20)
    expected = [0.0] * 6 + [1000.0] * 12 + [1100.0] * 2
    assert fees == pytest.approx(expected, rel=REL)


# --- ramps ---------------------------------------------------------------------------------------------------------

RAMP = [{"month": 1, "gpus": 4}, {"month": 3, "gpus": 10}]  # D_k = 0, 4, 4, 10, 10 for k = 0..4


def test_ramp_delivers_the_last_step_started_and_nothing_before_the_first() -> None:
    offer = lease(term_months=5, ramp=RAMP)
    delivered = schedule_column(offer, "delivered_gpus", horizon_months=5)
    assert delivered == [0.0, 4.0, 4.0, 10.0, 10.0]
    metrics = metrics_of(offer, horizon_months=5)
    assert metrics["gpu_hours"] == pytest.approx((0 + 4 + 4 + 10 + 10) * 730)
    assert metrics["first_capacity_month"] == 1


def test_committed_fee_basis_pays_the_full_fee_while_nothing_is_delivered() -> None:
    offer = lease(term_months=5, ramp=RAMP, fee_basis="committed")
    assert schedule_column(offer, "fee", horizon_months=5) == pytest.approx([1000.0] * 5)
    assert metrics_of(offer, horizon_months=5)["total_cost"] == pytest.approx(5000)


def test_committed_is_the_default_fee_basis() -> None:
    offer = lease(term_months=5, ramp=RAMP)
    assert metrics_of(offer, horizon_months=5)["total_cost"] == pytest.approx(5000)


def test_delivered_fee_basis_scales_the_fee_by_delivered_over_committed_gpus() -> None:
    # Fee_k = 1000 * D_k / 10 = 0, 400, 400, 1000, 1000
    expected = [0.0, 400.0, 400.0, 1000.0, 1000.0]
    offer = lease(term_months=5, ramp=RAMP, fee_basis="delivered")
    assert schedule_column(offer, "fee", horizon_months=5) == pytest.approx(expected, rel=REL)
    metrics = metrics_of(offer, horizon_months=5, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(2800)
    assert metrics["pv_cost"] == pytest.approx(npf.npv(0.01, expected), rel=REL)


def test_delivered_fee_basis_combines_with_the_escalator() -> None:
    # ramp to 5 GPUs at k = 0 and 10 GPUs at k = 13; escalator 10% from k = 12
    offer = lease(
        term_months=14,
        escalator=0.10,
        fee_basis="delivered",
        ramp=[{"month": 0, "gpus": 5}, {"month": 13, "gpus": 10}],
    )
    expected = [500.0] * 12 + [550.0, 1100.0]
    assert schedule_column(offer, "fee", horizon_months=14) == pytest.approx(expected, rel=REL)


def test_first_capacity_month_of_a_ramp_counts_from_the_analysis_start() -> None:
    offer = lease(start=month_start(2), term_months=5, ramp=RAMP)
    assert metrics_of(offer, horizon_months=8)["first_capacity_month"] == 3  # s = 2, first step k = 1


def test_ramp_step_of_zero_gpus_is_no_capacity() -> None:
    offer = lease(term_months=5, ramp=[{"month": 0, "gpus": 0}, {"month": 2, "gpus": 10}])
    assert metrics_of(offer, horizon_months=5)["first_capacity_month"] == 2


# --- power passed through ------------------------------------------------------------------------------------------

POWER = {"included": False, "kw_per_gpu": 2.0, "pue": 1.5, "price_per_kwh": 0.1}
POWER_PER_MONTH = 10 * 2.0 * 1.5 * 730 * 0.1  # D * kW * PUE * h * $/kWh = 2,190 for 10 GPUs


def test_passed_through_power_is_delivered_gpus_kw_pue_hours_price() -> None:
    offer = lease(power=POWER)
    assert schedule_column(offer, "power", horizon_months=4) == pytest.approx([POWER_PER_MONTH] * 4, rel=REL)
    assert metrics_of(offer, horizon_months=4)["total_cost"] == pytest.approx(4 * (1000 + 2190), rel=REL)


def test_power_follows_the_ramp_even_under_a_committed_fee() -> None:
    offer = lease(term_months=5, ramp=RAMP, power=POWER)
    expected = [0.0, 876.0, 876.0, 2190.0, 2190.0]  # 219 per GPU a month times D_k
    assert schedule_column(offer, "power", horizon_months=5) == pytest.approx(expected, rel=REL)


def test_power_escalator_steps_with_the_calendar_year_of_the_analysis() -> None:
    # Lease starts at t = 10 (k = 0): power steps at t = 12 (k = 2), not at k = 12.
    offer = lease(start=month_start(10), term_months=4, power={**POWER, "escalator": 0.10})
    expected = [0.0] * 10 + [2190.0, 2190.0, 2409.0, 2409.0]
    assert schedule_column(offer, "power", horizon_months=14) == pytest.approx(expected, rel=REL)


def test_included_power_costs_nothing_even_with_power_terms_present() -> None:
    offer = lease(power={**POWER, "included": True})
    assert schedule_column(offer, "power", horizon_months=4) == [0.0] * 4
    assert metrics_of(offer, horizon_months=4)["total_cost"] == pytest.approx(4000)


def test_power_is_included_by_default() -> None:
    assert metrics_of(lease(), horizon_months=4)["total_cost"] == pytest.approx(4000)


# --- upfront fee and deposit ---------------------------------------------------------------------------------------


def test_upfront_fee_is_paid_in_the_first_lease_month() -> None:
    offer = lease(start=month_start(2), term_months=2, upfront_fee=500)
    assert schedule_column(offer, "upfront", horizon_months=4) == [0.0, 0.0, 500.0, 0.0]
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(2500)
    assert metrics["pv_cost"] == pytest.approx(500 / 1.01**2 + 1000 / 1.01**2 + 1000 / 1.01**3, rel=REL)


def test_deposit_is_paid_at_k0_and_returned_at_k_equal_term_inside_the_horizon() -> None:
    offer = lease(deposit=3000)
    assert schedule_column(offer, "deposit", horizon_months=6) == [3000.0, 0.0, 0.0, 0.0, -3000.0, 0.0]
    metrics = metrics_of(offer, horizon_months=6, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(4000)  # deposit nets out at face value
    fees = sum(1000 / 1.01**t for t in range(4))
    assert metrics["pv_cost"] == pytest.approx(fees + 3000 - 3000 / 1.01**4, rel=REL)


def test_deposit_still_held_at_the_horizon_counts_as_returned_at_w_h() -> None:
    # s + T = 4 > H = 3: returned at the end of the horizon, w_3 = 1.01^-3 (not at w_4)
    offer = lease(deposit=3000)
    metrics = metrics_of(offer, horizon_months=3, **NOMINAL_1PCT)
    fees = 1000 + 1000 / 1.01 + 1000 / 1.01**2
    assert metrics["pv_cost"] == pytest.approx(fees + 3000 - 3000 / 1.01**3, rel=REL)
    assert metrics["total_cost"] == pytest.approx(3000)


def test_deposit_returned_exactly_at_the_horizon_end() -> None:
    # s + T = H = 4: w_H = w_4 either way
    metrics = metrics_of(lease(deposit=3000), horizon_months=4, **NOMINAL_1PCT)
    fees = sum(1000 / 1.01**t for t in range(4))
    assert metrics["pv_cost"] == pytest.approx(fees + 3000 - 3000 / 1.01**4, rel=REL)


def test_deposit_earns_no_interest_at_zero_rate() -> None:
    metrics = metrics_of(lease(deposit=3000), horizon_months=6, discount_rate=0.0)
    assert metrics["pv_cost"] == pytest.approx(4000)


def test_deposit_paid_in_arrears_is_still_a_one_off() -> None:
    metrics = metrics_of(lease(deposit=3000), horizon_months=6, payment_timing="arrears", **NOMINAL_1PCT)
    fees = sum(1000 / 1.01 ** (t + 1) for t in range(4))
    assert metrics["pv_cost"] == pytest.approx(fees + 3000 - 3000 / 1.01**4, rel=REL)


# --- availability, start, length ------------------------------------------------------------------------------------


def test_availability_scales_gpu_hours_not_cost() -> None:
    offer = lease(availability=0.9)
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["gpu_hours"] == pytest.approx(10 * 730 * 0.9 * 4, rel=REL)
    assert metrics["total_cost"] == pytest.approx(4000)
    assert metrics["cost_per_gpu_hour"] == pytest.approx(1000 / (10 * 730 * 0.9), rel=REL)


def test_lease_starting_after_the_analysis_start_pays_from_its_start_month() -> None:
    offer = lease(start=month_start(2), term_months=3)
    assert schedule_column(offer, "fee", horizon_months=6) == [0.0, 0.0, 1000.0, 1000.0, 1000.0, 0.0]
    metrics = metrics_of(offer, horizon_months=6, **NOMINAL_1PCT)
    assert metrics["pv_cost"] == pytest.approx(sum(1000 / 1.01**t for t in (2, 3, 4)), rel=REL)
    assert metrics["first_capacity_month"] == 2
    assert metrics["gpu_hours"] == pytest.approx(3 * 7300)


def test_lease_longer_than_the_horizon_counts_only_horizon_months() -> None:
    offer = lease(term_months=10)
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(4000)
    assert metrics["pv_cost"] == pytest.approx(npf.npv(0.01, [1000] * 4), rel=REL)
    assert metrics["gpu_hours"] == pytest.approx(4 * 7300)
    # no lessee exit: the commitment is the whole term, also past the horizon
    assert metrics["min_commitment"] == pytest.approx(10_000)
    assert metrics["min_commitment_pv"] == pytest.approx(npf.npv(0.01, [1000] * 10), rel=REL)


@pytest.mark.parametrize("start_month", [6, 7])
def test_lease_starting_at_or_after_the_horizon_has_zero_horizon_metrics(start_month: int) -> None:
    offer = lease(start=month_start(start_month), upfront_fee=500, deposit=3000)
    metrics = metrics_of(offer, horizon_months=6, **NOMINAL_1PCT)
    assert metrics["total_cost"] == 0
    assert metrics["pv_cost"] == 0
    assert metrics["gpu_hours"] == 0
    assert metrics["effective_monthly_cost"] == 0
    assert metrics["cost_per_gpu_hour"] is None
    assert metrics["first_capacity_month"] is None
    assert metrics["breakeven_fee"] is None


@pytest.mark.parametrize("start_month", [6, 7])
def test_lease_starting_at_or_after_the_horizon_still_has_its_commitment(start_month: int) -> None:
    s = start_month
    offer = lease(start=month_start(s), upfront_fee=500, deposit=3000)
    metrics = metrics_of(offer, horizon_months=6, **NOMINAL_1PCT)
    # whole term (no exit right): 4 fees + upfront; deposit paid at t = s, returned at t = s + 4
    assert metrics["min_commitment"] == pytest.approx(4500)
    expected_pv = sum(1000 / 1.01 ** (s + k) for k in range(4)) + (500 + 3000) / 1.01**s - 3000 / 1.01 ** (s + 4)
    assert metrics["min_commitment_pv"] == pytest.approx(expected_pv, rel=REL)
    assert metrics["secured_months"] == 4


def test_a_lease_that_ends_before_the_horizon_leaves_later_months_empty() -> None:
    offer = lease(term_months=2)
    assert schedule_column(offer, "delivered_gpus", horizon_months=4) == [10.0, 10.0, 0.0, 0.0]
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    v = [1.01**-t for t in range(4)]
    assert metrics["effective_monthly_cost"] == pytest.approx((1000 + 1000 / 1.01) / sum(v), rel=REL)


def test_cumulative_cost_runs_over_the_horizon_and_ends_at_its_end() -> None:
    comparison = compare_offers(lease(term_months=3, upfront_fee=500), horizon_months=4)
    cumulative = comparison.result("lease").cumulative_cost()
    assert list(cumulative) == pytest.approx([1500, 2500, 3500, 3500, 3500])  # the last point: the horizon's end
    assert [f"{d:%Y-%m}" for d in comparison.horizon_dates()] == ["2026-01", "2026-02", "2026-03", "2026-04",
                                                                  "2026-05"]


def test_cumulative_cost_ends_at_total_cost_with_a_deposit_and_a_residual_value() -> None:
    """A deposit held past the horizon comes back at its end; a self-build's residual value is credited there."""
    held = lease(term_months=8, deposit=3000)  # 1,000 a month; the deposit is paid with the first fee
    build = self_build(gpu_capex=1000, staff_per_month=100, it_life_years=5)  # 10,000 capex, online at once
    comparison = compare_offers(held, build, horizon_months=6)
    lease_curve = comparison.result("lease").cumulative_cost()
    assert list(lease_curve) == pytest.approx([4000, 5000, 6000, 7000, 8000, 9000, 6000])
    build_curve = comparison.result("build").cumulative_cost()
    # residual: 10,000 x (1 - 6 / 60) = 9,000 credited at the end of the horizon
    assert list(build_curve) == pytest.approx([10100, 10200, 10300, 10400, 10500, 10600, 1600])
    for result in comparison.results:
        assert float(result.cumulative_cost()[-1]) == pytest.approx(result.metrics["total_cost"], rel=REL)


def test_schedule_totals_agree_with_the_metrics() -> None:
    offer = lease(term_months=8, upfront_fee=500, deposit=3000, escalator=0.1, power=POWER)
    comparison = compare_offers(offer, horizon_months=6, **NOMINAL_1PCT)
    frame = comparison.schedule("lease")
    metrics = comparison.result("lease").metrics
    assert len(frame) == 6 + 1  # every horizon month and the end-of-horizon row
    assert float(frame["total"].sum()) == pytest.approx(metrics["total_cost"], rel=REL)
    assert float(frame["pv"].sum()) == pytest.approx(metrics["pv_cost"], rel=REL)
    assert float(frame["gpu_hours"].sum()) == pytest.approx(metrics["gpu_hours"], rel=REL)
    assert float(frame["deposit"].iloc[-1]) == -3000  # still held at the horizon: returned at w_H
    assert float(frame["pv"].iloc[-1]) == pytest.approx(-3000 / 1.01**6, rel=REL)
