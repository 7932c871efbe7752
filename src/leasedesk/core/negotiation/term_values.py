"""What one step of each negotiable term is worth (DESIGN.md 8.2).

Each term of the step table moves by one step, everything else fixed; the change of each
bridged metric is "stepped minus current". A step up that the loading rules refuse (checked
with ``check_offer`` on the stepped offer's data) is taken down instead and reported with its
sign; a term whose step is refused both ways is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leasedesk.core.codec import offer_to_data
from leasedesk.core.model import Assumptions, Deal, LeaseOffer, Offer
from leasedesk.core.negotiation.bridge import bridged_metric_keys
from leasedesk.core.negotiation.copies import (
    condition_holds,
    deal_market,
    find_offer,
    term_value,
    with_offer,
    with_term,
)
from leasedesk.core.negotiation.evaluate import MetricEvaluator
from leasedesk.core.negotiation.terms import TermStep, steps_for
from leasedesk.core.validation import check_offer

FEE_PROBE = 1_000_000.0  # the fee step that gives the local slope m of market_value_pv


@dataclass(frozen=True)
class TermValue:
    term: str
    step: float  # signed: negative when the step was taken down
    changes: dict[str, float | None]  # metric key -> stepped minus current
    fee_equivalent: float | None
    market_fee_equivalent: float | None

    def to_json_data(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "step": self.step,
            "changes": dict(self.changes),
            "fee_equivalent": self.fee_equivalent,
            "market_fee_equivalent": self.market_fee_equivalent,
        }


@dataclass(frozen=True)
class TermValues:
    offer_id: str
    metric_keys: tuple[str, ...]
    steps: tuple[TermValue, ...]

    def to_json_data(self) -> dict[str, Any]:
        """The shape of ``leasedesk term-values --json`` (DESIGN.md 8.5)."""
        return {"offer": self.offer_id, "steps": [s.to_json_data() for s in self.steps]}


def is_valid(offer: Offer, assumptions: Assumptions) -> bool:
    """Whether the offer passes the loading rules (its own fields, cross-field and date checks)."""
    checked, _problems = check_offer(offer_to_data(offer), assumptions)
    return checked is not None


def stepped_offer(offer: Offer, step: TermStep, assumptions: Assumptions) -> tuple[Offer, float] | None:
    """The offer moved one step up, else one step down, with the signed step; None if neither is valid."""
    current = term_value(offer, step.term, assumptions)
    for signed in (step.step, -step.step):
        try:
            moved = with_term(offer, step.term, current + signed, assumptions)
        except (ValueError, OverflowError):  # a start past December 9999 is no date at all
            continue
        if is_valid(moved, assumptions):
            return moved, signed
    return None


def term_values(deal: Deal, offer_id: str, evaluator: MetricEvaluator | None = None) -> TermValues:
    evaluator = evaluator or MetricEvaluator()
    offer = find_offer(deal, offer_id)
    assumptions = deal.assumptions
    keys = bridged_metric_keys(deal, offer)
    current = evaluator.metrics(deal, offer_id, keys)
    fee_slope = evaluator.figures(offer, assumptions).fee_pv_per_unit if isinstance(offer, LeaseOffer) else 0.0
    market_slope = _market_fee_slope(deal, offer, evaluator, current.get("market_value_pv"))
    results = []
    for step in steps_for(offer.kind):
        if not condition_holds(step.condition, offer, deal):
            continue
        found = stepped_offer(offer, step, assumptions)
        if found is None:
            continue
        moved, signed = found
        after = evaluator.metrics(with_offer(deal, moved), offer_id, keys)
        changes = {key: _difference(after[key], current[key]) for key in keys}
        results.append(
            TermValue(
                term=step.term,
                step=signed,
                changes=changes,
                fee_equivalent=_ratio(changes["pv_cost"], fee_slope) if isinstance(offer, LeaseOffer) else None,
                market_fee_equivalent=_ratio(changes.get("market_value_pv"), market_slope),
            )
        )
    return TermValues(offer_id, keys, tuple(results))


def _market_fee_slope(
    deal: Deal, offer: Offer, evaluator: MetricEvaluator, current: float | None
) -> float | None:
    """m = (market_value_pv with monthly_fee + 1,000,000 - market_value_pv) / 1,000,000: a local
    slope, the game not being linear in the fee. None without a market or for a self-build."""
    if deal_market(deal) is None or not isinstance(offer, LeaseOffer) or current is None:
        return None
    probe = with_term(offer, "monthly_fee", offer.monthly_fee + FEE_PROBE, deal.assumptions)
    raised = evaluator.metric(with_offer(deal, probe), offer.id, "market_value_pv")
    return None if raised is None else (raised - current) / FEE_PROBE


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _ratio(change: float | None, slope: float | None) -> float | None:
    if change is None or slope is None or slope == 0:
        return None
    return change / slope
