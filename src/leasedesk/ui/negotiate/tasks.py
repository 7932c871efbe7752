"""The negotiation analyses as plain functions of plain data, to run in a worker process.

Each task takes the deal as its JSON data (``codec.deal_to_data``) and returns the analysis as
the JSON data of the command line (DESIGN.md 8.5), or ``{"error": text}`` for a request the
analysis refuses. No Qt here: the worker process imports only the core.
"""

from __future__ import annotations

from typing import Any

from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.copies import NegotiationError
from leasedesk.core.negotiation.sensitivity import sensitivity
from leasedesk.core.negotiation.solve import solve
from leasedesk.core.negotiation.term_values import term_values
from leasedesk.core.validation import DealError, read_deal


def run_task(name: str, deal_data: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """Run one analysis by name; a refused request comes back as ``{"error": one line}``."""
    try:
        deal = read_deal(deal_data)
        if name == "bridge":
            return bridge(deal, params["offer"], params.get("ref")).to_json_data()
        if name == "term_values":
            values = term_values(deal, params["offer"])
            return {**values.to_json_data(), "metric_keys": list(values.metric_keys)}
        if name == "solve":
            return solve(
                deal,
                params["offer"],
                params["term"],
                metric=params["metric"],
                match=params.get("match"),
                value=params.get("value"),
            ).to_json_data()
        if name == "sensitivity":
            grid = params.get("grid")
            result = sensitivity(deal, params["offer"], tuple(grid) if grid else None, params.get("steps", 5))
            data = result.to_json_data()
            data["baseline"] = result.baseline_id
            data["advantage"] = result.advantage
            return data
    except (NegotiationError, DealError) as error:
        return {"error": str(error)}
    raise ValueError(f"unknown task {name!r}")
