"""The workbook's input cells of any object of terms (an offer, the assumptions), from the registry.

Each input is named after the term's flat key, labelled with its workbook label and
formatted by its kind of value (or the format it declares).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from leasedesk.core.terms.term import Term
from leasedesk.excel.cells import InputValue
from leasedesk.excel.styles import COUNT, DATE, DECIMAL, INTEGER, PERCENT, Formats

_FORMAT_OF_KIND = {
    "money": "money", "price": "price", "percent": "percent", "number": "decimal", "whole": "integer", "month": "date"
}


@dataclass(frozen=True)
class TermInput:
    term: Term
    value: InputValue
    number_format: str | None
    choices: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.term.flat_key

    @property
    def label(self) -> str:
        assert self.term.sheet_label is not None
        return self.term.sheet_label


def number_format(term: Term, formats: Formats) -> str | None:
    """The cell format of a term's input: money and prices carry the deal's currency."""
    name = term.sheet_format or _FORMAT_OF_KIND.get(term.kind)
    if name is None:
        return None  # flags and choices: TRUE/FALSE or a word
    fixed = {"percent": PERCENT, "decimal": DECIMAL, "integer": INTEGER, "count": COUNT, "date": DATE}
    return {"money": formats.money, "price": formats.price}.get(name) or fixed[name]


def term_value(obj: Any, term: Term) -> Any:
    """The value at the term's path in a model object (``lease.power.pue``); None inside an
    optional object that is absent."""
    value = obj
    for part in term.path:
        if value is None:
            return None
        value = getattr(value, part)
    return value


def term_inputs(obj: Any, terms: Iterable[Term], formats: Formats) -> list[TermInput]:
    """One input per workbook term, in the order given; none for the terms of an absent optional object."""
    inputs = []
    for term in terms:
        value = term_value(obj, term)
        if term.in_workbook and value is not None:
            choices = tuple(choice for choice, _label in term.choices)
            inputs.append(TermInput(term, value, number_format(term, formats), choices))
    return inputs


def in_sheet_order(terms: Iterable[Term], order: tuple[str, ...]) -> list[Term]:
    """The workbook terms in a kind's sheet order; KeyError naming a flat key no term has."""
    by_key = {term.flat_key: term for term in terms if term.in_workbook}
    return [by_key[key] for key in order]
