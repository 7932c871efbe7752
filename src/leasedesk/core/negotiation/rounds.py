"""Negotiation rounds: recording an offer's terms as a revision, countering, restoring, comparing.

A round is recorded only when the user asks (DESIGN.md 3): ``record_round`` stores the
offer's current terms; ``counter_offer`` makes a new offer that carries ``counter_of``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leasedesk.core.codec import offer_terms_to_data
from leasedesk.core.json_reader import Problem
from leasedesk.core.model import Assumptions, Deal, Offer, Revision, Side
from leasedesk.core.validation import DealError, check_offer


def utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def record_round(offer: Offer, label: str, side: Side, time: str | None = None) -> Offer:
    """The offer with its current terms appended to ``revisions`` (newest last)."""
    revision = Revision(label=label, side=side, time=time or utc_now_iso(), terms=offer_terms_to_data(offer))
    return dataclasses.replace(offer, revisions=(*offer.revisions, revision))


def restore_round(offer: Offer, index: int, assumptions: Assumptions) -> Offer:
    """The offer with the terms of revision ``index``, keeping its id, revisions, counter_of and proposed_by.

    The terms are checked as loading checks them, against the deal's current assumptions (the
    analysis start may have moved since the round). Raises DealError naming what does not fit.
    """
    revision = offer.revisions[index]
    data: dict[str, Any] = dict(revision.terms)
    data.update({"id": offer.id, "kind": data.get("kind", offer.kind)})
    restored, problems = check_offer(data, assumptions)
    if restored is None:
        where = f"revisions[{index}].terms"
        raise DealError([Problem(f"{where}.{p.field}" if p.field else where, p.message) for p in problems])
    return dataclasses.replace(
        restored, revisions=offer.revisions, counter_of=offer.counter_of, proposed_by=offer.proposed_by
    )


def unique_id(deal: Deal, base: str) -> str:
    taken = {o.id for o in deal.offers}
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def counter_offer(deal: Deal, offer_id: str, name: str | None = None) -> Offer:
    """A copy of the offer as a new offer countering it: new id, no revisions, ``counter_of`` set."""
    original = deal.offer(offer_id)
    return dataclasses.replace(
        original,
        id=unique_id(deal, f"{original.id}-counter"),
        name=name if name is not None else f"{original.display_name} (counter)",
        revisions=(),
        counter_of=original.id,
    )


@dataclass(frozen=True)
class TermDifference:
    """A term whose value differs between two term dicts; nested keys joined with '_' (power_pue)."""

    key: str
    before: Any  # None where the earlier dict has no such key
    after: Any


def term_differences(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[TermDifference]:
    """The terms whose values differ between two term dicts, in key order, with both values."""
    differences: list[TermDifference] = []
    for key in sorted(set(previous) | set(current)):
        before, after = previous.get(key), current.get(key)
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            differences.extend(
                TermDifference(f"{key}_{inner.key}", inner.before, inner.after)
                for inner in term_differences(before, after)
            )
        elif before != after:
            differences.append(TermDifference(key, before, after))
    return differences


def changed_terms(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Keys whose values differ between two term dicts; nested keys joined with '_' (power_pue)."""
    return [difference.key for difference in term_differences(previous, current)]


def changes_since_last_round(offer: Offer) -> list[str]:
    """Which terms differ from the newest recorded round (empty when none is recorded)."""
    if not offer.revisions:
        return []
    return changed_terms(offer.revisions[-1].terms, offer_terms_to_data(offer))
