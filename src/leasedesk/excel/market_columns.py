"""The market view on an offer sheet (DESIGN.md 7.1): month by month the expected market price and the
required GPU-hours the offer does not deliver, bought at that price; then the three equal-capacity
figures as formulas. Added only when the deal has a market; the cached results are the engine's.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from leasedesk.core.comparison import OfferResult
from leasedesk.core.discounting import Discounting
from leasedesk.core.market.equal_capacity import expected_prices
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY
from leasedesk.core.model import Assumptions
from leasedesk.excel.offer_sheet import OfferSheetSpec, ResultItem, checked
from leasedesk.excel.schedule import Column
from leasedesk.excel.styles import COUNT, Formats

REQUIRED_GPUS = "required_gpus"  # the workbook-wide name of Q (on the Summary: the input, or the largest offer)
MARKET_PRICE = "=market_price_per_gpu_hour*(1+market_annual_change)^([t]/12)"
GAP = f"=[in_horizon]*MAX(0,{REQUIRED_GPUS}*hours_per_month-[gpu_hours])"
GAP_PV = "=[gap]*[market_price]*[v]"


def with_market(
    spec: OfferSheetSpec, result: OfferResult, assumptions: Assumptions, required_gpus: int | None, formats: Formats
) -> OfferSheetSpec:
    """``spec`` with the market columns and equal-capacity results; unchanged without a market."""
    market = assumptions.market
    if market is None or required_gpus is None:
        return spec
    months = spec.months
    t = np.arange(months)
    disc = Discounting.of(assumptions)
    price = expected_prices(market, t)
    own = np.zeros(months)
    hours = np.asarray(result.figures.flows.gpu_hours, dtype=np.float64)[:months]
    own[: len(hours)] = hours
    required_hours = required_gpus * assumptions.hours_per_month
    gap = np.where(t < assumptions.horizon_months, np.maximum(0.0, required_hours - own), 0.0)
    columns = [
        *spec.columns,
        Column("market_price", "Market price per GPU-hour (expected)", formats.price, MARKET_PRICE,
               values=price),
        Column("gap", "Gap: required GPU-hours not delivered (in the horizon)", COUNT, GAP, values=gap),
        Column("gap_pv", "Gap bought at the market, present value", formats.money, GAP_PV,
               values=(gap * price * disc.recurring(t))),
    ]  # fmt: skip
    figures = result.equal_capacity

    def metric(key: str, formula: str, number_format: str) -> ResultItem:
        value = figures[key]
        return ResultItem(
            key, MARKET_METRIC_BY_KEY[key].label, formula, "" if value is None else value, number_format
        )

    results = [
        *spec.results,
        ResultItem(
            "required_gpu_hours_pv",
            "Required GPU-hours, discounted (Q x hours x sum of v)",
            f"={REQUIRED_GPUS}*hours_per_month*horizon_annuity",
            required_hours * disc.annuity(),
            COUNT,
        ),
        metric("gap_cost_pv", checked("SUM([gap_pv:])"), formats.money),
        metric("equal_capacity_pv", "=pv_cost+gap_cost_pv", formats.money),
        metric(
            "equal_capacity_per_gpu_hour",
            '=IF(required_gpu_hours_pv>0,equal_capacity_pv/required_gpu_hours_pv,"")',
            formats.price,
        ),
    ]
    return dataclasses.replace(spec, columns=columns, results=results)
