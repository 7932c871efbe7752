"""Sensitivity (DESIGN.md 8.4): input ranges, the tornado's order and figures, the grid, refusals."""

from __future__ import annotations

import dataclasses

import pytest
from deal_builders import build_deal, lease, self_build
from negotiation_support import deal_with_market, sample_deal

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal, SelfBuildPlan
from leasedesk.core.negotiation.copies import NegotiationError, with_offer, with_term
from leasedesk.core.negotiation.sensitivity import input_ranges, sensitivity

SAMPLE = sample_deal()


def advantage(deal: Deal, offer_id: str, baseline: str = "build", metric: str = "cost_per_gpu_hour") -> float:
    """Baseline minus offer, through compare(): independent of the analysis's evaluator."""
    metrics = compare(deal).metric_values(metric)
    base, own = metrics[baseline], metrics[offer_id]
    assert base is not None and own is not None
    return base - own


def ranges_of(deal: Deal, offer_id: str) -> dict[str, tuple[float, float]]:
    return {r.key: (r.low, r.high) for r in input_ranges(deal, deal.offer(offer_id))}


def test_lease_inputs_and_their_ranges() -> None:
    deal = build_deal(
        lease(monthly_fee=1000, escalator=0.005, availability=0.99,
              power={"included": False, "kw_per_gpu": 1, "pue": 1.2, "price_per_kwh": 0.08},
              lessee_exit={"allowed": True, "notice_days": 20}),
        self_build(),
        discount_rate=0.01,
    )
    ranges = ranges_of(deal, "lease")
    assert list(ranges) == ["discount_rate", "monthly_fee", "escalator", "availability", "power.price_per_kwh",
                            "lessee_exit.notice_days"]
    assert ranges["discount_rate"] == pytest.approx((0.0, 0.03))  # not below 0
    assert ranges["monthly_fee"] == pytest.approx((900, 1100))
    assert ranges["escalator"] == pytest.approx((0.0, 0.015))  # not below 0
    assert ranges["availability"] == pytest.approx((0.97, 1.0))  # up to 1
    assert ranges["power.price_per_kwh"] == pytest.approx((0.06, 0.10))
    assert ranges["lessee_exit.notice_days"] == pytest.approx((0.0, 50.0))  # not below 0


def test_inputs_that_do_not_apply_are_left_out() -> None:
    ranges = ranges_of(build_deal(lease(availability=0.03), self_build()), "lease")
    assert list(ranges) == ["discount_rate", "monthly_fee", "escalator", "availability"]
    assert ranges["availability"] == pytest.approx((0.015, 0.05))  # max(a - 0.02, a / 2) .. a + 0.02


def test_self_build_inputs_and_market_inputs() -> None:
    deal = deal_with_market(
        build_deal(lease(), self_build(gpu_capex=1000, build_months=2, electricity_price_per_kwh=0.08,
                                       facility_capex_per_mw=1e7, availability=0.97), baseline="lease"),
        MarketAssumptions(2.0, annual_change=-0.05),
    )
    ranges = ranges_of(deal, "build")
    assert list(ranges) == ["discount_rate", "market.price_per_gpu_hour", "market.annual_change", "gpu_capex",
                            "build_months", "electricity_price_per_kwh", "facility_capex_per_mw", "availability"]
    assert ranges["market.price_per_gpu_hour"] == pytest.approx((1.5, 2.5))
    assert ranges["market.annual_change"] == pytest.approx((-0.15, 0.05))
    assert ranges["gpu_capex"] == pytest.approx((850, 1150))
    assert ranges["build_months"] == (0, 5)  # not below 0
    assert ranges["facility_capex_per_mw"] == pytest.approx((8.5e6, 11.5e6))
    assert ranges["availability"] == pytest.approx((0.95, 0.99))


def test_tornado_is_sorted_by_swing_and_matches_the_engine() -> None:
    result = sensitivity(SAMPLE, "hyperscaler")
    assert result.metric == "cost_per_gpu_hour" and result.baseline_id == "build"
    swings = [bar.swing for bar in result.tornado]
    known = [swing for swing in swings if swing is not None]
    assert known == swings and known == sorted(known, reverse=True)
    bars = {bar.input: bar for bar in result.tornado}
    # An offer input moves only the offer.
    fee = bars["monthly_fee"]
    offer = SAMPLE.offer("hyperscaler")
    assert (fee.low, fee.high) == pytest.approx((127_020_000 * 0.9, 127_020_000 * 1.1))
    low_deal = with_offer(SAMPLE, with_term(offer, "monthly_fee", fee.low, SAMPLE.assumptions))
    assert fee.advantage_low == pytest.approx(advantage(low_deal, "hyperscaler"), rel=1e-12)
    # A deal input moves the baseline too.
    rate = bars["discount_rate"]
    high_deal = dataclasses.replace(SAMPLE, assumptions=dataclasses.replace(SAMPLE.assumptions, discount_rate=0.12))
    assert rate.advantage_high == pytest.approx(advantage(high_deal, "hyperscaler"), rel=1e-12)
    # Without a market the exit notice moves no horizon figure: no swing.
    assert bars["lessee_exit.notice_days"].swing == 0
    assert result.tornado[-1].input == "lessee_exit.notice_days"
    assert result.advantage == pytest.approx(advantage(SAMPLE, "hyperscaler"), rel=1e-12)


def test_default_offer_is_the_first_that_is_not_the_baseline() -> None:
    deal = build_deal(self_build(), lease("a"), lease("b"), baseline="build")
    assert sensitivity(deal).offer_id == "a"
    assert sensitivity(build_deal(lease("a"), lease("b"), baseline="a")).offer_id == "b"


@pytest.mark.parametrize(
    ("deal", "offer_id", "message"),
    [
        (build_deal(lease("a"), lease("b")), None, "no baseline"),
        (build_deal(lease(), self_build()), "build", "is the baseline"),
        (build_deal(lease(), self_build()), "other", "no offer 'other'"),
        (build_deal(self_build()), None, "no offer besides the baseline"),
    ],
)
def test_refusals(deal: Deal, offer_id: str | None, message: str) -> None:
    with pytest.raises(NegotiationError, match=message):
        sensitivity(deal, offer_id)


@pytest.mark.parametrize(
    ("grid", "steps", "message"),
    [
        (("monthly_fee", "gpu_capex"), 5, "unknown sensitivity input 'gpu_capex'"),
        (("monthly_fee", "monthly_fee"), 5, "two different inputs"),
        (("monthly_fee", "discount_rate"), 1, "from 2 to"),
        (("market.annual_change", "discount_rate"), 5, "unknown sensitivity input"),
    ],
)
def test_grid_refusals(grid: tuple[str, str], steps: int, message: str) -> None:
    with pytest.raises(NegotiationError, match=message):
        sensitivity(SAMPLE, "memphis", grid, steps)


def test_grid_shape_values_and_cells() -> None:
    result = sensitivity(SAMPLE, "memphis", ("monthly_fee", "discount_rate"), 3)
    grid = result.grid
    assert grid is not None
    assert grid.row_values == pytest.approx((135e6, 150e6, 165e6))
    assert grid.column_values == pytest.approx((0.08, 0.10, 0.12))
    assert len(grid.best) == len(grid.advantage) == 3 and all(len(row) == 3 for row in grid.advantage)
    fee_offer = with_term(SAMPLE.offer("memphis"), "monthly_fee", 135e6, SAMPLE.assumptions)
    corner = with_offer(SAMPLE, fee_offer)
    corner = dataclasses.replace(corner, assumptions=dataclasses.replace(corner.assumptions, discount_rate=0.08))
    assert grid.advantage[0][0] == pytest.approx(advantage(corner, "memphis"), rel=1e-12)
    assert grid.advantage[1][1] == pytest.approx(result.advantage, rel=1e-12)


def test_grid_rounds_whole_inputs_half_up_and_names_the_best_offer() -> None:
    # Build months 0 -> low 0, high 3; three values 0, 1.5, 3 -> 0, 2, 3. The lease costs 1,000 / 7,300 a
    # GPU-hour; the build's fee-free bridge-less plan costs capex only, so cheap capex makes the build best.
    deal = build_deal(lease(), self_build(gpu_capex=100), baseline="lease")
    result = sensitivity(deal, "build", ("build_months", "gpu_capex"), 3)
    grid = result.grid
    assert grid is not None
    assert grid.row_values == (0.0, 2.0, 3.0)
    assert grid.column_values == pytest.approx((85.0, 100.0, 115.0))
    assert grid.best[0][0] == "build"
    # Built in 3 months there are only 3 months of own GPU-hours; the build is still cheaper per GPU-hour.
    for r, months in enumerate(grid.row_values):
        for c, capex in enumerate(grid.column_values):
            build = deal.offer("build")
            assert isinstance(build, SelfBuildPlan)
            plan = dataclasses.replace(build, build_months=int(months), gpu_capex=capex)
            cell = with_offer(deal, plan)
            assert grid.advantage[r][c] == pytest.approx(advantage(cell, "build", baseline="lease"), rel=1e-12)
            values = compare(cell).metric_values("cost_per_gpu_hour")
            best = min((v, i) for i, v in values.items() if v is not None)[1]
            assert grid.best[r][c] == best


def test_with_a_market_the_metric_is_equal_capacity_per_gpu_hour() -> None:
    deal = deal_with_market(SAMPLE, MarketAssumptions(2.6, annual_change=-0.2, volatility=0.35))
    result = sensitivity(deal, "memphis", ("market.price_per_gpu_hour", "market.annual_change"), 3)
    assert result.metric == "equal_capacity_per_gpu_hour"
    inputs = [bar.input for bar in result.tornado]
    assert "market.price_per_gpu_hour" in inputs and "market.annual_change" in inputs
    assert result.grid is not None and result.grid.row_values == pytest.approx((1.95, 2.6, 3.25))
    data = result.to_json_data()
    assert list(data) == ["offer", "metric", "tornado", "grid"]
    assert list(data["grid"]) == ["rows", "columns", "row_values", "column_values", "best", "advantage"]
    assert list(data["tornado"][0]) == ["input", "low", "high", "advantage_low", "advantage_high"]
