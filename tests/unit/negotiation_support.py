"""Deals for the negotiation tests: the sample without its market view, and a market on a deal's assumptions.

Until the market is wired into ``Assumptions`` (an optional ``market`` field), ``deal_with_market``
puts it on a frozen subclass that has the field, so the section-7 paths of the analyses are tested
now; once the field exists it simply sets it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from deal_builders import build_deal

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path


def deal_with_market(deal: Deal, market: MarketAssumptions) -> Deal:
    return dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=market))


def without_market(deal: Deal) -> Deal:
    """The deal with no market view (the bundled sample carries one)."""
    return dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None))


def sample_deal() -> Deal:
    """The bundled sample without its market view: the v1 figures only."""
    return without_market(load_deal(sample_deal_path()))


def sample_data() -> dict[str, Any]:
    """The bundled sample's JSON without its market view."""
    data: dict[str, Any] = json.loads(sample_deal_path().read_text(encoding="utf-8"))
    data["assumptions"].pop("market", None)
    return data


def replaced(deal: Deal, offer_id: str, **changes: Any) -> Deal:
    """The deal with one offer's fields replaced (no validation)."""
    offers = tuple(dataclasses.replace(o, **changes) if o.id == offer_id else o for o in deal.offers)
    return dataclasses.replace(deal, offers=offers)


__all__ = ["build_deal", "deal_with_market", "replaced", "sample_data", "sample_deal", "without_market"]
