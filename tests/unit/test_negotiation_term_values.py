"""What one step of each term is worth (DESIGN.md 8.2), against hand-worked figures."""

from __future__ import annotations

import numpy as np
import pytest
from deal_builders import build_deal, lease, self_build
from negotiation_support import deal_with_market, sample_deal

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal
from leasedesk.core.negotiation.term_values import TermValue, term_values

EXIT = {"allowed": True, "lock_in_months": 1, "notice_days": 30, "termination_fee": 0}


def steps_by_term(deal: Deal, offer_id: str) -> dict[str, TermValue]:
    return {s.term: s for s in term_values(deal, offer_id).steps}


def test_lease_steps_in_the_contracts_order_exit_steps_only_with_a_right() -> None:
    deal = build_deal(lease(lessee_exit=EXIT, provider_exit=EXIT))
    terms = [s.term for s in term_values(deal, "lease").steps]
    assert terms == [
        "monthly_fee", "escalator", "term_months", "gpus", "availability", "upfront_fee", "deposit", "start",
        "lessee_exit.notice_days", "lessee_exit.lock_in_months", "lessee_exit.termination_fee",
        "provider_exit.notice_days", "provider_exit.lock_in_months",
    ]
    plain = [s.term for s in term_values(build_deal(lease()), "lease").steps]
    assert not [t for t in plain if "exit" in t]


def test_fee_step_moves_pv_cost_by_b_times_a_million() -> None:
    # 10% effective a year, advance: b = sum of v_t over the 4 fee months.
    deal = build_deal(lease(), discount_rate=0.10)
    r_m = 1.1 ** (1 / 12) - 1
    b = float(np.sum((1 + r_m) ** -np.arange(4.0)))
    fee = steps_by_term(deal, "lease")["monthly_fee"]
    assert fee.step == 1_000_000
    assert fee.changes["pv_cost"] == pytest.approx(b * 1e6, rel=1e-12)
    assert fee.fee_equivalent == pytest.approx(1e6, rel=1e-12)
    assert fee.market_fee_equivalent is None


def test_hand_worked_lease_steps_at_rate_zero() -> None:
    # 10 GPUs, 4 months at 1,000, horizon 6, 730 h: b = 4, GPU-hours 29,200.
    steps = steps_by_term(build_deal(lease(lessee_exit=EXIT)), "lease")
    upfront = steps["upfront_fee"]
    assert upfront.changes == pytest.approx(
        {"pv_cost": 1e7, "cost_per_gpu_hour": 1e7 / 29200, "min_commitment_pv": 1e7}
    )
    assert upfront.fee_equivalent == pytest.approx(1e7 / 4)
    term = steps["term_months"]  # a fifth month inside the horizon: 1,000 more, 7,300 GPU-hours more
    assert term.changes["pv_cost"] == pytest.approx(1000)
    assert term.changes["cost_per_gpu_hour"] == pytest.approx(0.0, abs=1e-15)
    assert term.fee_equivalent == pytest.approx(250)
    # The deposit is paid and returned inside the horizon, at rate 0: nothing.
    assert steps["deposit"].changes["pv_cost"] == 0


def test_exit_terms_without_a_market_move_only_the_minimum_commitment() -> None:
    steps = steps_by_term(build_deal(lease(lessee_exit=EXIT)), "lease")
    # Lock-in 1, 30 days: the lessee pays 1 + 30 / 30.4375 months; 30 more days add 30 / 30.4375 of a fee.
    notice = steps["lessee_exit.notice_days"]
    assert notice.changes["pv_cost"] == 0
    assert notice.changes["cost_per_gpu_hour"] == 0
    assert notice.changes["min_commitment_pv"] == pytest.approx(1000 * 30 / 30.4375)
    assert notice.fee_equivalent == 0
    fee = steps["lessee_exit.termination_fee"]
    assert fee.changes["min_commitment_pv"] == pytest.approx(1e7)
    assert fee.fee_equivalent == 0


def test_a_step_up_refused_by_the_loading_rules_is_taken_down() -> None:
    steps = steps_by_term(build_deal(lease(availability=1.0)), "lease")
    assert steps["availability"].step == pytest.approx(-0.01)
    # 0.99 of the hours: the cost per GPU-hour rises by a factor 1 / 0.99.
    assert steps["availability"].changes["cost_per_gpu_hour"] == pytest.approx(
        1000 / 7300 / 0.99 - 1000 / 7300
    )
    nearly_full = steps_by_term(build_deal(lease(availability=0.995)), "lease")
    assert nearly_full["availability"].step == pytest.approx(-0.01)


def test_a_term_refused_both_ways_is_left_out() -> None:
    # A 1,200-month lease from the analysis start: one month later runs past the engine's reach,
    # one month earlier is before the analysis start. The term can still step down.
    steps = steps_by_term(build_deal(lease(term_months=1200)), "lease")
    assert "start" not in steps
    assert steps["term_months"].step == -1


def test_self_build_steps_worked_by_hand() -> None:
    # 10 GPUs online at month 0 (no build time), horizon 6, 5-year IT life: residual keeps 54/60 of IT capex.
    deal = build_deal(self_build(gpu_capex=1000))
    steps = steps_by_term(deal, "build")
    assert list(steps) == [
        "gpu_capex", "build_months", "electricity_price_per_kwh", "facility_capex_per_mw", "staff_per_month",
        "availability", "bridge_price_per_gpu_hour", "start",
    ]
    capex = steps["gpu_capex"]
    assert capex.changes["pv_cost"] == pytest.approx(10_000 * 6 / 60)
    assert capex.changes["min_commitment_pv"] == pytest.approx(10_000)
    assert capex.changes["cost_per_gpu_hour"] == pytest.approx(1000 / 43_800)
    assert capex.fee_equivalent is None and capex.market_fee_equivalent is None
    assert steps["staff_per_month"].changes["pv_cost"] == pytest.approx(6e6)
    assert steps["availability"].step == pytest.approx(-0.01)


def test_market_figures_and_required_gpus_worked_out_again_for_each_copy() -> None:
    # Q defaults to the largest offer: 1,000 more GPUs of the lease raise Q to 1,010, so the months the lease
    # does not deliver (4 and 5) must buy 1,010 * 730 GPU-hours at 1 each: +2 * 1000 * 730 = 1,460,000.
    deal = deal_with_market(build_deal(lease(), self_build()), MarketAssumptions(price_per_gpu_hour=1.0))
    steps = steps_by_term(deal, "lease")
    gpus = steps["gpus"]
    assert gpus.changes["equal_capacity_pv"] == pytest.approx(1_460_000)
    # Without exits, market_value_pv is the term's cost: the fee step moves it by 4 * 1e6, so m = 4.
    fee = steps["monthly_fee"]
    assert fee.changes["market_value_pv"] == pytest.approx(4e6)
    assert fee.market_fee_equivalent == pytest.approx(1e6, rel=1e-12)
    upfront = steps["upfront_fee"]
    assert upfront.market_fee_equivalent == pytest.approx(1e7 / 4)
    build_steps = steps_by_term(deal, "build")
    assert "market_value_pv" not in build_steps["gpu_capex"].changes
    assert build_steps["gpu_capex"].market_fee_equivalent is None


def test_exit_terms_with_a_market_have_a_market_fee_equivalent() -> None:
    deal = sample_deal()
    market = MarketAssumptions(2.60, annual_change=-0.20, volatility=0.35, lessee_switching_cost=5e7,
                               provider_relet_cost=3e7)
    steps = steps_by_term(deal_with_market(deal, market), "memphis")
    notice = steps["lessee_exit.notice_days"]
    assert notice.fee_equivalent == 0
    assert notice.market_fee_equivalent is not None
    assert notice.changes["market_value_pv"] != 0


def test_json_shape() -> None:
    data = term_values(build_deal(lease()), "lease").to_json_data()
    assert set(data) == {"offer", "steps"}
    assert set(data["steps"][0]) == {"term", "step", "changes", "fee_equivalent", "market_fee_equivalent"}
