"""Plausibility warnings: the ranges of issue 13, read from the term registry, never blocking a value."""

from __future__ import annotations

import dataclasses

import pytest

from leasedesk.core.model import Deal, LeaseOffer, SelfBuildPlan
from leasedesk.core.plausibility import deal_warnings
from leasedesk.core.terms.kinds import KINDS
from leasedesk.core.terms.term import flat_terms
from leasedesk.core.validation import validate_deal
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

HOURS = 730.0


@pytest.fixture
def deal() -> Deal:
    return load_deal(sample_deal_path())


def _lease(deal: Deal) -> LeaseOffer:
    lease = deal.offer("memphis")
    assert isinstance(lease, LeaseOffer)
    return lease


def _with_lease(deal: Deal, lease: LeaseOffer, *, market: bool = True) -> Deal:
    assumptions = deal.assumptions if market else dataclasses.replace(deal.assumptions, market=None)
    return dataclasses.replace(deal, offers=(lease,), assumptions=assumptions, baseline=None)


def _keys(deal: Deal) -> list[tuple[str, str | None]]:
    return [(w.key, w.offer_id) for w in deal_warnings(deal)]


def test_the_sample_has_no_warnings(deal: Deal) -> None:
    assert deal_warnings(deal) == []


@pytest.mark.parametrize(("availability", "warned"), [(0.49, True), (0.5, False), (0.97, False)])
def test_availability_under_half_warns(deal: Deal, availability: float, warned: bool) -> None:
    lease = dataclasses.replace(_lease(deal), availability=availability)
    assert (("availability", "memphis") in _keys(_with_lease(deal, lease))) is warned


def test_a_self_builds_availability_warns_too(deal: Deal) -> None:
    build = deal.offer("build")
    assert isinstance(build, SelfBuildPlan)
    changed = dataclasses.replace(deal, offers=(dataclasses.replace(build, availability=0.3),), baseline=None)
    [warning] = deal_warnings(changed)
    assert (warning.key, warning.offer_id) == ("availability", "build")
    assert "30%" in warning.message and "50%" in warning.message


@pytest.mark.parametrize(("escalator", "warned"), [(0.25, False), (0.26, True), (-0.5, False)])
def test_an_escalator_over_a_quarter_warns(deal: Deal, escalator: float, warned: bool) -> None:
    lease = dataclasses.replace(_lease(deal), escalator=escalator)
    assert (("escalator", "memphis") in _keys(_with_lease(deal, lease))) is warned


def test_notice_over_two_years_warns_only_where_the_exit_is_allowed(deal: Deal) -> None:
    lease = _lease(deal)
    allowed = dataclasses.replace(lease.lessee_exit, allowed=True, notice_days=731)
    refused = dataclasses.replace(lease.provider_exit, allowed=False, notice_days=900)
    changed = _with_lease(deal, dataclasses.replace(lease, lessee_exit=allowed, provider_exit=refused))
    warnings = deal_warnings(changed)
    assert [(w.key, w.offer_id) for w in warnings] == [("lessee_exit_notice_days", "memphis")]
    assert warnings[0].message.startswith("Lessee exit notice of 731 days is over 730 days")
    at_bound = dataclasses.replace(lease, lessee_exit=dataclasses.replace(allowed, notice_days=730))
    assert deal_warnings(_with_lease(deal, at_bound)) == []


@pytest.mark.parametrize(("rate", "warned"), [(0.5, False), (0.51, True), (0.10, False)])
def test_a_discount_rate_over_half_warns(deal: Deal, rate: float, warned: bool) -> None:
    changed = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, discount_rate=rate))
    assert (("discount_rate", None) in _keys(changed)) is warned


@pytest.mark.parametrize(
    ("price", "warned"),
    # without a market: $0.10 to $50 a GPU-hour
    [(0.09, True), (0.10, False), (50.0, False), (50.5, True), (3.0, False)],
)
def test_a_price_per_gpu_hour_outside_a_dime_to_fifty_warns(deal: Deal, price: float, warned: bool) -> None:
    lease = _lease(deal)
    fee = price * lease.gpus * HOURS  # the fee a quoted price implies: price x GPUs x hours a month
    changed = _with_lease(deal, dataclasses.replace(lease, monthly_fee=fee), market=False)
    assert (("monthly_fee", "memphis") in _keys(changed)) is warned


@pytest.mark.parametrize(
    ("price", "warned"),
    # the sample's market is $4.50: under $2.25 or over $9.00 warns
    [(2.2, True), (2.3, False), (8.9, False), (9.1, True)],
)
def test_with_a_market_a_price_under_half_or_over_twice_its_price_warns(
    deal: Deal, price: float, warned: bool
) -> None:
    assert deal.assumptions.market is not None and deal.assumptions.market.price_per_gpu_hour == 4.5
    lease = _lease(deal)
    changed = _with_lease(deal, dataclasses.replace(lease, monthly_fee=price * lease.gpus * HOURS))
    warnings = [w for w in deal_warnings(changed) if w.key == "monthly_fee"]
    assert bool(warnings) is warned
    if warned:
        assert "$4.50/GPU-h" in warnings[0].message


def test_a_warned_deal_still_validates(deal: Deal) -> None:
    lease = dataclasses.replace(_lease(deal), availability=0.2, escalator=0.9)
    changed = _with_lease(deal, lease)
    assert len(deal_warnings(changed)) == 2
    assert validate_deal(changed) == []


def test_the_ranges_are_declared_on_the_terms() -> None:
    bounded = {(spec.key, t.dotted_key) for spec in KINDS for t in flat_terms(spec.schema) if t.plausible}
    assert ("lease", "availability") in bounded
    assert ("lease", "monthly_fee") in bounded
    assert ("lease", "lessee_exit.notice_days") in bounded
    assert ("lease", "provider_exit.notice_days") in bounded
    assert ("self_build", "availability") in bounded
