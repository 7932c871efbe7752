"""Editor text and values: what is shown reads back as the same value; typed text is checked."""

import datetime as dt

import pytest

from leasedesk.core.codec import assumptions_to_data, offer_to_data
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Assumptions, LeaseOffer, PowerTerms
from leasedesk.core.terms.fields import ASSUMPTION_FIELDS, LEASE_FIELDS, SELF_BUILD_FIELDS, field_by_key
from leasedesk.core.terms.text import get_value, read, show, with_value
from leasedesk.core.validation import check_assumptions, check_offer
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path


@pytest.mark.parametrize("kind", ["lease", "self_build"])
def test_every_field_of_the_sample_reads_back_as_shown(kind: str) -> None:
    deal = load_deal(sample_deal_path())
    offer = next(o for o in deal.offers if o.kind == kind)
    data = offer_to_data(offer)
    for term in LEASE_FIELDS if kind == "lease" else SELF_BUILD_FIELDS:
        value = get_value(data, term)
        if term.kind in ("flag", "choice"):
            continue
        assert read(term, show(term, value, deal.currency)) == pytest.approx(value), term.key


def test_assumption_fields_read_back() -> None:
    market = MarketAssumptions(2.6, -0.2, 0.35, 60000, 5e7, 3e7)
    data = assumptions_to_data(Assumptions(dt.date(2026, 7, 1), 42, 0.105, market=market))
    for term in ASSUMPTION_FIELDS:
        if term.kind in ("flag", "choice"):
            continue
        assert read(term, show(term, get_value(data, term))) == pytest.approx(get_value(data, term))


def test_months_are_typed_several_ways() -> None:
    start = field_by_key("lease", "start")
    assert start is not None
    for typed in ("2026-07", "2026-07-01", "Jul 2026", "july 2026", "07/2026"):
        assert read(start, typed) == "2026-07-01"
    for typed in ("2026-07-15", "2026-13", "Foo 2026", ""):
        with pytest.raises(ValueError, match="month"):
            read(start, typed)


def test_with_value_sets_a_nested_field_without_touching_the_original() -> None:
    lease = LeaseOffer(id="a", gpus=10, start=dt.date(2026, 7, 1), term_months=12, monthly_fee=1e6,
                       power=PowerTerms(included=False, pue=1.2))
    data = offer_to_data(lease)
    pue = field_by_key("lease", "power_pue")
    assert pue is not None
    changed = with_value(data, pue, 1.4)
    assert changed["power"]["pue"] == 1.4
    assert data["power"]["pue"] == 1.2


def test_check_offer_names_the_field_relative_to_the_offer() -> None:
    assumptions = Assumptions(dt.date(2026, 7, 1), 42, 0.1)
    lease = LeaseOffer(id="a", gpus=10, start=dt.date(2026, 7, 1), term_months=12, monthly_fee=1e6)
    data = offer_to_data(lease)
    offer, problems = check_offer({**data, "power": {**data["power"], "pue": 0.8}}, assumptions)
    assert offer is None
    assert [p.field for p in problems] == ["power.pue"]
    offer, problems = check_offer({**data, "start": "2026-06-01"}, assumptions)
    assert offer is None and problems[0].field == "start"
    offer, problems = check_offer(data, assumptions)
    assert offer == lease and problems == []


def test_check_assumptions_refuses_a_start_after_an_offer() -> None:
    deal = load_deal(sample_deal_path())
    data = assumptions_to_data(deal.assumptions)
    assumptions, problems = check_assumptions({**data, "analysis_start": "2026-08-01"}, deal.offers)
    assert assumptions is None
    assert problems[0].field == "offers[memphis].start"
