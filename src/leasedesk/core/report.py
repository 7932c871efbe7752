"""The comparison as plain text, for the command line."""

from __future__ import annotations

import textwrap

from leasedesk.core.comparison import Comparison
from leasedesk.core.formatting import (
    exit_clause_words,
    format_count,
    format_metric,
    format_money,
    format_percent,
    format_price_per_gpu_hour,
)
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY, MARKET_METRICS, best_market_offer_ids
from leasedesk.core.metric_info import HEADROOM_LABEL, METRICS, best_offer_ids
from leasedesk.core.model import LeaseOffer
from leasedesk.core.terms.rows import term_rows

BEST_MARK = "*"
NOTE_WIDTH = 100


def comparison_table(comparison: Comparison) -> str:
    deal = comparison.deal
    offers = [r.offer for r in comparison.results]
    baseline = comparison.baseline_id
    title = f"{deal.name} ({deal.currency}, {deal.assumptions.horizon_months} months from "
    title += f"{deal.assumptions.analysis_start:%b %Y}, discount rate {deal.assumptions.discount_rate:.1%})"
    if not offers:
        return title + "\nThis deal has no offers yet."

    header = [""] + [o.display_name + (" [baseline]" if o.id == baseline else "") for o in offers]
    rows: list[list[str]] = [["id"] + [o.id for o in offers]]
    for term in term_rows(deal):
        if term.key in ("lessee_exit", "provider_exit", "power"):
            continue
        rows.append([term.label] + [term.values[o.id] for o in offers])
    rows.append([])
    for info in METRICS:
        values = comparison.metric_values(info.key)
        best = best_offer_ids(values, info.key)
        cells = []
        for o in offers:
            text = format_metric(info.key, values[o.id], deal.currency, deal.assumptions.analysis_start)
            cells.append(text + (f" {BEST_MARK}" if o.id in best else ""))
        rows.append([info.label, *cells])
    headroom = [format_money(r.breakeven_headroom, deal.currency) for r in comparison.results]
    rows.append([f"  {HEADROOM_LABEL}", *headroom])
    if comparison.market is not None:
        rows.extend(_market_rows(comparison))

    widths = [max(len(r[i]) for r in [header, *rows] if len(r) > i) for i in range(len(header))]
    lines = [title, ""]
    lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(header)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        if len(row) <= 1:  # a blank line, or the title of a block
            lines.append(row[0] if row else "")
            continue
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    lines.append("")
    lines.append(f"{BEST_MARK} best in its row. Break-even fee: the monthly fee at which a lease costs the same")
    lines.append("per GPU-hour as the baseline (above the offered fee: the lease beats the baseline).")
    if comparison.market is not None:
        lines.extend(_market_notes(comparison))
    leases = [o for o in offers if isinstance(o, LeaseOffer)]
    if leases:
        lines.append("")
        lines.append("Exit clauses:")
        for lease in leases:
            lines.append(f"  {lease.display_name}: {exit_clause_words(lease, deal.currency)}")
            at_market = comparison.exit_clause_at_market(lease.id)
            if at_market is not None:
                lines.append(f"    at the market: {at_market.text}")
    return "\n".join(lines)


def _market_rows(comparison: Comparison) -> list[list[str]]:
    """The Market view block (DESIGN.md 7): every section-7 metric, best marked, and the ranking."""
    deal = comparison.deal
    offers = [r.offer for r in comparison.results]
    rows: list[list[str]] = [[], ["Market view"]]
    for info in MARKET_METRICS:
        values = comparison.metric_values(info.key)
        best = best_market_offer_ids(values, info.key)
        cells = [
            format_metric(info.key, values[o.id], deal.currency) + (f" {BEST_MARK}" if o.id in best else "")
            for o in offers
        ]
        rows.append([info.label, *cells])
    values = comparison.metric_values(comparison.ranking_key)
    place = {offer_id: index + 1 for index, offer_id in enumerate(comparison.ranking())}
    rows.append(["Rank", *(str(place[o.id]) if values[o.id] is not None else "—" for o in offers)])
    return rows


def _market_notes(comparison: Comparison) -> list[str]:
    """What the Market view assumes, in words under the table."""
    market = comparison.market
    assert market is not None
    currency = comparison.deal.currency
    required = "—" if comparison.required_gpus is None else format_count(comparison.required_gpus)
    source = "stated" if market.required_gpus is not None else "the largest offer"
    label = MARKET_METRIC_BY_KEY[comparison.ranking_key].label
    text = (
        f"Market view: comparable capacity at {format_price_per_gpu_hour(market.price_per_gpu_hour, currency)} "
        f"at the analysis start, changing {format_percent(market.annual_change)} a year, volatility "
        f"{market.volatility:g} a year; {required} GPUs required every month ({source}); one-off costs of an "
        f"early end: yours {format_money(market.lessee_switching_cost, currency)}, the provider's "
        f"{format_money(market.provider_relet_cost, currency)}. Rank: by {label[0].lower() + label[1:]}, each "
        "offer topped up to the required capacity at the expected price (surplus is not sold). Expected values "
        "use the price lattice's probabilities and the deal's discount rate: a decision-maker's view, not a "
        "market price of the exit rights."
    )
    return ["", *textwrap.wrap(text, NOTE_WIDTH)]
