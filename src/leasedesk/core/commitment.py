"""What an offer commits its buyer to (DESIGN.md 2, min_commitment and secured_months), by kind."""

from __future__ import annotations

from dataclasses import dataclass

from leasedesk.core.discounting import Discounting
from leasedesk.core.exits import LeaseCommitment, lease_commitment
from leasedesk.core.flows import build_capex
from leasedesk.core.model import Assumptions, LeaseOffer, SelfBuildPlan


@dataclass(frozen=True)
class Commitment:
    min_commitment: float
    min_commitment_pv: float
    secured_months: float
    exits: LeaseCommitment | None = None  # leases: the exit curve behind the figures


def lease_commitment_figures(lease: LeaseOffer, assumptions: Assumptions) -> Commitment:
    """X(L), its present value and the provider's guarantee, over the lease's whole term."""
    exits = lease_commitment(lease, assumptions)
    return Commitment(exits.min_commitment, exits.min_commitment_pv, exits.secured_months, exits)


def self_build_commitment(plan: SelfBuildPlan, assumptions: Assumptions) -> Commitment:
    """All IT and facility capex of the plan, wherever it falls; own capacity inside the horizon."""
    disc = Discounting.of(assumptions)
    capex = build_capex(plan, assumptions)
    return Commitment(
        min_commitment=capex.it + capex.facility,
        min_commitment_pv=float(
            capex.it * disc.one_off(capex.go_live) + capex.facility_part * disc.one_off(capex.facility_months).sum()
        ),
        secured_months=float(max(0, assumptions.horizon_months - capex.go_live)),
    )
