"""The offer kinds, one entry each: model class, terms, flows, commitment, term rows, sheet order.

Code that differs by kind asks ``kind_of(offer)`` (or ``kind_named(key)``) rather than
branching on a class, so a new kind is a new entry here plus its own modules. Layers
above core keep their own per-kind parts (the workbook sheet, the form) keyed by
``OfferKindSpec.key``; the completeness test names any kind one of them lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leasedesk.core.commitment import Commitment, lease_commitment_figures, self_build_commitment
from leasedesk.core.flows import OfferFlows, lease_flows, self_build_flows
from leasedesk.core.model import Assumptions, LeaseOffer, Offer, OfferBase, SelfBuildPlan
from leasedesk.core.terms.kind_rows import (
    RawValue,
    RowContext,
    lease_row_values,
    lease_row_words,
    self_build_row_values,
    self_build_row_words,
)
from leasedesk.core.terms.lease_terms import LEASE_SCHEMA, LEASE_SHEET_ORDER
from leasedesk.core.terms.self_build_terms import SELF_BUILD_SCHEMA, SELF_BUILD_SHEET_ORDER
from leasedesk.core.terms.term import Schema, Term, flat_terms


@dataclass(frozen=True)
class OfferKindSpec:
    key: str  # the deal file's "kind"
    words: str  # how the window, the CLI and the workbook name it
    model: type[OfferBase]
    schema: Schema
    span_key: str  # the whole-month term that, from the start, must end within the engine's reach
    sheet_order: tuple[str, ...]  # flat keys of the workbook inputs, in sheet order
    flows: Callable[[Any, Assumptions], OfferFlows]
    commitment: Callable[[Any, Assumptions], Commitment]
    row_words: Callable[[Any, RowContext], dict[str, str]]  # term rows this kind fills, in words
    row_values: Callable[[Any, float], dict[str, RawValue]]  # the same rows, raw (to sort by)

    def terms(self) -> tuple[Term, ...]:
        return tuple(flat_terms(self.schema))

    def clauses(self) -> dict[str, tuple[Term, ...]]:
        """The clauses people negotiate (DESIGN.md 8.1), each with its terms, in deal-file order."""
        found: dict[str, list[Term]] = {}
        for term in self.terms():
            if term.clause is not None:
                found.setdefault(term.clause, []).append(term)
        return {clause: tuple(terms) for clause, terms in found.items()}

    def negotiable_terms(self) -> tuple[Term, ...]:
        """The terms with a one-step size (DESIGN.md 8.2)."""
        return tuple(term for term in self.terms() if term.step is not None)


KINDS: tuple[OfferKindSpec, ...] = (
    OfferKindSpec(
        key="lease",
        words="Lease",
        model=LeaseOffer,
        schema=LEASE_SCHEMA,
        span_key="term_months",
        sheet_order=LEASE_SHEET_ORDER,
        flows=lease_flows,
        commitment=lease_commitment_figures,
        row_words=lease_row_words,
        row_values=lease_row_values,
    ),
    OfferKindSpec(
        key="self_build",
        words="Self-build",
        model=SelfBuildPlan,
        schema=SELF_BUILD_SCHEMA,
        span_key="build_months",
        sheet_order=SELF_BUILD_SHEET_ORDER,
        flows=self_build_flows,
        commitment=self_build_commitment,
        row_words=self_build_row_words,
        row_values=self_build_row_values,
    ),
)
KIND_KEYS = tuple(spec.key for spec in KINDS)
_BY_KEY = {spec.key: spec for spec in KINDS}


class UnknownKindError(KeyError):
    """An offer kind no entry declares: a programming error, never a file error."""


def kind_named(key: str) -> OfferKindSpec:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownKindError(key) from None


def kind_of(offer: Offer) -> OfferKindSpec:
    return kind_named(offer.kind)


def offer_kind_words(offer: Offer) -> str:
    """'Lease', 'Self-build'."""
    return kind_of(offer).words
