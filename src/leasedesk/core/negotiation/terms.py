"""The negotiation tables of DESIGN.md 8, declared as data: clauses (8.1), one-step sizes (8.2),
solve ranges (8.3) and sensitivity inputs (8.4), per offer kind.

Term keys are the deal file's keys, nested ones dotted (``lessee_exit.notice_days``); ``start``
is counted in whole months from the analysis start. The term registry may later derive these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

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


LEASE_CLAUSES: tuple[Clause, ...] = (
    Clause("capacity", ("gpus", "ramp")),
    Clause("fee", ("monthly_fee", "fee_basis")),
    Clause("escalator", ("escalator",)),
    Clause("start", ("start",)),
    Clause("term", ("term_months",)),
    Clause("availability", ("availability",)),
    Clause("power", ("power",)),
    Clause("upfront_and_deposit", ("upfront_fee", "deposit")),
    Clause("lessee_exit", ("lessee_exit",)),
    Clause("provider_exit", ("provider_exit",)),
)

SELF_BUILD_CLAUSES: tuple[Clause, ...] = (
    Clause("capacity", ("gpus",)),
    Clause("start", ("start",)),
    Clause("build_months", ("build_months",)),
    Clause("it_capex", ("gpu_capex",)),
    Clause("facility_capex", ("facility_capex_per_mw",)),
    Clause("power", ("kw_per_gpu", "pue", "electricity_price_per_kwh", "power_escalator")),
    Clause("running_costs", ("staff_per_month", "maintenance_pct")),
    Clause("lives", ("it_life_years", "facility_life_years")),
    Clause("availability", ("availability",)),
    Clause("bridge", ("bridge_price_per_gpu_hour",)),
)

LEASE_STEPS: tuple[TermStep, ...] = (
    TermStep("monthly_fee", 1_000_000.0),
    TermStep("escalator", 0.01),
    TermStep("term_months", 1),
    TermStep("gpus", 1_000),
    TermStep("availability", 0.01),
    TermStep("upfront_fee", 10_000_000.0),
    TermStep("deposit", 10_000_000.0),
    TermStep("start", 1),
    TermStep("lessee_exit.notice_days", 30, "lessee_exit"),
    TermStep("lessee_exit.lock_in_months", 1, "lessee_exit"),
    TermStep("lessee_exit.termination_fee", 10_000_000.0, "lessee_exit"),
    TermStep("provider_exit.notice_days", 30, "provider_exit"),
    TermStep("provider_exit.lock_in_months", 1, "provider_exit"),
)

SELF_BUILD_STEPS: tuple[TermStep, ...] = (
    TermStep("gpu_capex", 1_000.0),
    TermStep("build_months", 1),
    TermStep("electricity_price_per_kwh", 0.01),
    TermStep("facility_capex_per_mw", 1_000_000.0),
    TermStep("staff_per_month", 1_000_000.0),
    TermStep("availability", 0.01),
    TermStep("bridge_price_per_gpu_hour", 0.10),
    TermStep("start", 1),
)

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
    return LEASE_CLAUSES if kind == "lease" else SELF_BUILD_CLAUSES


def steps_for(kind: str) -> tuple[TermStep, ...]:
    return LEASE_STEPS if kind == "lease" else SELF_BUILD_STEPS


def solve_ranges_for(kind: str) -> tuple[SolveRange, ...]:
    return LEASE_SOLVE_RANGES if kind == "lease" else SELF_BUILD_SOLVE_RANGES


def sensitivity_inputs_for(kind: str) -> tuple[SensitivityInput, ...]:
    """The deal's inputs, then the offer kind's own, in the contract's order."""
    return DEAL_INPUTS + (LEASE_INPUTS if kind == "lease" else SELF_BUILD_INPUTS)
