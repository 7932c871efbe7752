"""The bundled resources are found from a source checkout, and the sample deal is the one DESIGN.md describes."""

from __future__ import annotations

from leasedesk.core.comparison import compare
from leasedesk.core.model import LeaseOffer, SelfBuildPlan
from leasedesk.files import load_deal
from leasedesk.resources import resource_path, resources_dir, sample_deal_path


def test_sample_is_found() -> None:
    path = sample_deal_path()
    assert path.is_file()
    assert path.name == "memphis-2026.leasedeal"
    assert path == resource_path("samples/memphis-2026.leasedeal")
    assert path.is_relative_to(resources_dir())


def test_sample_has_the_three_offers_with_the_build_as_baseline() -> None:
    deal = load_deal(sample_deal_path())
    assert [o.id for o in deal.offers] == ["memphis", "hyperscaler", "build"]
    assert deal.baseline == "build"
    assert deal.resolved_baseline() == "build"
    memphis, hyperscaler, build = deal.offers
    assert isinstance(memphis, LeaseOffer) and isinstance(hyperscaler, LeaseOffer)
    assert isinstance(build, SelfBuildPlan)


def test_sample_memphis_lease_has_the_public_terms() -> None:
    memphis = load_deal(sample_deal_path()).offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    assert memphis.monthly_fee == 150_000_000
    assert memphis.term_months == 42
    assert memphis.start.isoformat() == "2026-07-01"
    for right in (memphis.lessee_exit, memphis.provider_exit):
        assert (right.allowed, right.lock_in_months, right.notice_days) == (True, 3, 90)


def test_sample_hyperscaler_offer_has_a_ramp_deposit_escalator_power_and_termination_fee() -> None:
    offer = load_deal(sample_deal_path()).offer("hyperscaler")
    assert isinstance(offer, LeaseOffer)
    assert offer.ramp
    assert offer.deposit > 0
    assert offer.escalator > 0
    assert not offer.power.included
    assert offer.lessee_exit.allowed and offer.lessee_exit.termination_fee > 0


def test_sample_compares_with_a_figure_for_every_metric_of_the_leases() -> None:
    comparison = compare(load_deal(sample_deal_path()))
    assert comparison.baseline_id == "build"
    for offer_id in ("memphis", "hyperscaler"):
        assert all(value is not None for value in comparison.result(offer_id).metrics.values()), offer_id
    assert comparison.result("build").metrics["breakeven_fee"] is None


def test_sample_market_sits_in_the_public_ranges_and_its_notes_say_which_figures_are_assumptions() -> None:
    deal = load_deal(sample_deal_path())
    market = deal.assumptions.market
    assert market is not None
    assert 4.0 <= market.price_per_gpu_hour <= 5.30  # Blackwell-class capacity, 2026
    assert -0.30 <= market.annual_change <= -0.20  # the yearly decline since 2023
    assert 0.35 <= market.volatility <= 0.9  # -30% in two months, +40% in five
    assert market.required_gpus is None  # the default: the largest offer
    assert compare(deal).required_gpus == 60_000
    notes = deal.notes
    for figure in ("$4.50", "$4-5.30", "$2.35", "$2.65", "25% a year", "20-30%", "0.5 a year", "$50M", "$100M"):
        assert figure in notes, figure
    market_notes = notes[notes.index("Market view:") :]
    assert "public" in market_notes and "Assumptions:" in market_notes
    assert market_notes.index("Assumptions:") < market_notes.index("$50M") < market_notes.index("$100M")
