"""Rules of editing terms that follow from other terms (issue 13), free of any window.

- A new lease's placeholder fee keeps its price per GPU-hour while its GPUs change, until its
  fee is typed (which leases still hold a placeholder is the editing session's knowledge,
  never the file's: the caller says so).
- The "mutual" exit switch: both sides' exit rights kept the same. Shown on when both sides
  may exit on equal terms; an edit of one side's term is made to the other side's same term.
- An offer typed to start before the analysis start: the analysis start moves to it, in one step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from leasedesk.core.codec import assumptions_to_data, offer_to_data
from leasedesk.core.formatting import fee_for_price_per_gpu_hour
from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.core.terms.kinds import kind_named
from leasedesk.core.terms.term import Term, TermObject
from leasedesk.core.terms.text import get_value, with_value
from leasedesk.core.validation import check_assumptions, check_offer

DEFAULT_PRICE_PER_GPU_HOUR = 2.50
EXIT_SIDES = ("lessee_exit", "provider_exit")


# ----- the placeholder fee -----
def placeholder_fee(gpus: int, hours_per_month: float) -> float:
    """The fee a new lease starts with: the default price per GPU-hour for all its GPUs."""
    return fee_for_price_per_gpu_hour(DEFAULT_PRICE_PER_GPU_HOUR, gpus, hours_per_month)


def with_gpus(data: dict[str, Any], gpus: int, hours_per_month: float, *, fee_is_placeholder: bool) -> dict[str, Any]:
    """A lease's data with ``gpus``; a placeholder fee follows them at the default price per GPU-hour."""
    changed = {**data, "gpus": gpus}
    if fee_is_placeholder and gpus > 0:
        changed["monthly_fee"] = placeholder_fee(gpus, hours_per_month)
    return changed


def ends_placeholder_fee(field_key: str) -> bool:
    """Whether typing this field of a lease makes its fee the person's own (the fee or the price)."""
    return field_key in ("monthly_fee", "price_per_gpu_hour")


# ----- the mutual exit switch -----
def exits_are_mutual(lease: LeaseOffer) -> bool:
    """Whether the switch shows on by itself: both sides may exit, on the same terms. (Two "no exit"
    rights are equal too, but a lessee's new exit right must not silently give the provider one.)"""
    return lease.lessee_exit.allowed and lease.lessee_exit == lease.provider_exit


def _exit_objects() -> dict[str, TermObject]:
    return {item.key: item for item in kind_named("lease").schema
            if isinstance(item, TermObject) and item.key in EXIT_SIDES}


def exit_mirror(term: Term) -> Term | None:
    """The other side's same term of an exit right (lessee's notice -> provider's notice); None for a
    term of no exit right."""
    if len(term.path) != 2 or term.path[0] not in EXIT_SIDES:
        return None
    other = EXIT_SIDES[1 - EXIT_SIDES.index(term.path[0])]
    return next((t for t in _exit_objects()[other].terms if t.key == term.path[1]), None)


def with_term(data: dict[str, Any], term: Term, value: Any, *, mutual: bool) -> dict[str, Any]:
    """An offer's data with ``term`` set to ``value``; mutual and a term of an exit right: the other side's too."""
    data = with_value(data, term, value)
    mirror = exit_mirror(term) if mutual else None
    return with_value(data, mirror, value) if mirror is not None else data


def with_exits_mutual(data: dict[str, Any]) -> dict[str, Any]:
    """A lease's data with the provider's exit right made the same as the lessee's."""
    for term in _exit_objects()["lessee_exit"].terms:
        mirror = exit_mirror(term)
        assert mirror is not None
        data = with_value(data, mirror, get_value(data, term))
    return data


# ----- the analysis start -----
def moved_analysis_start(deal: Deal, offer_id: str, start: dt.date) -> Deal | str:
    """The deal with its analysis start at ``start`` and the offer (as it is now) starting there; or why
    not, in words."""
    try:
        offer = deal.offer(offer_id)
    except KeyError:
        return f"there is no offer {offer_id!r}"
    assumptions = dataclasses.replace(deal.assumptions, analysis_start=start)
    others = tuple(o for o in deal.offers if o.id != offer_id)
    checked, problems = check_assumptions(assumptions_to_data(assumptions), others)
    if checked is None:
        return str(problems[0])
    moved, problems = check_offer({**offer_to_data(offer), "start": start.isoformat()}, checked)
    if moved is None:
        return str(problems[0])
    offers = tuple(moved if o.id == offer_id else o for o in deal.offers)
    return dataclasses.replace(deal, assumptions=checked, offers=offers)


# ----- the deal's own fields -----
def tidy_currency(text: str) -> str:
    """The currency as the deal holds it: an ISO code in capitals, without spaces around it."""
    return text.strip().upper()
