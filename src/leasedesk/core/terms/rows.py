"""The terms of each offer in words, as a dealmaker reads them across offers.

The window's comparison, the CLI table and the workbook's Summary all show
these rows, so the wording and the formatting live here once. Each kind fills
the rows it has (core.terms.kind_rows, through its entry in core.terms.kinds);
the others show a dash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leasedesk.core.formatting import format_count, format_percent
from leasedesk.core.model import Deal, Offer
from leasedesk.core.terms.kind_rows import RowContext, month_words
from leasedesk.core.terms.kinds import kind_of, offer_kind_words

NO_TERM = "—"


@dataclass(frozen=True)
class TermRow:
    key: str
    label: str
    values: dict[str, str]  # offer id -> text


def _parties(offer: Offer) -> str:
    parts = [p for p in (offer.provider, offer.site) if p]
    return ", ".join(parts) if parts else NO_TERM


def _gpus(offer: Offer) -> str:
    model = f" {offer.gpu_model}" if offer.gpu_model else ""
    return f"{format_count(offer.gpus)}{model}"


# Rows every kind fills the same way.
_SHARED: dict[str, Callable[[Offer], str]] = {
    "kind": offer_kind_words,
    "parties": _parties,
    "gpus": _gpus,
    "start": lambda offer: month_words(offer.start),
    "availability": lambda offer: format_percent(offer.availability),
}

TERM_ROWS: tuple[tuple[str, str], ...] = (
    ("kind", "Kind"),
    ("parties", "Provider and site"),
    ("gpus", "GPUs"),
    ("monthly_fee", "Monthly fee"),
    ("price_per_gpu_hour", "Price per GPU-hour"),
    ("capex", "Capex"),
    ("start", "Start"),
    ("end", "End / online"),
    ("term", "Term"),
    ("escalator", "Escalator"),
    ("lessee_exit", "Lessee exit"),
    ("provider_exit", "Provider exit"),
    ("availability", "Availability"),
    ("power", "Power"),
)


def offer_term_words(offer: Offer, context: RowContext) -> dict[str, str]:
    """One offer's column of the term rows: row key -> text (a dash where its kind has no such term)."""
    words = kind_of(offer).row_words(offer, context)
    return {
        key: shared(offer) if (shared := _SHARED.get(key)) is not None else words.get(key, NO_TERM)
        for key, _label in TERM_ROWS
    }


def row_context(deal: Deal) -> RowContext:
    return RowContext(deal.currency, deal.assumptions.hours_per_month)


def term_rows(deal: Deal) -> list[TermRow]:
    context = row_context(deal)
    columns = {offer.id: offer_term_words(offer, context) for offer in deal.offers}
    return [
        TermRow(key, label, {offer_id: words[key] for offer_id, words in columns.items()})
        for key, label in TERM_ROWS
    ]
