"""Self-build figures (DESIGN.md 2, "Self-build"), against month-by-month figures worked out by hand.

The plan used throughout (PLAN): 10 GPUs at 1,000 capex each -> IT capex 10,000; 2 kW per GPU and
1,000,000 per MW of facility -> 10 * 2 / 1000 = 0.02 MW -> facility capex 20,000; a 4-month build from
the analysis start -> go-live g = 4, facility capex 5,000 in each of months 0..3, IT capex in month 4.
Power 10 * 2 kW * PUE 1.5 * 730 h * 0.10 = 2,190 a month; staff 300 a month; maintenance 12% of IT
capex a year = 100 a month; availability 0.95. Lives: IT 5 years, facility 20 years.
"""

from __future__ import annotations

from typing import Any

import pytest
from deal_builders import compare_offers, metrics_of, month_start, self_build

REL = 1e-12
NOMINAL_1PCT: dict[str, Any] = {"discount_rate": 0.12, "rate_convention": "nominal"}

PLAN = self_build(
    gpu_capex=1000,
    kw_per_gpu=2.0,
    pue=1.5,
    facility_capex_per_mw=1_000_000,
    build_months=4,
    electricity_price_per_kwh=0.10,
    staff_per_month=300,
    maintenance_pct=0.12,
    availability=0.95,
    it_life_years=5,
    facility_life_years=20,
)
RUNNING = 2190 + 300 + 100  # power + staff + maintenance, a month from go-live


def plan(**overrides: object) -> dict[str, Any]:
    return {**PLAN, **overrides}


def schedule_column(offer: dict[str, Any], column: str, **assumptions: object) -> list[float]:
    comparison = compare_offers(offer, **assumptions)  # type: ignore[arg-type]
    frame = comparison.schedule(offer["id"])
    return [float(x) for x in frame[column].iloc[: comparison.deal.assumptions.horizon_months]]


# --- capex timing ---------------------------------------------------------------------------------------------------


def test_facility_capex_in_equal_parts_over_the_build_and_it_capex_at_go_live() -> None:
    capex = schedule_column(PLAN, "capex", horizon_months=6)
    assert capex == pytest.approx([5000, 5000, 5000, 5000, 10_000, 0], rel=REL)


def test_facility_capex_in_month_s_when_the_build_takes_no_time() -> None:
    capex = schedule_column(plan(start=month_start(1), build_months=0), "capex", horizon_months=4)
    assert capex == pytest.approx([0, 20_000 + 10_000, 0, 0], rel=REL)  # facility and IT both in month s = 1


def test_facility_capex_of_a_later_start_begins_at_its_start() -> None:
    capex = schedule_column(plan(start=month_start(2), build_months=2), "capex", horizon_months=6)
    assert capex == pytest.approx([0, 0, 10_000, 10_000, 10_000, 0], rel=REL)


# --- running costs from go-live ------------------------------------------------------------------------------------


def test_power_staff_and_maintenance_run_from_go_live() -> None:
    assert schedule_column(PLAN, "power", horizon_months=6) == pytest.approx([0, 0, 0, 0, 2190, 2190], rel=REL)
    assert schedule_column(PLAN, "staff", horizon_months=6) == pytest.approx([0, 0, 0, 0, 300, 300], rel=REL)
    assert schedule_column(PLAN, "maintenance", horizon_months=6) == pytest.approx([0, 0, 0, 0, 100, 100], rel=REL)


def test_power_escalator_steps_with_the_calendar_year_of_the_analysis() -> None:
    offer = plan(start=month_start(10), build_months=0, power_escalator=0.10)
    power = schedule_column(offer, "power", horizon_months=14)
    assert power == pytest.approx([0.0] * 10 + [2190, 2190, 2409, 2409], rel=REL)


def test_power_escalator_counts_from_the_analysis_start_not_from_go_live() -> None:
    # go-live at t = 4; the escalator steps at t = 12 (8 months after go-live), not at t = 16
    offer = plan(power_escalator=0.10)
    power = schedule_column(offer, "power", horizon_months=14)
    assert power == pytest.approx([0.0] * 4 + [2190.0] * 8 + [2409.0] * 2, rel=REL)


def test_gpu_hours_and_first_capacity_from_go_live_with_availability() -> None:
    metrics = metrics_of(PLAN, horizon_months=6)
    assert metrics["gpu_hours"] == pytest.approx(2 * 10 * 730 * 0.95, rel=REL)
    assert metrics["first_capacity_month"] == 4
    assert metrics["secured_months"] == 2  # H - g


# --- residual value and the whole horizon ---------------------------------------------------------------------------


def test_residual_value_is_straight_line_from_go_live() -> None:
    # a = H - g = 6 - 4 = 2 months
    it_left = 10_000 * (1 - 2 / (12 * 5))
    facility_left = 20_000 * (1 - 2 / (12 * 20))
    residual = schedule_column(PLAN, "residual", horizon_months=6)
    assert residual == [0.0] * 6  # nothing inside the horizon months: it sits at the end
    comparison = compare_offers(PLAN, horizon_months=6)
    end_row = comparison.schedule("build").iloc[-1]
    assert end_row["residual"] == pytest.approx(-(it_left + facility_left), rel=REL)


def test_total_and_present_value_of_the_plan() -> None:
    residual = 10_000 * (1 - 2 / 60) + 20_000 * (1 - 2 / 240)  # 9,666.67 + 19,833.33 = 29,500
    assert residual == pytest.approx(29_500)
    metrics = metrics_of(PLAN, horizon_months=6, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(20_000 + 10_000 + 2 * RUNNING - residual, rel=REL)
    expected_pv = (
        5000 * (1 + 1.01**-1 + 1.01**-2 + 1.01**-3)  # facility, w_0 .. w_3
        + 10_000 * 1.01**-4  # IT capex at go-live, w_4
        + RUNNING * (1.01**-4 + 1.01**-5)  # running costs, v_4 and v_5 (advance)
        - residual * 1.01**-6  # residual at w_H
    )
    assert metrics["pv_cost"] == pytest.approx(expected_pv, rel=REL)
    hours = 10 * 730 * 0.95
    assert metrics["cost_per_gpu_hour"] == pytest.approx(expected_pv / (hours * (1.01**-4 + 1.01**-5)), rel=REL)
    annuity = sum(1.01**-t for t in range(6))
    assert metrics["effective_monthly_cost"] == pytest.approx(expected_pv / annuity, rel=REL)


def test_running_costs_in_arrears_capex_still_at_the_start_of_the_month() -> None:
    metrics = metrics_of(PLAN, horizon_months=6, payment_timing="arrears", **NOMINAL_1PCT)
    expected_pv = (
        5000 * (1 + 1.01**-1 + 1.01**-2 + 1.01**-3)
        + 10_000 * 1.01**-4
        + RUNNING * (1.01**-5 + 1.01**-6)  # v_t = 1.01^-(t + 1)
        - 29_500 * 1.01**-6
    )
    assert metrics["pv_cost"] == pytest.approx(expected_pv, rel=REL)


def test_residual_value_never_goes_below_zero() -> None:
    # IT life 0.1 years = 1.2 months < a = 2: nothing left of the IT; facility as before
    offer = plan(it_life_years=0.1)
    metrics = metrics_of(offer, horizon_months=6)
    assert metrics["total_cost"] == pytest.approx(30_000 + 2 * RUNNING - 20_000 * (1 - 2 / 240), rel=REL)


def test_residual_value_of_a_plan_live_from_month_zero_ages_over_the_whole_horizon() -> None:
    offer = plan(build_months=0)
    # a = H - g = 24: IT 10,000 * (1 - 24/60) = 6,000; facility 20,000 * (1 - 24/240) = 18,000
    metrics = metrics_of(offer, horizon_months=24)
    assert metrics["total_cost"] == pytest.approx(30_000 + 24 * RUNNING - 24_000, rel=REL)


# --- bridge capacity ------------------------------------------------------------------------------------------------


def test_bridge_is_billed_and_delivered_in_full_during_the_build() -> None:
    offer = plan(build_months=2, bridge_price_per_gpu_hour=2.0)
    # months 0, 1 pay 10 * 730 * 2.0 = 14,600 and deliver 7,300 GPU-hours (no availability)
    assert schedule_column(offer, "bridge", horizon_months=4) == pytest.approx([14_600, 14_600, 0, 0], rel=REL)
    metrics = metrics_of(offer, horizon_months=4)
    assert metrics["gpu_hours"] == pytest.approx(2 * 7300 + 2 * 7300 * 0.95, rel=REL)


def test_bridge_capacity_does_not_count_as_first_capacity() -> None:
    offer = plan(build_months=2, bridge_price_per_gpu_hour=2.0)
    assert metrics_of(offer, horizon_months=4)["first_capacity_month"] == 2


def test_no_bridge_without_a_bridge_price() -> None:
    offer = plan(build_months=2, bridge_price_per_gpu_hour=0)
    assert schedule_column(offer, "bridge", horizon_months=4) == [0.0] * 4
    assert metrics_of(offer, horizon_months=4)["gpu_hours"] == pytest.approx(2 * 7300 * 0.95, rel=REL)


def test_bridge_months_inside_the_horizon_only() -> None:
    offer = plan(start=month_start(1), build_months=6, bridge_price_per_gpu_hour=1.0)
    metrics = metrics_of(offer, horizon_months=4)  # bridge in months 1, 2, 3 inside H = 4
    assert metrics["gpu_hours"] == pytest.approx(3 * 7300, rel=REL)


# --- go-live at or after the horizon ---------------------------------------------------------------------------------


def test_go_live_after_the_horizon_credits_facility_capex_back_at_cost() -> None:
    # B = 6 > H = 4: facility 20,000 / 6 in months 0..3 (13,333.33 paid), credited back at w_4
    offer = plan(build_months=6)
    part = 20_000 / 6
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(0, abs=1e-9)
    expected_pv = part * (1 + 1.01**-1 + 1.01**-2 + 1.01**-3) - 4 * part * 1.01**-4
    assert metrics["pv_cost"] == pytest.approx(expected_pv, rel=1e-9)
    assert metrics["gpu_hours"] == 0
    assert metrics["cost_per_gpu_hour"] is None
    assert metrics["first_capacity_month"] is None
    assert metrics["secured_months"] == 0


def test_go_live_exactly_at_the_horizon_is_outside_the_comparison() -> None:
    # B = 4 = H: no IT capex, no running costs, facility 4 x 5,000 credited back at w_4
    metrics = metrics_of(PLAN, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["total_cost"] == pytest.approx(0, abs=1e-9)
    expected_pv = 5000 * (1 + 1.01**-1 + 1.01**-2 + 1.01**-3) - 20_000 * 1.01**-4
    assert metrics["pv_cost"] == pytest.approx(expected_pv, rel=1e-9)
    assert metrics["secured_months"] == 0
    assert metrics["first_capacity_month"] is None


def test_bridge_still_counts_when_go_live_is_after_the_horizon() -> None:
    offer = plan(build_months=6, bridge_price_per_gpu_hour=1.0)
    metrics = metrics_of(offer, horizon_months=4)
    assert metrics["gpu_hours"] == pytest.approx(4 * 7300, rel=REL)
    assert metrics["total_cost"] == pytest.approx(4 * 7300 * 1.0, rel=REL)  # capex nets out


# --- minimum commitment ---------------------------------------------------------------------------------------------


def test_min_commitment_is_all_capex_nominal() -> None:
    assert metrics_of(PLAN, horizon_months=6)["min_commitment"] == pytest.approx(30_000, rel=REL)


def test_min_commitment_pv_discounts_each_capex_payment_in_its_month() -> None:
    metrics = metrics_of(PLAN, horizon_months=6, **NOMINAL_1PCT)
    expected = 5000 * (1 + 1.01**-1 + 1.01**-2 + 1.01**-3) + 10_000 * 1.01**-4
    assert metrics["min_commitment_pv"] == pytest.approx(expected, rel=REL)


def test_min_commitment_pv_discounts_past_the_horizon() -> None:
    # B = 6, H = 4: facility parts in months 0..5 and IT at month 6, all discounted at w_t
    offer = plan(build_months=6)
    metrics = metrics_of(offer, horizon_months=4, **NOMINAL_1PCT)
    assert metrics["min_commitment"] == pytest.approx(30_000, rel=REL)
    expected = 20_000 / 6 * sum(1.01**-t for t in range(6)) + 10_000 * 1.01**-6
    assert metrics["min_commitment_pv"] == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize("start_month", [6, 8])
def test_plan_starting_at_or_after_the_horizon(start_month: int) -> None:
    s = start_month
    offer = plan(start=month_start(s), bridge_price_per_gpu_hour=1.0)
    metrics = metrics_of(offer, horizon_months=6, **NOMINAL_1PCT)
    assert metrics["total_cost"] == 0
    assert metrics["pv_cost"] == 0
    assert metrics["gpu_hours"] == 0
    assert metrics["effective_monthly_cost"] == 0
    assert metrics["cost_per_gpu_hour"] is None
    assert metrics["first_capacity_month"] is None
    assert metrics["secured_months"] == 0
    assert metrics["breakeven_fee"] is None
    assert metrics["min_commitment"] == pytest.approx(30_000, rel=REL)
    expected = 5000 * sum(1.01 ** -(s + i) for i in range(4)) + 10_000 * 1.01 ** -(s + 4)
    assert metrics["min_commitment_pv"] == pytest.approx(expected, rel=REL)


def test_secured_months_of_a_plan_are_months_of_own_capacity_inside_the_horizon() -> None:
    assert metrics_of(plan(start=month_start(1), build_months=2), horizon_months=12)["secured_months"] == 9
