"""Plausibility warnings: values that are valid but most likely a slip (issue 13, "Typing terms").

The ranges are declared once, on the terms (``Term.plausible`` in ``core/terms/``); this module
only reads them over a deal. A warning never blocks: the value is applied and saved as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from leasedesk.core.formatting import format_price_per_gpu_hour, implied_price_per_gpu_hour
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.term import Plausible, Schema, Term, flat_terms, object_of
from leasedesk.core.terms.text import show

PRICE_WORDS = "Price per GPU-hour"


@dataclass(frozen=True)
class PlausibilityWarning:
    """``key``: the term's flat key (``availability``, ``lessee_exit_notice_days``; the price per GPU-hour
    is the fee's, ``monthly_fee``); ``offer_id``: None for a deal-wide assumption."""

    key: str
    offer_id: str | None
    message: str


def deal_warnings(deal: Deal) -> list[PlausibilityWarning]:
    """Every warning of the deal: the assumptions' first, then each offer's in deal order."""
    warnings = assumption_warnings(deal.assumptions)
    for offer in deal.offers:
        warnings.extend(offer_warnings(offer, deal.assumptions, deal.currency))
    return warnings


def assumption_warnings(assumptions: Assumptions) -> list[PlausibilityWarning]:
    return [
        PlausibilityWarning(term.flat_key, None, message)
        for term, value in _bounded_values(ASSUMPTION_SCHEMA, assumptions)
        for message in _value_messages(term, value, term.label)
    ]


def offer_warnings(offer: Offer, assumptions: Assumptions, currency: str = "USD") -> list[PlausibilityWarning]:
    """The warnings of one offer's terms (terms its switch turns off, such as a disallowed exit, excepted)."""
    found: list[PlausibilityWarning] = []
    for term, value in _bounded_values(kind_of(offer).schema, offer):
        assert term.plausible is not None
        if term.plausible.per_gpu_hour:
            messages = _price_messages(term.plausible, offer, assumptions, currency)
        else:
            messages = _value_messages(term, value, _label(kind_of(offer).schema, term))
        found.extend(PlausibilityWarning(term.flat_key, offer.id, message) for message in messages)
    return found


def _bounded_values(schema: Schema, holder: Any) -> Iterator[tuple[Term, Any]]:
    """(term, value) of each term with a plausible range that counts (not switched off, not empty)."""
    for term in flat_terms(schema):
        if term.plausible is None:
            continue
        owner = object_of(schema, term)
        node = getattr(holder, owner.key, None) if owner is not None else holder
        if node is None:  # an optional object left out (the market)
            continue
        switch = owner.switch if owner is not None else None
        if switch is not None and term.key != switch.key and bool(getattr(node, switch.key)) != switch.on_when:
            continue
        value = getattr(node, term.key, None)
        if isinstance(value, int | float):
            yield term, value


def _label(schema: Schema, term: Term) -> str:
    """'Availability'; a nested term with the side it belongs to: 'Lessee exit notice'."""
    owner = object_of(schema, term)
    if owner is None or term.group is None or term.group.lower() in term.label.lower():
        return term.label
    return f"{term.group} {term.label.lower()}"


def _price(value: float, currency: str) -> str:
    """$3.26/GPU-h; a price under a dime with its first digits ($0.0023/GPU-h), not as $0.00."""
    if abs(value) >= 0.1:
        return format_price_per_gpu_hour(value, currency)
    return format_price_per_gpu_hour(value, currency).replace(f"{abs(value):,.2f}", f"{abs(value):.2g}")


def _value_messages(term: Term, value: float, label: str) -> list[str]:
    assert term.plausible is not None
    side = term.plausible.breaks(float(value))
    if side is None:
        return []
    bound = term.plausible.low if side == "below" else term.plausible.high
    unit = f" {term.unit}" if term.kind == "number" and term.unit else ""
    words = "under" if side == "below" else "over"
    return [f"{label} of {show(term, value)}{unit} is {words} {show(term, bound)}{unit}: is that what you meant?"]


def _price_messages(rule: Plausible, offer: Offer, assumptions: Assumptions, currency: str) -> list[str]:
    if not isinstance(offer, LeaseOffer) or offer.gpus <= 0:
        return []
    price = implied_price_per_gpu_hour(offer, assumptions.hours_per_month)
    shown = _price(price, currency)
    side = rule.breaks(price)
    if side is not None:
        bound = rule.low if side == "below" else rule.high
        words = "under" if side == "below" else "over"
        return [f"{PRICE_WORDS} of {shown} is {words} {_price(bound or 0.0, currency)}: "
                "is the monthly fee what you meant?"]
    market = assumptions.market
    if market is None or rule.market_share is None:
        return []
    low, high = rule.market_share
    market_shown = _price(market.price_per_gpu_hour, currency)
    if price < low * market.price_per_gpu_hour:
        return [f"{PRICE_WORDS} of {shown} is under {_share_words(low)} the market's {market_shown}"]
    if price > high * market.price_per_gpu_hour:
        return [f"{PRICE_WORDS} of {shown} is over {_share_words(high)} the market's {market_shown}"]
    return []


def _share_words(share: float) -> str:
    return {0.5: "half", 2.0: "twice"}.get(share, f"{share:g} times")
