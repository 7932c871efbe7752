"""The comparison as plain text, for the command line."""

from __future__ import annotations

from leasedesk.core.comparison import Comparison
from leasedesk.core.formatting import exit_clause_words, format_metric, format_money
from leasedesk.core.metric_info import HEADROOM_LABEL, METRICS, best_offer_ids
from leasedesk.core.model import LeaseOffer
from leasedesk.core.terms.rows import term_rows

BEST_MARK = "*"


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

    widths = [max(len(r[i]) for r in [header, *rows] if r) for i in range(len(header))]
    lines = [title, ""]
    lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(header)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        if not row:
            lines.append("")
            continue
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    lines.append("")
    lines.append(f"{BEST_MARK} best in its row. Break-even fee: the monthly fee at which a lease costs the same")
    lines.append("per GPU-hour as the baseline (above the offered fee: the lease beats the baseline).")
    leases = [o for o in offers if isinstance(o, LeaseOffer)]
    if leases:
        lines.append("")
        lines.append("Exit clauses:")
        for lease in leases:
            lines.append(f"  {lease.display_name}: {exit_clause_words(lease, deal.currency)}")
    return "\n".join(lines)
