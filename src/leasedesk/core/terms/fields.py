"""The editable terms of each form, in the order of the deal file, derived from the registry.

The term-sheet editor builds its forms from these, and the workbook names its input
cells after the same keys (nested keys joined with "_": ``lessee_exit_notice_days``).
"""

from __future__ import annotations

from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_named
from leasedesk.core.terms.term import Schema, Term, flat_terms


def form_terms(schema: Schema) -> tuple[Term, ...]:
    """The terms of a schema that have a field in a form."""
    return tuple(term for term in flat_terms(schema) if term.in_form)


ASSUMPTION_FIELDS: tuple[Term, ...] = form_terms(ASSUMPTION_SCHEMA)


def fields_for(kind: str) -> tuple[Term, ...]:
    """The form fields of an offer kind; UnknownKindError for a kind no entry declares."""
    return form_terms(kind_named(kind).schema)


def in_group_order(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The terms as a form lays them out: group by group (groups in order of first appearance), so
    that the keyboard's tab order follows the boxes on screen."""
    rank: dict[str | None, int] = {}
    for term in terms:
        rank.setdefault(term.group, len(rank))
    return tuple(sorted(terms, key=lambda term: rank[term.group]))


def field_by_key(kind: str, key: str) -> Term | None:
    """The form field whose flat key is ``key`` (``power_pue``), or None."""
    return next((term for term in fields_for(kind) if term.flat_key == key), None)


LEASE_FIELDS: tuple[Term, ...] = fields_for("lease")
SELF_BUILD_FIELDS: tuple[Term, ...] = fields_for("self_build")
