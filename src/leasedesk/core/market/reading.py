"""Reading the optional ``assumptions.market`` object of a deal file, trusting nothing (DESIGN.md 7).

The messages follow core.validation's wording so that the lead can list them with the
other loading problems; this module keeps its own small readers so that validation can
import it without an import cycle.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from leasedesk.core.market.assumptions import MarketAssumptions, volatility_problem, volatility_works

MARKET_PATH = "assumptions.market"
MAX_WHOLE = 10**12
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
        return [MarketProblem(path, f"must be an object, not {_describe(data)}")]
    problems: list[MarketProblem] = []

    def fail(key: str, message: str) -> None:
        problems.append(MarketProblem(f"{path}.{key}", message))

    def number(key: str, default: float | None, rule: str, check: Any) -> float | None:
        if key not in data:
            if default is None:
                fail(key, "is required")
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(key, f"must be a number, not {_describe(value)}")
            return None
        try:
            result = float(value)
        except OverflowError:
            result = math.inf
        if not math.isfinite(result):
            fail(key, "must be a finite number")
            return None
        if not check(result):
            fail(key, f"must be {rule} (got {_show_number(result)})")
            return None
        return result

    price = number("price_per_gpu_hour", None, "> 0", lambda x: x > 0)
    change = number("annual_change", 0.0, "greater than -1", lambda x: x > -1)
    volatility = number("volatility", 0.0, ">= 0", lambda x: x >= 0)
    required = _read_required_gpus(data, fail)
    switching = number("lessee_switching_cost", 0.0, ">= 0", lambda x: x >= 0)
    relet = number("provider_relet_cost", 0.0, ">= 0", lambda x: x >= 0)
    if volatility is not None and change is not None and not volatility_works(volatility, change):
        fail("volatility", volatility_problem(volatility, change))
    if problems:
        return problems
    assert price is not None and change is not None and volatility is not None
    assert switching is not None and relet is not None
    return MarketAssumptions(
        price_per_gpu_hour=price,
        annual_change=change,
        volatility=volatility,
        required_gpus=required,
        lessee_switching_cost=switching,
        provider_relet_cost=relet,
        extra={key: value for key, value in data.items() if key not in KNOWN_KEYS},
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


def _read_required_gpus(data: Mapping[str, Any], fail: Any) -> int | None:
    """A whole number > 0 (60000.0 is accepted as 60000, as for an offer's gpus); absent or null: None."""
    key = "required_gpus"
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(key, f"must be a whole number, not {_describe(value)}")
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        fail(key, f"must be a whole number (got {_show_number(value)})")
        return None
    whole = int(value)
    if abs(whole) > MAX_WHOLE:
        fail(key, f"is too large (got {whole:.3g})")
        return None
    if whole <= 0:
        fail(key, f"must be a whole number > 0 (got {whole})")
        return None
    return whole


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, (int, float)):
        return _show_number(float(value))
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _show_number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:g}" if not float(value).is_integer() or abs(value) >= 1e15 else str(int(value))
