"""Reading ``assumptions.market``: every bad value gives one problem naming its field."""

from __future__ import annotations

import math
from typing import Any

import pytest

from leasedesk.core.market.assumptions import (
    MarketAssumptions,
    displayed_volatility_bound,
    lattice_parameters,
    smallest_volatility,
    volatility_works,
)
from leasedesk.core.market.reading import MarketProblem, market_to_data, read_market

GOOD: dict[str, Any] = {
    "price_per_gpu_hour": 2.60,
    "annual_change": -0.20,
    "volatility": 0.35,
    "required_gpus": 60000,
    "lessee_switching_cost": 50_000_000,
    "provider_relet_cost": 30_000_000,
}


def problems_of(**changes: Any) -> list[MarketProblem]:
    data = {**GOOD, **changes}
    for key in [k for k, v in changes.items() if v is ...]:
        del data[key]
    result = read_market(data)
    assert isinstance(result, list), result
    return result


def test_the_example_of_the_contract_reads_as_given() -> None:
    market = read_market({**GOOD, "future": {"kept": True}})
    assert market == MarketAssumptions(2.6, -0.2, 0.35, 60000, 50_000_000, 30_000_000)
    assert isinstance(market, MarketAssumptions) and market.extra == {"future": {"kept": True}}


def test_only_the_price_is_required() -> None:
    assert read_market({"price_per_gpu_hour": 1}) == MarketAssumptions(price_per_gpu_hour=1.0)
    assert read_market({"price_per_gpu_hour": 1, "required_gpus": None}) == MarketAssumptions(1.0)
    whole = read_market({"price_per_gpu_hour": 1, "required_gpus": 60000.0})
    assert whole == MarketAssumptions(1.0, required_gpus=60000)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("price_per_gpu_hour", ..., "is required"),
        ("price_per_gpu_hour", 0, "must be > 0 (got 0)"),
        ("price_per_gpu_hour", "2.6", "must be a number, not text '2.6'"),
        ("price_per_gpu_hour", True, "must be a number, not true"),
        ("price_per_gpu_hour", math.inf, "must be a finite number"),
        ("annual_change", -1, "must be greater than -1 (got -1)"),
        ("annual_change", math.nan, "must be a finite number"),
        ("volatility", -0.1, "must be >= 0 (got -0.1)"),
        ("volatility", None, "must be a number, not null"),
        ("required_gpus", 0, "must be a whole number > 0 (got 0)"),
        ("required_gpus", 1.5, "must be a whole number (got 1.5)"),
        ("required_gpus", False, "must be a whole number, not false"),
        ("required_gpus", 10**13, "is too large"),
        ("lessee_switching_cost", -1, "must be >= 0 (got -1)"),
        ("provider_relet_cost", [], "must be a number, not a list"),
        ("provider_relet_cost", 10**400, "must be a finite number"),
    ],
)
def test_each_bad_value_gives_one_problem_naming_its_field(key: str, value: Any, words: str) -> None:
    problems = problems_of(**{key: value})
    assert len(problems) == 1
    assert problems[0].field == f"assumptions.market.{key}"
    assert words in problems[0].message


def test_a_market_that_is_not_an_object() -> None:
    assert read_market([1, 2]) == [MarketProblem("assumptions.market", "must be an object, not a list")]


def test_a_volatility_too_low_for_the_drift_names_a_bound_that_passes() -> None:
    (problem,) = problems_of(volatility=0.05)
    assert problem.field == "assumptions.market.volatility"
    assert "annual change of -20%" in problem.message and "got 0.05" in problem.message
    shown = float(problem.message.split("at least ")[1].split(" ")[0])
    assert shown == displayed_volatility_bound(-0.2) == 0.06442  # |ln 0.8| / sqrt(12) = 0.064416
    assert isinstance(read_market({**GOOD, "volatility": shown}), MarketAssumptions)


@pytest.mark.parametrize("change", [-0.2, -0.5, -0.999, 0.0, 1e-9, 0.03, 0.35, 4.0, 2.0**12 - 1])
def test_the_bound_is_exact_and_its_display_works(change: float) -> None:
    bound = smallest_volatility(change)
    # ln u = sigma / sqrt(12) must exceed |ln G| = |ln(1 + g)| / 12.
    assert bound == pytest.approx(abs(math.log1p(change)) / 12 * math.sqrt(12), rel=1e-12, abs=0)
    shown = displayed_volatility_bound(change)
    assert shown >= bound and volatility_works(shown, change)
    if bound > 1e-6:
        assert not volatility_works(bound * (1 - 1e-9), change)
        assert shown <= bound * 1.001  # rounded up in the fourth significant digit only
    assert volatility_works(0.0, change)


def test_lattice_parameters_follow_the_contract() -> None:
    params = lattice_parameters(MarketAssumptions(2.6, annual_change=-0.2, volatility=0.35))
    growth = 0.8 ** (1 / 12)
    up = math.exp(0.35 / math.sqrt(12))
    assert params.growth == pytest.approx(growth, rel=1e-15)
    assert params.up == pytest.approx(up, rel=1e-15)
    assert params.down == pytest.approx(1 / up, rel=1e-15)
    assert params.up_probability == pytest.approx((growth - 1 / up) / (up - 1 / up), rel=1e-12)
    flat = lattice_parameters(MarketAssumptions(2.6, annual_change=-0.2))
    assert not flat.has_uncertainty and flat.growth == pytest.approx(growth, rel=1e-15)


def test_a_market_saved_reads_back_the_same() -> None:
    for market in (MarketAssumptions(2.6, -0.2, 0.35, 60000, 5e7, 3e7, extra={"note": "x"}), MarketAssumptions(1.0)):
        data = market_to_data(market)
        assert read_market(data) == market
        assert "required_gpus" in data if market.required_gpus else "required_gpus" not in data
        back = read_market(data)
        assert isinstance(back, MarketAssumptions) and back.extra == market.extra


def test_a_volatility_too_large_for_a_float_loads_and_gives_an_infinite_up_factor() -> None:
    # exp(1e6 / sqrt(12)) overflows; reading must not raise (a file gives one line, never a traceback).
    market = read_market({**GOOD, "volatility": 1e6})
    assert isinstance(market, MarketAssumptions)
    assert volatility_works(1e6, -0.2) and volatility_works(1e300, 1e300)
    params = lattice_parameters(market)
    assert params.up == math.inf and params.down == 0.0 and params.up_probability == 0.0
