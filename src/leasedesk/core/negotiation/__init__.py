"""Negotiation: rounds and counters, bridge, term values, solve, sensitivity, workbook import (DESIGN.md 3, 8)."""

from leasedesk.core.negotiation.rounds import (
    changed_terms,
    changes_since_last_round,
    counter_offer,
    record_round,
    restore_round,
    unique_id,
    utc_now_iso,
)

__all__ = [
    "changed_terms",
    "changes_since_last_round",
    "counter_offer",
    "record_round",
    "restore_round",
    "unique_id",
    "utc_now_iso",
]
