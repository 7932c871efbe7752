"""Deal.offer looks offers up in a table that copies of the deal share; with_offer replaces by id."""

from __future__ import annotations

import dataclasses

import pytest
from excel_support import sample_deal

from leasedesk.core.negotiation.copies import with_deal_input, with_offer


def test_offer_finds_the_first_offer_of_an_id_and_refuses_an_unknown_one() -> None:
    deal = sample_deal()
    first, second = deal.offers[0], deal.offers[1]
    twice = dataclasses.replace(deal, offers=(first, second, dataclasses.replace(second, name="Again")))
    assert twice.offer(second.id) is second
    assert twice.offer_index(second.id) == 1
    assert not twice.ids_unique() and deal.ids_unique()
    with pytest.raises(KeyError):
        deal.offer("nobody")


def test_with_offer_replaces_the_offer_of_its_id_and_copies_look_up_their_own_offers() -> None:
    deal = sample_deal()
    target = deal.offers[1]
    changed = dataclasses.replace(target, name="Changed")
    copy = with_offer(deal, changed)
    assert copy.offers == (deal.offers[0], changed, *deal.offers[2:])
    assert copy.offer(target.id) is changed and deal.offer(target.id) is target
    moved = with_deal_input(copy, "discount_rate", 0.2)
    assert moved.assumptions.discount_rate == 0.2 and moved.offer(target.id) is changed
    assert with_offer(deal, dataclasses.replace(target, id="unknown")).offers == deal.offers


def test_with_offer_replaces_every_offer_of_a_repeated_id() -> None:
    deal = sample_deal()
    first, second = deal.offers[0], deal.offers[1]
    twice = dataclasses.replace(deal, offers=(second, first, second))
    changed = dataclasses.replace(second, name="Changed")
    assert with_offer(twice, changed).offers == (changed, first, changed)
