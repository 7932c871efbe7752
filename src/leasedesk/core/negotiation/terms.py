"""The negotiation tables of DESIGN.md 8, declared as data: clauses (8.1), one-step sizes (8.2),
solve ranges (8.3) and sensitivity inputs (8.4), per offer kind.

Term keys are the deal file's keys, nested ones dotted (``lessee_exit.notice_days``); ``start``
is counted in whole months from the analysis start. Clauses and steps come from the term registry
(each term declares its clause and its step); the solve ranges and sensitivity inputs are 8.3's
and 8.4's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from leasedesk.core.terms.kinds import KIND_KEYS, kind_named
from leasedesk.core.terms.term import object_of

# When a term or input applies: always, or only while a switch of the offer (or deal) is on.
Condition: TypeAlias = Literal["always", "lessee_exit", "provider_exit", "power_passed_through", "market"]
RangeKind: TypeAlias = Literal["money", "rate", "availability", "price", "months", "term_months", "gpus", "notice_days"]
Scope: TypeAlias = Literal["deal", "offer"]
Change: TypeAlias = Literal["absolute", "relative", "availability"]


@dataclass(frozen=True)
class Clause:
    """A unit people negotiate: the offer fields it holds (whole objects for power, exits, ramp)."""

    key: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class TermStep:
    """One step of a negotiable term (8.2), taken only while ``condition`` holds."""

    term: str
    step: float
    condition: Condition = "always"


@dataclass(frozen=True)
class SolveRange:
    """The kind of range a term is solved in (8.3); whole terms are searched in whole values."""

    term: str
    kind: RangeKind

    @property
    def whole(self) -> bool:
        return self.kind in ("months", "term_months", "gpus", "notice_days")


@dataclass(frozen=True)
class SensitivityInput:
    """One input of the tornado and the grid (8.4): its range around the current value x.

    absolute: x - amount .. x + amount; relative: x * (1 - amount) .. x * (1 + amount);
    availability: max(x - amount, x / 2) .. x + min(amount, 1 - x). ``floor_zero``: the low
    end does not go below 0 (unless x already is).
    """

    key: str
    scope: Scope
    change: Change
    amount: float
    condition: Condition = "always"
    floor_zero: bool = False
    whole: bool = False


def _clauses(kind: str) -> tuple[Clause, ...]:
    """The kind's clauses from the term registry, each with the offer fields it holds (a nested term
    stands for its whole object: power, an exit right, as 8.1 compares objects), in 8.1's order."""
    clauses = [
        Clause(clause, tuple(dict.fromkeys(term.path[0] for term in terms)))
        for clause, terms in kind_named(kind).clauses().items()
    ]
    order = _CLAUSE_ORDER[kind]
    return tuple(sorted(clauses, key=lambda clause: order.index(clause.key)))


def _steps(kind: str) -> tuple[TermStep, ...]:
    """The kind's negotiable terms from the term registry, in the order DESIGN.md 8.2 lists them
    (the registry keeps the deal file's order); a term of an exit right applies while it is allowed."""
    spec = kind_named(kind)
    steps = []
    for term in spec.negotiable_terms():
        assert term.step is not None
        owner = object_of(spec.schema, term)
        condition: Condition = "always"
        if owner is not None and owner.switch is not None:
            assert owner.key in ("lessee_exit", "provider_exit"), owner.key
            condition = "lessee_exit" if owner.key == "lessee_exit" else "provider_exit"
        steps.append(TermStep(term.dotted_key, term.step, condition))
    order = _STEP_ORDER[kind]
    return tuple(sorted(steps, key=lambda step: order.index(step.term)))


# The order of DESIGN.md 8.1's and 8.2's lists, so that bridges and term values read as the contract
# lists them (the registry keeps the deal file's order). A clause or step missing here is a ValueError.
_CLAUSE_ORDER: dict[str, tuple[str, ...]] = {
    "lease": (
        "capacity", "fee", "escalator", "start", "term", "availability", "power", "upfront_and_deposit",
        "lessee_exit", "provider_exit",
    ),
    "self_build": (
        "capacity", "start", "build_months", "it_capex", "facility_capex", "power", "running_costs", "lives",
        "availability", "bridge",
    ),
}
_STEP_ORDER: dict[str, tuple[str, ...]] = {
    "lease": (
        "monthly_fee", "escalator", "term_months", "gpus", "availability", "upfront_fee", "deposit", "start",
        "lessee_exit.notice_days", "lessee_exit.lock_in_months", "lessee_exit.termination_fee",
        "provider_exit.notice_days", "provider_exit.lock_in_months",
    ),
    "self_build": (
        "gpu_capex", "build_months", "electricity_price_per_kwh", "facility_capex_per_mw", "staff_per_month",
        "availability", "bridge_price_per_gpu_hour", "start",
    ),
}

LEASE_SOLVE_RANGES: tuple[SolveRange, ...] = (
    SolveRange("monthly_fee", "money"),
    SolveRange("escalator", "rate"),
    SolveRange("term_months", "term_months"),
    SolveRange("gpus", "gpus"),
    SolveRange("availability", "availability"),
    SolveRange("upfront_fee", "money"),
    SolveRange("deposit", "money"),
    SolveRange("start", "months"),
    SolveRange("power.price_per_kwh", "price"),
    SolveRange("power.escalator", "rate"),
    SolveRange("lessee_exit.notice_days", "notice_days"),
    SolveRange("lessee_exit.lock_in_months", "months"),
    SolveRange("lessee_exit.termination_fee", "money"),
    SolveRange("provider_exit.notice_days", "notice_days"),
    SolveRange("provider_exit.lock_in_months", "months"),
    SolveRange("provider_exit.termination_fee", "money"),
)

SELF_BUILD_SOLVE_RANGES: tuple[SolveRange, ...] = (
    SolveRange("gpus", "gpus"),
    SolveRange("start", "months"),
    SolveRange("build_months", "months"),
    SolveRange("gpu_capex", "money"),
    SolveRange("facility_capex_per_mw", "money"),
    SolveRange("electricity_price_per_kwh", "price"),
    SolveRange("power_escalator", "rate"),
    SolveRange("staff_per_month", "money"),
    SolveRange("maintenance_pct", "rate"),
    SolveRange("availability", "availability"),
    SolveRange("bridge_price_per_gpu_hour", "price"),
)

DEAL_INPUTS: tuple[SensitivityInput, ...] = (
    SensitivityInput("discount_rate", "deal", "absolute", 0.02, floor_zero=True),
    SensitivityInput("market.price_per_gpu_hour", "deal", "relative", 0.25, "market"),
    SensitivityInput("market.annual_change", "deal", "absolute", 0.10, "market"),
)

LEASE_INPUTS: tuple[SensitivityInput, ...] = (
    SensitivityInput("monthly_fee", "offer", "relative", 0.10),
    SensitivityInput("escalator", "offer", "absolute", 0.01, floor_zero=True),
    SensitivityInput("availability", "offer", "availability", 0.02),
    SensitivityInput("power.price_per_kwh", "offer", "relative", 0.25, "power_passed_through"),
    SensitivityInput("lessee_exit.notice_days", "offer", "absolute", 30, "lessee_exit", floor_zero=True, whole=True),
)

SELF_BUILD_INPUTS: tuple[SensitivityInput, ...] = (
    SensitivityInput("gpu_capex", "offer", "relative", 0.15),
    SensitivityInput("build_months", "offer", "absolute", 3, floor_zero=True, whole=True),
    SensitivityInput("electricity_price_per_kwh", "offer", "relative", 0.25),
    SensitivityInput("facility_capex_per_mw", "offer", "relative", 0.15),
    SensitivityInput("availability", "offer", "availability", 0.02),
)


def clauses_for(kind: str) -> tuple[Clause, ...]:
    return _CLAUSES[kind]


def steps_for(kind: str) -> tuple[TermStep, ...]:
    return _STEPS[kind]


def solve_ranges_for(kind: str) -> tuple[SolveRange, ...]:
    return _SOLVE_RANGES[kind]


def sensitivity_inputs_for(kind: str) -> tuple[SensitivityInput, ...]:
    """The deal's inputs, then the offer kind's own, in the contract's order."""
    return DEAL_INPUTS + _OFFER_INPUTS[kind]


# Per offer kind; a kind with no entry is a KeyError, never silently another kind's table.
_CLAUSES = {kind: _clauses(kind) for kind in KIND_KEYS}
_STEPS = {kind: _steps(kind) for kind in KIND_KEYS}
_SOLVE_RANGES = {"lease": LEASE_SOLVE_RANGES, "self_build": SELF_BUILD_SOLVE_RANGES}
_OFFER_INPUTS = {"lease": LEASE_INPUTS, "self_build": SELF_BUILD_INPUTS}
