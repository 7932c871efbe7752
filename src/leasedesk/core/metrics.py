"""The per-offer metrics of DESIGN.md 2, computed from the offer's flows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leasedesk.core.discounting import Discounting
from leasedesk.core.exits import LeaseCommitment
from leasedesk.core.flows import OfferFlows
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import Assumptions, LeaseOffer, Offer
from leasedesk.core.terms.kinds import kind_of

Metrics = dict[str, float | None]


@dataclass(frozen=True)
class OfferFigures:
    """Everything the engine knows about one offer on its own (no baseline needed)."""

    offer: Offer
    flows: OfferFlows
    commitment: LeaseCommitment | None  # leases only
    pv_cost: float
    total_cost: float
    discounted_gpu_hours: float
    fee_pv_per_unit: float  # b in pv_cost = a + b * F (leases; 0 for self-build)
    metrics: Metrics


def _finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def offer_figures(offer: Offer, assumptions: Assumptions) -> OfferFigures:
    # Extreme but valid inputs (an escalator of 1e300) overflow to inf; such figures become null.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _offer_figures(offer, assumptions)


def _offer_figures(offer: Offer, assumptions: Assumptions) -> OfferFigures:
    disc = Discounting.of(assumptions)
    kind = kind_of(offer)
    flows = kind.flows(offer, assumptions)
    t = np.arange(assumptions.horizon_months)
    v = disc.recurring(t)
    w = disc.one_off(t)
    pv_cost = float(
        flows.recurring_total() @ v + flows.one_off_total() @ w + flows.end_total() * disc.horizon_end
    )
    total_cost = float(flows.recurring_total().sum() + flows.one_off_total().sum() + flows.end_total())
    discounted_hours = float(flows.gpu_hours @ v)
    annuity = float(v.sum())
    delivering = np.flatnonzero(flows.delivered_gpus > 0)

    commitment = kind.commitment(offer, assumptions)
    fee_pv_per_unit = float(flows.fee_per_unit @ v) if flows.fee_per_unit is not None else 0.0

    metrics: Metrics = {
        "total_cost": total_cost,
        "pv_cost": pv_cost,
        "gpu_hours": float(flows.gpu_hours.sum()),
        "cost_per_gpu_hour": pv_cost / discounted_hours if discounted_hours > 0 else None,
        "effective_monthly_cost": pv_cost / annuity,
        "min_commitment": commitment.min_commitment,
        "min_commitment_pv": commitment.min_commitment_pv,
        "secured_months": commitment.secured_months,
        "first_capacity_month": float(delivering[0]) if len(delivering) else None,
        "breakeven_fee": None,
    }
    assert tuple(metrics) == METRIC_KEYS
    return OfferFigures(
        offer=offer,
        flows=flows,
        commitment=commitment.exits,
        pv_cost=pv_cost,
        total_cost=total_cost,
        discounted_gpu_hours=discounted_hours,
        fee_pv_per_unit=fee_pv_per_unit,
        metrics={key: _finite_or_none(value) for key, value in metrics.items()},
    )


def breakeven_fee(lease: OfferFigures, baseline: OfferFigures | None) -> float | None:
    """The base monthly fee F* at which the lease's cost_per_gpu_hour equals the baseline's.

    pv_cost is linear in F: pv_cost = a + b * F, so F* = (c0 * Hv - a) / b, with Hv the
    lease's discounted GPU-hours and c0 the baseline's cost per GPU-hour.
    """
    if not isinstance(lease.offer, LeaseOffer) or baseline is None or baseline.offer.id == lease.offer.id:
        return None
    c0 = baseline.metrics["cost_per_gpu_hour"]
    b = lease.fee_pv_per_unit
    if c0 is None or b <= 0 or lease.discounted_gpu_hours <= 0:
        return None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        a = lease.pv_cost - b * lease.offer.monthly_fee
        return _finite_or_none((c0 * lease.discounted_gpu_hours - a) / b)
