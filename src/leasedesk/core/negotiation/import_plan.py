"""Which terms an edited workbook changed, which conflict with the deal, and which break a rule (DESIGN.md 8.6).

A term changed when the workbook's value differs from the value recorded at export. It is a conflict when
the deal's current value also moved since the export (to something else); it is refused, named by sheet,
cell and rule, when it breaks a loading rule, alone or with the offer's other changes. A term the workbook
changed to what the deal already holds needs nothing. ``import_apply`` turns the plan into a round or a
counter; nothing here changes the deal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from leasedesk.core.codec import assumptions_to_data, offer_to_data
from leasedesk.core.json_reader import FieldReader, Problem
from leasedesk.core.model import Deal, Offer
from leasedesk.core.negotiation.returned import RAMP_KEY, ReturnedTerms, ReturnedWorkbook
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import kind_of
from leasedesk.core.terms.reader import read_term
from leasedesk.core.terms.term import Schema, Term, flat_terms
from leasedesk.core.terms.text import with_value
from leasedesk.core.validation import check_offer

TermStatus = Literal["changed", "conflict", "refused"]
# Terms whose rules reach across fields: when the offer's changes together break a rule that names
# another term (a ramp step past a shortened term), these changes are the ones left out.
_CROSS_FIELD_KEYS = ("start", "gpus", "term_months", "build_months", RAMP_KEY)
_RELATIVE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class TermChange:
    key: str  # dotted: "lessee_exit.notice_days"
    exported: Any
    current: Any
    workbook: Any
    where: str  # "'Memphis lease'!B7"
    status: TermStatus
    problem: str | None = None  # for a refused change: sheet, cell and rule


@dataclass(frozen=True)
class OfferPlan:
    offer_id: str
    sheet: str
    changes: tuple[TermChange, ...]

    def with_status(self, status: TermStatus) -> tuple[TermChange, ...]:
        return tuple(change for change in self.changes if change.status == status)


@dataclass(frozen=True)
class ImportPlan:
    file_name: str
    offers: tuple[OfferPlan, ...]
    assumptions: tuple[TermChange, ...]
    ignored: tuple[str, ...]  # what the workbook holds that the import leaves aside, in words

    def refusals(self) -> tuple[str, ...]:
        """Each refused value in one line, offers first."""
        changes = [c for plan in self.offers for c in plan.changes] + list(self.assumptions)
        return tuple(change.problem for change in changes if change.status == "refused" and change.problem)


def same_value(a: Any, b: Any) -> bool:
    """Equal as deal-file values; numbers within a relative 1e-12 (a spreadsheet may round the last bit)."""
    if _is_number(a) and _is_number(b):
        return bool(a == b or abs(a - b) <= _RELATIVE_TOLERANCE * max(abs(a), abs(b)))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return bool(type(a) is type(b) and a == b)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def terms_by_key(schema: Schema) -> dict[str, Term]:
    """The workbook terms of a schema by dotted key, and the ramp."""
    return {term.dotted_key: term for term in flat_terms(schema) if term.in_workbook or term.kind == "steps"}


def value_at(data: Mapping[str, Any], term: Term) -> Any:
    """A term's value in deal-file data (defaults filled in); the ramp as [[month, gpus], ...]."""
    value: Any = data
    for part in term.path:
        value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return None if term.required else term.default
    if term.kind == "steps":
        return [[step.get("month"), step.get("gpus")] for step in value if isinstance(step, Mapping)]
    return value


def set_value(data: dict[str, Any], term: Term, value: Any) -> None:
    """Put a deal-file value at the term's path (the ramp from [[month, gpus], ...])."""
    if term.kind == "steps":
        value = [{"month": month, "gpus": gpus} for month, gpus in value]
    data.update(with_value(data, term, value))


def value_problem(term: Term, value: Any) -> str | None:
    """What is wrong with one value by its term's loading rule alone, or None."""
    if value is None:
        return None if term.default is None else "is empty"
    if term.kind == "steps":
        ok = isinstance(value, list) and all(isinstance(step, list) and len(step) == 2 for step in value)
        return None if ok else "must be rows of a lease month and GPUs"
    problems: list[Problem] = []
    read_term(FieldReader({term.key: value}, "", problems), term)
    return problems[0].message if problems else None


def plan_import(deal: Deal, returned: ReturnedWorkbook) -> ImportPlan:
    """The plan of importing ``returned`` into ``deal``: each offer's changes, the assumptions' and what is ignored."""
    ignored = list(returned.ignored)
    offers: list[OfferPlan] = []
    for item in returned.offers:
        try:
            offer = deal.offer(item.offer_id)
        except KeyError:
            ignored.append(f"offer {item.offer_id!r} (sheet {item.sheet!r}) is no longer in the deal: ignored")
            continue
        changes = _changes(item.terms, offer_to_data(offer), terms_by_key(kind_of(offer).schema), ignored)
        offers.append(OfferPlan(offer.id, item.sheet, _cross_checked(offer, changes, deal)))
    assumptions = _changes(
        returned.assumptions, assumptions_to_data(deal.assumptions), terms_by_key(ASSUMPTION_SCHEMA), ignored
    )
    return ImportPlan(returned.file_name, tuple(offers), assumptions, tuple(ignored))


def _changes(
    returned: ReturnedTerms, current_data: Mapping[str, Any], terms: Mapping[str, Term], ignored: list[str]
) -> tuple[TermChange, ...]:
    changes = []
    for key, cell in returned.workbook.items():
        term = terms.get(key)
        if term is None or key not in returned.exported:
            ignored.append(f"{cell.where}: {key} is not an input LeaseDesk reads: ignored")
            continue
        exported, current = returned.exported[key], value_at(current_data, term)
        if cell.problem is not None:
            unreadable = f"{cell.where}: {key} {cell.problem}"
            changes.append(TermChange(key, exported, current, None, cell.where, "refused", unreadable))
            continue
        workbook = cell.value
        if same_value(workbook, exported) or same_value(workbook, current):
            continue  # not changed, or changed to what the deal holds already
        problem = value_problem(term, workbook)
        if problem is not None:
            status: TermStatus = "refused"
            problem = f"{cell.where}: {key} {problem}"
        else:
            status = "changed" if same_value(current, exported) else "conflict"
        changes.append(TermChange(key, exported, current, workbook, cell.where, status, problem))
    return tuple(changes)


def _cross_checked(offer: Offer, changes: tuple[TermChange, ...], deal: Deal) -> tuple[TermChange, ...]:
    """The changes with those refused that break a rule across fields together with the others."""
    taken = {c.key for c in changes if c.status == "changed"}
    _, refused = merged_offer(offer, [c for c in changes if c.key in taken], deal)
    return tuple(
        TermChange(c.key, c.exported, c.current, c.workbook, c.where, "refused", f"{c.where}: {c.key} {refused[c.key]}")
        if c.key in refused
        else c
        for c in changes
    )


def merged_offer(offer: Offer, changes: Iterable[TermChange], deal: Deal) -> tuple[Offer, dict[str, str]]:
    """The offer with the workbook's values of ``changes``, checked as loading checks it; the changes that
    break a rule (even together with the others) are left out and returned with the rule, by key."""
    terms = terms_by_key(kind_of(offer).schema)
    pending = {change.key: change.workbook for change in changes}
    refused: dict[str, str] = {}
    while pending:
        data = offer_to_data(offer)
        for key, value in pending.items():
            set_value(data, terms[key], value)
        result, problems = check_offer(data, deal.assumptions)
        if result is not None:
            return result, refused
        blamed = _blamed(problems, pending)
        for key, message in blamed.items():
            refused[key] = message
            del pending[key]
    return offer, refused


def _blamed(problems: list[Problem], pending: Mapping[str, Any]) -> dict[str, str]:
    """The pending changes the problems name (``ramp[1].month`` names the ramp); when they name none, the
    pending changes of terms whose rules reach across fields, else all of them."""
    blamed: dict[str, str] = {}
    for problem in problems:
        dotted = problem.field.replace("[", ".[")
        for key in pending:
            if dotted == key or dotted.startswith(key + "."):
                blamed.setdefault(key, f"{problem.message} (with the workbook's other changes)")
    if blamed:
        return blamed
    message = f"breaks a rule with the workbook's other changes: {problems[0]}"
    cross = {key: message for key in pending if key in _CROSS_FIELD_KEYS}
    return cross or {key: message for key in pending}
