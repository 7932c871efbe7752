"""The comparison of a deal's offers: the one object the window, the CLI and the workbook read.

``compare(deal)`` computes every figure once. A ``ComparisonCache`` lets the window
recompute only the offers an edit touched: an unchanged offer keeps its identity
(domain objects are frozen), so its figures are reused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from leasedesk.core.discounting import Discounting, FloatArray
from leasedesk.core.exits import ExitCurve
from leasedesk.core.flows import PARTS
from leasedesk.core.metrics import Metrics, OfferFigures, breakeven_fee, offer_figures
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer, add_months

if TYPE_CHECKING:
    import pandas as pd  # imported where a schedule is built: it is slow, and off the window's start-up path


@dataclass(frozen=True)
class OfferResult:
    """One offer's figures within a comparison."""

    figures: OfferFigures
    metrics: Metrics
    is_baseline: bool

    @property
    def offer(self) -> Offer:
        return self.figures.offer

    @property
    def offer_id(self) -> str:
        return self.figures.offer.id

    @property
    def exit_curve(self) -> ExitCurve | None:
        commitment = self.figures.commitment
        return commitment.curve if commitment is not None else None

    @property
    def breakeven_headroom(self) -> float | None:
        """breakeven_fee - monthly_fee: positive when the lease beats the baseline."""
        breakeven = self.metrics["breakeven_fee"]
        if not isinstance(self.offer, LeaseOffer) or breakeven is None:
            return None
        return breakeven - self.offer.monthly_fee

    def cumulative_cost(self) -> FloatArray:
        """Nominal cost paid up to and including each horizon month."""
        return np.cumsum(self.figures.flows.monthly_cost())


@dataclass
class ComparisonCache:
    """Figures of offers already computed, keyed by the identity of the offer and assumptions."""

    _entries: dict[tuple[int, int], tuple[Offer, Assumptions, OfferFigures]] = field(default_factory=dict)

    def figures(self, offer: Offer, assumptions: Assumptions) -> OfferFigures:
        key = (id(offer), id(assumptions))
        hit = self._entries.get(key)
        if hit is not None and hit[0] is offer and hit[1] is assumptions:
            return hit[2]
        figures = offer_figures(offer, assumptions)
        self._entries[key] = (offer, assumptions, figures)
        return figures

    def keep_only(self, deal: Deal) -> None:
        live = {(id(o), id(deal.assumptions)) for o in deal.offers}
        for key in list(self._entries):
            if key not in live:
                del self._entries[key]


@dataclass(frozen=True)
class Comparison:
    deal: Deal
    baseline_id: str | None
    results: tuple[OfferResult, ...]

    def result(self, offer_id: str) -> OfferResult:
        for result in self.results:
            if result.offer_id == offer_id:
                return result
        raise KeyError(offer_id)

    def metric_values(self, key: str) -> dict[str, float | None]:
        return {r.offer_id: r.metrics[key] for r in self.results}

    def month_dates(self) -> list[dt.date]:
        a = self.deal.assumptions
        return [add_months(a.analysis_start, t) for t in range(a.horizon_months)]

    def schedule(self, offer_id: str) -> pd.DataFrame:
        return schedule_frame(self.result(offer_id).figures, self.deal.assumptions)

    def to_json_data(self) -> dict[str, object]:
        """The shape of ``leasedesk compare --json`` (DESIGN.md 4)."""
        return {
            "name": self.deal.name,
            "currency": self.deal.currency,
            "baseline": self.baseline_id,
            "offers": [
                {"id": r.offer_id, "name": r.offer.name, "kind": r.offer.kind, "metrics": dict(r.metrics)}
                for r in self.results
            ],
        }


def compare(deal: Deal, cache: ComparisonCache | None = None) -> Comparison:
    cache = cache if cache is not None else ComparisonCache()
    figures = [cache.figures(offer, deal.assumptions) for offer in deal.offers]
    baseline_id = deal.resolved_baseline()
    baseline = next((f for f in figures if f.offer.id == baseline_id), None)
    results = []
    for f in figures:
        metrics = dict(f.metrics)
        metrics["breakeven_fee"] = breakeven_fee(f, baseline)
        results.append(OfferResult(figures=f, metrics=metrics, is_baseline=f.offer.id == baseline_id))
    cache.keep_only(deal)
    return Comparison(deal=deal, baseline_id=baseline_id, results=tuple(results))


SCHEDULE_COLUMNS = (
    "month",
    "date",
    "delivered_gpus",
    "gpu_hours",
    *PARTS,
    "total",
    "discount_recurring",
    "discount_one_off",
    "pv",
    "cumulative_cost",
)


def schedule_frame(figures: OfferFigures, assumptions: Assumptions) -> pd.DataFrame:
    """The monthly schedule of one offer: a row per horizon month and a last row for the
    amounts at the end of the horizon (residual value, a deposit still held)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _schedule_frame(figures, assumptions)


def _schedule_frame(figures: OfferFigures, assumptions: Assumptions) -> pd.DataFrame:
    import pandas as pd
    flows = figures.flows
    disc = Discounting.of(assumptions)
    horizon = assumptions.horizon_months
    t = np.arange(horizon + 1)
    columns: dict[str, object] = {
        "month": t,
        "date": [add_months(assumptions.analysis_start, int(m)) for m in t],
        "delivered_gpus": np.append(flows.delivered_gpus, 0.0),
        "gpu_hours": np.append(flows.gpu_hours, 0.0),
    }
    for part in PARTS:
        monthly = flows.recurring.get(part, np.zeros(horizon)) + flows.one_off.get(part, np.zeros(horizon))
        columns[part] = np.append(monthly, flows.end.get(part, 0.0))
    recurring = np.append(flows.recurring_total(), 0.0)
    one_off = np.append(flows.one_off_total(), flows.end_total())
    v = disc.recurring(t)
    v[-1] = 0.0  # nothing recurring at the end-of-horizon row
    w = disc.one_off(t)
    columns["total"] = recurring + one_off
    columns["discount_recurring"] = v
    columns["discount_one_off"] = w
    columns["pv"] = recurring * v + one_off * w
    columns["cumulative_cost"] = np.cumsum(recurring + one_off)
    return pd.DataFrame(columns, columns=list(SCHEDULE_COLUMNS))
