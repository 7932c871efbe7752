"""Changed copies of a deal: reading and setting one term of an offer or one deal input by its key.

Keys are the deal file's, nested ones dotted (``power.price_per_kwh``, ``market.annual_change``);
``start`` reads and sets whole months from the analysis start. Copies are built with
``dataclasses.replace`` and not validated: each analysis says which rules its copies obey.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer, add_months, months_between
from leasedesk.core.negotiation.terms import Condition

WHOLE_FIELDS = frozenset({"gpus", "term_months", "build_months", "lock_in_months"})


class NegotiationError(ValueError):
    """A request an analysis cannot answer (an unknown offer, term, round or metric): one line for the user."""


def deal_market(deal: Deal) -> MarketAssumptions | None:
    """The deal's market assumptions (DESIGN.md 7), or None."""
    return deal.assumptions.market


def find_offer(deal: Deal, offer_id: str) -> Offer:
    try:
        return deal.offer(offer_id)
    except KeyError:
        known = ", ".join(o.id for o in deal.offers) or "none"
        raise NegotiationError(f"no offer {offer_id!r} in this deal (offers: {known})") from None


def with_offer(deal: Deal, offer: Offer) -> Deal:
    """The deal with the offer of the same id replaced."""
    index = deal.offer_index(offer.id)
    if index is None:
        return dataclasses.replace(deal)
    offers = deal.offers
    if not deal.ids_unique():  # they are in a loaded deal; else each offer with the id is replaced
        return dataclasses.replace(deal, offers=tuple(offer if o.id == offer.id else o for o in offers))
    return deal.with_offers_like((*offers[:index], offer, *offers[index + 1 :]))


def term_value(offer: Offer, key: str, assumptions: Assumptions) -> float:
    """The current value of a term; ``start`` as whole months from the analysis start."""
    if key == "start":
        return float(months_between(assumptions.analysis_start, offer.start))
    holder: Any = offer
    for part in key.split("."):
        holder = getattr(holder, part)
    return float(holder)


def with_term(offer: Offer, key: str, value: float, assumptions: Assumptions) -> Offer:
    """The offer with one term set; whole fields take int(value), ``start`` a month index."""
    if key == "start":
        return dataclasses.replace(offer, start=add_months(assumptions.analysis_start, int(value)))
    changed: Offer = _replace_path(offer, key.split("."), value)
    return changed


def _replace_path(holder: Any, path: list[str], value: float) -> Any:
    name = path[0]
    if len(path) > 1:
        return dataclasses.replace(holder, **{name: _replace_path(getattr(holder, name), path[1:], value)})
    return dataclasses.replace(holder, **{name: int(value) if name in WHOLE_FIELDS else float(value)})


def deal_input_value(deal: Deal, key: str) -> float:
    """A deal input: ``discount_rate`` or ``market.<field>`` (the deal must have a market)."""
    if key.startswith("market."):
        market = deal_market(deal)
        assert market is not None, key
        return float(getattr(market, key.removeprefix("market.")))
    return float(getattr(deal.assumptions, key))


def with_deal_input(deal: Deal, key: str, value: float) -> Deal:
    """The deal with new assumptions: every offer's figures are computed again."""
    if key.startswith("market."):
        market = deal_market(deal)
        assert market is not None, key
        moved: dict[str, Any] = {key.removeprefix("market."): float(value)}
        changed: dict[str, Any] = {"market": dataclasses.replace(market, **moved)}
    else:
        changed = {key: float(value)}
    assumptions = dataclasses.replace(deal.assumptions, **changed)
    return deal.with_offers_like(deal.offers, assumptions=assumptions)


def condition_holds(condition: Condition, offer: Offer, deal: Deal) -> bool:
    """Whether a term or input applies: an exit right allowed, power passed through, a market."""
    if condition == "always":
        return True
    if condition == "market":
        return deal_market(deal) is not None
    if not isinstance(offer, LeaseOffer):
        return False
    if condition == "lessee_exit":
        return offer.lessee_exit.allowed
    if condition == "provider_exit":
        return offer.provider_exit.allowed
    return not offer.power.included
