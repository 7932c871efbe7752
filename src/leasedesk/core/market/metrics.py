"""The section-7 metric dict of one offer: equal capacity for every offer, the lattice game for leases.

The game is played only when asked (``include_lattice``), never as a side effect of the v1
metrics: an analysis that evaluates many changed copies on other metrics skips it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from leasedesk.core.discounting import FloatArray
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.equal_capacity import equal_capacity
from leasedesk.core.market.lattice import LeaseGame, lease_game
from leasedesk.core.market.metric_info import MARKET_METRIC_KEYS
from leasedesk.core.model import Assumptions, LeaseOffer, Offer

if TYPE_CHECKING:
    from leasedesk.core.metrics import OfferFigures

MarketMetrics = dict[str, float | None]


def empty_market_metrics() -> MarketMetrics:
    """Every section-7 key null: a deal without a market, or a figure not asked for."""
    return dict.fromkeys(MARKET_METRIC_KEYS)


def market_metrics(
    offer: Offer,
    assumptions: Assumptions,
    market: MarketAssumptions,
    own_gpu_hours: FloatArray,
    pv_cost: float,
    required_gpus: int | None,
    *,
    include_lattice: bool = True,
    game: LeaseGame | None = None,
) -> MarketMetrics:
    """The section-7 keys of one offer. ``own_gpu_hours`` is its ``OfferFlows.gpu_hours`` and
    ``pv_cost`` its v1 pv_cost; ``required_gpus`` is Q (None: no capacity to price, the 7.1 keys
    stay null). Self-builds get only the 7.1 keys; a lease gets the game's figures too when
    ``include_lattice`` (pass ``game`` to reuse one already played). A non-finite figure is null."""
    metrics = empty_market_metrics()
    if required_gpus is not None:
        capacity = equal_capacity(own_gpu_hours, pv_cost, assumptions, market, required_gpus)
        metrics["gap_cost_pv"] = capacity.gap_cost_pv
        metrics["equal_capacity_pv"] = capacity.equal_capacity_pv
        metrics["equal_capacity_per_gpu_hour"] = capacity.equal_capacity_per_gpu_hour
    if isinstance(offer, LeaseOffer) and include_lattice:
        played = game if game is not None else lease_game(offer, assumptions, market)
        metrics.update(game_metrics(played))
    return {key: _finite_or_none(value) for key, value in metrics.items()}


def market_metrics_of(
    figures: OfferFigures,
    assumptions: Assumptions,
    market: MarketAssumptions,
    required_gpus: int | None,
    *,
    include_lattice: bool = True,
    game: LeaseGame | None = None,
) -> MarketMetrics:
    """``market_metrics`` from an offer's v1 figures."""
    return market_metrics(
        figures.offer,
        assumptions,
        market,
        figures.flows.gpu_hours,
        figures.pv_cost,
        required_gpus,
        include_lattice=include_lattice,
        game=game,
    )


def game_metrics(game: LeaseGame) -> MarketMetrics:
    """The section-7.2 keys of a played game."""
    return {
        "term_cost_pv": game.term_cost_pv,
        "market_cost_pv": game.market_cost_pv,
        "market_value_pv": game.market_value_pv,
        "provider_revenue_pv": game.provider_revenue_pv,
        "expected_term_months": game.expected_term_months,
        "lessee_exit_value": game.lessee_exit_value,
        "provider_exit_cost": game.provider_exit_cost,
        "contract_savings_pv": game.contract_savings_pv,
    }


def walk_away_data(game: LeaseGame) -> list[dict[str, float | int | None]]:
    """The ``walk_away`` list of ``compare --json`` (DESIGN.md 8.5): one entry per lease month."""
    return [
        {
            "month": prices.month,
            "lessee_below": _finite_or_none(prices.lessee_below),
            "provider_above": _finite_or_none(prices.provider_above),
        }
        for prices in game.walk_away
    ]


def _finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)
