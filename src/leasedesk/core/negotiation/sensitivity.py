"""Sensitivity (DESIGN.md 8.4): the tornado of the selected offer's advantage over the baseline, and a
grid over two inputs with the best offer of each cell.

The metric is equal_capacity_per_gpu_hour with a market, else cost_per_gpu_hour (lower is better);
the advantage is the baseline's metric minus the offer's (positive: the offer wins). Deal inputs
(the discount rate, the market's price and drift) move every offer, the baseline too; offer inputs
move only the selected offer. Copies are not held to the volatility-drift rule of section 7: the
ranking metrics do not use the lattice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from leasedesk.core.model import Deal, Offer
from leasedesk.core.negotiation.copies import (
    NegotiationError,
    condition_holds,
    deal_input_value,
    deal_market,
    find_offer,
    term_value,
    with_deal_input,
    with_offer,
    with_term,
)
from leasedesk.core.negotiation.evaluate import MetricEvaluator
from leasedesk.core.negotiation.terms import SensitivityInput, sensitivity_inputs_for

DEFAULT_STEPS = 5
MAX_STEPS = 101


@dataclass(frozen=True)
class InputRange:
    """One applicable input with its current value and its low and high ends."""

    spec: SensitivityInput
    current: float
    low: float
    high: float

    @property
    def key(self) -> str:
        return self.spec.key

    def spread(self, steps: int) -> list[float]:
        """``steps`` values evenly from low to high, both included; whole inputs rounded half up."""
        values = [self.low + (self.high - self.low) * i / (steps - 1) for i in range(steps - 1)] + [self.high]
        return [float(math.floor(v + 0.5)) for v in values] if self.spec.whole else values


@dataclass(frozen=True)
class TornadoBar:
    input: str
    low: float
    high: float
    advantage_low: float | None
    advantage_high: float | None

    @property
    def swing(self) -> float | None:
        if self.advantage_low is None or self.advantage_high is None:
            return None
        return abs(self.advantage_high - self.advantage_low)

    def to_json_data(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "low": self.low,
            "high": self.high,
            "advantage_low": self.advantage_low,
            "advantage_high": self.advantage_high,
        }


@dataclass(frozen=True)
class SensitivityGrid:
    rows: str
    columns: str
    row_values: tuple[float, ...]
    column_values: tuple[float, ...]
    best: tuple[tuple[str | None, ...], ...]  # [row][column]: the best offer's id
    advantage: tuple[tuple[float | None, ...], ...]  # [row][column]: the selected offer's advantage

    def to_json_data(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "columns": self.columns,
            "row_values": list(self.row_values),
            "column_values": list(self.column_values),
            "best": [list(row) for row in self.best],
            "advantage": [list(row) for row in self.advantage],
        }


@dataclass(frozen=True)
class Sensitivity:
    offer_id: str
    baseline_id: str
    metric: str
    advantage: float | None  # at the current values
    tornado: tuple[TornadoBar, ...]
    grid: SensitivityGrid | None

    def to_json_data(self) -> dict[str, Any]:
        """The shape of ``leasedesk sensitivity --json`` (DESIGN.md 8.5); grid null when not asked for."""
        return {
            "offer": self.offer_id,
            "metric": self.metric,
            "tornado": [bar.to_json_data() for bar in self.tornado],
            "grid": self.grid.to_json_data() if self.grid is not None else None,
        }


def ranking_metric(deal: Deal) -> str:
    return "equal_capacity_per_gpu_hour" if deal_market(deal) is not None else "cost_per_gpu_hour"


def input_ranges(deal: Deal, offer: Offer) -> tuple[InputRange, ...]:
    """The inputs of 8.4 that apply to the offer (and the deal), in the contract's order."""
    ranges = []
    for spec in sensitivity_inputs_for(offer.kind):
        if not condition_holds(spec.condition, offer, deal):
            continue
        if spec.scope == "deal":
            current = deal_input_value(deal, spec.key)
        else:
            current = term_value(offer, spec.key, deal.assumptions)
        low, high = input_ends(spec, current)
        ranges.append(InputRange(spec, current, low, high))
    return tuple(ranges)


def input_ends(spec: SensitivityInput, x: float) -> tuple[float, float]:
    """The low and high ends of an input around its current value x.

    "Not below 0" keeps the low end at 0 or above, unless x itself is below 0 (then the low end
    is x). A drift (annual_change) stays above -1: its low end is at least halfway from x to -1.
    """
    if spec.change == "relative":
        low, high = x * (1.0 - spec.amount), x * (1.0 + spec.amount)
    elif spec.change == "availability":
        low, high = max(x - spec.amount, x / 2.0), x + min(spec.amount, 1.0 - x)
    else:
        low, high = x - spec.amount, x + spec.amount
    if spec.floor_zero:
        low = min(x, max(low, 0.0))
    if spec.key == "market.annual_change":
        low = max(low, (x - 1.0) / 2.0)
    return low, high


def selected_offer(deal: Deal, offer_id: str | None) -> tuple[Offer, str]:
    """The selected offer (default: the first that is not the baseline) and the baseline's id."""
    baseline = deal.resolved_baseline()
    if baseline is None:
        raise NegotiationError("the deal has no baseline: sensitivity measures an offer's advantage over it")
    if offer_id is None:
        offer = next((o for o in deal.offers if o.id != baseline), None)
        if offer is None:
            raise NegotiationError("the deal has no offer besides the baseline")
        return offer, baseline
    offer = find_offer(deal, offer_id)
    if offer.id == baseline:
        raise NegotiationError(f"offer {offer_id!r} is the baseline: select another offer")
    return offer, baseline


class _Copies:
    """Deal copies with inputs set, and the metric of their offers."""

    def __init__(self, deal: Deal, offer: Offer, baseline: str, metric: str, evaluator: MetricEvaluator) -> None:
        self.deal, self.offer, self.baseline, self.metric = deal, offer, baseline, metric
        self.evaluator = evaluator

    def copy(self, settings: dict[str, tuple[InputRange, float]]) -> Deal:
        deal = self.deal
        for item, value in settings.values():
            if item.spec.scope == "deal":
                deal = with_deal_input(deal, item.key, value)
        offer = self.offer
        for item, value in settings.values():
            if item.spec.scope == "offer":
                offer = with_term(offer, item.key, value, deal.assumptions)
        return with_offer(deal, offer) if offer is not self.offer else deal

    def advantage(self, copy: Deal) -> float | None:
        base = self.evaluator.metric(copy, self.baseline, self.metric)
        own = self.evaluator.metric(copy, self.offer.id, self.metric)
        return None if base is None or own is None else base - own

    def best(self, copy: Deal) -> str | None:
        """The offer with the lowest metric (both ranking metrics: lower is better), the first in file
        order on a tie, as the comparison ranks them; None when no offer has the metric."""
        values = [(v, index, o.id) for index, o in enumerate(copy.offers)
                  if (v := self.evaluator.metric(copy, o.id, self.metric)) is not None]
        return min(values)[2] if values else None


def sensitivity(
    deal: Deal,
    offer_id: str | None = None,
    grid: tuple[str, str] | None = None,
    steps: int = DEFAULT_STEPS,
    evaluator: MetricEvaluator | None = None,
) -> Sensitivity:
    evaluator = evaluator or MetricEvaluator()
    offer, baseline = selected_offer(deal, offer_id)
    metric = ranking_metric(deal)
    ranges = input_ranges(deal, offer)
    copies = _Copies(deal, offer, baseline, metric, evaluator)
    bars = []
    for item in ranges:
        low = copies.advantage(copies.copy({item.key: (item, item.low)}))
        high = copies.advantage(copies.copy({item.key: (item, item.high)}))
        bars.append(TornadoBar(item.key, item.low, item.high, low, high))
    # Largest swing first; a bar without a swing (a null advantage) last; ties keep the input order.
    bars.sort(key=lambda bar: (bar.swing is None, -(bar.swing or 0.0)))
    table = _grid(copies, ranges, grid, steps) if grid is not None else None
    return Sensitivity(offer.id, baseline, metric, copies.advantage(deal), tuple(bars), table)


def _grid(copies: _Copies, ranges: tuple[InputRange, ...], keys: tuple[str, str], steps: int) -> SensitivityGrid:
    by_key = {item.key: item for item in ranges}
    for key in keys:
        if key not in by_key:
            known = ", ".join(by_key) or "none"
            raise NegotiationError(f"unknown sensitivity input {key!r} for offer {copies.offer.id!r} (inputs: {known})")
    if keys[0] == keys[1]:
        raise NegotiationError(f"the grid needs two different inputs, not {keys[0]!r} twice")
    if not 2 <= steps <= MAX_STEPS:
        raise NegotiationError(f"the grid needs from 2 to {MAX_STEPS} values an input, not {steps}")
    rows, columns = by_key[keys[0]], by_key[keys[1]]
    row_values, column_values = rows.spread(steps), columns.spread(steps)
    best: list[tuple[str | None, ...]] = []
    advantage: list[tuple[float | None, ...]] = []
    for r in row_values:
        cells = [copies.copy({rows.key: (rows, r), columns.key: (columns, c)}) for c in column_values]
        best.append(tuple(copies.best(cell) for cell in cells))
        advantage.append(tuple(copies.advantage(cell) for cell in cells))
    return SensitivityGrid(
        rows.key, columns.key, tuple(row_values), tuple(column_values), tuple(best), tuple(advantage)
    )
