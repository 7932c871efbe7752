"""The section-7 metrics: keys, labels, units and which way is better (like core.metric_info for v1)."""

from __future__ import annotations

from leasedesk.core.metric_info import MetricInfo, best_ids

MARKET_METRICS: tuple[MetricInfo, ...] = (
    MetricInfo("gap_cost_pv", "Gap bought at market (PV)", "money", "lower",
               "Present value of the required GPU-hours the offer does not deliver, bought at the expected price."),
    MetricInfo("equal_capacity_pv", "Equal-capacity cost (PV)", "money", "lower",
               "Present value of cost plus the gap bought at the market: every offer priced for the same capacity."),
    MetricInfo("equal_capacity_per_gpu_hour", "Equal-capacity cost per GPU-hour", "money_per_gpu_hour", "lower",
               "Equal-capacity cost divided by the discounted required GPU-hours; ranks the offers first."),
    MetricInfo("term_cost_pv", "Lease held to term (PV)", "money", "lower",
               "Present value of the lease's whole term when neither side leaves early."),
    MetricInfo("market_cost_pv", "Same capacity at market (PV)", "money", "none",
               "Present value of the lease's GPU-hours bought month by month at the expected market price."),
    MetricInfo("market_value_pv", "Expected lease cost with exits (PV)", "money", "lower",
               "The lessee's expected cost when both sides use their exit rights in their own interest."),
    MetricInfo("provider_revenue_pv", "Provider's expected revenue (PV)", "money", "none",
               "The provider's expected revenue from the lease, net of re-letting costs on early ends."),
    MetricInfo("expected_term_months", "Expected term", "months", "none",
               "Expected effective length of the lease when both sides use their exit rights."),
    MetricInfo("lessee_exit_value", "Value of your exit right", "money", "higher",
               "How much the lessee's exit right lowers the lessee's expected cost."),
    MetricInfo("provider_exit_cost", "Cost of the provider's exit right", "money", "lower",
               "How much the provider's exit right raises the lessee's expected cost."),
    MetricInfo("contract_savings_pv", "Savings against the market (PV)", "money", "higher",
               "Same capacity at market minus the expected lease cost; negative when the market is cheaper."),
)

MARKET_METRIC_KEYS: tuple[str, ...] = tuple(m.key for m in MARKET_METRICS)
MARKET_METRIC_BY_KEY: dict[str, MetricInfo] = {m.key: m for m in MARKET_METRICS}
EQUAL_CAPACITY_KEYS: tuple[str, ...] = ("gap_cost_pv", "equal_capacity_pv", "equal_capacity_per_gpu_hour")
RANKING_KEY = "equal_capacity_per_gpu_hour"  # with a market, the comparison ranks offers by this first


def best_market_offer_ids(values: dict[str, float | None], key: str) -> set[str]:
    """The offer ids holding the best value of a section-7 metric (ties included); empty if not ranked."""
    return best_ids(values, MARKET_METRIC_BY_KEY[key].better)
