"""Every negotiation analysis of a deal at once, for the workbook (DESIGN.md 8.1, 8.2, 8.4).

For each offer with recorded rounds or a counter: its rounds with the terms that differ from the
current version, the bridge from its default "before" (8.5: the latest round, else the offer it
counters) and the value of one step of each term. For each lease that is not the baseline: its
tornado. One ``MetricEvaluator`` serves them all, so an offer's figures are computed once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leasedesk.core.codec import offer_terms_to_data
from leasedesk.core.model import Deal, LeaseOffer, Offer, Revision
from leasedesk.core.negotiation.bridge import Bridge, bridge
from leasedesk.core.negotiation.copies import NegotiationError
from leasedesk.core.negotiation.evaluate import MetricEvaluator
from leasedesk.core.negotiation.rounds import TermDifference, term_differences
from leasedesk.core.negotiation.sensitivity import Sensitivity, sensitivity
from leasedesk.core.negotiation.term_values import TermValues, term_values
from leasedesk.core.validation import check_offer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundHistory:
    """One recorded round and the terms in which it differs from the offer's current version."""

    revision: Revision
    differences: tuple[TermDifference, ...]


@dataclass(frozen=True)
class OfferNegotiation:
    offer: Offer
    rounds: tuple[RoundHistory, ...]
    bridge: Bridge | None  # None when there is no readable "before"; ``bridge_problem`` says why
    bridge_problem: str | None
    term_values: TermValues


@dataclass(frozen=True)
class NegotiationOverview:
    offers: tuple[OfferNegotiation, ...]  # the offers with rounds or a counter, in deal order
    tornadoes: tuple[Sensitivity, ...]  # each lease that is not the baseline, in deal order

    @property
    def empty(self) -> bool:
        return not self.offers and not self.tornadoes


def is_negotiated(offer: Offer) -> bool:
    """Whether the offer has recorded rounds or counters another offer."""
    return bool(offer.revisions) or offer.counter_of is not None


def tornado_leases(deal: Deal) -> tuple[LeaseOffer, ...]:
    """The leases that have a tornado: every lease but the baseline, when the deal has a baseline."""
    baseline = deal.resolved_baseline()
    if baseline is None or all(o.id != baseline for o in deal.offers):
        return ()
    return tuple(o for o in deal.offers if isinstance(o, LeaseOffer) and o.id != baseline)


def has_negotiation(deal: Deal) -> bool:
    """Whether the deal has anything for the overview, without computing it."""
    return any(is_negotiated(o) for o in deal.offers) or bool(tornado_leases(deal))


def round_history(deal: Deal, offer: Offer) -> tuple[RoundHistory, ...]:
    """Each round with the terms that differ from the current version, defaults filled in (a round
    written by hand may leave them out); a round that no longer reads as an offer is compared as written."""
    current = offer_terms_to_data(offer)
    return tuple(
        RoundHistory(r, tuple(term_differences(_filled_terms(deal, offer, r), current))) for r in offer.revisions
    )


def _filled_terms(deal: Deal, offer: Offer, revision: Revision) -> Mapping[str, Any]:
    data = {**revision.terms, "id": offer.id, "kind": revision.terms.get("kind", offer.kind)}
    read, _problems = check_offer(data, deal.assumptions)
    return offer_terms_to_data(read) if read is not None else revision.terms


def offer_negotiation(deal: Deal, offer: Offer, evaluator: MetricEvaluator) -> OfferNegotiation:
    try:
        found: Bridge | None = bridge(deal, offer.id, evaluator=evaluator)
        problem = None
    except NegotiationError as error:
        found, problem = None, str(error)
    values = term_values(deal, offer.id, evaluator=evaluator)
    return OfferNegotiation(offer, round_history(deal, offer), found, problem, values)


def negotiation_overview(deal: Deal, evaluator: MetricEvaluator | None = None) -> NegotiationOverview:
    evaluator = evaluator or MetricEvaluator()
    started = time.perf_counter()
    offers = tuple(offer_negotiation(deal, o, evaluator) for o in deal.offers if is_negotiated(o))
    tornadoes = tuple(sensitivity(deal, lease.id, evaluator=evaluator) for lease in tornado_leases(deal))
    logger.info(
        "negotiation overview: %d offers, %d tornadoes in %.2f s",
        len(offers),
        len(tornadoes),
        time.perf_counter() - started,
    )
    return NegotiationOverview(offers, tornadoes)
