"""Plain data (JSON-ready dicts) from domain objects: the inverse of ``validation.read_deal``."""

from __future__ import annotations

from typing import Any

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.reading import KNOWN_KEYS as MARKET_KEYS
from leasedesk.core.market.reading import market_to_data
from leasedesk.core.model import (
    Assumptions,
    Deal,
    ExitRight,
    LeaseOffer,
    Offer,
    PowerTerms,
    Revision,
    SelfBuildPlan,
)

FORMAT = "leasedesk-deal"
SCHEMA_VERSION = 1


def _number(value: float) -> int | float:
    """Whole floats are written as integers, so a fee reads 150000000, not 150000000.0."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def assumptions_to_data(a: Assumptions) -> dict[str, Any]:
    return {
        "analysis_start": a.analysis_start.isoformat(),
        "horizon_months": a.horizon_months,
        "discount_rate": _number(a.discount_rate),
        "rate_convention": a.rate_convention,
        "payment_timing": a.payment_timing,
        "hours_per_month": _number(a.hours_per_month),
        **({"market": _market_to_data(a.market)} if a.market is not None else {}),
        **a.extra,
    }


def _market_to_data(m: MarketAssumptions) -> dict[str, Any]:
    """The market object, its own numbers written like the rest (50000000, not 50000000.0)."""
    data = market_to_data(m)
    return {k: _number(v) if k in MARKET_KEYS and isinstance(v, float) else v for k, v in data.items()}


def _power_to_data(p: PowerTerms) -> dict[str, Any]:
    return {
        "included": p.included,
        "kw_per_gpu": _number(p.kw_per_gpu),
        "pue": _number(p.pue),
        "price_per_kwh": _number(p.price_per_kwh),
        "escalator": _number(p.escalator),
        **p.extra,
    }


def _exit_to_data(e: ExitRight) -> dict[str, Any]:
    return {
        "allowed": e.allowed,
        "lock_in_months": e.lock_in_months,
        "notice_days": _number(e.notice_days),
        "termination_fee": _number(e.termination_fee),
        **e.extra,
    }


def revision_to_data(r: Revision) -> dict[str, Any]:
    return {"label": r.label, "side": r.side, "time": r.time, "terms": r.terms, **r.extra}


def offer_terms_to_data(offer: Offer) -> dict[str, Any]:
    """The offer's terms as a revision stores them: everything but id, revisions and counter_of."""
    data = offer_to_data(offer)
    for key in ("id", "revisions", "counter_of"):
        data.pop(key, None)
    return data


def offer_to_data(offer: Offer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": offer.id,
        "kind": offer.kind,
        "name": offer.name,
        "provider": offer.provider,
        "site": offer.site,
        "gpu_model": offer.gpu_model,
        "gpus": offer.gpus,
        "start": offer.start.isoformat(),
    }
    if isinstance(offer, LeaseOffer):
        data.update(
            {
                "term_months": offer.term_months,
                "monthly_fee": _number(offer.monthly_fee),
                "escalator": _number(offer.escalator),
                "fee_basis": offer.fee_basis,
                "ramp": [{"month": s.month, "gpus": s.gpus, **s.extra} for s in offer.ramp],
                "upfront_fee": _number(offer.upfront_fee),
                "deposit": _number(offer.deposit),
                "availability": _number(offer.availability),
                "power": _power_to_data(offer.power),
                "lessee_exit": _exit_to_data(offer.lessee_exit),
                "provider_exit": _exit_to_data(offer.provider_exit),
            }
        )
    else:
        assert isinstance(offer, SelfBuildPlan)
        data.update(
            {
                "gpu_capex": _number(offer.gpu_capex),
                "kw_per_gpu": _number(offer.kw_per_gpu),
                "pue": _number(offer.pue),
                "facility_capex_per_mw": _number(offer.facility_capex_per_mw),
                "build_months": offer.build_months,
                "electricity_price_per_kwh": _number(offer.electricity_price_per_kwh),
                "power_escalator": _number(offer.power_escalator),
                "staff_per_month": _number(offer.staff_per_month),
                "maintenance_pct": _number(offer.maintenance_pct),
                "it_life_years": _number(offer.it_life_years),
                "facility_life_years": _number(offer.facility_life_years),
                "availability": _number(offer.availability),
                "bridge_price_per_gpu_hour": _number(offer.bridge_price_per_gpu_hour),
            }
        )
    data["notes"] = offer.notes
    data["revisions"] = [revision_to_data(r) for r in offer.revisions]
    if offer.counter_of is not None:
        data["counter_of"] = offer.counter_of
    data.update(offer.extra)
    return data


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
