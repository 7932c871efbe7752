"""The bridge of DESIGN.md 8.1: what each changed clause did to a metric, as its Shapley value.

Between "before" (a recorded round, or the offer it counters) and "after" (the offer now), a
blend takes the changed clauses of a set S from "after" and the rest from "before". Each blend
is built with ``dataclasses.replace`` (no cross-field checks) and evaluated once; f(S) is kept
by the bitmask of S. The contributions add up to f(all) - f(none) and do not depend on the
order of the clauses (a one-at-a-time bridge would).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leasedesk.core.model import Deal, ExitRight, LeaseOffer, Offer, PowerTerms, RampStep, Revision
from leasedesk.core.negotiation.copies import NegotiationError, deal_market, find_offer, with_offer
from leasedesk.core.negotiation.evaluate import MetricEvaluator
from leasedesk.core.negotiation.terms import Clause, clauses_for
from leasedesk.core.validation import check_offer

V1_BRIDGE_KEYS = ("pv_cost", "cost_per_gpu_hour", "min_commitment_pv")
MAX_CLAUSES = 10


@dataclass(frozen=True)
class BridgeSource:
    """The "before" of a bridge: how the user names it (a round label or an offer id) and its terms."""

    name: str
    offer: Offer


@dataclass(frozen=True)
class MetricBridge:
    key: str
    before: float | None  # f(none)
    after: float | None  # f(all)
    contributions: dict[str, float | None]  # changed clause -> Shapley value, in clause-table order


@dataclass(frozen=True)
class Bridge:
    offer_id: str
    source: str
    changed: tuple[str, ...]
    metrics: tuple[MetricBridge, ...]

    def to_json_data(self) -> dict[str, Any]:
        """The shape of ``leasedesk bridge --json`` (DESIGN.md 8.5)."""
        return {
            "offer": self.offer_id,
            "from": self.source,
            "metrics": {
                m.key: {"before": m.before, "after": m.after, "clauses": dict(m.contributions)} for m in self.metrics
            },
        }


def bridged_metric_keys(deal: Deal, offer: Offer) -> tuple[str, ...]:
    """pv_cost, cost_per_gpu_hour, min_commitment_pv; with a market also equal_capacity_pv, and
    market_value_pv for leases."""
    if deal_market(deal) is None:
        return V1_BRIDGE_KEYS
    lattice = ("market_value_pv",) if isinstance(offer, LeaseOffer) else ()
    return (*V1_BRIDGE_KEYS, "equal_capacity_pv", *lattice)


def resolve_source(deal: Deal, offer_id: str, ref: str | None = None) -> BridgeSource:
    """The "before" of 8.5: the latest round labelled ``ref``, else the offer ``ref``; without
    ``ref`` the latest round, else the offer it counters."""
    offer = find_offer(deal, offer_id)
    if ref is None:
        if offer.revisions:
            return BridgeSource(offer.revisions[-1].label, _round_offer(deal, offer, len(offer.revisions) - 1))
        if offer.counter_of is not None:
            return BridgeSource(offer.counter_of, _countered_offer(deal, offer, offer.counter_of))
        raise NegotiationError(
            f"offer {offer_id!r} has no recorded round and counters no offer: no round to compare with"
        )
    for index in range(len(offer.revisions) - 1, -1, -1):
        if offer.revisions[index].label == ref:
            return BridgeSource(ref, _round_offer(deal, offer, index))
    if ref != offer_id and any(o.id == ref for o in deal.offers):
        return BridgeSource(ref, _countered_offer(deal, offer, ref))
    raise NegotiationError(f"{ref!r} is neither a round of offer {offer_id!r} nor another offer of this deal")


def _round_offer(deal: Deal, offer: Offer, index: int) -> Offer:
    revision: Revision = offer.revisions[index]
    data = dict(revision.terms)
    kind = data.get("kind", offer.kind)
    if kind != offer.kind:
        raise NegotiationError(f"round {revision.label!r} of offer {offer.id!r} holds a {kind}, not a {offer.kind}")
    data.update({"id": offer.id, "kind": kind})
    before, problems = check_offer(data, deal.assumptions)
    if before is None:
        raise NegotiationError(f"round {revision.label!r} of offer {offer.id!r} cannot be read: {problems[0]}")
    return before


def _countered_offer(deal: Deal, offer: Offer, other_id: str) -> Offer:
    try:
        other = deal.offer(other_id)
    except KeyError:
        raise NegotiationError(f"offer {offer.id!r} counters {other_id!r}, which is not in this deal") from None
    if other.kind != offer.kind:
        raise NegotiationError(f"offer {other_id!r} is a {other.kind}, offer {offer.id!r} a {offer.kind}: no bridge")
    return other


def clause_value(offer: Offer, clause: Clause) -> tuple[object, ...]:
    """What a clause compares, defaults filled in: an exit right not allowed is just "not allowed",
    power included is just "included", a ramp is its sorted steps."""
    return tuple(_comparable(getattr(offer, name)) for name in clause.fields)


def _comparable(value: object) -> object:
    if isinstance(value, ExitRight):
        if not value.allowed:
            return (False,)
        return (True, value.lock_in_months, value.notice_days, value.termination_fee)
    if isinstance(value, PowerTerms):
        if value.included:
            return (True,)
        return (False, value.kw_per_gpu, value.pue, value.price_per_kwh, value.escalator)
    if isinstance(value, tuple) and all(isinstance(step, RampStep) for step in value):
        return tuple(sorted((step.month, step.gpus) for step in value))
    return value


def changed_clauses(before: Offer, after: Offer) -> tuple[Clause, ...]:
    return tuple(c for c in clauses_for(after.kind) if clause_value(before, c) != clause_value(after, c))


def blend(before: Offer, after: Offer, changed: Sequence[Clause], from_after: int) -> Offer:
    """"After" with each changed clause whose bit is not set in ``from_after`` taken from "before"."""
    taken = {
        name: getattr(before, name)
        for index, clause in enumerate(changed)
        if not from_after >> index & 1
        for name in clause.fields
    }
    return dataclasses.replace(after, **taken) if taken else after


def shapley_values(f: Sequence[float | None], n: int) -> list[float | None]:
    """phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! * (f(S + i) - f(S)), f indexed by
    bitmask. Every clause needs every set, so one null f makes every contribution null."""
    if len(f) != 1 << n:
        raise ValueError("f needs one value per subset")
    if any(v is None for v in f):
        return [None] * n
    values = np.array(f, dtype=np.float64)
    masks = np.arange(1 << n)
    sizes = np.array([int(m).bit_count() for m in masks])
    weights = np.array([1.0 / (n * math.comb(n - 1, k)) for k in range(n)]) if n else np.zeros(0)
    result: list[float | None] = []
    for i in range(n):
        without = masks[(masks >> i & 1) == 0]
        gains = values[without | (1 << i)] - values[without]
        phi = float(np.sum(weights[sizes[without]] * gains))
        result.append(phi if math.isfinite(phi) else None)
    return result


def bridge(deal: Deal, offer_id: str, ref: str | None = None, evaluator: MetricEvaluator | None = None) -> Bridge:
    """The bridge of an offer from its "before" (see ``resolve_source``) to its current terms."""
    evaluator = evaluator or MetricEvaluator()
    after = find_offer(deal, offer_id)
    source = resolve_source(deal, offer_id, ref)
    changed = changed_clauses(source.offer, after)
    if len(changed) > MAX_CLAUSES:  # cannot happen with the clause tables of 8.1; guards 2^n blends
        raise NegotiationError(f"{len(changed)} changed clauses: at most {MAX_CLAUSES} can be bridged")
    keys = bridged_metric_keys(deal, after)
    blends = [with_offer(deal, blend(source.offer, after, changed, mask)) for mask in range(1 << len(changed))]
    values = _blend_values(evaluator, blends, offer_id, keys)
    n = len(changed)
    metrics = []
    for key in keys:
        f = values[key]
        phi = shapley_values(f, n)
        metrics.append(
            MetricBridge(key, f[0], f[-1], {clause.key: phi[i] for i, clause in enumerate(changed)})
        )
    return Bridge(offer_id, source.name, tuple(c.key for c in changed), tuple(metrics))


def _blend_values(
    evaluator: MetricEvaluator, blends: list[Deal], offer_id: str, keys: tuple[str, ...]
) -> dict[str, list[float | None]]:
    """f(S) of every blend for every key: the offer-only figures in one pass over the blends, the
    lattice game in a pass of its own (played only because its metric is bridged)."""
    values: dict[str, list[float | None]] = {key: [] for key in keys}
    plain = tuple(k for k in keys if k != "market_value_pv")
    for copy in blends:
        for key, value in evaluator.metrics(copy, offer_id, plain).items():
            values[key].append(value)
    if "market_value_pv" in keys:
        values["market_value_pv"] = evaluator.market_values(blends, offer_id)
    return values

