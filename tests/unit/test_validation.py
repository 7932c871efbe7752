"""Validation of a deal's fields (DESIGN.md 2 "Validation" and 3): every problem names the offer and the field.

These go through core.validation.read_deal on plain data; the same deals as files and through the command
line are in test_files.py and test_cli.py.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from deal_builders import deal_data, lease, self_build

from leasedesk.core.validation import DealError, read_deal, validate_deal


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DealError) as caught:
        read_deal(data)
    return [str(p) for p in caught.value.problems]


def without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


# (case, deal data, field named in the problem, words of the message)
BAD_DEALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("zero gpus", deal_data(lease("c2", gpus=0)), "offers[c2].gpus", "> 0"),
    ("negative gpus", deal_data(lease("c2", gpus=-5)), "offers[c2].gpus", "> 0"),
    ("fractional gpus", deal_data(lease("c2", gpus=2.5)), "offers[c2].gpus", "whole number"),
    ("gpus as text", deal_data(lease("c2", gpus="10")), "offers[c2].gpus", "whole number"),
    ("gpus as true", deal_data(lease("c2", gpus=True)), "offers[c2].gpus", "whole number"),
    ("self-build zero gpus", deal_data(self_build("b", gpus=0)), "offers[b].gpus", "> 0"),
    ("zero term", deal_data(lease("c2", term_months=0)), "offers[c2].term_months", ">= 1"),
    ("negative term", deal_data(lease("c2", term_months=-3)), "offers[c2].term_months", ">= 1"),
    ("term as text", deal_data(lease("c2", term_months="42")), "offers[c2].term_months", "whole number"),
    ("fee as text", deal_data(lease("c2", monthly_fee="150M")), "offers[c2].monthly_fee", "must be a number"),
    ("negative fee", deal_data(lease("c2", monthly_fee=-1)), "offers[c2].monthly_fee", ">= 0"),
    ("NaN fee", deal_data(lease("c2", monthly_fee=float("nan"))), "offers[c2].monthly_fee", "finite"),
    ("infinite fee", deal_data(lease("c2", monthly_fee=float("inf"))), "offers[c2].monthly_fee", "finite"),
    ("huge integer fee", deal_data(lease("c2", monthly_fee=10**400)), "offers[c2].monthly_fee", "finite"),
    ("impossible date", deal_data(lease("c2", start="2026-02-30")), "offers[c2].start", "not a valid date"),
    ("date as number", deal_data(lease("c2", start=20260101)), "offers[c2].start", "date"),
    ("start mid-month", deal_data(lease("c2", start="2026-02-15")), "offers[c2].start", "first of a month"),
    ("start before analysis", deal_data(lease("c2", start="2025-12-01")), "offers[c2].start", "analysis start"),
    ("analysis start mid-month", deal_data(analysis_start="2026-01-02"), "assumptions.analysis_start", "first"),
    ("analysis start impossible", deal_data(analysis_start="2026-13-01"), "assumptions.analysis_start", "date"),
    ("unknown kind", deal_data(lease("c2", kind="rental")), "offers[c2].kind", '"lease" or "self_build"'),
    ("missing kind", deal_data(without(lease("c2"), "kind")), "offers[c2].kind", "required"),
    ("duplicate ids", deal_data(lease("c2"), lease("c2")), "offers[1].id", "duplicates"),
    ("empty id", deal_data(lease("")), "offers[0].id", "empty"),
    ("id as number", deal_data(lease(7)), "offers[0].id", "text"),  # type: ignore[arg-type]
    ("baseline names no offer", deal_data(lease("c2"), baseline="build"), "baseline", "names no offer"),
    (
        "ramp above committed gpus",
        deal_data(lease("c2", ramp=[{"month": 0, "gpus": 11}])),
        "offers[c2].ramp[0].gpus",
        "committed",
    ),
    (
        "ramp months not increasing",
        deal_data(lease("c2", ramp=[{"month": 2, "gpus": 1}, {"month": 2, "gpus": 2}])),
        "offers[c2].ramp[1].month",
        "later than",
    ),
    (
        "ramp months decreasing",
        deal_data(lease("c2", ramp=[{"month": 2, "gpus": 1}, {"month": 1, "gpus": 2}])),
        "offers[c2].ramp[1].month",
        "later than",
    ),
    (
        "ramp month at the term",
        deal_data(lease("c2", ramp=[{"month": 4, "gpus": 1}])),
        "offers[c2].ramp[0].month",
        "end of the term",
    ),
    (
        "negative ramp gpus",
        deal_data(lease("c2", ramp=[{"month": 0, "gpus": -1}])),
        "offers[c2].ramp[0].gpus",
        ">= 0",
    ),
    ("ramp not a list", deal_data(lease("c2", ramp={"month": 0})), "offers[c2].ramp", "list"),
    (
        "negative notice",
        deal_data(lease("c2", lessee_exit={"allowed": True, "notice_days": -1})),
        "offers[c2].lessee_exit.notice_days",
        ">= 0",
    ),
    (
        "negative lock-in",
        deal_data(lease("c2", provider_exit={"allowed": True, "lock_in_months": -1})),
        "offers[c2].provider_exit.lock_in_months",
        ">= 0",
    ),
    (
        "fractional lock-in",
        deal_data(lease("c2", lessee_exit={"allowed": True, "lock_in_months": 1.5})),
        "offers[c2].lessee_exit.lock_in_months",
        "whole number",
    ),
    (
        "negative termination fee",
        deal_data(lease("c2", lessee_exit={"allowed": True, "termination_fee": -1})),
        "offers[c2].lessee_exit.termination_fee",
        ">= 0",
    ),
    (
        "allowed as text",
        deal_data(lease("c2", lessee_exit={"allowed": "yes"})),
        "offers[c2].lessee_exit.allowed",
        "true or false",
    ),
    (
        "exit terms switched off are still validated",
        deal_data(lease("c2", lessee_exit={"allowed": False, "notice_days": -5})),
        "offers[c2].lessee_exit.notice_days",
        ">= 0",
    ),
    (
        "power terms switched off are still validated",
        deal_data(lease("c2", power={"included": True, "price_per_kwh": -1})),
        "offers[c2].power.price_per_kwh",
        ">= 0",
    ),
    (
        "lease pue below 1",
        deal_data(lease("c2", power={"included": False, "pue": 0.9})),
        "offers[c2].power.pue",
        ">= 1",
    ),
    ("included as number", deal_data(lease("c2", power={"included": 1})), "offers[c2].power.included", "true or false"),
    ("horizon over 600", deal_data(horizon_months=601), "assumptions.horizon_months", "600"),
    ("horizon zero", deal_data(horizon_months=0), "assumptions.horizon_months", "between 1 and 600"),
    ("horizon fractional", deal_data(horizon_months=12.5), "assumptions.horizon_months", "whole number"),
    ("rate at -1", deal_data(discount_rate=-1), "assumptions.discount_rate", "greater than -1"),
    ("rate over 10", deal_data(discount_rate=10.5), "assumptions.discount_rate", "at most 10"),
    ("rate as text", deal_data(discount_rate="10%"), "assumptions.discount_rate", "number"),
    ("unknown rate convention", deal_data(rate_convention="simple"), "assumptions.rate_convention", '"nominal"'),
    ("unknown payment timing", deal_data(payment_timing="mid"), "assumptions.payment_timing", '"arrears"'),
    ("zero hours per month", deal_data(hours_per_month=0), "assumptions.hours_per_month", "> 0"),
    ("unknown fee basis", deal_data(lease("c2", fee_basis="used")), "offers[c2].fee_basis", '"delivered"'),
    ("zero availability", deal_data(lease("c2", availability=0)), "offers[c2].availability", "greater than 0"),
    ("availability over 1", deal_data(lease("c2", availability=1.01)), "offers[c2].availability", "at most 1"),
    ("escalator at -1", deal_data(lease("c2", escalator=-1)), "offers[c2].escalator", "greater than -1"),
    (
        "power escalator at -1",
        deal_data(self_build("b", power_escalator=-1.5)),
        "offers[b].power_escalator",
        "greater than -1",
    ),
    ("missing fee", deal_data(without(lease("c2"), "monthly_fee")), "offers[c2].monthly_fee", "required"),
    ("missing term", deal_data(without(lease("c2"), "term_months")), "offers[c2].term_months", "required"),
    ("missing start", deal_data(without(lease("c2"), "start")), "offers[c2].start", "required"),
    ("missing gpu capex", deal_data(without(self_build("b"), "gpu_capex")), "offers[b].gpu_capex", "required"),
    ("missing build months", deal_data(without(self_build("b"), "build_months")), "offers[b].build_months", "required"),
    ("self-build pue below 1", deal_data(self_build("b", pue=0.5)), "offers[b].pue", ">= 1"),
    ("zero IT life", deal_data(self_build("b", it_life_years=0)), "offers[b].it_life_years", "> 0"),
    ("zero facility life", deal_data(self_build("b", facility_life_years=0)), "offers[b].facility_life_years", "> 0"),
    ("negative maintenance", deal_data(self_build("b", maintenance_pct=-0.1)), "offers[b].maintenance_pct", ">= 0"),
    ("negative bridge price", deal_data(self_build("b", bridge_price_per_gpu_hour=-1)), "offers[b]", ">= 0"),
    ("negative capex", deal_data(self_build("b", gpu_capex=-1)), "offers[b].gpu_capex", ">= 0"),
    ("negative kW", deal_data(self_build("b", kw_per_gpu=-1)), "offers[b].kw_per_gpu", ">= 0"),
    ("negative build months", deal_data(self_build("b", build_months=-1)), "offers[b].build_months", ">= 0"),
    ("term ends past month 1200", deal_data(lease("c2", term_months=1201)), "offers[c2].term_months", "1200"),
    ("build ends past month 1200", deal_data(self_build("b", build_months=1201)), "offers[b].build_months", "1200"),
    ("offer not an object", deal_data("lease"), "offers[0]", "object"),  # type: ignore[arg-type]
    ("offers not a list", {**deal_data(), "offers": {}}, "offers", "list"),
    ("missing offers", without(deal_data(), "offers"), "offers", "required"),
    ("missing name", without(deal_data(), "name"), "name", "required"),
    ("empty currency", {**deal_data(), "currency": ""}, "currency", "empty"),
    ("assumptions not an object", {**deal_data(), "assumptions": []}, "assumptions", "object"),
    ("missing assumptions", without(deal_data(), "assumptions"), "assumptions", "required"),
    (
        "missing discount rate",
        {**deal_data(), "assumptions": without(deal_data()["assumptions"], "discount_rate")},
        "assumptions.discount_rate",
        "required",
    ),
    ("revision not an object", deal_data(lease("c2", revisions=["x"])), "offers[c2].revisions[0]", "object"),
    (
        "bad revision side",
        deal_data(lease("c2", revisions=[{"side": "broker"}])),
        "offers[c2].revisions[0].side",
        "lessee",
    ),
    ("counter_of as number", deal_data(lease("c2", counter_of=3)), "offers[c2].counter_of", "text"),
    ("proposed_by not a side", deal_data(lease("c2", proposed_by="broker")), "offers[c2].proposed_by", "lessee"),
]


@pytest.mark.parametrize(("data", "field", "words"), [c[1:] for c in BAD_DEALS], ids=[c[0] for c in BAD_DEALS])
def test_bad_deal_is_rejected_naming_the_field(data: dict[str, Any], field: str, words: str) -> None:
    problems = problems_of(data)
    assert any(p.startswith(field) and words in p for p in problems), problems


def test_dates_must_be_written_as_plain_calendar_dates() -> None:
    # "2026-W01-4" is an ISO week date (Thursday of week 1 = 2026-01-01): a first of a month, but not the
    # YYYY-MM-DD form of DESIGN.md 3 that the validator's own message asks for.
    problems = problems_of(deal_data(lease("c2", start="2026-W01-4")))
    assert any(p.startswith("offers[c2].start") for p in problems), problems


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = problems_of(deal_data(lease("c2", gpus=0, term_months=0, monthly_fee=-1)))
    fields = {p.split(":")[0] for p in problems}
    assert {"offers[c2].gpus", "offers[c2].term_months", "offers[c2].monthly_fee"} <= fields


def test_deal_error_message_is_one_line_with_the_first_problem_and_a_count() -> None:
    with pytest.raises(DealError) as caught:
        read_deal(deal_data(lease("c2", gpus=0, term_months=0)))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("offers[c2].gpus")
    assert "1 more problem" in message


def test_problems_are_listed_shared_terms_first_then_the_kinds_own() -> None:
    """The first problem is the message a person sees: its choice must not move with the registry's order."""
    plan = self_build(availability=0, notes=5)
    del plan["pue"]
    with pytest.raises(DealError) as caught:
        read_deal(deal_data(plan))
    assert [p.field for p in caught.value.problems] == [
        "offers[build].availability",
        "offers[build].notes",
        "offers[build].pue",
    ]


@pytest.mark.parametrize("bad_id", [[], {}, 7])
def test_an_offer_id_that_is_not_text_is_a_problem_even_with_a_baseline(bad_id: Any) -> None:
    """It used to escape as a TypeError (a list is no set member) when the deal named a baseline."""
    with pytest.raises(DealError) as caught:
        read_deal(deal_data(lease(bad_id), self_build("build"), baseline="build"))
    assert str(caught.value.problems[0]).startswith("offers[0].id: must be text, not ")


def test_a_valid_deal_reads_with_the_defaults_of_design() -> None:
    deal = read_deal(deal_data(lease("c2"), self_build("b")))
    assert deal.currency == "USD"
    assert deal.assumptions.rate_convention == "effective"
    assert deal.assumptions.payment_timing == "advance"
    c2 = deal.offer("c2")
    assert c2.kind == "lease"
    assert c2.escalator == 0 and c2.upfront_fee == 0 and c2.deposit == 0
    assert c2.availability == 1.0
    assert c2.fee_basis == "committed"
    assert c2.ramp == ()
    assert c2.power.included is True
    assert c2.lessee_exit.allowed is False and c2.provider_exit.allowed is False
    b = deal.offer("b")
    assert b.staff_per_month == 0 and b.maintenance_pct == 0 and b.bridge_price_per_gpu_hour == 0  # type: ignore[union-attr]


def test_minimal_assumptions_take_the_defaults() -> None:
    data = deal_data()
    data["assumptions"] = {"analysis_start": "2026-07-01", "horizon_months": 42, "discount_rate": 0.1}
    a = read_deal(data).assumptions
    assert (a.rate_convention, a.payment_timing, a.hours_per_month) == ("effective", "advance", 730)


def test_a_new_deal_may_have_no_offers() -> None:
    assert read_deal(deal_data()).offers == ()


def test_horizon_of_600_months_is_accepted() -> None:
    assert read_deal(deal_data(horizon_months=600)).assumptions.horizon_months == 600


def test_offer_ending_at_month_1200_is_accepted() -> None:
    deal = read_deal(deal_data(lease("c2", start="2027-01-01", term_months=1188)))  # s = 12, s + T = 1200
    assert deal.offer("c2").term_months == 1188  # type: ignore[union-attr]


def test_whole_numbers_written_as_whole_floats_are_accepted() -> None:
    assert read_deal(deal_data(lease("c2", gpus=10.0))).offer("c2").gpus == 10


def test_not_a_json_object() -> None:
    with pytest.raises(DealError):
        read_deal(["not", "a", "deal"])


def test_validate_deal_checks_an_edited_deal_by_the_loading_rules() -> None:
    deal = read_deal(deal_data(lease("c2")))
    assert validate_deal(deal) == []
    broken = dataclasses.replace(deal, offers=(dataclasses.replace(deal.offers[0], gpus=0),))
    assert [p.field for p in validate_deal(broken)] == ["offers[c2].gpus"]
