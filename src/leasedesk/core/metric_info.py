"""The metrics of DESIGN.md 2: their keys, labels, units and which way is better."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Better: TypeAlias = Literal["lower", "higher", "none"]
Unit: TypeAlias = Literal["money", "money_per_gpu_hour", "gpu_hours", "months", "month_index"]


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str
    unit: Unit
    better: Better
    description: str


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo("total_cost", "Total cost (nominal)", "money", "lower",
               "Sum of all cash flows over the horizon; residual value and returned deposits netted."),
    MetricInfo("pv_cost", "Present value of cost", "money", "lower",
               "Present value of all cash flows over the horizon."),
    MetricInfo("gpu_hours", "Delivered GPU-hours", "gpu_hours", "higher",
               "Sum of delivered GPU-hours over the horizon (bridge hours included)."),
    MetricInfo("cost_per_gpu_hour", "Levelized cost per GPU-hour", "money_per_gpu_hour", "lower",
               "Present value of cost divided by discounted GPU-hours."),
    MetricInfo("effective_monthly_cost", "Level monthly cost", "money", "lower",
               "Present value of cost spread as a level monthly payment over the horizon."),
    MetricInfo("min_commitment", "Minimum commitment", "money", "lower",
               "Leases: cost of walking away as early as the contract allows. Self-build: all capex."),
    MetricInfo("min_commitment_pv", "Minimum commitment (PV)", "money", "lower",
               "Present value of the minimum commitment."),
    MetricInfo("secured_months", "Secured months", "months", "higher",
               "How long the capacity is guaranteed before the provider may take it back."),
    MetricInfo("first_capacity_month", "First capacity (month)", "month_index", "lower",
               "First month of the analysis with delivered GPUs (0 = the analysis start)."),
    MetricInfo("breakeven_fee", "Break-even monthly fee", "money", "none",
               "Monthly fee at which the lease costs the same per GPU-hour as the baseline."),
)

METRIC_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS)
METRIC_BY_KEY: dict[str, MetricInfo] = {m.key: m for m in METRICS}

# Shown under the break-even fee; not a metric key of the contract (README, "Where the design left a choice").
HEADROOM_KEY = "breakeven_headroom"
HEADROOM_LABEL = "Headroom vs offered fee"
HEADROOM_DESCRIPTION = "Break-even fee minus the offered fee: positive means the lease beats the baseline."


def best_offer_ids(values: dict[str, float | None], key: str) -> set[str]:
    """The offer ids holding the best value of a metric (ties included); empty if not ranked."""
    return best_ids(values, METRIC_BY_KEY[key].better)


def best_ids(values: dict[str, float | None], better: str) -> set[str]:
    """The offer ids holding the best of ``values`` in the direction ``better`` (ties included, within
    1e-9 relative); empty when the metric is not ranked or fewer than two offers have it."""
    present = {offer_id: v for offer_id, v in values.items() if v is not None}
    if better == "none" or len(present) < 2:
        return set()
    target = min(present.values()) if better == "lower" else max(present.values())
    tolerance = 1e-9 * max(1.0, abs(target))
    return {offer_id for offer_id, v in present.items() if abs(v - target) <= tolerance}
