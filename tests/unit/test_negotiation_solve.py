"""Solve any term (DESIGN.md 8.3): answers plugged back into the engine, whole terms, no root, refusals."""

from __future__ import annotations

import dataclasses
import math

import pytest
from deal_builders import build_deal, lease, self_build
from negotiation_support import deal_with_market, sample_deal

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal
from leasedesk.core.negotiation.copies import NegotiationError, with_offer, with_term
from leasedesk.core.negotiation.roots import brent, whole_root
from leasedesk.core.negotiation.solve import solve, solve_range
from leasedesk.core.negotiation.terms import SolveRange


def metric_with(deal: Deal, offer_id: str, term: str, value: float, metric: str) -> float | None:
    """The metric through compare() of the deal with the term set: independent of the solve's evaluator."""
    offer = with_term(deal.offer(offer_id), term, value, deal.assumptions)
    return compare(with_offer(deal, offer)).result(offer_id).metrics[metric]


def tolerance(target: float) -> float:
    return max(1e-9 * abs(target), 1e-6)


SAMPLE = sample_deal()


@pytest.mark.parametrize(
    ("offer_id", "term", "match", "value"),
    [
        ("memphis", "monthly_fee", "build", None),
        ("hyperscaler", "monthly_fee", "build", None),
        ("hyperscaler", "power.price_per_kwh", None, 3.3),
        ("hyperscaler", "availability", "memphis", None),
        ("build", "gpu_capex", "memphis", None),
    ],
)
def test_continuous_answers_meet_the_target_when_plugged_back(
    offer_id: str, term: str, match: str | None, value: float | None
) -> None:
    result = solve(SAMPLE, offer_id, term, match=match, value=value)
    assert result.value is not None, result.reason
    target = value if match is None else compare(SAMPLE).result(match).metrics["cost_per_gpu_hour"]
    assert target is not None and result.target == pytest.approx(target, rel=1e-12)
    plugged = metric_with(SAMPLE, offer_id, term, result.value, "cost_per_gpu_hour")
    assert plugged is not None
    assert abs(plugged - target) <= tolerance(target)
    assert result.metric_at_value == pytest.approx(plugged, rel=1e-12)
    assert result.reason is None


def test_the_fee_solve_agrees_with_the_closed_form_breakeven_fee() -> None:
    result = solve(SAMPLE, "memphis", "monthly_fee")  # the baseline's cost per GPU-hour by default
    breakeven = compare(SAMPLE).result("memphis").metrics["breakeven_fee"]
    assert result.value == pytest.approx(breakeven, rel=1e-8)


def test_a_number_as_target_worked_by_hand() -> None:
    # Rate 0, 10 GPUs, 730 h: cost per GPU-hour = F / 7,300, so 3.0 needs F = 21,900.
    result = solve(build_deal(lease()), "lease", "monthly_fee", value=3.0)
    assert result.value == pytest.approx(21_900, abs=1e-6 * 7300)
    assert result.target == 3.0


@pytest.mark.parametrize(("target", "expected"), [(3400.0, 3), (3600.0, 4), (3500.0, 3), (4000.0, 4)])
def test_whole_terms_take_the_nearer_whole_value_and_the_lower_on_a_tie(target: float, expected: int) -> None:
    # pv_cost = 1,000 * term months (inside the 6-month horizon); 3,500 lies halfway between 3 and 4.
    result = solve(build_deal(lease()), "lease", "term_months", metric="pv_cost", value=target)
    assert result.value == expected


def test_whole_gpus_answer_is_the_nearest_whole_value() -> None:
    result = solve(SAMPLE, "memphis", "gpus")
    assert result.value is not None and result.value == int(result.value)
    target = compare(SAMPLE).result("build").metrics["cost_per_gpu_hour"]
    assert target is not None

    def g(gpus: float) -> float:
        value = metric_with(SAMPLE, "memphis", "gpus", gpus, "cost_per_gpu_hour")
        assert value is not None
        return value - target

    here, below, above = g(result.value), g(result.value - 1), g(result.value + 1)
    neighbour = below if (below > 0) != (here > 0) else above
    assert (neighbour > 0) != (here > 0)  # the sign changes next to the answer
    assert abs(here) <= abs(neighbour)


def test_notice_days_in_whole_days_worked_by_hand() -> None:
    # Lock-in 0: walking away at once costs notice / 30.4375 months of 1,000. 1,500 needs 45.66 days:
    # 45 days give 1,478.4 and 46 days 1,511.3, so 46 is nearer.
    deal = build_deal(lease(lessee_exit={"allowed": True, "lock_in_months": 0, "notice_days": 10}))
    result = solve(deal, "lease", "lessee_exit.notice_days", metric="min_commitment_pv", value=1500)
    assert result.value == 46
    assert result.metric_at_value == pytest.approx(1000 * 46 / 30.4375)


def test_no_root_names_the_closest_value_and_the_metric_there() -> None:
    result = solve(SAMPLE, "memphis", "escalator")
    assert result.value is None and result.metric_at_value is None
    assert result.reason is not None
    assert "stays above the target" in result.reason
    assert "closest at escalator = 0" in result.reason
    at_zero = compare(SAMPLE).result("memphis").metrics["cost_per_gpu_hour"]
    assert f"{at_zero:.6g}" in result.reason


def test_a_target_already_met_is_the_current_value() -> None:
    deal = build_deal(lease(), lease("twin"))
    result = solve(deal, "lease", "monthly_fee", match="twin")
    assert result.value == 1000


def test_the_target_is_read_in_each_copy_with_a_market() -> None:
    # Price 1 a GPU-hour, Q = the largest offer's GPUs. With the lease at x >= 10 GPUs (rate 0, horizon 6):
    # lease: 4,000 + 2 months * 730 * x; build (pv 1,000: capex 10,000, 9,000 left): 1,000 + 6 * 730 * (x - 10).
    # g(x) = 46,800 - 2,920 x: g(16) = 80, g(17) = -2,840 -> 16 GPUs, where the build's figure is 27,280.
    deal = deal_with_market(build_deal(lease(), self_build(gpu_capex=1000)), MarketAssumptions(1.0))
    result = solve(deal, "lease", "gpus", metric="equal_capacity_pv", match="build")
    assert result.value == 16
    assert result.target == pytest.approx(1000 + 6 * 730 * 6)
    assert result.metric_at_value == pytest.approx(4000 + 2 * 730 * 16)


def test_ranges_of_the_contract() -> None:
    deal = build_deal(lease(monthly_fee=2e10, lessee_exit={"allowed": True, "lock_in_months": 3, "notice_days": 90}))
    offer = deal.offer("lease")
    assert solve_range(offer, SolveRange("monthly_fee", "money"), deal) == (0.0, 2e12)
    assert solve_range(offer, SolveRange("upfront_fee", "money"), deal) == (0.0, 1e12)
    assert solve_range(offer, SolveRange("escalator", "rate"), deal) == (0.0, 1.0)
    assert solve_range(offer, SolveRange("power.price_per_kwh", "price"), deal) == (0.0, 1000.0)
    assert solve_range(offer, SolveRange("gpus", "gpus"), deal) == (1.0, 10_000_000.0)
    assert solve_range(offer, SolveRange("term_months", "term_months"), deal) == (1.0, 600.0)
    # From the lock-in (3) to the end of the 4-month term: 30.4375 days, searched in whole days up to 31.
    assert solve_range(offer, SolveRange("lessee_exit.notice_days", "notice_days"), deal) == (0.0, 31.0)
    low, high = solve_range(offer, SolveRange("availability", "availability"), deal)
    assert 0 < low < 1e-3 and high == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"offer_id": "nope", "term": "monthly_fee"}, "no offer 'nope'"),
        ({"offer_id": "lease", "term": "gpu_capex"}, "unknown term 'gpu_capex'"),
        ({"offer_id": "lease", "term": "monthly_fee", "metric": "beauty"}, "unknown metric"),
        ({"offer_id": "lease", "term": "monthly_fee", "metric": "equal_capacity_pv"}, "needs a market"),
        ({"offer_id": "build", "term": "gpu_capex"}, "is the baseline"),
        ({"offer_id": "lease", "term": "monthly_fee", "match": "gone"}, "no offer 'gone'"),
        ({"offer_id": "lease", "term": "monthly_fee", "value": math.inf}, "finite"),
    ],
)
def test_refusals(kwargs: dict[str, object], message: str) -> None:
    deal = build_deal(lease(), self_build())
    with pytest.raises(NegotiationError, match=message):
        solve(deal, **kwargs)  # type: ignore[arg-type]


def test_no_baseline_and_no_target_is_refused() -> None:
    with pytest.raises(NegotiationError, match="no baseline"):
        solve(build_deal(lease(), lease("other")), "lease", "monthly_fee")


def test_brent_finds_a_classic_root() -> None:
    # x^3 - 2x - 5 = 0 at x = 2.0945514815423265 (Wallis's example).
    def g(x: float) -> float:
        return x**3 - 2 * x - 5

    root = brent(g, 2.0, 3.0, g(2.0), g(3.0), lambda _x, gx: abs(gx) <= 1e-12)
    assert root.converged
    assert root.x == pytest.approx(2.0945514815423265, abs=1e-12)


def test_brent_reports_a_jump_that_never_meets_the_tolerance() -> None:
    def step(x: float) -> float:
        return -1.0 if x < 0.3 else 1.0

    root = brent(step, 0.0, 1.0, -1.0, 1.0, lambda _x, gx: abs(gx) <= 1e-6)
    assert not root.converged
    assert root.x == pytest.approx(0.3, abs=1e-12)


def test_whole_root_takes_the_lower_value_on_a_tie() -> None:
    assert whole_root(lambda k: k - 3.5, 0, 10, -3.5, 6.5) == (3, -0.5)
    assert whole_root(lambda k: k - 3.6, 0, 10, -3.6, 6.4)[0] == 4
    assert whole_root(lambda k: float(k - 5), 0, 16, -5.0, 11.0) == (5, 0.0)


def test_json_shape() -> None:
    data = solve(build_deal(lease()), "lease", "monthly_fee", value=1.0).to_json_data()
    assert list(data) == ["offer", "term", "metric", "target", "value", "metric_at_value", "reason"]
    assert dataclasses.is_dataclass(solve(build_deal(lease()), "lease", "monthly_fee", value=1.0))


def test_a_target_without_value_gives_no_value_and_says_so() -> None:
    # The baseline starts at the end of the horizon: it has no cost per GPU-hour to meet.
    deal = build_deal(lease(), self_build(start="2026-07-01"))
    result = solve(deal, "lease", "monthly_fee")
    assert result.value is None and result.target is None
    assert result.reason is not None and result.reason.startswith("the target has no value")
