"""Reading the optional ``assumptions.market`` object of a deal file, trusting nothing (DESIGN.md 7).

Each field is read by the shared JSON reader (core.json_reader), so its problems read like
every other loading problem; the market adds one rule across two fields, the volatility
against the drift.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from leasedesk.core.json_reader import FieldReader, Problem, describe
from leasedesk.core.market.assumptions import MarketAssumptions, volatility_problem, volatility_works

MARKET_PATH = "assumptions.market"
KNOWN_KEYS = (
    "price_per_gpu_hour",
    "annual_change",
    "volatility",
    "required_gpus",
    "lessee_switching_cost",
    "provider_relet_cost",
)


class MarketProblem(NamedTuple):
    """One problem of the market object: the field (``assumptions.market.volatility``) and what is wrong."""

    field: str
    message: str


def read_market(data: Any, path: str = MARKET_PATH) -> MarketAssumptions | list[MarketProblem]:
    """The market assumptions of a deal file's ``assumptions.market``, or every problem found in it
    (one per bad field). ``required_gpus`` absent or null means the default (the largest offer)."""
    if not isinstance(data, Mapping):
        return [MarketProblem(path, f"must be an object, not {describe(data)}")]
    problems: list[Problem] = []
    reader = FieldReader(data, path, problems)
    price = reader.number("price_per_gpu_hour", check=lambda x: x > 0, rule="> 0")
    change = reader.number("annual_change", 0.0, check=lambda x: x > -1, rule="greater than -1")
    volatility = reader.number("volatility", 0.0, check=lambda x: x >= 0, rule=">= 0")
    required: int | None = None
    if data.get("required_gpus") is not None:
        required = reader.whole("required_gpus", check=lambda x: x > 0, rule="a whole number > 0")
    else:
        reader.raw("required_gpus", None)
    switching = reader.number("lessee_switching_cost", 0.0, check=lambda x: x >= 0, rule=">= 0")
    relet = reader.number("provider_relet_cost", 0.0, check=lambda x: x >= 0, rule=">= 0")
    if math.isfinite(volatility) and math.isfinite(change) and not volatility_works(volatility, change):
        reader.fail("volatility", volatility_problem(volatility, change))
    if problems:
        return [MarketProblem(problem.field, problem.message) for problem in problems]
    return MarketAssumptions(
        price_per_gpu_hour=price,
        annual_change=change,
        volatility=volatility,
        required_gpus=required,
        lessee_switching_cost=switching,
        provider_relet_cost=relet,
        extra=reader.extra(),
    )


def market_to_data(market: MarketAssumptions) -> dict[str, Any]:
    """The ``assumptions.market`` object to save: every known key (``required_gpus`` only when stated)
    and the unknown keys read with it, so that reading it back gives the same market."""
    data: dict[str, Any] = dict(market.extra)
    data.update(
        price_per_gpu_hour=market.price_per_gpu_hour,
        annual_change=market.annual_change,
        volatility=market.volatility,
        lessee_switching_cost=market.lessee_switching_cost,
        provider_relet_cost=market.provider_relet_cost,
    )
    if market.required_gpus is not None:
        data["required_gpus"] = market.required_gpus
    return data
