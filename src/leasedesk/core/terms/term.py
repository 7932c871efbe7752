"""What a term is: its key, kind of value, default, rule, labels, workbook name, step and clause.

A term is declared once (in ``assumption_terms``, ``offer_terms``, ``lease_terms``,
``self_build_terms``); the reader and writer of deal files, the editor's forms, the
comparison's term rows and the workbook's inputs are derived from the declarations.
Terms nested under one key (``power``, ``lessee_exit``) are declared as a ``TermObject``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeAlias

# How a value is typed and shown. "steps" (the ramp), "rounds" (revisions) and "reference"
# (an optional offer id) have readers and writers of their own and no form field.
ValueKind: TypeAlias = Literal[
    "text", "money", "price", "percent", "number", "whole", "month", "choice", "flag", "steps", "rounds", "reference"
]
# How a workbook input cell is formatted; by default it follows the kind of value.
SheetFormat: TypeAlias = Literal["money", "price", "percent", "decimal", "integer", "count", "date"]

NUMBER_KINDS = frozenset({"money", "price", "percent", "number"})
FORM_KINDS = frozenset({"text", "money", "price", "percent", "number", "whole", "month", "choice", "flag"})


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the default of a term that a deal file must give


@dataclass(frozen=True)
class Rule:
    """A bound a number must keep; a value outside it reads 'must be {words} (got x)'."""

    holds: Callable[[float], bool]
    words: str


# Longest text loading takes, far above real use, so that no file anyone saved is refused while the
# window never has to lay out a million characters in a name (issue: long text aborted the window).
ID_LENGTH = 200
NAME_LENGTH = 1_000  # names, labels, provider, site, GPU model
NOTES_LENGTH = 1_000_000
CURRENCY_LENGTH = 16

NON_NEGATIVE = Rule(lambda x: x >= 0, ">= 0")
POSITIVE = Rule(lambda x: x > 0, "> 0")
ESCALATOR = Rule(lambda x: x > -1, "greater than -1")
PUE = Rule(lambda x: x >= 1, ">= 1")
SHARE = Rule(lambda x: 0 < x <= 1, "greater than 0 and at most 1")


@dataclass(frozen=True)
class Plausible:
    """The range a term's value usually keeps: outside it the window warns, but applies and saves the value.

    ``low``/``high``: bounds of the value itself (None: open). ``per_gpu_hour``: the bounds are on the
    lease's price per GPU-hour (the fee over GPUs x hours per month), not on the fee; ``market_share``:
    with a market, the same price must also lie between these multiples of the market price.
    """

    low: float | None = None
    high: float | None = None
    per_gpu_hour: bool = False
    market_share: tuple[float, float] | None = None

    def breaks(self, value: float) -> str | None:
        """'below' or 'above' when ``value`` leaves the range, else None."""
        if self.low is not None and value < self.low:
            return "below"
        if self.high is not None and value > self.high:
            return "above"
        return None


ESCALATOR_PLAUSIBLE = Plausible(high=0.25)  # a yearly increase over 25% is most likely a typing slip
NOTICE_PLAUSIBLE = Plausible(high=730.0)  # notice over two years


@dataclass(frozen=True)
class Term:
    """One term of a deal. ``path`` is filled in where the term is placed (nested keys included)."""

    key: str  # the key in its JSON object: "notice_days"
    label: str  # the editor's label
    kind: ValueKind
    tooltip: str = ""
    default: Any = REQUIRED
    rule: Rule | None = None  # money and prices without a rule must be >= 0
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    group: str | None = None  # the editor's group box; None: no field in the term-sheet form
    sheet_label: str | None = None  # the workbook's label; None: not a workbook input
    sheet_format: SheetFormat | None = None
    sheet_note: str = ""  # the Assumptions sheet's "Meaning" column
    max_length: int | None = None  # text: the longest accepted
    step: float | None = None  # one negotiation step (DESIGN.md 8.2); None: not negotiable
    clause: str | None = None  # the clause it belongs to (DESIGN.md 8.1); None: moves no figure
    plausible: Plausible | None = None  # where a value is usual; outside: a warning that never blocks
    path: tuple[str, ...] = ()

    @property
    def flat_key(self) -> str:
        """The path joined with "_": the workbook's defined name (``lessee_exit_notice_days``)."""
        return "_".join(self.path)

    @property
    def dotted_key(self) -> str:
        """The path joined with ".": how problems and negotiation steps name it (``power.pue``)."""
        return ".".join(self.path)

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def in_form(self) -> bool:
        return self.group is not None

    @property
    def in_workbook(self) -> bool:
        return self.sheet_label is not None

    @property
    def check(self) -> Rule | None:
        """The rule loading applies: the declared one, else >= 0 for money and prices."""
        if self.rule is None and self.kind in ("money", "price"):
            return NON_NEGATIVE
        return self.rule

    def placed(self, prefix: tuple[str, ...] = ()) -> Term:
        return replace(self, path=(*prefix, self.key))


@dataclass(frozen=True)
class Switch:
    """A flag of an object that turns its other terms on or off (DESIGN.md 2, "Validation").

    The terms it turns off are still validated, but enter no figure; the editor greys them out.
    """

    key: str  # "allowed", "included"
    on_when: bool  # the flag's value at which the other terms apply


@dataclass(frozen=True)
class TermObject:
    """Terms nested under one key, read into one model object (``power`` -> PowerTerms).

    ``optional``: a missing object is None rather than the model's defaults (for objects a
    deal may leave out altogether, such as the market assumptions of DESIGN.md 7). ``read``:
    an object with rules across its fields reads itself; its terms still declare what the
    codec, the forms and the workbook derive from them.
    """

    key: str
    model: type[Any]
    terms: tuple[Term, ...]
    clause: str | None = None
    optional: bool = False
    switch: Switch | None = None
    read: ObjectReader | None = None  # a reader of its own; None: each term by its kind and rule

    def applies(self, data: Any, term: Term) -> bool:
        """Whether ``term`` counts, given the object's data (a mapping as in the deal file)."""
        if self.switch is None or term.key == self.switch.key:
            return True
        return bool(data.get(self.switch.key)) == self.switch.on_when


Schema: TypeAlias = tuple[Term | TermObject, ...]
# Reads an object whose rules span its fields (the market's volatility against its drift):
# (its JSON value, its path) -> the model object, or a list of (field, message) problems.
ObjectReader: TypeAlias = Callable[[Any, str], Any]


def placed(schema: Schema) -> Schema:
    """The schema with every term's path filled in; nested terms take their object's clause."""
    result: list[Term | TermObject] = []
    for item in schema:
        if isinstance(item, TermObject):
            terms = tuple(replace(t.placed((item.key,)), clause=t.clause or item.clause) for t in item.terms)
            result.append(replace(item, terms=terms))
        else:
            result.append(item.placed())
    return tuple(result)


def flat_terms(schema: Schema) -> Iterator[Term]:
    """Every term of a placed schema, nested ones in place, in the order of the deal file."""
    for item in schema:
        if isinstance(item, TermObject):
            yield from item.terms
        else:
            yield item


def object_of(schema: Schema, term: Term) -> TermObject | None:
    """The object a placed term is nested in, or None for a term at the top level."""
    if len(term.path) < 2:
        return None
    return next((item for item in schema if isinstance(item, TermObject) and item.key == term.path[0]), None)


def term_at(schema: Schema, dotted_key: str) -> Term:
    """The term at ``power.pue`` or ``monthly_fee``; KeyError when there is none."""
    for term in flat_terms(schema):
        if term.dotted_key == dotted_key:
            return term
    raise KeyError(dotted_key)
