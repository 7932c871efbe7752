"""The comparison's rows in reading order: the answer first, then groups that fold.

The figures that decide come first, so they are in sight without scrolling on a laptop screen
(issue 13): with a market the equal-capacity cost per GPU-hour and its PV, then the levelized
cost per GPU-hour, the PV of cost, the break-even fee and its headroom, and the minimum
commitment. Then three groups, each under a heading row that folds it: the Terms, the other
figures, and the rest of the Market view. The keys and the cells stay those of
``comparison_cells`` and ``comparison_market``; only the order and the grouping are decided here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leasedesk.core.metric_info import HEADROOM_KEY
from leasedesk.ui.comparison_cells import Row, table_rows
from leasedesk.ui.comparison_market import HEADING_KIND, MARKET_HEADING_KEY, market_row_specs

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

TERMS_GROUP = "terms"
FIGURES_GROUP = "figures"
MARKET_GROUP = "market"
GROUPS = (TERMS_GROUP, FIGURES_GROUP, MARKET_GROUP)
TERMS_HEADING_KEY = "terms_heading"
FIGURES_HEADING_KEY = "figures_heading"
HEADING_KEYS = {TERMS_GROUP: TERMS_HEADING_KEY, FIGURES_GROUP: FIGURES_HEADING_KEY, MARKET_GROUP: MARKET_HEADING_KEY}

HIDDEN_KEYS = frozenset({"kind"})  # never shown: each offer's header already says lease or self-build
DECIDING_KEYS = ("cost_per_gpu_hour", "pv_cost", "breakeven_fee", HEADROOM_KEY, "min_commitment")
DECIDING_MARKET_KEYS = ("equal_capacity_per_gpu_hour", "equal_capacity_pv")  # with a market, before the rest


def deciding_keys(comparison: Comparison) -> tuple[str, ...]:
    """The rows shown first, in order: the figures that decide between the offers."""
    market = comparison.market is not None and bool(comparison.results)
    return (*DECIDING_MARKET_KEYS, *DECIDING_KEYS) if market else DECIDING_KEYS


def comparison_rows(comparison: Comparison) -> list[Row]:
    """Every row of the table, top to bottom: the deciding figures, then the Terms, the other figures and
    the Market view (with a market), each group under its heading."""
    v1 = table_rows()
    market = [Row(spec.key, spec.label, spec.kind, spec.description, MARKET_GROUP)
              for spec in market_row_specs(comparison)]
    first = deciding_keys(comparison)
    by_key = {row.key: row for row in (*v1, *market)}
    rows = [by_key[key] for key in first]
    terms = [Row(r.key, r.label, r.kind, r.description, TERMS_GROUP) for r in v1 if r.kind == "term"]
    figures = [Row(r.key, r.label, r.kind, r.description, FIGURES_GROUP)
               for r in v1 if r.kind != "term" and r.key not in first]
    rows.append(Row(TERMS_HEADING_KEY, "Terms", HEADING_KIND, "The terms of each offer.", TERMS_GROUP))
    rows.extend(terms)
    rows.append(Row(FIGURES_HEADING_KEY, "More figures", HEADING_KIND,
                    "Totals, delivered GPU-hours, commitments in PV, secured months, first capacity.",
                    FIGURES_GROUP))
    rows.extend(figures)
    rows.extend(row for row in market if row.key not in first)
    return rows
