"""The comparison table's Market view block (DESIGN.md 7): a heading, the rank, then each section-7 metric.

Rows only when the deal has a market. The figures, their words, the best of each row
(``best_market_offer_ids``) and the order of the offers (``Comparison.ranking``) come from core;
asking for a lattice figure plays a lease's game once, which the comparison caches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leasedesk.core.formatting import format_metric
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY, MARKET_METRICS, best_market_offer_ids
from leasedesk.core.metric_info import METRIC_BY_KEY, MetricInfo
from leasedesk.ui.comparison_model import Cell, Row

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

MARKET_HEADING_KEY = "market_view"
RANK_KEY = "rank"
HEADING_KIND = "heading"
RANK_KIND = "rank"
MARKET_KIND = "market"

_DIRECTION = {"lower": "Lower is better.", "higher": "Higher is better.", "none": "Not ranked: shown for reference."}


def market_rows(comparison: Comparison) -> list[Row]:
    """The Market view block of the table; empty without a market."""
    if comparison.market is None or not comparison.results:
        return []
    heading = Row(
        MARKET_HEADING_KEY,
        "Market view",
        HEADING_KIND,
        "Every offer against the market price of comparable capacity (Assumptions tab, Market).",
        tuple(Cell("", None) for _ in comparison.results),
    )
    return [heading, rank_row(comparison), *(_metric_row(comparison, info) for info in MARKET_METRICS)]


def rank_row(comparison: Comparison) -> Row:
    """Each offer's place by the comparison's ranking metric (1 = best); a dash without the figure."""
    deal = comparison.deal
    key = comparison.ranking_key
    info = MARKET_METRIC_BY_KEY.get(key) or METRIC_BY_KEY[key]
    values = comparison.metric_values(key)
    place = {offer_id: index + 1 for index, offer_id in enumerate(comparison.ranking())}
    cells = []
    for result in comparison.results:
        value = values[result.offer_id]
        if value is None:
            cells.append(Cell("—", None, tooltip=f"No {info.label.lower()}: not ranked."))
            continue
        shown = format_metric(key, value, deal.currency)
        rank = place[result.offer_id]
        cells.append(Cell(str(rank), rank, best=rank == 1, tooltip=f"{info.label}: {shown}."))
    description = f"Offers ranked by {info.label.lower()}, lowest first."
    return Row(RANK_KEY, "Rank", RANK_KIND, description, tuple(cells))


def _metric_row(comparison: Comparison, info: MetricInfo) -> Row:
    deal = comparison.deal
    values = comparison.metric_values(info.key)
    best = best_market_offer_ids(values, info.key)
    cells = tuple(
        Cell(format_metric(info.key, values[r.offer_id], deal.currency), values[r.offer_id], best=r.offer_id in best)
        for r in comparison.results
    )
    return Row(info.key, info.label, MARKET_KIND, f"{info.description} {_DIRECTION[info.better]}", cells)
