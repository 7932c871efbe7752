"""The editing rules of core.edits (issue 13): the placeholder fee, the mutual exit switch, the analysis start's
one-click move and the currency's tidy form. Figures worked out by hand in the comments."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from deal_builders import build_deal, deal_data, lease

from leasedesk.core.codec import offer_to_data
from leasedesk.core.edits import (
    ends_placeholder_fee,
    exit_mirror,
    exits_are_mutual,
    moved_analysis_start,
    placeholder_fee,
    tidy_currency,
    with_exits_mutual,
    with_gpus,
    with_term,
)
from leasedesk.core.model import Deal, ExitRight, LeaseOffer
from leasedesk.core.terms.deal_terms import DEAL_SCHEMA
from leasedesk.core.terms.fields import field_by_key
from leasedesk.core.terms.term import CURRENCY_LENGTH, NAME_LENGTH, NOTES_LENGTH, Term, flat_terms
from leasedesk.core.validation import DealError, read_deal

EXIT = {"allowed": True, "lock_in_months": 3, "notice_days": 90, "termination_fee": 0}


def _lease(deal: Deal, offer_id: str = "lease") -> LeaseOffer:
    offer = deal.offer(offer_id)
    assert isinstance(offer, LeaseOffer)
    return offer


def _term(key: str) -> Term:
    term = field_by_key("lease", key)
    assert term is not None
    return term


def test_the_placeholder_fee_is_2_50_a_gpu_hour() -> None:
    assert placeholder_fee(10_000, 730) == pytest.approx(18_250_000)  # 2.50 x 10,000 x 730


def test_a_placeholder_fee_follows_the_gpus_and_a_typed_one_stays() -> None:
    data = offer_to_data(_lease(build_deal(lease(gpus=10_000, monthly_fee=18_250_000))))
    followed = with_gpus(data, 24_000, 730, fee_is_placeholder=True)
    assert (followed["gpus"], followed["monthly_fee"]) == (24_000, pytest.approx(43_800_000))  # 2.50 x 24,000 x 730
    kept = with_gpus(data, 24_000, 730, fee_is_placeholder=False)
    assert (kept["gpus"], kept["monthly_fee"]) == (24_000, 18_250_000)
    assert data["gpus"] == 10_000  # the data given is not changed


@pytest.mark.parametrize(("key", "ends"), [("monthly_fee", True), ("price_per_gpu_hour", True), ("gpus", False),
                                           ("term_months", False)])
def test_typing_the_fee_or_the_price_ends_the_placeholder(key: str, ends: bool) -> None:
    assert ends_placeholder_fee(key) is ends


def test_two_rights_to_exit_on_equal_terms_are_mutual_but_two_without_an_exit_are_not() -> None:
    none = _lease(build_deal(lease()))
    assert none.lessee_exit == none.provider_exit == ExitRight(allowed=False)
    assert not exits_are_mutual(none)  # a lease without exits: the switch is off
    both = _lease(build_deal(lease(lessee_exit=EXIT, provider_exit=EXIT)))
    assert exits_are_mutual(both)
    apart = _lease(build_deal(lease(lessee_exit=EXIT, provider_exit={**EXIT, "notice_days": 30})))
    assert not exits_are_mutual(apart)


def test_the_mirror_of_an_exit_term_is_the_other_sides_same_term() -> None:
    mirror = exit_mirror(_term("lessee_exit_notice_days"))
    assert mirror is not None and mirror.path == ("provider_exit", "notice_days")
    back = exit_mirror(_term("provider_exit_allowed"))
    assert back is not None and back.path == ("lessee_exit", "allowed")
    assert exit_mirror(_term("monthly_fee")) is None
    assert exit_mirror(_term("power_pue")) is None  # nested, but no exit right


def test_a_mutual_edit_sets_both_sides_and_a_single_one_only_its_own() -> None:
    data = offer_to_data(_lease(build_deal(lease(lessee_exit=EXIT, provider_exit=EXIT))))
    notice = _term("lessee_exit_notice_days")
    both = with_term(data, notice, 60.0, mutual=True)
    assert (both["lessee_exit"]["notice_days"], both["provider_exit"]["notice_days"]) == (60.0, 60.0)
    one = with_term(data, notice, 60.0, mutual=False)
    assert (one["lessee_exit"]["notice_days"], one["provider_exit"]["notice_days"]) == (60.0, 90)
    fee = with_term(data, _term("monthly_fee"), 2_000.0, mutual=True)
    assert fee["monthly_fee"] == 2_000.0 and fee["provider_exit"] == data["provider_exit"]


def test_making_the_exits_mutual_copies_the_lessees_right_to_the_provider() -> None:
    lessee = {"allowed": True, "lock_in_months": 18, "notice_days": 180, "termination_fee": 250_000_000}
    data = offer_to_data(_lease(build_deal(lease(lessee_exit=lessee))))
    mutual = with_exits_mutual(data)
    assert mutual["provider_exit"] == mutual["lessee_exit"] == lessee


def test_the_analysis_start_moves_to_the_offer_as_it_is_now() -> None:
    deal = build_deal(lease(start="2026-03-01"), lease("other", start="2026-05-01"), analysis_start="2026-03-01")
    edited = dataclasses.replace(_lease(deal), monthly_fee=1_400.0)  # an edit made after the early start was typed
    deal = dataclasses.replace(deal, offers=(edited, deal.offer("other")))
    moved = moved_analysis_start(deal, "lease", dt.date(2026, 1, 1))
    assert isinstance(moved, Deal)
    assert moved.assumptions.analysis_start == dt.date(2026, 1, 1)
    assert _lease(moved).start == dt.date(2026, 1, 1)
    assert _lease(moved).monthly_fee == 1_400.0  # the edit stays
    assert moved.offer("other") == deal.offer("other")
    assert dataclasses.replace(moved.assumptions, analysis_start=deal.assumptions.analysis_start) == deal.assumptions


def test_a_move_that_would_strand_another_offer_is_refused_in_words() -> None:
    deal = build_deal(lease(start="2026-03-01"), lease("other", start="2026-02-01"), analysis_start="2026-02-01")
    refused = moved_analysis_start(deal, "lease", dt.date(2026, 3, 1))  # "other" would start before it
    assert isinstance(refused, str) and "before the analysis start" in refused
    assert moved_analysis_start(deal, "nobody", dt.date(2026, 1, 1)) == "there is no offer 'nobody'"


@pytest.mark.parametrize(("typed", "held"), [("eur", "EUR"), (" gbp ", "GBP"), ("USD", "USD")])
def test_the_currency_is_held_in_capitals(typed: str, held: str) -> None:
    assert tidy_currency(typed) == held


def test_the_deals_own_fields_are_declared_in_the_registry_with_the_lengths_loading_enforces() -> None:
    terms = {term.key: term for term in flat_terms(DEAL_SCHEMA)}
    assert list(terms) == ["name", "currency", "notes"]
    assert {f.name for f in dataclasses.fields(Deal)} >= set(terms)
    assert [terms[k].max_length for k in terms] == [NAME_LENGTH, CURRENCY_LENGTH, NOTES_LENGTH]
    assert (terms["currency"].default, terms["notes"].default) == ("USD", "")
    assert all(term.tooltip and term.group == "Deal" for term in terms.values())
    with pytest.raises(DealError, match="currency"):
        read_deal({**deal_data(lease()), "currency": "X" * (CURRENCY_LENGTH + 1)})
    assert read_deal({**deal_data(lease()), "currency": "X" * CURRENCY_LENGTH}).currency == "X" * CURRENCY_LENGTH
