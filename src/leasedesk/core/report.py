"""The comparison as plain text, for the command line.

The table fits ``TABLE_WIDTH`` columns for three offers: when the cells are wider than that, the label
column is capped and each offer's column takes an equal share, with long cells wrapped onto more lines.
"""

from __future__ import annotations

import textwrap

from leasedesk.core.best_marks import marked_best, unmarked_reason
from leasedesk.core.comparison import Comparison
from leasedesk.core.coverage import partial_horizon_note
from leasedesk.core.formatting import (
    exit_clause_words,
    format_count,
    format_metric,
    format_money,
    format_percent,
    format_price_per_gpu_hour,
)
from leasedesk.core.headline import headline
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY, MARKET_METRICS
from leasedesk.core.metric_info import HEADROOM_LABEL, METRICS
from leasedesk.core.model import LeaseOffer
from leasedesk.core.terms.rows import term_rows

BEST_MARK = "*"
TABLE_WIDTH = 100
NOTE_WIDTH = TABLE_WIDTH
LABEL_WIDTH_CAP = 30
COLUMN_GAP = 2
MIN_COLUMN_WIDTH = 12

Row = list[str]  # [label, cell per offer]; [] is a blank line, [title] a block title


def comparison_table(comparison: Comparison, show_ids: bool = False) -> str:
    deal = comparison.deal
    offers = [r.offer for r in comparison.results]
    title = f"{deal.name} ({deal.currency}, {deal.assumptions.horizon_months} months from "
    title += f"{deal.assumptions.analysis_start:%b %Y}, discount rate {deal.assumptions.discount_rate:.1%})"
    if not offers:
        return title + "\nThis deal has no offers yet."

    baseline = comparison.baseline_id
    header = [""] + [o.display_name + (" [baseline]" if o.id == baseline else "") for o in offers]
    rows: list[Row] = [["id"] + [o.id for o in offers]] if show_ids else []
    for term in term_rows(deal):
        if term.key in ("lessee_exit", "provider_exit", "power"):
            continue
        rows.append([term.label] + [term.values[o.id] for o in offers])
    rows.append([])
    for info in METRICS:
        values = comparison.metric_values(info.key)
        best = marked_best(comparison, info.key)
        cells = []
        for o in offers:
            text = format_metric(info.key, values[o.id], deal.currency, deal.assumptions.analysis_start)
            cells.append(text + (f" {BEST_MARK}" if o.id in best else ""))
        rows.append([info.label, *cells])
    headroom = [format_money(r.breakeven_headroom, deal.currency) for r in comparison.results]
    rows.append([f"  {HEADROOM_LABEL}", *headroom])
    if comparison.market is not None:
        rows.extend(_market_rows(comparison))

    lines = [title, "", *textwrap.wrap(headline(comparison).sentence, NOTE_WIDTH), ""]
    lines.extend(_layout(header, rows))
    lines.append("")
    lines.append(f"{BEST_MARK} best in its row. Break-even fee: the monthly fee at which a lease costs the same")
    lines.append("per GPU-hour as the baseline (above the offered fee: the lease beats the baseline).")
    lines.extend(_comparability_notes(comparison))
    if comparison.market is not None:
        lines.extend(_market_notes(comparison))
    leases = [o for o in offers if isinstance(o, LeaseOffer)]
    if leases:
        lines.append("")
        lines.append("Exit clauses:")
        for lease in leases:
            lines.extend(_wrapped(f"{lease.display_name}: {exit_clause_words(lease, deal.currency)}", "  "))
            at_market = comparison.exit_clause_at_market(lease.id)
            if at_market is not None:
                lines.extend(_wrapped(f"at the market: {at_market.text}", "    "))
    return "\n".join(lines)


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, NOTE_WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _column_widths(header: Row, rows: list[Row]) -> list[int]:
    """Each column's natural width; when they do not fit TABLE_WIDTH, the label column capped and the
    offers' columns sharing the rest equally (never below MIN_COLUMN_WIDTH)."""
    table = [header, *(row for row in rows if len(row) > 1)]
    natural = [max(len(row[i]) for row in table) for i in range(len(header))]
    if sum(natural) + COLUMN_GAP * (len(natural) - 1) <= TABLE_WIDTH:
        return natural
    label = min(natural[0], LABEL_WIDTH_CAP)
    offers = len(natural) - 1
    share = max(MIN_COLUMN_WIDTH, (TABLE_WIDTH - label - COLUMN_GAP * offers) // offers)
    return [label, *(min(width, share) for width in natural[1:])]


def _layout(header: Row, rows: list[Row]) -> list[str]:
    widths = _column_widths(header, rows)
    lines = _row_lines(header, widths, bottom_aligned=True)
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        if len(row) <= 1:  # a blank line, or the title of a block
            lines.append(row[0] if row else "")
        else:
            lines.extend(_row_lines(row, widths))
    return lines


def _row_lines(row: Row, widths: list[int], bottom_aligned: bool = False) -> list[str]:
    """One table row as one or more lines: every cell wrapped to its column, the label left-aligned and the
    offers' cells right-aligned; the header's names bottom-aligned, so they sit on the rule."""
    columns = [
        textwrap.wrap(cell, width, break_on_hyphens=False) or [""] for cell, width in zip(row, widths, strict=True)
    ]
    height = max(len(column) for column in columns)
    lines = []
    for index in range(height):
        parts = []
        for number, (column, width) in enumerate(zip(columns, widths, strict=True)):
            line_index = index - (height - len(column)) if number and bottom_aligned else index
            text = column[line_index] if 0 <= line_index < len(column) else ""
            parts.append(text.ljust(width) if number == 0 else text.rjust(width))
        lines.append("  ".join(parts).rstrip())
    return lines


def _comparability_notes(comparison: Comparison) -> list[str]:
    """Why the totals carry no mark, and which offers' level monthly cost covers only part of the horizon."""
    notes = []
    reason = unmarked_reason(comparison, "total_cost")  # the same reason for every total
    if reason is not None:
        notes.append(f"Totals (nominal, PV, level monthly cost): {reason[0].lower()}{reason[1:]}")
    partial = [
        f"{r.offer.display_name} {note}"
        for r in comparison.results
        if (note := partial_horizon_note(comparison, r.offer_id)) is not None
    ]
    if partial:
        horizon = comparison.deal.assumptions.horizon_months
        notes.append(f"Level monthly cost spreads the PV over all {horizon} months: " + "; ".join(partial) + ".")
    return [line for note in notes for line in textwrap.wrap(note, NOTE_WIDTH)]


def _market_rows(comparison: Comparison) -> list[Row]:
    """The Market view block (DESIGN.md 7): every section-7 metric, best marked, and the ranking."""
    deal = comparison.deal
    offers = [r.offer for r in comparison.results]
    rows: list[Row] = [[], ["Market view"]]
    for info in MARKET_METRICS:
        values = comparison.metric_values(info.key)
        best = marked_best(comparison, info.key)
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
