"""The one rule for the "best" marks of the comparison (window, CLI table and workbook).

A mark must never reward delivering less: the totals (total_cost, pv_cost, effective_monthly_cost) are
marked only when every offer delivers about the same GPU-hours (within 1% of the largest); the
per-GPU-hour metrics, the commitments, gpu_hours itself and the section-7 figures are always marked by
their direction (DESIGN.md 2 and 7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leasedesk.core.formatting import format_gpu_hours
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY, best_market_offer_ids
from leasedesk.core.metric_info import METRIC_BY_KEY, best_offer_ids

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

TOTALS_NEED_EQUAL_HOURS: frozenset[str] = frozenset({"total_cost", "pv_cost", "effective_monthly_cost"})
EQUAL_HOURS_TOLERANCE = 0.01  # every offer's gpu_hours within 1% of the largest


def _unequal_hours(comparison: Comparison) -> tuple[float, float] | None:
    """(smallest, largest) gpu_hours when some offer delivers more than 1% less than the largest, else None."""
    hours = [value or 0.0 for value in comparison.metric_values("gpu_hours").values()]
    if len(hours) < 2:
        return None
    largest, smallest = max(hours), min(hours)
    if smallest >= largest * (1.0 - EQUAL_HOURS_TOLERANCE):
        return None
    return smallest, largest


def _rank_direction(key: str) -> str:
    info = METRIC_BY_KEY.get(key) or MARKET_METRIC_BY_KEY[key]
    return info.better


def marked_best(comparison: Comparison, key: str) -> set[str]:
    """Offer ids marked best in the row of metric ``key`` (ties included); empty when the row is not ranked,
    when fewer than two offers have a figure, or for a total while the offers deliver unequal GPU-hours."""
    if key in TOTALS_NEED_EQUAL_HOURS and _unequal_hours(comparison) is not None:
        return set()
    values = comparison.metric_values(key)
    if key in METRIC_BY_KEY:
        return best_offer_ids(values, key)
    return best_market_offer_ids(values, key)


def unmarked_reason(comparison: Comparison, key: str) -> str | None:
    """Why a ranked row carries no mark, for its tooltip; None when it is marked or never ranked."""
    if _rank_direction(key) == "none" or key not in TOTALS_NEED_EQUAL_HOURS:
        return None
    spread = _unequal_hours(comparison)
    if spread is None:
        return None
    smallest, largest = spread
    return (
        f"Not marked: the offers deliver different GPU-hours ({format_gpu_hours(smallest)} to "
        f"{format_gpu_hours(largest)}), so a lower total may only mean less capacity. "
        "Compare the cost per GPU-hour instead."
    )
