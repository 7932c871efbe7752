"""The one way the analyses of DESIGN.md 8 read a metric of an offer in a changed copy of a deal.

``MetricEvaluator.metric(deal, offer_id, key)`` gives the value ``compare(deal)`` would give,
but computes only the offers a copy changed: figures are cached by the identity of the offer
and the assumptions (domain objects are frozen, so an unchanged offer keeps its identity, as
in ``ComparisonCache``). Section-7 keys use the deal's market, with the default required GPUs
worked out again for each copy; the lattice game is played only for a lattice key.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from leasedesk.core.market.assumptions import MarketAssumptions, volatility_works
from leasedesk.core.market.lattice import LeaseGame, lease_game
from leasedesk.core.market.market_values import lease_market_value, lease_market_values
from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS, MARKET_METRIC_KEYS
from leasedesk.core.market.metrics import market_metrics_of
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.metrics import OfferFigures, breakeven_fee, offer_figures
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer
from leasedesk.core.negotiation.copies import deal_market

KNOWN_METRIC_KEYS: tuple[str, ...] = METRIC_KEYS + MARKET_METRIC_KEYS
LATTICE_KEYS: frozenset[str] = frozenset(MARKET_METRIC_KEYS) - frozenset(EQUAL_CAPACITY_KEYS)
DEFAULT_CACHE_ENTRIES = 512


class _IdentityCache:
    """A small least-recently-used cache keyed by the identity of frozen objects (kept alive while held)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._entries: OrderedDict[tuple[int, ...], tuple[tuple[object, ...], Any]] = OrderedDict()

    def get(self, objects: tuple[object, ...]) -> Any:
        key = tuple(id(o) for o in objects)
        hit = self._entries.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], objects, strict=True)):
            return None
        self._entries.move_to_end(key)
        return hit[1]

    def put(self, objects: tuple[object, ...], value: Any) -> None:
        self._entries[tuple(id(o) for o in objects)] = (objects, value)
        if len(self._entries) > self._limit:
            self._entries.popitem(last=False)


class MetricEvaluator:
    """Metrics of offers in copies of a deal, each offer's figures computed once per identity."""

    def __init__(self, cache_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self._figures = _IdentityCache(cache_entries)
        self._games = _IdentityCache(cache_entries)
        self._values = _IdentityCache(cache_entries)

    def figures(self, offer: Offer, assumptions: Assumptions) -> OfferFigures:
        found: OfferFigures | None = self._figures.get((offer, assumptions))
        if found is None:
            found = offer_figures(offer, assumptions)
            self._figures.put((offer, assumptions), found)
        return found

    def game(self, lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> LeaseGame:
        found: LeaseGame | None = self._games.get((lease, assumptions, market))
        if found is None:
            found = lease_game(lease, assumptions, market)
            self._games.put((lease, assumptions, market), found)
        return found

    def _market_value(self, lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions) -> float | None:
        """market_value_pv from a game already played, else from the game with both rights alone (a third
        of the work: the bridge of market_value_pv plays up to 1,024 blends)."""
        value = self._known_market_value(lease, assumptions, market)
        if value is None:
            value = lease_market_value(lease, assumptions, market)
            self._values.put((lease, assumptions, market), value)
        return value if math.isfinite(value) else None

    def market_values(self, deals: Sequence[Deal], offer_id: str) -> list[float | None]:
        """market_value_pv of the offer in each copy, as ``metric`` gives it; the leases not played yet are
        played side by side (``lease_market_values``), which is what makes the bridge of that metric quick."""
        results: list[float | None] = [None] * len(deals)
        groups: dict[tuple[int, int], tuple[Assumptions, MarketAssumptions, list[tuple[int, LeaseOffer]]]] = {}
        for index, deal in enumerate(deals):
            offer, market = deal.offer(offer_id), deal_market(deal)
            if market is None or not isinstance(offer, LeaseOffer):
                continue
            if not volatility_works(market.volatility, market.annual_change):
                continue
            if self._known_market_value(offer, deal.assumptions, market) is not None:
                results[index] = self._market_value(offer, deal.assumptions, market)
                continue
            group = groups.setdefault((id(deal.assumptions), id(market)), (deal.assumptions, market, []))
            group[2].append((index, offer))
        for assumptions, market, members in groups.values():
            values = lease_market_values([offer for _, offer in members], assumptions, market)
            for (index, offer), value in zip(members, values, strict=True):
                self._values.put((offer, assumptions, market), value)
                results[index] = value if math.isfinite(value) else None
        return results

    def _known_market_value(
        self, lease: LeaseOffer, assumptions: Assumptions, market: MarketAssumptions
    ) -> float | None:
        played: LeaseGame | None = self._games.get((lease, assumptions, market))
        if played is not None:
            return played.market_value_pv
        found: float | None = self._values.get((lease, assumptions, market))
        return found

    def metric(self, deal: Deal, offer_id: str, key: str) -> float | None:
        """The offer's value of a metric key of DESIGN.md 2 or 7 in this deal; None where it has none."""
        return self.metrics(deal, offer_id, (key,))[key]

    def metrics(self, deal: Deal, offer_id: str, keys: Iterable[str]) -> dict[str, float | None]:
        offer = deal.offer(offer_id)
        assumptions = deal.assumptions
        figures = self.figures(offer, assumptions)
        market = deal_market(deal)
        values: dict[str, float | None] = {}
        for key in keys:
            if key == "breakeven_fee":
                values[key] = breakeven_fee(figures, self._baseline_figures(deal))
            elif key in figures.metrics:
                values[key] = figures.metrics[key]
            elif key in MARKET_METRIC_KEYS:
                values[key] = None if market is None else self._market_metric(deal, figures, market, key)
            else:
                raise KeyError(key)
        return values

    def _baseline_figures(self, deal: Deal) -> OfferFigures | None:
        baseline_id = deal.resolved_baseline()
        baseline = next((o for o in deal.offers if o.id == baseline_id), None)
        return self.figures(baseline, deal.assumptions) if baseline is not None else None

    def _market_metric(self, deal: Deal, figures: OfferFigures, market: MarketAssumptions, key: str) -> float | None:
        offer, assumptions = figures.offer, deal.assumptions
        lattice = key in LATTICE_KEYS
        playable = isinstance(offer, LeaseOffer) and volatility_works(market.volatility, market.annual_change)
        if lattice and not playable:
            return None  # a self-build plays no game; nor does a copy whose volatility is too low for its drift
        if key == "market_value_pv" and isinstance(offer, LeaseOffer):
            return self._market_value(offer, assumptions, market)
        game = self.game(offer, assumptions, market) if lattice and isinstance(offer, LeaseOffer) else None
        required = market.required_gpus_for(deal.offers)  # a default that depends on the offers: this copy's
        values = market_metrics_of(figures, assumptions, market, required, include_lattice=lattice, game=game)
        return values[key]
