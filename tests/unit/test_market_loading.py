"""A deal's ``assumptions.market`` (DESIGN.md 7) loaded, checked and saved like every other field."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from deal_builders import assumptions, build_deal, deal_data, lease, to_bytes

from leasedesk.core.codec import deal_to_data
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.validation import DealError, check_assumptions, read_deal, validate_deal
from leasedesk.files import DealFileError, load_deal, parse_deal, save_deal

MARKET: dict[str, Any] = {
    "price_per_gpu_hour": 2.60,
    "annual_change": -0.20,
    "volatility": 0.35,
    "required_gpus": 60000,
    "lessee_switching_cost": 50_000_000,
    "provider_relet_cost": 30_000_000,
}


def with_market(market: Any) -> dict[str, Any]:
    return deal_data(lease(), market=market)


def file_error(data: dict[str, Any], name: str = "deal.leasedeal") -> str:
    with pytest.raises(DealFileError) as caught:
        parse_deal(to_bytes(data), name)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


def test_a_deal_with_a_market_loads_it_typed() -> None:
    deal = read_deal(with_market(MARKET))
    assert deal.assumptions.market == MarketAssumptions(2.6, -0.2, 0.35, 60000, 50_000_000, 30_000_000)
    assert "market" not in deal.assumptions.extra


def test_only_the_price_is_needed_and_the_rest_take_their_defaults() -> None:
    market = read_deal(with_market({"price_per_gpu_hour": 3})).assumptions.market
    assert market == MarketAssumptions(price_per_gpu_hour=3.0)
    assert market is not None and market.required_gpus is None  # the default: the largest offer, per deal


@pytest.mark.parametrize("data", [deal_data(lease()), with_market(None)], ids=["absent", "null"])
def test_no_market_and_a_null_market_are_the_same(data: dict[str, Any]) -> None:
    assert read_deal(data).assumptions.market is None


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("price_per_gpu_hour", ..., "is required"),
        ("price_per_gpu_hour", 0, "must be > 0 (got 0)"),
        ("price_per_gpu_hour", "2.60", "must be a number, not text '2.60'"),
        ("annual_change", -1, "must be greater than -1 (got -1)"),
        ("volatility", -0.2, "must be >= 0 (got -0.2)"),
        ("volatility", 0.05, "is too low for an annual change of -20%: it must be 0 (no uncertainty) or at least 0.06"),
        ("required_gpus", 0, "must be a whole number > 0 (got 0)"),
        ("required_gpus", 2.5, "must be a whole number (got 2.5)"),
        ("lessee_switching_cost", -1, "must be >= 0 (got -1)"),
        ("provider_relet_cost", True, "must be a number, not true"),
    ],
)
def test_each_bad_value_is_a_file_error_naming_its_field(key: str, value: Any, words: str) -> None:
    market = {k: v for k, v in MARKET.items() if not (k == key and value is ...)}
    if value is not ...:
        market[key] = value
    message = file_error(with_market(market))
    assert f"assumptions.market.{key}: {words}" in message
    assert "more problem" not in message  # one bad value, one problem


def test_a_market_that_is_not_an_object() -> None:
    assert "assumptions.market: must be an object, not a list" in file_error(with_market([2.6]))


def test_every_bad_market_value_is_counted_with_the_rest_of_the_deal() -> None:
    data = with_market({**MARKET, "price_per_gpu_hour": -1, "provider_relet_cost": -1})
    data["assumptions"]["horizon_months"] = 0
    with pytest.raises(DealError) as caught:
        read_deal(data)
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "assumptions.horizon_months",
        "assumptions.market.price_per_gpu_hour",
        "assumptions.market.provider_relet_cost",
    ]


def test_nan_in_the_market_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "nan.leasedeal"
    path.write_text(json.dumps(with_market(MARKET)).replace('"volatility": 0.35', '"volatility": NaN'))
    with pytest.raises(DealFileError, match=r"assumptions\.market\.volatility: must be a finite number"):
        load_deal(path)


def test_save_and_load_keep_the_market_and_unknown_keys(tmp_path: Path) -> None:
    data = with_market({**MARKET, "source": {"note": "kept", "n": 1.5}})
    data["assumptions"]["future_key"] = [1, 2]
    deal = read_deal(data)
    path = tmp_path / "deal.leasedeal"
    save_deal(deal, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["assumptions"]["market"] == {**MARKET, "source": {"note": "kept", "n": 1.5}}
    assert saved["assumptions"]["future_key"] == [1, 2]
    again = load_deal(path)
    assert again == deal
    assert again.assumptions.market is not None
    assert again.assumptions.market.extra == {"source": {"note": "kept", "n": 1.5}}
    assert again.assumptions.extra == {"future_key": [1, 2]}


def test_whole_amounts_are_saved_as_whole_numbers_and_a_default_required_gpus_is_not_written() -> None:
    deal = read_deal(with_market({"price_per_gpu_hour": 2.6, "lessee_switching_cost": 50_000_000}))
    saved = json.dumps(deal_to_data(deal)["assumptions"]["market"])
    assert saved == (
        '{"price_per_gpu_hour": 2.6, "annual_change": 0, "volatility": 0, '
        '"lessee_switching_cost": 50000000, "provider_relet_cost": 0}'
    )


def test_a_deal_without_a_market_saves_no_market_key() -> None:
    assert "market" not in deal_to_data(build_deal(lease()))["assumptions"]


def test_an_edited_deal_with_a_bad_market_is_refused_by_the_loading_rules() -> None:
    deal = read_deal(with_market(MARKET))
    bad = dataclasses.replace(
        deal,
        assumptions=dataclasses.replace(
            deal.assumptions, market=MarketAssumptions(2.6, annual_change=-0.2, volatility=0.01)
        ),
    )
    (problem,) = validate_deal(bad)
    assert problem.field == "assumptions.market.volatility"


def test_the_assumptions_form_check_names_the_market_field_relative_to_the_assumptions() -> None:
    deal = build_deal(lease())
    checked, problems = check_assumptions(assumptions(market={"price_per_gpu_hour": 0}), deal.offers)
    assert checked is None
    assert [(p.field, p.message) for p in problems] == [("market.price_per_gpu_hour", "must be > 0 (got 0)")]
    good, none = check_assumptions(assumptions(market=MARKET), deal.offers)
    assert none == [] and good is not None and good.market == read_deal(with_market(MARKET)).assumptions.market
