"""How much of the horizon an offer delivers in, said beside its level monthly cost.

effective_monthly_cost spreads pv_cost over every month of the horizon (DESIGN.md 2); for an offer that
delivers in only some of those months it reads low, so the comparison says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison


def delivering_months(comparison: Comparison, offer_id: str) -> int:
    """The horizon months in which the offer delivers GPUs (bridge capacity included)."""
    flows = comparison.result(offer_id).figures.flows
    return int(np.count_nonzero(flows.gpu_hours > 0))


def partial_horizon_note(comparison: Comparison, offer_id: str) -> str | None:
    """"delivers in 36 of 48 months" when the offer delivers in fewer months than the horizon, else None."""
    horizon = comparison.deal.assumptions.horizon_months
    months = delivering_months(comparison, offer_id)
    if months >= horizon:
        return None
    return f"delivers in {months} of {horizon} months"
