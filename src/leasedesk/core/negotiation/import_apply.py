"""Taking an import plan into the deal: each changed offer as a round or as a counter (DESIGN.md 8.6).

As a round, the offer's current terms are recorded ("Before " + the workbook's file name, on the side of
the offer's ``proposed_by``, else the other side of ``side``) and the offer takes the workbook's terms,
proposed by ``side``. As a counter, a new offer ``<id>-counter`` holds the workbook's terms, counters
the offer and is proposed by ``side``. Conflicts are taken only when asked for (the window asks; the
command line never does); assumptions only when asked for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from leasedesk.core.codec import assumptions_to_data
from leasedesk.core.model import Deal, Offer, Side
from leasedesk.core.negotiation.copies import NegotiationError
from leasedesk.core.negotiation.import_plan import ImportPlan, TermChange, merged_offer, set_value, terms_by_key
from leasedesk.core.negotiation.rounds import record_round, unique_id
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.validation import check_assumptions

ImportAs = Literal["round", "counter"]
IMPORT_AS: tuple[ImportAs, ...] = ("round", "counter")


def other_side(side: Side) -> Side:
    return "lessee" if side == "provider" else "provider"


def default_side(offer: Offer) -> Side:
    """Whose terms the workbook holds unless told: the other side of the offer's, else the provider."""
    return other_side(offer.proposed_by) if offer.proposed_by is not None else "provider"


@dataclass(frozen=True)
class OfferOutcome:
    offer_id: str  # the offer that took the terms: the offer itself (round) or its new counter
    taken_as: ImportAs
    counter_of: str | None
    changed: Mapping[str, tuple[Any, Any]]  # key -> (current, workbook)
    conflicts: Mapping[str, tuple[Any, Any, Any]]  # key -> (exported, current, workbook), not taken


@dataclass(frozen=True)
class ImportOutcome:
    deal: Deal
    offers: tuple[OfferOutcome, ...]
    ignored: tuple[str, ...]
    assumptions_changed: Mapping[str, tuple[Any, Any]]  # key -> (current, workbook)
    assumptions_applied: bool

    def to_json_data(self, deal_path: str) -> dict[str, Any]:
        """The shape of ``leasedesk import --json`` (DESIGN.md 8.5)."""
        offers = []
        for outcome in self.offers:
            entry: dict[str, Any] = {"id": outcome.offer_id, "as": outcome.taken_as}
            if outcome.counter_of is not None:
                entry["counter_of"] = outcome.counter_of
            entry["changed"] = {key: list(values) for key, values in outcome.changed.items()}
            entry["conflicts"] = {key: list(values) for key, values in outcome.conflicts.items()}
            offers.append(entry)
        return {
            "deal": deal_path,
            "offers": offers,
            "ignored": list(self.ignored),
            "assumptions_changed": {key: list(values) for key, values in self.assumptions_changed.items()},
        }


def apply_import(
    deal: Deal,
    plan: ImportPlan,
    *,
    taken_as: ImportAs = "round",
    side: Side | None = None,
    take_conflicts: Collection[tuple[str, str]] = (),
    apply_assumptions: bool = False,
    time: str | None = None,
) -> ImportOutcome:
    """The deal with the plan taken in; ``take_conflicts`` holds (offer id, key) pairs whose workbook value
    wins; ``side`` None: each offer's ``default_side``. NegotiationError when applied assumptions do not fit."""
    ignored = [*plan.ignored, *plan.refusals()]
    outcomes: list[OfferOutcome] = []
    result = deal
    for offer_plan in plan.offers:
        offer = result.offer(offer_plan.offer_id)
        taken = [c for c in offer_plan.changes if _taken(c, offer_plan.offer_id, take_conflicts)]
        conflicts = {
            c.key: (c.exported, c.current, c.workbook)
            for c in offer_plan.with_status("conflict")
            if (offer_plan.offer_id, c.key) not in take_conflicts
        }
        new_terms, refused = merged_offer(offer, taken, result)
        ignored.extend(f"{c.where}: {c.key} {refused[c.key]}" for c in taken if c.key in refused)
        changed = {c.key: (c.current, c.workbook) for c in taken if c.key not in refused}
        if not changed:
            if conflicts:
                outcomes.append(OfferOutcome(offer.id, taken_as, None, {}, conflicts))
            continue
        who = side or default_side(offer)
        result, outcome = _take(result, offer, new_terms, plan.file_name, taken_as, who, time)
        outcomes.append(dataclasses.replace(outcome, changed=changed, conflicts=conflicts))
    assumptions_changed = {c.key: (c.current, c.workbook) for c in plan.assumptions if c.status != "refused"}
    if apply_assumptions and assumptions_changed:
        result = _with_assumptions(result, plan.assumptions)
    return ImportOutcome(result, tuple(outcomes), tuple(ignored), assumptions_changed, apply_assumptions)


def _taken(change: TermChange, offer_id: str, take_conflicts: Collection[tuple[str, str]]) -> bool:
    return change.status == "changed" or (change.status == "conflict" and (offer_id, change.key) in take_conflicts)


def _take(
    deal: Deal, offer: Offer, new_terms: Offer, file_name: str, taken_as: ImportAs, side: Side, time: str | None
) -> tuple[Deal, OfferOutcome]:
    if taken_as == "round":
        label = f"Before {file_name}"
        recorded = record_round(offer, label, offer.proposed_by or other_side(side), time)
        updated = dataclasses.replace(
            new_terms, revisions=recorded.revisions, counter_of=offer.counter_of, proposed_by=side
        )
        offers = tuple(updated if o.id == offer.id else o for o in deal.offers)
        return dataclasses.replace(deal, offers=offers), OfferOutcome(offer.id, "round", None, {}, {})
    counter = dataclasses.replace(
        new_terms,
        id=unique_id(deal, f"{offer.id}-counter"),
        name=f"{offer.display_name} (counter)",
        revisions=(),
        counter_of=offer.id,
        proposed_by=side,
    )
    outcome = OfferOutcome(counter.id, "counter", offer.id, {}, {})
    return dataclasses.replace(deal, offers=(*deal.offers, counter)), outcome


def _with_assumptions(deal: Deal, changes: tuple[TermChange, ...]) -> Deal:
    terms = terms_by_key(ASSUMPTION_SCHEMA)
    data = assumptions_to_data(deal.assumptions)
    for change in changes:
        if change.status != "refused":
            set_value(data, terms[change.key], change.workbook)
    assumptions, problems = check_assumptions(data, deal.offers)
    if assumptions is None:
        raise NegotiationError(f"the workbook's assumptions cannot be applied: {problems[0]}")
    return dataclasses.replace(deal, assumptions=assumptions)
