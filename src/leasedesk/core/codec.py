"""Plain data (JSON-ready dicts) from domain objects: the inverse of ``validation.read_deal``.

Which keys an object has, in which order, comes from the term registry (core.terms).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from leasedesk.core.model import Assumptions, Deal, Offer, RampStep, Revision
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.term import NUMBER_KINDS, Schema, Term, TermObject

FORMAT = "leasedesk-deal"
SCHEMA_VERSION = 1


def _number(value: float) -> int | float:
    """Whole floats are written as integers, so a fee reads 150000000, not 150000000.0."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def revision_to_data(r: Revision) -> dict[str, Any]:
    return {"label": r.label, "side": r.side, "time": r.time, "terms": r.terms, **r.extra}


def _step_to_data(step: RampStep) -> dict[str, Any]:
    return {"month": step.month, "gpus": step.gpus, **step.extra}


def term_to_data(term: Term, value: Any) -> Any:
    """One term's value as the deal file holds it."""
    if term.kind in NUMBER_KINDS:
        return _number(value)
    if term.kind == "month":
        assert isinstance(value, dt.date)
        return value.isoformat()
    if term.kind == "steps":
        return [_step_to_data(step) for step in value]
    if term.kind == "rounds":
        return [revision_to_data(revision) for revision in value]
    return value


def schema_to_data(schema: Schema, obj: Any) -> dict[str, Any]:
    """The object's registered terms, in the schema's order, then the keys it kept in ``extra``."""
    data: dict[str, Any] = {}
    for item in schema:
        value = getattr(obj, item.key)
        if isinstance(item, TermObject):
            if value is not None:
                data[item.key] = {**schema_to_data(item.terms, value), **value.extra}
        elif value is None and (item.kind == "reference" or item.default is None):
            continue  # an optional value not given (a counter_of, the market's required_gpus) is not written
        else:
            data[item.key] = term_to_data(item, value)
    return data


def assumptions_to_data(a: Assumptions) -> dict[str, Any]:
    return {**schema_to_data(ASSUMPTION_SCHEMA, a), **a.extra}


def offer_terms_to_data(offer: Offer) -> dict[str, Any]:
    """The offer's terms as a revision stores them: everything but id, revisions, counter_of and proposed_by."""
    return terms_of_offer_data(offer_to_data(offer))


def terms_of_offer_data(data: dict[str, Any]) -> dict[str, Any]:
    """``offer_terms_to_data`` from data already converted by ``offer_to_data``."""
    return {key: value for key, value in data.items() if key not in ("id", "revisions", "counter_of", "proposed_by")}


def offer_to_data(offer: Offer) -> dict[str, Any]:
    data = schema_to_data(kind_of(offer).schema, offer)
    head = {"id": data.pop("id"), "kind": offer.kind}
    return {**head, **data, **offer.extra}


def deal_to_data(deal: Deal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "name": deal.name,
        "currency": deal.currency,
        "notes": deal.notes,
        "assumptions": assumptions_to_data(deal.assumptions),
    }
    if deal.baseline is not None:
        data["baseline"] = deal.baseline
    data["offers"] = [offer_to_data(o) for o in deal.offers]
    data.update(deal.extra)
    return data
