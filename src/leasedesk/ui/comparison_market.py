"""The comparison table's Market view block (DESIGN.md 7): a heading, the rank, then each section-7 metric.

Rows only when the deal has a market. The figures, their words, the best of each row
(``core.best_marks.marked_best``) and the order of the offers (``Comparison.ranking``) come from core;
asking for a lattice figure plays a lease's game once, which the comparison caches.

The block is given row by row (``market_row_specs``), cell by cell (``market_cell``) with the best
of each row apart (``market_best``), so a model that builds its table by rows or by columns can use
it. Unlike a v1 figure, a market cell depends on the other offers too (the required GPUs default to
the largest offer; the rank orders them all), so a change to one offer can change every column here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from leasedesk.core.best_marks import marked_best
from leasedesk.core.formatting import format_metric
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY, MARKET_METRICS
from leasedesk.core.metric_info import METRIC_BY_KEY, MetricInfo
from leasedesk.ui.comparison_cells import Cell

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

MARKET_HEADING_KEY = "market_view"
RANK_KEY = "rank"
HEADING_KIND = "heading"
RANK_KIND = "rank"
MARKET_KIND = "market"

_DIRECTION = {"lower": "Lower is better.", "higher": "Higher is better.", "none": "Not ranked: shown for reference."}


class RowSpec(NamedTuple):
    key: str
    label: str
    kind: str
    description: str


def market_row_specs(comparison: Comparison) -> list[RowSpec]:
    """The rows of the Market view block; none without a market."""
    if comparison.market is None or not comparison.results:
        return []
    ranking = _ranking_info(comparison)
    return [
        RowSpec(MARKET_HEADING_KEY, "Market view", HEADING_KIND,
                "Every offer against the market price of comparable capacity (Assumptions tab, Market)."),
        RowSpec(RANK_KEY, "Rank", RANK_KIND, f"Offers ranked by {ranking.label.lower()}, lowest first."),
        *(RowSpec(info.key, info.label, MARKET_KIND, f"{info.description} {_DIRECTION[info.better]}")
          for info in MARKET_METRICS),
    ]


def market_cell(comparison: Comparison, key: str, offer_id: str) -> Cell:
    """One cell of the block: the heading's is empty, the rank's a place (1 = best), else core's words."""
    if key == MARKET_HEADING_KEY:
        return Cell("", None)
    if key == RANK_KEY:
        rank = market_rank(comparison, offer_id)
        ranking = _ranking_info(comparison)
        if rank is None:
            return Cell("—", None, tooltip=f"No {ranking.label.lower()}: not ranked.")
        shown = format_metric(ranking.key, comparison.metric_values(ranking.key)[offer_id], _currency(comparison))
        return Cell(str(rank), rank, tooltip=f"{ranking.label}: {shown}.")
    value = comparison.market_metrics(offer_id)[key]
    return Cell(format_metric(key, value, _currency(comparison)), value)


def market_best(comparison: Comparison, key: str) -> set[str]:
    """The offers marked best in a row of the block: DESIGN.md 7's directions; the rank's first place."""
    if key == MARKET_HEADING_KEY:
        return set()
    if key == RANK_KEY:
        places = _places(comparison)
        return {offer_id for offer_id, place in places.items() if place == 1} if len(places) >= 2 else set()
    return marked_best(comparison, key)


def market_rank(comparison: Comparison, offer_id: str) -> int | None:
    """The offer's place by the comparison's ranking metric with a market; None without a market or the figure."""
    return _places(comparison).get(offer_id)


_last_places: tuple[Comparison, dict[str, int]] | None = None


def _places(comparison: Comparison) -> dict[str, int]:
    """Offer id -> place (1 = best) of the ranked offers, worked out once per comparison (a table asks per cell)."""
    global _last_places
    if _last_places is not None and _last_places[0] is comparison:
        return _last_places[1]
    places: dict[str, int] = {}
    if comparison.market is not None:
        values = comparison.metric_values(comparison.ranking_key)
        ranked = [offer_id for offer_id in comparison.ranking() if values[offer_id] is not None]
        places = {offer_id: index + 1 for index, offer_id in enumerate(ranked)}
    _last_places = (comparison, places)
    return places


def _ranking_info(comparison: Comparison) -> MetricInfo:
    key = comparison.ranking_key
    return MARKET_METRIC_BY_KEY.get(key) or METRIC_BY_KEY[key]


def _currency(comparison: Comparison) -> str:
    return comparison.deal.currency
