"""The negotiation overview: which offers it covers, and that it holds exactly what each analysis gives."""

from __future__ import annotations

from typing import Any

from deal_builders import build_deal, lease, self_build

from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.overview import has_negotiation, negotiation_overview, tornado_leases
from leasedesk.core.negotiation.rounds import TermDifference, changed_terms, term_differences
from leasedesk.core.negotiation.sensitivity import sensitivity
from leasedesk.core.negotiation.term_values import term_values


def round_of(offer: dict[str, Any], label: str = "Ask 1") -> dict[str, Any]:
    terms = {k: v for k, v in offer.items() if k != "id"}
    return {"label": label, "side": "provider", "time": "2026-01-01T00:00:00Z", "terms": terms}


def test_term_differences_give_both_values_and_nested_keys_joined() -> None:
    before = {"monthly_fee": 1000, "power": {"included": False, "pue": 1.2}, "name": "A", "ramp": []}
    after = {"monthly_fee": 1200, "power": {"included": False, "pue": 1.3}, "name": "A", "deposit": 5}
    assert term_differences(before, after) == [
        TermDifference("deposit", None, 5),
        TermDifference("monthly_fee", 1000, 1200),
        TermDifference("power_pue", 1.2, 1.3),
        TermDifference("ramp", [], None),
    ]
    assert changed_terms(before, after) == ["deposit", "monthly_fee", "power_pue", "ramp"]


def test_a_deal_without_rounds_counters_or_baseline_has_nothing() -> None:
    deal = build_deal(lease("a"), lease("b"))
    assert not has_negotiation(deal)
    assert negotiation_overview(deal).empty


def test_a_self_build_baseline_gives_every_lease_a_tornado_and_no_offer_section() -> None:
    deal = build_deal(lease("a"), self_build("build"), lease("b", monthly_fee=900))
    assert [o.id for o in tornado_leases(deal)] == ["a", "b"]
    overview = negotiation_overview(deal)
    assert overview.offers == ()
    assert [t.offer_id for t in overview.tornadoes] == ["a", "b"]
    assert overview.tornadoes[1] == sensitivity(deal, "b")


def test_a_lease_baseline_has_no_tornado_of_its_own() -> None:
    deal = build_deal(lease("a"), lease("b"), baseline="a")
    assert [o.id for o in tornado_leases(deal)] == ["b"]


def test_an_offer_with_rounds_holds_its_history_bridge_and_term_values() -> None:
    ask = lease(monthly_fee=1000)
    deal = build_deal(lease(monthly_fee=1200, term_months=5, revisions=[round_of(ask)]))
    assert has_negotiation(deal)
    (item,) = negotiation_overview(deal).offers
    (history,) = item.rounds
    assert history.revision.label == "Ask 1"
    assert history.differences == (TermDifference("monthly_fee", 1000, 1200), TermDifference("term_months", 4, 5))
    assert item.bridge == bridge(deal, "lease")
    assert item.bridge_problem is None
    assert item.term_values == term_values(deal, "lease")


def test_a_counter_without_rounds_is_bridged_from_the_offer_it_counters() -> None:
    deal = build_deal(lease("ask"), lease("mine", monthly_fee=900, counter_of="ask"))
    (item,) = negotiation_overview(deal).offers
    assert item.offer.id == "mine" and item.rounds == ()
    assert item.bridge is not None and item.bridge.source == "ask"
    assert item.bridge == bridge(deal, "mine")


def test_a_bridge_that_cannot_be_made_is_named_not_raised() -> None:
    deal = build_deal(self_build("build"), lease("mine", counter_of="build"))
    (item,) = negotiation_overview(deal).offers
    assert item.bridge is None
    assert item.bridge_problem is not None and "no bridge" in item.bridge_problem
    assert item.term_values == term_values(deal, "mine")
