"""Small deals for the unit tests, built as plain dicts (the .leasedeal JSON shape) and read through validation.

Every builder returns a fresh dict, so a test can change any key before reading the deal. Defaults are round
numbers that keep hand calculations short: 10 GPUs, 730 hours a month, a 6-month horizon from 2026-01-01,
no escalators, no power passed through, no exits.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from leasedesk.core.comparison import Comparison, OfferResult, compare
from leasedesk.core.model import Deal
from leasedesk.core.validation import read_deal

ANALYSIS_START = "2026-01-01"


def month_start(months_after_start: int) -> str:
    """The ISO date of analysis month t (the first of that month) for the default analysis start 2026-01-01."""
    year, month = divmod(months_after_start, 12)
    return f"{2026 + year}-{month + 1:02d}-01"


def assumptions(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "analysis_start": ANALYSIS_START,
        "horizon_months": 6,
        "discount_rate": 0.0,
        "rate_convention": "effective",
        "payment_timing": "advance",
        "hours_per_month": 730,
    }
    data.update(overrides)
    return data


def lease(offer_id: str = "lease", **overrides: Any) -> dict[str, Any]:
    """A lease of 10 GPUs for 4 months at 1,000 a month from the analysis start; override any key."""
    data: dict[str, Any] = {
        "id": offer_id,
        "kind": "lease",
        "name": f"Lease {offer_id}",
        "gpus": 10,
        "start": ANALYSIS_START,
        "term_months": 4,
        "monthly_fee": 1000,
    }
    data.update(overrides)
    return data


def self_build(offer_id: str = "build", **overrides: Any) -> dict[str, Any]:
    """A self-build of 10 GPUs with every cost zero; a test sets the parts it checks."""
    data: dict[str, Any] = {
        "id": offer_id,
        "kind": "self_build",
        "name": f"Build {offer_id}",
        "gpus": 10,
        "start": ANALYSIS_START,
        "gpu_capex": 0,
        "kw_per_gpu": 0,
        "pue": 1.0,
        "facility_capex_per_mw": 0,
        "build_months": 0,
        "electricity_price_per_kwh": 0,
        "it_life_years": 5,
        "facility_life_years": 20,
    }
    data.update(overrides)
    return data


def deal_data(
    *offers: dict[str, Any],
    baseline: str | None = None,
    name: str = "Test deal",
    **assumption_overrides: Any,
) -> dict[str, Any]:
    """The whole file content: format, schema_version, assumptions and the offers in the order given."""
    data: dict[str, Any] = {
        "format": "leasedesk-deal",
        "schema_version": 1,
        "name": name,
        "currency": "USD",
        "notes": "",
        "assumptions": assumptions(**assumption_overrides),
        "offers": [copy.deepcopy(o) for o in offers],
    }
    if baseline is not None:
        data["baseline"] = baseline
    return data


def build_deal(*offers: dict[str, Any], baseline: str | None = None, **assumption_overrides: Any) -> Deal:
    """A validated Deal (through core.validation.read_deal, as loading a file would)."""
    return read_deal(deal_data(*offers, baseline=baseline, **assumption_overrides))


def compare_offers(*offers: dict[str, Any], baseline: str | None = None, **assumption_overrides: Any) -> Comparison:
    return compare(build_deal(*offers, baseline=baseline, **assumption_overrides))


def result_of(offer: dict[str, Any], *others: dict[str, Any], **assumption_overrides: Any) -> OfferResult:
    """The figures of ``offer`` compared alone (or with ``others``) under the given assumptions."""
    return compare_offers(offer, *others, **assumption_overrides).result(offer["id"])


def metrics_of(offer: dict[str, Any], *others: dict[str, Any], **assumption_overrides: Any) -> dict[str, float | None]:
    return result_of(offer, *others, **assumption_overrides).metrics


def to_bytes(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")
