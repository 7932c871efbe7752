"""Negotiation rounds: record, counter, restore, and what changed since the last round."""

import dataclasses
import datetime as dt

import pytest

from leasedesk.core.codec import deal_to_data
from leasedesk.core.model import Assumptions, Deal, ExitRight, LeaseOffer
from leasedesk.core.negotiation import (
    changes_since_last_round,
    counter_offer,
    record_round,
    restore_round,
)
from leasedesk.core.validation import DealError, read_deal


def _lease() -> LeaseOffer:
    return LeaseOffer(
        id="c2", name="Colossus", gpus=100, start=dt.date(2026, 7, 1), term_months=42, monthly_fee=150e6,
        lessee_exit=ExitRight(True, 3, 90, 0.0),
    )


ASSUMPTIONS = Assumptions(dt.date(2026, 7, 1), 42, 0.1)


def _deal(*offers: LeaseOffer) -> Deal:
    return Deal(name="d", assumptions=ASSUMPTIONS, offers=offers)


def test_record_round_stores_the_current_terms_without_id_revisions_or_counter_of() -> None:
    recorded = record_round(_lease(), "Provider ask 1", "provider", "2026-11-25T10:00:00Z")
    assert len(recorded.revisions) == 1
    revision = recorded.revisions[0]
    assert (revision.label, revision.side, revision.time) == ("Provider ask 1", "provider", "2026-11-25T10:00:00Z")
    assert revision.terms["monthly_fee"] == 150_000_000
    assert revision.terms["lessee_exit"]["notice_days"] == 90
    assert not {"id", "revisions", "counter_of"} & set(revision.terms)


def test_proposed_by_is_read_written_back_and_kept_out_of_rounds() -> None:
    data = deal_to_data(_deal(dataclasses.replace(_lease(), proposed_by="provider")))
    assert data["offers"][0]["proposed_by"] == "provider"
    deal = read_deal(data)
    assert deal.offers[0].proposed_by == "provider"
    assert "proposed_by" not in deal_to_data(_deal(_lease()))["offers"][0]  # optional: not written when not given
    assert read_deal(deal_to_data(_deal(_lease()))).offers[0].proposed_by is None
    recorded = record_round(deal.offers[0], "Ask", "provider")
    assert "proposed_by" not in recorded.revisions[0].terms
    assert restore_round(recorded, 0, ASSUMPTIONS).proposed_by == "provider"


def test_changes_since_last_round_name_the_changed_terms_nested_ones_joined() -> None:
    offer = record_round(_lease(), "Ask", "provider")
    assert isinstance(offer, LeaseOffer)
    assert changes_since_last_round(offer) == []
    countered = dataclasses.replace(
        offer, monthly_fee=140e6, lessee_exit=dataclasses.replace(offer.lessee_exit, notice_days=60)
    )
    assert changes_since_last_round(countered) == ["lessee_exit_notice_days", "monthly_fee"]


def test_restore_round_brings_back_the_terms_and_keeps_the_history() -> None:
    offer = record_round(_lease(), "Ask", "provider")
    assert isinstance(offer, LeaseOffer)
    countered = dataclasses.replace(offer, monthly_fee=140e6, term_months=36)
    restored = restore_round(countered, 0, ASSUMPTIONS)
    assert isinstance(restored, LeaseOffer)
    assert restored.monthly_fee == 150e6
    assert restored.term_months == 42
    assert restored.revisions == countered.revisions
    assert restored.id == "c2"


def test_restore_round_refuses_broken_stored_terms() -> None:
    offer = record_round(_lease(), "Ask", "provider")
    broken = dataclasses.replace(offer.revisions[0], terms={**offer.revisions[0].terms, "gpus": -1})
    with pytest.raises(DealError, match="gpus"):
        restore_round(dataclasses.replace(offer, revisions=(broken,)), 0, ASSUMPTIONS)


def test_counter_offer_gets_a_new_id_and_points_at_the_original() -> None:
    original = record_round(_lease(), "Ask", "provider")
    assert isinstance(original, LeaseOffer)
    deal = _deal(original)
    counter = counter_offer(deal, "c2")
    assert isinstance(counter, LeaseOffer)
    assert counter.id == "c2-counter"
    assert counter.counter_of == "c2"
    assert counter.revisions == ()
    assert counter.monthly_fee == original.monthly_fee
    second = counter_offer(_deal(original, counter), "c2")
    assert second.id == "c2-counter-2"


def test_restore_round_checks_the_terms_against_the_current_analysis_start() -> None:
    offer = record_round(_lease(), "Ask", "provider")  # starts 2026-07
    later = dataclasses.replace(ASSUMPTIONS, analysis_start=dt.date(2026, 9, 1))
    with pytest.raises(DealError, match=r"revisions\[0\]\.terms\.start: must not be before the analysis start"):
        restore_round(dataclasses.replace(offer, start=dt.date(2026, 10, 1)), 0, later)
