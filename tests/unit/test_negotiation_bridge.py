"""The bridge of DESIGN.md 8.1: clauses, blends and Shapley contributions, checked against hand-worked figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from typing import Any

import pytest
from deal_builders import build_deal, lease, self_build
from hypothesis import given, settings
from hypothesis import strategies as st
from negotiation_support import deal_with_market, sample_deal

from leasedesk.core.comparison import compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import ExitRight, LeaseOffer, PowerTerms, RampStep, add_months
from leasedesk.core.negotiation.bridge import bridge, changed_clauses, resolve_source, shapley_values
from leasedesk.core.negotiation.copies import NegotiationError, with_offer


def round_of(offer: dict[str, Any], label: str = "Ask 1") -> dict[str, Any]:
    terms = {k: v for k, v in offer.items() if k != "id"}
    return {"label": label, "side": "provider", "time": "2026-01-01T00:00:00Z", "terms": terms}


def test_two_clause_bridge_worked_by_hand() -> None:
    # Rate 0, 10 GPUs, 730 h, horizon 6. Before: 1,000 a month for 4 months; after: 1,200 for 5.
    # pv_cost: f({}) = 4000, f(fee) = 4800, f(term) = 5000, f(both) = 6000.
    # fee: (800 + 1000) / 2 = 900; term: (1000 + 1200) / 2 = 1100.
    before = lease()
    deal = build_deal(lease(monthly_fee=1200, term_months=5, revisions=[round_of(before)]))
    result = bridge(deal, "lease")
    assert result.source == "Ask 1"
    assert result.changed == ("fee", "term")
    by_key = {m.key: m for m in result.metrics}
    assert set(by_key) == {"pv_cost", "cost_per_gpu_hour", "min_commitment_pv"}
    pv = by_key["pv_cost"]
    assert (pv.before, pv.after) == (4000, 6000)
    assert pv.contributions == pytest.approx({"fee": 900, "term": 1100}, abs=1e-9)
    assert by_key["min_commitment_pv"].contributions == pytest.approx({"fee": 900, "term": 1100}, abs=1e-9)
    # cost per GPU-hour: 1000 / 7300 before, 1200 / 7300 after, whatever the term: the term adds nothing.
    cost = by_key["cost_per_gpu_hour"]
    assert cost.contributions["fee"] == pytest.approx(200 / 7300, rel=1e-12)
    assert cost.contributions["term"] == pytest.approx(0.0, abs=1e-15)


def test_json_lists_only_changed_clauses() -> None:
    deal = build_deal(lease(monthly_fee=1200, revisions=[round_of(lease())]))
    data = bridge(deal, "lease").to_json_data()
    assert data["offer"] == "lease" and data["from"] == "Ask 1"
    assert list(data["metrics"]) == ["pv_cost", "cost_per_gpu_hour", "min_commitment_pv"]
    assert data["metrics"]["pv_cost"] == {"before": 4000, "after": 4800, "clauses": {"fee": 800}}


def _many_changes(offer: LeaseOffer) -> LeaseOffer:
    """Every lease clause changed."""
    return dataclasses.replace(
        offer,
        gpus=50_000,
        ramp=(RampStep(0, 10_000), RampStep(3, 50_000)),
        monthly_fee=140e6,
        fee_basis="committed",
        escalator=0.01,
        start=add_months(offer.start, 1),
        term_months=30,
        availability=0.98,
        power=PowerTerms(False, 1.5, 1.3, 0.08, 0.03),
        upfront_fee=5e7,
        deposit=2e7,
        lessee_exit=ExitRight(True, 6, 60, 1e8),
        provider_exit=ExitRight(True, 12, 90, 0.0),
    )


def test_contributions_add_up_to_after_minus_before_and_match_the_comparison() -> None:
    deal = sample_deal()
    current = deal.offer("hyperscaler")
    assert isinstance(current, LeaseOffer)
    earlier = _many_changes(current)
    deal_before = with_offer(deal, earlier)
    # The current deal, with the earlier terms as the offer it counters.
    countered = dataclasses.replace(deal_before.offer("hyperscaler"), id="ask")
    deal_now = dataclasses.replace(deal, offers=(*deal.offers, countered))
    result = bridge(deal_now, "hyperscaler", "ask")
    assert len(result.changed) == 10
    now, then = compare(deal).result("hyperscaler").metrics, compare(deal_before).result("hyperscaler").metrics
    for m in result.metrics:
        assert m.after == pytest.approx(now[m.key], rel=1e-12)
        assert m.before == pytest.approx(then[m.key], rel=1e-12)
        total = sum(v for v in m.contributions.values() if v is not None)
        assert m.before is not None and m.after is not None
        assert abs(total - (m.after - m.before)) <= 1e-9 * max(abs(m.after), abs(m.before), 1.0)


def _set_function(n: int) -> list[float]:
    """A function of sets with interactions: f(S) = (sum of weights)^2 + 7 * [0 and 2 both in S] - 3 * |S|."""
    weights = [1.0, 2.5, -4.0, 0.75, 3.0][:n]
    values = []
    for mask in range(1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        values.append(sum(weights[i] for i in members) ** 2 + 7.0 * (0 in members and 2 in members) - 3 * len(members))
    return values


def test_shapley_of_known_games() -> None:
    # Unanimity game: f = 1 only for the full set; each of n players gets 1 / n.
    assert shapley_values([0, 0, 0, 0, 0, 0, 0, 1], 3) == pytest.approx([1 / 3] * 3)
    # A symmetric game f(S) = |S|^2 over 3 players: each gets 9 / 3.
    assert shapley_values([bin(m).count("1") ** 2 for m in range(8)], 3) == pytest.approx([3.0] * 3)
    # Two players, worked by hand: f({}) = 0, f(a) = 1, f(b) = 2, f(ab) = 5 -> a: (1 + 3) / 2, b: (2 + 4) / 2.
    assert shapley_values([0, 1, 2, 5], 2) == pytest.approx([2.0, 3.0])
    assert shapley_values([7.0], 0) == []


def test_shapley_does_not_depend_on_the_order_of_the_clauses() -> None:
    n = 5
    f = _set_function(n)
    phi = shapley_values(f, n)
    for order in itertools.islice(itertools.permutations(range(n)), 0, 120, 7):
        # Clause order[j] sits at bit j in the relabelled function.
        relabelled = [f[sum(1 << order[j] for j in range(n) if mask >> j & 1)] for mask in range(1 << n)]
        phi_relabelled = shapley_values(relabelled, n)
        assert [phi_relabelled[j] for j in range(n)] == pytest.approx([phi[order[j]] for j in range(n)], abs=1e-12)
    assert sum(v for v in phi if v is not None) == pytest.approx(f[-1] - f[0], abs=1e-12)


def test_symmetric_clauses_get_equal_contributions() -> None:
    # Clauses 1 and 3 enter f only through their sum, with equal weights: they are symmetric.
    n = 4
    f = [float((mask >> 1 & 1) + (mask >> 3 & 1)) ** 2 * (1 + (mask & 1)) + 5 * (mask >> 2 & 1) for mask in range(16)]
    phi = shapley_values(f, n)
    assert phi[1] == pytest.approx(phi[3], abs=1e-12)


def test_a_clause_that_moves_no_figure_contributes_zero() -> None:
    # The lessee exit enters no horizon figure; a ramp of all GPUs from month 0 delivers like no ramp.
    before = lease()
    after = lease(
        monthly_fee=1100,
        ramp=[{"month": 0, "gpus": 10}],
        lessee_exit={"allowed": True, "lock_in_months": 1, "notice_days": 30},
        revisions=[round_of(before)],
    )
    result = bridge(build_deal(after), "lease")
    assert result.changed == ("capacity", "fee", "lessee_exit")
    by_key = {m.key: m.contributions for m in result.metrics}
    for key in ("pv_cost", "cost_per_gpu_hour"):
        assert by_key[key]["capacity"] == 0.0
        assert by_key[key]["lessee_exit"] == 0.0
    assert by_key["min_commitment_pv"]["capacity"] == 0.0
    assert by_key["min_commitment_pv"]["lessee_exit"] != 0.0


def test_clause_comparison_fills_defaults_and_ignores_switched_off_fields() -> None:
    off = ExitRight(False, 3, 90, 0.0)
    base = LeaseOffer(id="x", gpus=10, start=build_deal().assumptions.analysis_start, term_months=4, monthly_fee=1.0)
    same = dataclasses.replace(
        base,
        lessee_exit=off,
        provider_exit=ExitRight(False, 9, 10, 5.0),
        power=PowerTerms(True, 2.0, 1.2, 0.1, 0.0),
        name="renamed",
        notes="other",
    )
    assert changed_clauses(base, same) == ()
    passed = dataclasses.replace(base, power=PowerTerms(False, 2.0, 1.2, 0.1, 0.0))
    assert [c.key for c in changed_clauses(base, passed)] == ["power"]


def test_a_null_metric_in_any_blend_makes_its_contributions_null() -> None:
    # Before, the lease starts at the end of the horizon: no GPU-hours, no cost per GPU-hour.
    before = lease(start="2026-07-01")
    result = bridge(build_deal(lease(revisions=[round_of(before)])), "lease")
    by_key = {m.key: m for m in result.metrics}
    assert by_key["cost_per_gpu_hour"].before is None
    assert by_key["cost_per_gpu_hour"].contributions == {"start": None}
    assert by_key["pv_cost"].contributions == {"start": 4000}


def test_market_adds_equal_capacity_and_market_value_worked_by_hand() -> None:
    # Market price 1 per GPU-hour, flat; Q = 10 GPUs (the largest offer). Gap: 7300 GPU-hours a month not
    # delivered. equal_capacity_pv: f({}) = 4000 + 2 * 7300, f(fee) = 4800 + 14600, f(term) = 5000 + 7300,
    # f(both) = 6000 + 7300 -> fee: (800 + 1000) / 2 = 900, term: (-6300 - 6100) / 2 = -6200.
    # Without exit rights market_value_pv is the whole term's cost: 4000 -> 6000, as pv_cost.
    deal = deal_with_market(
        build_deal(lease(monthly_fee=1200, term_months=5, revisions=[round_of(lease())])),
        MarketAssumptions(price_per_gpu_hour=1.0),
    )
    result = bridge(deal, "lease")
    by_key = {m.key: m for m in result.metrics}
    assert list(by_key) == ["pv_cost", "cost_per_gpu_hour", "min_commitment_pv", "equal_capacity_pv", "market_value_pv"]
    capacity = by_key["equal_capacity_pv"]
    assert (capacity.before, capacity.after) == pytest.approx((18600, 13300))
    assert capacity.contributions == pytest.approx({"fee": 900, "term": -6200})
    value = by_key["market_value_pv"]
    assert (value.before, value.after) == pytest.approx((4000, 6000))
    assert value.contributions == pytest.approx({"fee": 900, "term": 1100})


def test_self_build_has_no_market_value_in_its_bridge() -> None:
    before = self_build(gpu_capex=1000)
    deal = deal_with_market(
        build_deal(self_build(gpu_capex=1200, it_life_years=3, revisions=[round_of(before)])),
        MarketAssumptions(price_per_gpu_hour=1.0),
    )
    result = bridge(deal, "build")
    assert result.changed == ("it_capex", "lives")
    assert [m.key for m in result.metrics][-1] == "equal_capacity_pv"
    # IT capex 10 * 1200 at go-live (month 0); residual after 6 months of a 3-year life: 1 - 6 / 36.
    pv = next(m for m in result.metrics if m.key == "pv_cost")
    assert pv.after == pytest.approx(12000 * 6 / 36)
    assert pv.before == pytest.approx(10000 * 6 / 60)


class TestSources:
    def test_default_is_the_latest_round_and_from_picks_the_latest_with_a_label(self) -> None:
        rounds = [round_of(lease(monthly_fee=900), "Ask"), round_of(lease(monthly_fee=950), "Ask"),
                  round_of(lease(monthly_fee=990), "Counter")]
        deal = build_deal(lease(revisions=rounds))
        source = resolve_source(deal, "lease")
        assert source.name == "Counter"
        assert isinstance(source.offer, LeaseOffer) and source.offer.monthly_fee == 990
        labelled = resolve_source(deal, "lease", "Ask")
        assert isinstance(labelled.offer, LeaseOffer) and labelled.offer.monthly_fee == 950

    def test_counter_of_is_the_default_without_rounds(self) -> None:
        deal = build_deal(lease("ask", monthly_fee=900), lease("mine", counter_of="ask"))
        result = bridge(deal, "mine")
        assert result.source == "ask"
        assert result.metrics[0].contributions == {"fee": pytest.approx(400.0)}

    @pytest.mark.parametrize(
        ("offers", "offer_id", "ref", "message"),
        [
            ((lease(),), "lease", None, "no round to compare with"),
            ((lease(),), "nope", None, "no offer 'nope'"),
            ((lease(), self_build()), "lease", "build", "is a self_build"),
            ((lease(counter_of="build"), self_build()), "lease", None, "is a self_build"),
            ((lease(counter_of="gone"),), "lease", None, "not in this deal"),
            ((lease(),), "lease", "Ask 9", "neither a round"),
            ((lease(),), "lease", "lease", "neither a round"),
        ],
    )
    def test_refusals(self, offers: tuple[dict[str, Any], ...], offer_id: str, ref: str | None, message: str) -> None:
        with pytest.raises(NegotiationError, match=message):
            bridge(build_deal(*offers), offer_id, ref)


def test_no_changed_clause_gives_equal_before_and_after() -> None:
    result = bridge(build_deal(lease(name="renamed", revisions=[round_of(lease())])), "lease")
    assert result.changed == ()
    assert all(m.before == m.after and m.contributions == {} for m in result.metrics)
    assert all(not math.isnan(m.before or 0.0) for m in result.metrics)


def test_contributions_equal_the_average_over_every_order_of_agreeing_the_clauses() -> None:
    # The Shapley value by its other definition: the mean marginal effect of a clause over all orders in
    # which the changed clauses could be applied one at a time, each step priced by compare().
    deal = sample_deal()
    now = deal.offer("hyperscaler")
    assert isinstance(now, LeaseOffer)
    fields = {
        "fee": ("monthly_fee", "fee_basis"),
        "term": ("term_months",),
        "power": ("power",),
        "lessee_exit": ("lessee_exit",),
    }
    earlier = dataclasses.replace(
        now, monthly_fee=140e6, fee_basis="committed", term_months=30, power=PowerTerms(True),
        lessee_exit=ExitRight(True, 6, 90, 0.0), id="ask",
    )
    result = bridge(dataclasses.replace(deal, offers=(*deal.offers, earlier)), "hyperscaler", "ask")
    assert result.changed == ("fee", "term", "power", "lessee_exit")

    def metrics_with(applied: tuple[str, ...]) -> dict[str, float | None]:
        changes = {name: getattr(now, name) for clause in applied for name in fields[clause]}
        offer = dataclasses.replace(earlier, id="hyperscaler", **changes)
        return compare(with_offer(deal, offer)).result("hyperscaler").metrics

    orders = list(itertools.permutations(fields))
    for m in result.metrics:
        expected = dict.fromkeys(fields, 0.0)
        for order in orders:
            for position, clause in enumerate(order):
                before, after = metrics_with(order[:position])[m.key], metrics_with(order[: position + 1])[m.key]
                assert before is not None and after is not None
                expected[clause] += (after - before) / len(orders)
        for clause, value in expected.items():
            assert m.contributions[clause] == pytest.approx(value, rel=1e-9, abs=1e-9 * abs(m.after or 1.0))


_VARIANTS: dict[str, dict[str, Any]] = {
    "capacity": {"gpus": 45_000, "ramp": (RampStep(0, 15_000), RampStep(5, 45_000))},
    "fee": {"monthly_fee": 98e6, "fee_basis": "committed"},
    "escalator": {"escalator": 0.07},
    "start": {"start": dt.date(2027, 1, 1)},
    "term": {"term_months": 48},
    "availability": {"availability": 0.9},
    "power": {"power": PowerTerms(False, 2.5, 1.4, 0.11, 0.05)},
    "upfront_and_deposit": {"upfront_fee": 3e8, "deposit": 0.0},
    "lessee_exit": {"lessee_exit": ExitRight(False)},
    "provider_exit": {"provider_exit": ExitRight(True, 1, 30, 1e7)},
}


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(sorted(_VARIANTS)), max_size=6), st.floats(0.0, 0.4))
def test_efficiency_holds_for_any_set_of_changed_clauses(changed: set[str], rate: float) -> None:
    deal = sample_deal()
    deal = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, discount_rate=rate))
    changes = {name: value for clause in changed for name, value in _VARIANTS[clause].items()}
    earlier = dataclasses.replace(deal.offer("hyperscaler"), id="ask", **changes)
    result = bridge(dataclasses.replace(deal, offers=(*deal.offers, earlier)), "hyperscaler", "ask")
    assert set(result.changed) == changed
    for m in result.metrics:
        assert m.before is not None and m.after is not None
        total = sum(v for v in m.contributions.values() if v is not None)
        assert abs(total - (m.after - m.before)) <= 1e-9 * max(abs(m.after), abs(m.before), 1.0)
