"""The comparison of a deal's offers: the one object the window, the CLI and the workbook read.

``compare(deal)`` computes every figure once. A ``ComparisonCache`` lets the window
recompute only the offers an edit touched: an unchanged offer keeps its identity
(domain objects are frozen), so its figures are reused.

With a market (DESIGN.md 7), the equal-capacity figures are computed with the v1 metrics
(they are cheap and rank the offers); a lease's lattice game is played only when one of
its figures is asked for, and kept in the cache under the same identity key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from leasedesk.core.discounting import Discounting, FloatArray
from leasedesk.core.exits import ExitCurve
from leasedesk.core.flows import PARTS
from leasedesk.core.market.assumptions import MarketAssumptions, volatility_works
from leasedesk.core.market.lattice import LeaseGame, lease_game
from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS, MARKET_METRIC_KEYS, RANKING_KEY
from leasedesk.core.market.metrics import MarketMetrics, empty_market_metrics, market_metrics_of, walk_away_data
from leasedesk.core.market.walk_away_chart import WalkAwayChartData, walk_away_chart
from leasedesk.core.market.words import ExitClauseAtMarket, exit_clause_at_market
from leasedesk.core.metrics import Metrics, OfferFigures, breakeven_fee, offer_figures
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer, add_months

if TYPE_CHECKING:
    import pandas as pd  # imported where a schedule is built: it is slow, and off the window's start-up path


@dataclass(frozen=True)
class OfferResult:
    """One offer's figures within a comparison."""

    figures: OfferFigures
    metrics: Metrics  # the v1 keys of DESIGN.md 2
    is_baseline: bool
    equal_capacity: MarketMetrics = field(default_factory=lambda: dict.fromkeys(EQUAL_CAPACITY_KEYS))  # 7.1

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
        """Nominal cost paid up to and including each horizon month, then a last point at the end of the
        horizon with its amounts (residual value, returned deposits) netted: it ends at ``total_cost``,
        like the schedule's ``cumulative_cost`` column (``Comparison.horizon_dates`` are its dates)."""
        flows = self.figures.flows
        return np.cumsum(np.append(flows.monthly_cost(), flows.end_total()))


@dataclass
class ComparisonCache:
    """Figures of offers already computed, keyed by the identity of the offer and assumptions
    (the market is part of the assumptions, so a changed market plays every game again)."""

    _entries: dict[tuple[int, int], tuple[Offer, Assumptions, OfferFigures]] = field(default_factory=dict)
    _games: dict[tuple[int, int], tuple[LeaseOffer, Assumptions, LeaseGame]] = field(default_factory=dict)

    def figures(self, offer: Offer, assumptions: Assumptions) -> OfferFigures:
        key = (id(offer), id(assumptions))
        hit = self._entries.get(key)
        if hit is not None and hit[0] is offer and hit[1] is assumptions:
            return hit[2]
        figures = offer_figures(offer, assumptions)
        self._entries[key] = (offer, assumptions, figures)
        return figures

    def game(self, lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseGame:
        """The lease's game against ``market`` (the assumptions' own market), played on first ask."""
        key = (id(lease), id(assumptions))
        hit = self._games.get(key)
        if hit is not None and hit[0] is lease and hit[1] is assumptions:
            return hit[2]
        game = lease_game(lease, assumptions, market)
        self._games[key] = (lease, assumptions, game)
        return game

    def keep_only(self, deal: Deal) -> None:
        live = {(id(o), id(deal.assumptions)) for o in deal.offers}
        for entries in (self._entries, self._games):
            for key in list(entries):
                if key not in live:
                    del entries[key]


@dataclass(frozen=True)
class Comparison:
    deal: Deal
    baseline_id: str | None
    results: tuple[OfferResult, ...]
    required_gpus: int | None = None  # Q of the market view: stated, else the largest offer; None without a market
    _cache: ComparisonCache = field(default_factory=ComparisonCache, repr=False, compare=False)
    _market_metrics: dict[str, MarketMetrics] = field(default_factory=dict, repr=False, compare=False)

    def result(self, offer_id: str) -> OfferResult:
        for result in self.results:
            if result.offer_id == offer_id:
                return result
        raise KeyError(offer_id)

    def metric_values(self, key: str) -> dict[str, float | None]:
        """One metric of every offer: a v1 key, or a section-7 key (a lattice key plays the leases' games)."""
        if key in EQUAL_CAPACITY_KEYS:
            return {r.offer_id: r.equal_capacity[key] for r in self.results}
        if key in MARKET_METRIC_KEYS:
            return {r.offer_id: self.market_metrics(r.offer_id)[key] for r in self.results}
        return {r.offer_id: r.metrics[key] for r in self.results}

    # ----- the market view (DESIGN.md 7) -----
    @property
    def market(self) -> MarketAssumptions | None:
        return self.deal.assumptions.market

    @property
    def ranking_key(self) -> str:
        """The metric that ranks the offers: equal_capacity_per_gpu_hour with a market, else cost_per_gpu_hour."""
        return RANKING_KEY if self.market is not None else "cost_per_gpu_hour"

    def ranking(self) -> tuple[str, ...]:
        """Offer ids, best first by ``ranking_key`` (lower is better); offers without a figure last, ties in file
        order."""
        values = self.metric_values(self.ranking_key)
        order = {r.offer_id: index for index, r in enumerate(self.results)}

        def rank(offer_id: str) -> tuple[bool, float, int]:
            value = values[offer_id]
            return (value is None, value if value is not None else 0.0, order[offer_id])

        return tuple(sorted(values, key=rank))

    def lease_game(self, offer_id: str) -> LeaseGame | None:
        """The lattice game of a lease, played on first ask; None for a self-build, without a market, or for a
        market whose volatility is too low for its drift (loading refuses it; an unchecked copy gets no figures)."""
        market = self.market
        offer = self.result(offer_id).offer
        if market is None or not isinstance(offer, LeaseOffer):
            return None
        if not volatility_works(market.volatility, market.annual_change):
            return None
        return self._cache.game(offer, self.deal.assumptions, market)

    def market_metrics(self, offer_id: str) -> MarketMetrics:
        """Every section-7 key of one offer (null without a market); a lease's game is played on first ask."""
        cached = self._market_metrics.get(offer_id)
        if cached is not None:
            return cached
        result = self.result(offer_id)
        game = self.lease_game(offer_id)
        lattice = empty_market_metrics()
        if game is not None and self.market is not None:
            # required_gpus=None: the equal-capacity keys were computed with the comparison; only the game's here
            lattice = market_metrics_of(result.figures, self.deal.assumptions, self.market, None, game=game)
        metrics = {key: result.equal_capacity.get(key, lattice[key]) for key in MARKET_METRIC_KEYS}
        self._market_metrics[offer_id] = metrics
        return metrics

    def all_metrics(self, offer_id: str) -> dict[str, float | None]:
        """The v1 keys then the section-7 keys of one offer, as ``compare --json`` lists them."""
        return {**self.result(offer_id).metrics, **self.market_metrics(offer_id)}

    def walk_away(self, offer_id: str) -> list[dict[str, float | int | None]] | None:
        """The walk-away prices of a lease for each lease month (DESIGN.md 8.5); None without a game."""
        game = self.lease_game(offer_id)
        return walk_away_data(game) if game is not None else None

    def exit_clause_at_market(self, offer_id: str) -> ExitClauseAtMarket | None:
        """The lease's exit clause in words at the market's walk-away prices; None without a game."""
        game = self.lease_game(offer_id)
        offer = self.result(offer_id).offer
        if game is None or self.market is None or not isinstance(offer, LeaseOffer):
            return None
        return exit_clause_at_market(offer, self.market, game, self.deal.currency)

    def walk_away_chart(self, offer_id: str) -> WalkAwayChartData | None:
        """The series and marks of the lease's walk-away chart; None without a game (self-build, no market)."""
        game = self.lease_game(offer_id)
        offer = self.result(offer_id).offer
        if game is None or self.market is None or not isinstance(offer, LeaseOffer):
            return None
        return walk_away_chart(offer, self.deal.assumptions, self.market, game)

    def month_dates(self) -> list[dt.date]:
        a = self.deal.assumptions
        return [add_months(a.analysis_start, t) for t in range(a.horizon_months)]

    def horizon_dates(self) -> list[dt.date]:
        """The horizon's months and then its end: the dates of ``OfferResult.cumulative_cost``."""
        a = self.deal.assumptions
        return [add_months(a.analysis_start, t) for t in range(a.horizon_months + 1)]

    def schedule(self, offer_id: str) -> pd.DataFrame:
        return schedule_frame(self.result(offer_id).figures, self.deal.assumptions)

    def to_json_data(self) -> dict[str, object]:
        """The shape of ``leasedesk compare --json`` (DESIGN.md 4 and 8.5): every metric key, and each lease's
        walk-away prices when the deal has a market. Plays every lease's game."""
        offers: list[dict[str, object]] = []
        for r in self.results:
            offer: dict[str, object] = {
                "id": r.offer_id,
                "name": r.offer.name,
                "kind": r.offer.kind,
                "metrics": self.all_metrics(r.offer_id),
            }
            walk_away = self.walk_away(r.offer_id)
            if walk_away is not None:
                offer["walk_away"] = walk_away
            offers.append(offer)
        return {"name": self.deal.name, "currency": self.deal.currency, "baseline": self.baseline_id, "offers": offers}


def compare(deal: Deal, cache: ComparisonCache | None = None) -> Comparison:
    cache = cache if cache is not None else ComparisonCache()
    figures = [cache.figures(offer, deal.assumptions) for offer in deal.offers]
    baseline_id = deal.resolved_baseline()
    baseline = next((f for f in figures if f.offer.id == baseline_id), None)
    market = deal.assumptions.market
    required_gpus = market.required_gpus_for(deal.offers) if market is not None else None
    results = []
    for f in figures:
        metrics = dict(f.metrics)
        metrics["breakeven_fee"] = breakeven_fee(f, baseline)
        results.append(
            OfferResult(
                figures=f,
                metrics=metrics,
                is_baseline=f.offer.id == baseline_id,
                equal_capacity=_equal_capacity(f, deal.assumptions, market, required_gpus),
            )
        )
    cache.keep_only(deal)
    return Comparison(
        deal=deal, baseline_id=baseline_id, results=tuple(results), required_gpus=required_gpus, _cache=cache
    )


def _equal_capacity(
    figures: OfferFigures, assumptions: Assumptions, market: MarketAssumptions | None, required_gpus: int | None
) -> MarketMetrics:
    """The three 7.1 keys of one offer (null without a market): cheap, so computed with the v1 metrics."""
    if market is None:
        return dict.fromkeys(EQUAL_CAPACITY_KEYS)
    metrics = market_metrics_of(figures, assumptions, market, required_gpus, include_lattice=False)
    return {key: metrics[key] for key in EQUAL_CAPACITY_KEYS}


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
