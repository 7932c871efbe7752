"""Solve any term (DESIGN.md 8.3): the value of one term of one offer at which a metric meets a target.

g(x) = metric(x) - target(x), both read in the copy of the deal with the term at x (the target,
another offer's value of the metric, can move with the copy: a default required_gpus). The search
starts at the current value (brought into the term's range) and steps outward, alternately up and
down, the distance doubling from a first step (1 for whole terms; for continuous ones the larger of
1/64 of the current value and 2^-20 of the range), each end of the range evaluated once. The first
change of sign of g between consecutive points on one side (or a zero) brackets the root: Brent's
method then finds it for continuous terms, bisection on whole values for whole ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import DAYS_PER_MONTH, Deal, LeaseOffer, Offer
from leasedesk.core.negotiation.copies import (
    NegotiationError,
    deal_market,
    find_offer,
    term_value,
    with_offer,
    with_term,
)
from leasedesk.core.negotiation.evaluate import KNOWN_METRIC_KEYS, MetricEvaluator
from leasedesk.core.negotiation.roots import brent, opposite_signs, whole_root
from leasedesk.core.negotiation.terms import SolveRange, solve_ranges_for
from leasedesk.core.validation import MAX_END_MONTH

DEFAULT_METRIC = "cost_per_gpu_hour"
RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-6
MAX_MONTHS = 600
AVAILABILITY_FLOOR = 1e-6  # availability is searched "above 0": from here up to 1


@dataclass(frozen=True)
class SolveResult:
    offer_id: str
    term: str
    metric: str
    target: float | None  # at the value found, else at the current terms (a number given: that number)
    value: float | None
    metric_at_value: float | None
    reason: str | None  # why there is no value; None when there is one

    def to_json_data(self) -> dict[str, Any]:
        """The shape of ``leasedesk solve --json`` (DESIGN.md 8.5)."""
        return {
            "offer": self.offer_id,
            "term": self.term,
            "metric": self.metric,
            "target": self.target,
            "value": self.value,
            "metric_at_value": self.metric_at_value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class _Point:
    x: float
    metric: float | None
    target: float | None

    @property
    def g(self) -> float | None:
        return None if self.metric is None or self.target is None else self.metric - self.target

    @property
    def tolerance(self) -> float:
        return max(RELATIVE_TOLERANCE * abs(self.target or 0.0), ABSOLUTE_TOLERANCE)


class _NoValue(Exception):
    """The metric or the target has no value at a point inside the bracket."""


def solve_range(offer: Offer, rule: SolveRange, deal: Deal) -> tuple[float, float]:
    """The finite range of 8.3 for a term; start, term and build months also keep the offer
    within the engine's reach (start month plus term or build months at most 1200)."""
    current = term_value(offer, rule.term, deal.assumptions)
    start = term_value(offer, "start", deal.assumptions)
    length = offer.term_months if isinstance(offer, LeaseOffer) else offer.build_months
    if rule.kind == "money":
        return 0.0, max(100.0 * current, 1e12)
    if rule.kind == "rate":
        return 0.0, 1.0
    if rule.kind == "availability":
        return AVAILABILITY_FLOOR, 1.0
    if rule.kind == "price":
        return 0.0, max(100.0 * current, 1000.0)
    if rule.kind == "gpus":
        return 1.0, float(max(100 * int(current), 10_000_000))
    if rule.kind == "term_months":
        return 1.0, float(min(MAX_MONTHS, MAX_END_MONTH - start))
    if rule.kind == "notice_days":
        assert isinstance(offer, LeaseOffer)
        lock_in = term_value(offer, rule.term.replace("notice_days", "lock_in_months"), deal.assumptions)
        return 0.0, float(max(0, math.ceil((offer.term_months - lock_in) * DAYS_PER_MONTH)))
    if rule.term == "start":
        return 0.0, float(min(MAX_MONTHS, MAX_END_MONTH - length))
    if rule.term == "build_months":
        return 0.0, float(min(MAX_MONTHS, MAX_END_MONTH - start))
    return 0.0, float(MAX_MONTHS)


def check_metric(deal: Deal, metric: str) -> None:
    """A metric key of DESIGN.md 2, or of section 7 when the deal has a market."""
    if metric not in KNOWN_METRIC_KEYS:
        raise NegotiationError(f"unknown metric {metric!r} (metrics: {', '.join(KNOWN_METRIC_KEYS)})")
    if metric not in METRIC_KEYS and deal_market(deal) is None:
        raise NegotiationError(f"metric {metric!r} needs a market in the deal's assumptions")


def solve(
    deal: Deal,
    offer_id: str,
    term: str,
    *,
    metric: str = DEFAULT_METRIC,
    match: str | None = None,
    value: float | None = None,
    evaluator: MetricEvaluator | None = None,
) -> SolveResult:
    """The value of ``term`` at which the offer's ``metric`` equals ``value``, or else another
    offer's (``match``, by default the baseline's) value of the metric."""
    evaluator = evaluator or MetricEvaluator()
    offer = find_offer(deal, offer_id)
    rule = next((r for r in solve_ranges_for(offer.kind) if r.term == term), None)
    if rule is None:
        terms = ", ".join(r.term for r in solve_ranges_for(offer.kind))
        raise NegotiationError(f"unknown term {term!r} for a {offer.kind} (terms: {terms})")
    check_metric(deal, metric)
    target_id = _target_offer(deal, offer_id, match, value)

    def point(x: float) -> _Point:
        copy = with_offer(deal, with_term(offer, term, x, deal.assumptions))
        target = value if target_id is None else evaluator.metric(copy, target_id, metric)
        return _Point(x, evaluator.metric(copy, offer_id, metric), target)

    low, high = solve_range(offer, rule, deal)
    current = min(max(term_value(offer, term, deal.assumptions), low), high)
    if rule.whole:
        current = float(math.floor(current + 0.5))  # a notice of 45.5 days starts the search at 46
    search = _Search(point, low, high, rule.whole)
    found = search.run(current)
    if found is None:
        return _no_value(offer_id, term, metric, search, low, high)
    return SolveResult(offer_id, term, metric, found.target, _shown(found.x, rule.whole), found.metric, None)


def _target_offer(deal: Deal, offer_id: str, match: str | None, value: float | None) -> str | None:
    if value is not None:
        if match is not None:
            raise NegotiationError("give a target offer or a target value, not both")
        if not math.isfinite(value):
            raise NegotiationError(f"the target value must be a finite number, not {value}")
        return None
    if match is not None:
        find_offer(deal, match)
        return match
    baseline = deal.resolved_baseline()
    if baseline is None:
        raise NegotiationError("the deal has no baseline: name a target offer or a target value")
    if baseline == offer_id:
        raise NegotiationError(f"offer {offer_id!r} is the baseline: name a target offer or a target value")
    return baseline


def _shown(x: float, whole: bool) -> float:
    return float(int(x)) if whole else x


class _Search:
    """The outward search and the root inside the first bracket; remembers every point it evaluated."""

    def __init__(self, point: Callable[[float], _Point], low: float, high: float, whole: bool) -> None:
        self._point = point
        self.low, self.high, self.whole = low, high, whole
        self.points: list[_Point] = []
        self.jump: tuple[_Point, _Point] | None = None

    def evaluate(self, x: float) -> _Point:
        found = self._point(x)
        self.points.append(found)
        return found

    def _hits(self, p: _Point) -> bool:
        g = p.g
        return g is not None and (g == 0 if self.whole else abs(g) <= p.tolerance)

    def run(self, start: float) -> _Point | None:
        origin = self.evaluate(start)
        if self._hits(origin):
            return origin
        last = {1: origin, -1: origin}
        reached = {1: start >= self.high, -1: start <= self.low}
        distance = 1.0 if self.whole else max(abs(start) / 64.0, (self.high - self.low) * 2.0**-20)
        while not (reached[1] and reached[-1]):
            for direction in (1, -1):
                if reached[direction]:
                    continue
                x = start + direction * distance
                if x >= self.high or x <= self.low:
                    x = self.high if direction > 0 else self.low
                    reached[direction] = True
                p = self.evaluate(x)
                if p.g is None:
                    continue
                if self._hits(p):
                    return p
                previous = last[direction]
                last[direction] = p
                if previous.g is not None and opposite_signs(previous.g, p.g):
                    return self._root(previous, p)
            distance *= 2.0
        return None

    def _root(self, a: _Point, b: _Point) -> _Point | None:
        assert a.g is not None and b.g is not None
        try:
            if self.whole:
                x, _g = whole_root(lambda x: self._g(float(x)), int(a.x), int(b.x), a.g, b.g)
                return next(p for p in reversed(self.points) if p.x == x)
            root = brent(self._g, a.x, b.x, a.g, b.g, lambda x, g: abs(g) <= self._tolerance_at(x))
        except _NoValue:
            return None
        best = next(p for p in reversed(self.points) if p.x == root.x)
        if not root.converged:
            self.jump = (a, b)
            return None
        return best

    def _g(self, x: float) -> float:
        p = self.evaluate(x)
        if p.g is None:
            raise _NoValue
        return p.g

    def _tolerance_at(self, x: float) -> float:
        return next(p.tolerance for p in reversed(self.points) if p.x == x)


def _no_value(offer_id: str, term: str, metric: str, search: _Search, low: float, high: float) -> SolveResult:
    valued = [p for p in search.points if p.g is not None]
    current = search.points[0]
    if not valued:
        what = "the target" if any(p.metric is not None for p in search.points) else metric
        reason = f"{what} has no value for {term} from {_number(low)} to {_number(high)}"
        return SolveResult(offer_id, term, metric, current.target, None, None, reason)
    # The closest point; where the metric is flat, the first evaluated (the current value first).
    nearest = min(abs(p.g or 0.0) for p in valued)
    closest = next(p for p in valued if abs(p.g or 0.0) <= nearest + p.tolerance)
    at = f"closest at {term} = {_number(_shown(closest.x, search.whole))}, where {metric} is {_number(closest.metric)}"
    if search.jump is not None:
        reason = f"{metric} jumps across the target ({_number(closest.target)}) without meeting it; {at}"
    else:
        side = "above" if (closest.g or 0.0) > 0 else "below"
        reason = (
            f"{metric} stays {side} the target ({_number(closest.target)}) for {term} from {_number(low)} "
            f"to {_number(high)}; {at}"
        )
    return SolveResult(offer_id, term, metric, current.target, None, None, reason)


def _number(value: float | None) -> str:
    if value is None:
        return "no value"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    return f"{value:,.6g}" if abs(value) >= 1 else f"{value:.6g}"

