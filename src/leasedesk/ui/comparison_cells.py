"""The comparison table's cells, column by column: what each row shows of one offer, words from core.

``build_column`` gives one offer's cells top to bottom; ``table_rows`` the rows (every term row,
then every metric of ``core.metric_info.METRICS``, the headroom under the break-even fee). An offer
that delivers in only part of the horizon says so beside its level monthly cost
(``core.coverage.partial_horizon_note``): that figure spreads its cost over every month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leasedesk.core.coverage import partial_horizon_note
from leasedesk.core.formatting import format_metric, format_money
from leasedesk.core.metric_info import HEADROOM_DESCRIPTION, HEADROOM_KEY, HEADROOM_LABEL, METRICS
from leasedesk.core.model import LeaseOffer, Offer
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.rows import TERM_ROWS, offer_term_words, row_context

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison, OfferResult

Raw = float | int | str | None


@dataclass(frozen=True)
class Cell:
    text: str
    raw: Raw
    tooltip: str = ""
    sign: int = 0  # headroom: +1 beats the baseline, -1 costs more


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: str
    description: str
    group: str = ""  # the foldable group it belongs to (comparison_layout); "" = always shown


def table_rows() -> list[Row]:
    """The rows: every term row, then every metric, the headroom under the break-even fee."""
    rows = [Row(key, label, "term", "") for key, label in TERM_ROWS]
    for info in METRICS:
        rows.append(Row(info.key, info.label, "metric", info.description))
        if info.key == "breakeven_fee":
            rows.append(Row(HEADROOM_KEY, f"  {HEADROOM_LABEL}", "headroom", HEADROOM_DESCRIPTION))
    return rows


def _iso(date: object) -> str:
    return date.isoformat() if isinstance(date, dt.date) else ""


# Raw values of the term rows: what the term is, unformatted (text rows keep their words). The rows
# that differ by kind take theirs from the kind's entry (None where the kind has no such term).
_SHARED_RAW: dict[str, Callable[[Offer], Raw]] = {
    "kind": lambda o: o.kind,
    "gpus": lambda o: o.gpus,
    "start": lambda o: _iso(o.start),
    "availability": lambda o: o.availability,
}
_KIND_RAW = frozenset({"monthly_fee", "price_per_gpu_hour", "capex", "end", "term", "escalator"})


def _term_raw(key: str, offer: Offer, kind_values: dict[str, Raw], text: str) -> Raw:
    shared = _SHARED_RAW.get(key)
    if shared is not None:
        return shared(offer)
    if key in _KIND_RAW:
        return kind_values.get(key)
    return text


def build_column(result: OfferResult, comparison: Comparison, rows: Sequence[Row]) -> list[Cell]:
    """One offer's cells, top to bottom, before the best values are marked."""
    deal = comparison.deal
    offer = result.offer
    words = offer_term_words(offer, row_context(deal))
    kind_values = kind_of(offer).row_values(offer, deal.assumptions.hours_per_month)
    cells: list[Cell] = []
    for row in rows:
        if row.kind == "term":
            text = words[row.key]
            cells.append(Cell(text, _term_raw(row.key, offer, kind_values, text), tooltip=text))
        elif row.kind == "headroom":
            cells.append(_headroom_cell(result, deal.currency))
        else:
            value = result.metrics[row.key]
            text = format_metric(row.key, value, deal.currency, deal.assumptions.analysis_start)
            tip = _breakeven_tip(offer, value, comparison) if row.key == "breakeven_fee" else ""
            if row.key == "effective_monthly_cost" and value is not None:
                note = partial_horizon_note(comparison, offer.id)
                if note is not None:
                    text = f"{text} ({note})"
                    tip = (f"The present value of cost spread over all {deal.assumptions.horizon_months} months "
                           f"of the horizon, though this offer {note}: per month of capacity it costs more.")
            cells.append(Cell(text, value, tooltip=tip))
    return cells


def _breakeven_tip(offer: Offer, value: float | None, comparison: Comparison) -> str:
    if value is None or not isinstance(offer, LeaseOffer) or comparison.baseline_id is None:
        return ""
    currency = comparison.deal.currency
    baseline = comparison.deal.offer(comparison.baseline_id).display_name
    return (f"At {format_money(value, currency)} a month this lease costs the same per GPU-hour as "
            f"{baseline}. Offered: {format_money(offer.monthly_fee, currency)} a month.")


def _headroom_cell(result: OfferResult, currency: str) -> Cell:
    headroom = result.breakeven_headroom
    if headroom is None:
        return Cell("—", None)
    amount = format_money(abs(headroom), currency)
    if headroom >= 0:
        tip = f"The offered fee is {amount} a month below break-even: the lease beats the baseline."
    else:
        tip = f"The offered fee is {amount} a month above break-even: the lease costs more than the baseline."
    return Cell(format_money(headroom, currency), headroom, tooltip=tip, sign=1 if headroom >= 0 else -1)
