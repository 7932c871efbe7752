"""The negotiation analyses as plain-text tables, for the command line (like core.report for the comparison)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from leasedesk.core.formatting import currency_prefix, format_count, format_money, format_percent
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY
from leasedesk.core.metric_info import METRIC_BY_KEY, MetricInfo
from leasedesk.core.model import Deal
from leasedesk.core.negotiation.bridge import Bridge
from leasedesk.core.negotiation.sensitivity import Sensitivity
from leasedesk.core.negotiation.solve import SolveResult
from leasedesk.core.negotiation.term_values import TermValues

DASH = "—"
PERCENT_TERMS = ("escalator", "availability", "discount_rate", "annual_change", "power_escalator", "maintenance_pct")
PRICE_TERMS = ("price_per_kwh", "electricity_price_per_kwh", "bridge_price_per_gpu_hour", "price_per_gpu_hour")


def metric_info(key: str) -> MetricInfo:
    return METRIC_BY_KEY[key] if key in METRIC_BY_KEY else MARKET_METRIC_BY_KEY[key]


def format_value(key: str, value: float | None, currency: str, *, signed: bool = False) -> str:
    """A metric's value (or change, ``signed``) with its unit: money scaled, $/GPU-h to 4 decimals."""
    if value is None or not math.isfinite(value):
        return DASH
    unit = metric_info(key).unit
    sign = "+" if signed and value > 0 else ""
    if unit == "money":
        return sign + format_money(value, currency)
    if unit == "money_per_gpu_hour":
        minus = "-" if value < 0 and abs(value) >= 0.00005 else ""
        return f"{sign}{minus}{currency_prefix(currency)}{abs(value):,.4f}/GPU-h"
    if unit == "months" or unit == "month_index":
        return f"{sign}{value:,.2f} months"
    return f"{sign}{value:,.0f}"


def format_term(key: str, value: float | None, currency: str, *, signed: bool = False) -> str:
    """A term's value (or step, ``signed``) as a dealmaker reads it."""
    if value is None or not math.isfinite(value):
        return DASH
    name = key.rsplit(".", 1)[-1]
    sign = "+" if signed and value > 0 else ""
    if name in PERCENT_TERMS:
        return sign + format_percent(value, 2)
    if name in PRICE_TERMS:
        return f"{sign}{'-' if value < 0 else ''}{currency_prefix(currency)}{abs(value):,.4f}"
    if name == "notice_days":
        return f"{sign}{value:g} days"
    if name in ("start", "term_months", "build_months", "lock_in_months"):
        return f"{sign}{value:g} month{'' if abs(value) == 1 else 's'}"
    if name == "gpus":
        return sign + format_count(value)
    return sign + format_money(value, currency)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns aligned: the first to the left, the others to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def bridge_text(result: Bridge, deal: Deal) -> str:
    currency = deal.currency
    lines = [f"Bridge of {result.offer_id} from {result.source!r} to its current terms", ""]
    if not result.changed:
        lines.append("No clause changed: every figure is as it was.")
        return "\n".join(lines)
    header = ["", *(metric_info(m.key).label for m in result.metrics)]
    rows = [["Before", *(format_value(m.key, m.before, currency) for m in result.metrics)]]
    for clause in result.changed:
        shown = (format_value(m.key, m.contributions[clause], currency, signed=True) for m in result.metrics)
        rows.append([f"  {clause}", *shown])
    rows.append(["After", *(format_value(m.key, m.after, currency) for m in result.metrics)])
    lines += table(header, rows)
    lines += [
        "",
        "Each clause's contribution is its Shapley value: its average effect over every order in which the",
        "changed clauses could have been agreed. They add up to after minus before and do not depend on the",
        "order the clauses are listed in (a one-at-a-time bridge would).",
    ]
    return "\n".join(lines)


def term_values_text(result: TermValues, deal: Deal) -> str:
    currency = deal.currency
    header = ["Term", "Step", *(f"Δ {metric_info(k).label}" for k in result.metric_keys), "Fee equivalent"]
    market = any(s.market_fee_equivalent is not None for s in result.steps)
    if market:
        header.append("Market fee equivalent")
    rows = []
    for step in result.steps:
        row = [
            step.term,
            format_term(step.term, step.step, currency, signed=True),
            *(format_value(k, step.changes[k], currency, signed=True) for k in result.metric_keys),
            format_money(step.fee_equivalent, currency) if step.fee_equivalent is not None else DASH,
        ]
        if market:
            row.append(format_money(step.market_fee_equivalent, currency) if step.market_fee_equivalent is not None
                       else DASH)
        rows.append(row)
    lines = [f"What one step of each term of {result.offer_id} is worth", "", *table(header, rows), ""]
    lines.append("Fee equivalent: the change of the monthly fee that moves the present value of cost as much.")
    lines.append("The horizon figures assume the full term, so exit terms move only the minimum commitment;")
    lines.append("the market view prices them (market fee equivalent, with a market in the assumptions).")
    return "\n".join(lines)


def solve_text(result: SolveResult, deal: Deal) -> str:
    currency = deal.currency
    target = format_value(result.metric, result.target, currency)
    if result.value is None:
        return f"No value of {result.term} makes {result.metric} of {result.offer_id} meet {target}: {result.reason}."
    value = format_term(result.term, result.value, currency)
    at = format_value(result.metric, result.metric_at_value, currency)
    exact = f"{result.value:.10g}"
    return f"{result.term} of {result.offer_id} = {value} ({exact}): {result.metric} is {at}, target {target}."


def sensitivity_text(result: Sensitivity, deal: Deal) -> str:
    currency = deal.currency
    metric = result.metric
    advantage = format_value(metric, result.advantage, currency, signed=True)
    lines = [
        f"Advantage of {result.offer_id} over the baseline {result.baseline_id} in {metric_info(metric).label}",
        f"(baseline minus offer; positive: the offer wins). Now: {advantage}",
        "",
    ]
    rows = [
        [
            bar.input,
            format_term(bar.input, bar.low, currency),
            format_term(bar.input, bar.high, currency),
            format_value(metric, bar.advantage_low, currency, signed=True),
            format_value(metric, bar.advantage_high, currency, signed=True),
            format_value(metric, bar.swing, currency),
        ]
        for bar in result.tornado
    ]
    lines += table(["Input", "Low", "High", "Advantage at low", "Advantage at high", "Swing"], rows)
    grid = result.grid
    if grid is not None:
        lines += ["", f"Grid: {grid.rows} (rows) by {grid.columns} (columns); each cell: advantage [best offer]", ""]
        columns = (format_term(grid.columns, c, currency) for c in grid.column_values)
        header = [f"{grid.rows} \\ {grid.columns}", *columns]
        cells = [
            [
                format_term(grid.rows, r, currency),
                *(
                    f"{format_value(metric, a, currency, signed=True)} [{b or DASH}]"
                    for a, b in zip(grid.advantage[i], grid.best[i], strict=True)
                ),
            ]
            for i, r in enumerate(grid.row_values)
        ]
        lines += table(header, cells)
    return "\n".join(lines)
